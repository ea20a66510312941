/**
 * A CloudFormation `AllowedPattern` (Java regular expression, also valid in JavaScript) for a
 * UTC instant as this library writes it: `2026-11-22T10:00:00Z`, optionally with a fraction of a
 * second (`2026-11-22T10:00:00.085Z`, as the IAM console writes). Seconds and the `Z` are
 * required: a parameter typed at 3 a.m. should not depend on zone arithmetic. Every
 * `EffectiveCutoff` the handler reports matches it, so it can be pasted back as a parameter.
 * The handler still validates the calendar (no 30 February).
 */
export const UTC_INSTANT_PATTERN =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z$';

/** Shown by CloudFormation when a parameter value does not match `UTC_INSTANT_PATTERN`. */
export const UTC_INSTANT_CONSTRAINT = 'a UTC instant with seconds and a Z, such as 2026-11-22T10:00:00Z';
