/**
 * The switch resource's properties: written by the construct, read (and validated again) by the
 * handler, and digested the same way on both sides. Free of aws-cdk-lib: the handler bundles it.
 */
import { InputError } from '../core/failure-report';
import {
  clip, describe, optionalString, readCutoff, readFlag, RequestedCutoff, resourceProperties, stringList,
} from '../core/resource-props';
import { parseRoleArn, RoleArnParts } from '../core/role-target';
import {
  excludeProblem, namePatternProblem, pathPrefixProblem, SelectionKind, SelectionSpec, tagProblem,
} from '../role-selection/selection-match';

export const RESOURCE_TYPE = 'Custom::RevocationSwitch';
/** The most roles an explicit selection names: the sweep's input carries the list (EventBridge inputs are 8 KB). */
export const MAX_EXPLICIT_SWITCH_ROLES = 50;
export const MAX_EXCLUDES = 100;
/** IAM's quota of managed policies per role: 10 unless raised, at most 20. */
export const DEFAULT_MAX_MANAGED_POLICIES = 10;
export const MAX_MANAGED_POLICIES_QUOTA = 20;

export const SwitchProp = {
  selection: 'Selection',
  roleArns: 'RoleArns',
  pathPrefix: 'PathPrefix',
  tagKey: 'TagKey',
  tagValue: 'TagValue',
  namePattern: 'NamePattern',
  exclude: 'Exclude',
  narrow: 'Narrow',
  narrowPathPrefix: 'NarrowPathPrefix',
  narrowNamePattern: 'NarrowNamePattern',
  narrowTagKey: 'NarrowTagKey',
  narrowTagValue: 'NarrowTagValue',
  maxManagedPolicies: 'MaxManagedPolicies',
} as const;

/** What a version denies is decided by these alone: they make the generation (one statement each). */
export const SWITCH_TARGET_KEYS: readonly string[] = [
  SwitchProp.narrow, SwitchProp.narrowPathPrefix, SwitchProp.narrowNamePattern, SwitchProp.narrowTagKey, SwitchProp.narrowTagValue,
  SwitchProp.exclude,
];

const KNOWN = [
  ...Object.values(SwitchProp), 'CutoffMode', 'IssuedBefore', 'Generation', 'BufferSeconds', 'RemovalPolicy', 'AllowEarlierCutoff',
  'AllowFutureCutoff',
];

/** Which armed roles a version revokes, written as conditions of the version. */
export type Narrowing =
  | { readonly kind: 'all' }
  | { readonly kind: 'path-prefix'; readonly pathPrefix: string }
  | { readonly kind: 'name-pattern'; readonly namePattern: string }
  | { readonly kind: 'tagged'; readonly tagKey: string; readonly tagValue?: string };

/** Which roles carry the switch. */
export type Arming =
  | { readonly kind: 'explicit'; readonly roles: readonly RoleArnParts[] }
  | { readonly kind: 'selection'; readonly spec: SelectionSpec };

export interface SwitchRequest {
  readonly arming: Arming;
  /** Never armed, never revoked (written into every version this request writes, by `ArnNotLike`). */
  readonly exclude: readonly string[];
  readonly narrowing: Narrowing;
  /** Idle: a cutoff no session precedes (epoch 0). */
  readonly idle: boolean;
  readonly cutoff: RequestedCutoff;
  readonly maxManagedPolicies: number;
  readonly allowEarlierCutoff: boolean;
}

/** The one cutoff an idle switch writes: no session is issued before it. */
export const IDLE_CUTOFF_MS = 0;

/** Validates every property; throws `InputError` naming the first problem. */
export function readSwitchRequest(props: unknown): SwitchRequest {
  const p = resourceProperties(props, 'RevocationSwitch', KNOWN);
  const exclude = stringList(p, SwitchProp.exclude, MAX_EXCLUDES, excludeProblem);
  const mode = optionalString(p, 'CutoffMode');
  const idle = mode === 'none';
  return {
    arming: readArming(p, exclude),
    exclude,
    narrowing: readNarrowing(p),
    idle,
    cutoff: idle ? { mode: 'fixed', epochMs: IDLE_CUTOFF_MS } : readCutoff(p, false),
    maxManagedPolicies: readQuota(p),
    allowEarlierCutoff: readFlag(p, 'AllowEarlierCutoff'),
  };
}

/** What a request spares, as the engine digests it: the narrowing and the excludes (synth computes the same). */
export function switchSpared(narrowing: Narrowing, exclude: readonly string[]): Record<string, string | readonly string[] | undefined> {
  return {
    narrowPathPrefix: narrowing.kind === 'path-prefix' ? narrowing.pathPrefix : undefined,
    narrowNamePattern: narrowing.kind === 'name-pattern' ? narrowing.namePattern : undefined,
    narrowTagKey: narrowing.kind === 'tagged' ? narrowing.tagKey : undefined,
    narrowTagValue: narrowing.kind === 'tagged' ? narrowing.tagValue : undefined,
    exclude,
  };
}

/** The custom resource properties of a narrowing. */
export function narrowingProperties(n: Narrowing): Record<string, string> {
  switch (n.kind) {
    case 'all': return { [SwitchProp.narrow]: 'all' };
    case 'path-prefix': return { [SwitchProp.narrow]: n.kind, [SwitchProp.narrowPathPrefix]: n.pathPrefix };
    case 'name-pattern': return { [SwitchProp.narrow]: n.kind, [SwitchProp.narrowNamePattern]: n.namePattern };
    case 'tagged': return {
      [SwitchProp.narrow]: n.kind,
      [SwitchProp.narrowTagKey]: n.tagKey,
      ...(n.tagValue !== undefined ? { [SwitchProp.narrowTagValue]: n.tagValue } : {}),
    };
  }
}

/** Why a narrowing is refused, or `undefined`. */
export function narrowingProblem(n: Narrowing): string | undefined {
  switch (n.kind) {
    case 'all': return undefined;
    case 'path-prefix': return pathPrefixProblem(n.pathPrefix);
    case 'name-pattern': return namePatternProblem(n.namePattern);
    case 'tagged': return tagProblem(n.tagKey, n.tagValue);
  }
}

function readNarrowing(p: Record<string, unknown>): Narrowing {
  const kind = optionalString(p, SwitchProp.narrow) ?? 'all';
  const value = (key: string) => optionalString(p, key);
  const allowed: Record<string, string[]> = {
    'all': [],
    'path-prefix': [SwitchProp.narrowPathPrefix],
    'name-pattern': [SwitchProp.narrowNamePattern],
    'tagged': [SwitchProp.narrowTagKey, SwitchProp.narrowTagValue],
  };
  if (allowed[kind] === undefined) {
    throw new InputError(`property ${SwitchProp.narrow} "${clip(kind)}" is not supported; use all, path-prefix, name-pattern or tagged`);
  }
  const stray = [SwitchProp.narrowPathPrefix, SwitchProp.narrowNamePattern, SwitchProp.narrowTagKey, SwitchProp.narrowTagValue]
    .find((k) => p[k] !== undefined && !allowed[kind].includes(k));
  if (stray) {
    throw new InputError(`property ${stray} does not apply to a ${SwitchProp.narrow} of "${kind}"; remove it`);
  }
  const n: Narrowing = kind === 'path-prefix' ? { kind, pathPrefix: value(SwitchProp.narrowPathPrefix) ?? '' }
    : kind === 'name-pattern' ? { kind, namePattern: value(SwitchProp.narrowNamePattern) ?? '' }
      : kind === 'tagged' ? { kind, tagKey: value(SwitchProp.narrowTagKey) ?? '', tagValue: value(SwitchProp.narrowTagValue) }
        : { kind: 'all' };
  check(narrowingProblem(n));
  return n;
}

function readArming(p: Record<string, unknown>, exclude: string[]): Arming {
  const kind = optionalString(p, SwitchProp.selection) ?? SelectionKind.allInAccount;
  const stray = (keys: string[]) => {
    const found = keys.find((k) => p[k] !== undefined);
    if (found) {
      throw new InputError(`property ${found} does not apply to a ${SwitchProp.selection} of "${kind}"; remove it`);
    }
  };
  if (kind === SelectionKind.explicit) {
    stray([SwitchProp.pathPrefix, SwitchProp.tagKey, SwitchProp.tagValue, SwitchProp.namePattern]);
    const arns = stringList(p, SwitchProp.roleArns, MAX_EXPLICIT_SWITCH_ROLES,
      (arn) => (parseRoleArn(arn) ? undefined : `property ${SwitchProp.roleArns} entry "${clip(arn)}" is not an IAM role ARN`), true);
    return { kind: 'explicit', roles: arns.map((a) => parseRoleArn(a)!) };
  }
  stray([SwitchProp.roleArns]);
  const pathPrefix = optionalString(p, SwitchProp.pathPrefix) ?? '/';
  check(pathPrefixProblem(pathPrefix));
  switch (kind) {
    case SelectionKind.pathPrefix:
    case SelectionKind.allInAccount:
      stray([SwitchProp.tagKey, SwitchProp.tagValue, SwitchProp.namePattern]);
      return { kind: 'selection', spec: { kind, pathPrefix, exclude } };
    case SelectionKind.tagged: {
      stray([SwitchProp.namePattern]);
      const tagKey = optionalString(p, SwitchProp.tagKey) ?? '';
      const tagValue = optionalString(p, SwitchProp.tagValue);
      check(tagProblem(tagKey, tagValue));
      return { kind: 'selection', spec: { kind, pathPrefix, tagKey, tagValue, exclude } };
    }
    case SelectionKind.namePattern: {
      stray([SwitchProp.tagKey, SwitchProp.tagValue]);
      const namePattern = optionalString(p, SwitchProp.namePattern) ?? '';
      check(namePatternProblem(namePattern));
      return { kind: 'selection', spec: { kind, pathPrefix, namePattern, exclude } };
    }
    default:
      throw new InputError(`property ${SwitchProp.selection} "${clip(kind)}" is not supported; use one of ${Object.values(SelectionKind).join(', ')}`);
  }
}

function readQuota(p: Record<string, unknown>): number {
  const raw = optionalString(p, SwitchProp.maxManagedPolicies) ?? String(DEFAULT_MAX_MANAGED_POLICIES);
  const n = Number(raw);
  if (!/^\d{1,2}$/.test(raw) || n < 1 || n > MAX_MANAGED_POLICIES_QUOTA) {
    throw new InputError(`property ${SwitchProp.maxManagedPolicies} ${describe(raw)} must be a whole number from 1 to ${MAX_MANAGED_POLICIES_QUOTA} `
      + '(IAM allows 10 managed policies per role, up to 20 after a quota increase)');
  }
  return n;
}

function check(problem: string | undefined): void {
  if (problem) {
    throw new InputError(clip(problem, 600));
  }
}
