/**
 * Which roles a selection takes. Shared by synth-time validation and the handler, so it
 * imports nothing from aws-cdk-lib.
 */
import { globMatches } from '../core/glob';
import { policyVariableProblem } from '../core/role-target';

export { globMatches };

export const SelectionKind = {
  explicit: 'explicit',
  pathPrefix: 'path-prefix',
  tagged: 'tagged',
  namePattern: 'name-pattern',
  allInAccount: 'all-in-account',
} as const;
export type SelectionKindValue = typeof SelectionKind[keyof typeof SelectionKind];

/** A deploy-time selection, as the handler reads it. */
export interface SelectionSpec {
  readonly kind: Exclude<SelectionKindValue, 'explicit'>;
  /** `ListRoles` path prefix; `/` lists every role. */
  readonly pathPrefix: string;
  readonly tagKey?: string;
  readonly tagValue?: string;
  readonly namePattern?: string;
  readonly exclude: string[];
}

const PATTERN = /^[\w+=,.@*?-]{1,64}$/;
const PATH_PATTERN = /^\/(?:[\x21-\x7e]*\/)?[\w+=,.@*?-]{1,64}$/;
const PATH_PREFIX = /^\/(?:[\x21-\x7e]*\/)?$/;

/** Whether a role (path and name) matches an `exclude` entry: a name glob, or a `/path/name` glob. */
export function isExcluded(name: string, path: string, exclude: readonly string[]): boolean {
  return exclude.some((p) => globMatches(p, p.startsWith('/') ? `${path}${name}` : name));
}

/** Why a role-name glob is refused, or `undefined`. */
export function namePatternProblem(glob: string, what = 'namePattern'): string | undefined {
  return policyVariableProblem(what, glob) ?? (PATTERN.test(glob)
    ? undefined
    : `${what} "${glob}" is not a role-name glob; use 1 to 64 characters of letters, digits, +=,.@_- and the wildcards * and ?`);
}

/** Why an `exclude` entry is refused, or `undefined`. */
export function excludeProblem(entry: string): string | undefined {
  const variable = policyVariableProblem('exclude entry', entry);
  if (variable) {
    return variable;
  }
  if (entry.startsWith('/')) {
    return PATH_PATTERN.test(entry) && entry.length <= 576
      ? undefined
      : `exclude entry "${entry}" is not a /path/name glob; start with the path, end with a role-name glob, e.g. "/ops/*" or "/legacy-*"`;
  }
  return namePatternProblem(entry, 'exclude entry');
}

/** Why a path prefix is refused, or `undefined`. */
export function pathPrefixProblem(prefix: string): string | undefined {
  return policyVariableProblem('path prefix', prefix) ?? (PATH_PREFIX.test(prefix) && prefix.length <= 512
    ? undefined
    : `path prefix "${prefix}" is not an IAM path; it must start and end with "/", e.g. "/app/"`);
}

/** Why a tag key or value is refused, or `undefined`. */
export function tagProblem(key: string, value: string | undefined): string | undefined {
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(key) || key.toLowerCase().startsWith('aws:')) {
    return `tag key "${key}" is not a valid IAM tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"`;
  }
  if (value !== undefined && !/^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(value)) {
    return `tag value "${value}" is not a valid IAM tag value; use up to 256 letters, digits, spaces and _.:/=+-@`;
  }
  return undefined;
}

/** Whether a listed role is in the selection, before tags (which `ListRoles` does not return). */
export function matchesListing(spec: SelectionSpec, name: string, path: string): boolean {
  if (!path.startsWith(spec.pathPrefix)) {
    return false;
  }
  return spec.kind !== SelectionKind.namePattern || globMatches(spec.namePattern!, name);
}

/** Whether a role's tags put it in a `tagged` selection. */
export function matchesTags(spec: SelectionSpec, tags: ReadonlyArray<{ Key?: string; Value?: string }>): boolean {
  const tag = tags.find((t) => t.Key === spec.tagKey);
  return tag !== undefined && (spec.tagValue === undefined || tag.Value === spec.tagValue);
}
