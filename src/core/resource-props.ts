/**
 * Readers for custom resource properties (CloudFormation delivers every scalar as a string) and
 * the cutoff they request, shared by every handler of the library.
 */
import { InputError } from './failure-report';
import { formatInstant, parseInstant } from './instant';

/** The properties `readCutoff` reads, which every resource accepts. */
export const CUTOFF_PROPERTIES = ['CutoffMode', 'IssuedBefore', 'Generation', 'BufferSeconds'] as const;

/**
 * The properties of a resource as an object, refusing any it does not know (`ServiceToken` aside);
 * `construct` names what to deploy instead when there are none.
 */
export function resourceProperties(props: unknown, construct: string, known: readonly string[]): Record<string, unknown> {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new InputError(`resource properties are missing; deploy the ${construct} construct rather than calling the function directly`);
  }
  const p = props as Record<string, unknown>;
  refuseUnknown(p, known);
  return p;
}

/** `read(props)`, or `undefined` when they are invalid: for a Delete, which must never fail on them. */
export function readLeniently<T>(read: (props: unknown) => T, props: unknown): T | undefined {
  try {
    return read(props);
  } catch {
    return undefined;
  }
}

/** Whether `RemovalPolicy` asks for destroy; `retain` when absent. */
export function readDestroy(p: Record<string, unknown>): boolean {
  const removal = optionalString(p, 'RemovalPolicy') ?? 'retain';
  if (removal !== 'retain' && removal !== 'destroy') {
    throw new InputError(`property RemovalPolicy "${clip(removal)}" is not supported; use "retain" or "destroy"`);
  }
  return removal === 'destroy';
}

/** A cutoff more than this after the handler's clock needs `AllowFutureCutoff`. */
export const MAX_FUTURE_MS = 60 * 60 * 1000;

/** A cutoff a resource must have. */
export type FixedOrDeployTime =
  | { readonly mode: 'fixed'; readonly epochMs: number }
  | { readonly mode: 'deploy-time'; readonly bufferMs: number; readonly generation: string };

export type RequestedCutoff = FixedOrDeployTime | { readonly mode: 'none' };

/** Reads `CutoffMode`, `IssuedBefore`, `Generation`, `BufferSeconds`; `none` only where `allowNone`. */
export function readCutoff(p: Record<string, unknown>, allowNone: false): FixedOrDeployTime;
export function readCutoff(p: Record<string, unknown>, allowNone: boolean): RequestedCutoff;
export function readCutoff(p: Record<string, unknown>, allowNone: boolean): RequestedCutoff {
  const mode = optionalString(p, 'CutoffMode') ?? 'fixed';
  if (mode === 'fixed') {
    const value = optionalString(p, 'IssuedBefore');
    if (value === undefined) {
      throw new InputError('property IssuedBefore is required; pass an ISO 8601 instant such as "2026-11-22T10:00:00Z"');
    }
    const parsed = parseInstant(value);
    if (!parsed.ok) {
      throw new InputError(parsed.reason);
    }
    return { mode, epochMs: parsed.epochMs };
  }
  if (mode === 'deploy-time') {
    const generation = optionalString(p, 'Generation');
    if (generation === undefined || generation.length === 0 || generation.length > 256) {
      throw new InputError(`property Generation must be a string of 1 to 256 characters for a deploy-time cutoff; received ${describe(p.Generation)}`);
    }
    const buffer = optionalString(p, 'BufferSeconds') ?? '30';
    if (!/^\d{1,6}$/.test(buffer)) {
      throw new InputError(`property BufferSeconds "${clip(buffer)}" must be a whole number of seconds`);
    }
    return { mode, bufferMs: Number(buffer) * 1000, generation };
  }
  if (mode === 'none' && allowNone) {
    return { mode };
  }
  throw new InputError(`property CutoffMode "${clip(mode)}" is not supported; use ${allowNone ? '"fixed", "deploy-time" or "none"' : '"fixed" or "deploy-time"'}`);
}

/**
 * The cutoff to enforce in ms (`Infinity` for none: every session), checked against the clock.
 */
export function resolveCutoff(cutoff: RequestedCutoff, nowMs: number, allowFuture: boolean): number {
  if (cutoff.mode === 'none') {
    return Infinity;
  }
  const ms = cutoff.mode === 'fixed' ? cutoff.epochMs : nowMs + cutoff.bufferMs;
  if (!allowFuture && ms > nowMs + MAX_FUTURE_MS) {
    throw new InputError(`cutoff ${formatInstant(ms)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}, `
      + 'so it would also deny sessions issued until then; use an earlier cutoff, or set allowFutureCutoff: true');
  }
  return ms;
}

/** `Infinity` reads "every session"; anything else an instant. */
export function describeCutoff(ms: number): string {
  return ms === Infinity ? 'none (every session)' : formatInstant(ms);
}

export function readFlag(p: Record<string, unknown>, key: string): boolean {
  const v = p[key];
  if (v === undefined || v === 'false' || v === false) {
    return false;
  }
  if (v === 'true' || v === true) {
    return true;
  }
  throw new InputError(`property ${key} must be "true" or "false"; received ${describe(v)}`);
}

export function optionalString(p: Record<string, unknown>, key: string): string | undefined {
  const v = p[key];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v !== 'string') {
    throw new InputError(`property ${key} must be a string; received ${describe(v)}`);
  }
  return v;
}

/** A list of strings, each checked by `problem`; at most `max` entries. */
export function stringList(p: Record<string, unknown>, key: string, max: number, problem: (s: string) => string | undefined,
  required = false): string[] {
  const v = p[key];
  if (v === undefined && !required) {
    return [];
  }
  if (!Array.isArray(v) || v.length > max || (required && v.length === 0)) {
    throw new InputError(`property ${key} must be a ${required ? 'non-empty ' : ''}list of at most ${max} strings; received ${describe(v)}`);
  }
  return v.map((entry) => {
    if (typeof entry !== 'string') {
      throw new InputError(`property ${key} entry ${describe(entry)} must be a string`);
    }
    const why = problem(entry);
    if (why) {
      throw new InputError(clip(why, 600));
    }
    return entry;
  });
}

/** Refuses properties this resource does not know, so a typo never passes silently. */
export function refuseUnknown(p: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(p).find((k) => k !== 'ServiceToken' && !known.includes(k));
  if (unknown !== undefined) {
    throw new InputError(`unexpected property "${clip(unknown)}"; only ${known.join(', ')} are accepted`);
  }
}

export function describe(v: unknown): string {
  return v === undefined ? 'nothing' : clip(JSON.stringify(v) ?? String(v));
}

export function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
