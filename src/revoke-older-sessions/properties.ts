/**
 * The custom resource's properties: written by the construct, read (and validated again) by the
 * handler. CloudFormation delivers every scalar as a string.
 */
import { InputError } from '../core/failure-report';
import {
  clip, describe, FixedOrDeployTime, optionalString, readCutoff, readDestroy, readFlag, resourceProperties,
} from '../core/resource-props';
import { parseRoleArn, policyNameProblem, RoleArnParts } from '../core/role-target';
import {
  excludeProblem,
  namePatternProblem,
  pathPrefixProblem,
  SelectionKind,
  SelectionSpec,
  tagProblem,
} from '../role-selection/selection-match';

export const RESOURCE_TYPE = 'Custom::RevokeOlderSessions';
export const DEFAULT_POLICY_NAME = 'AWSRevokeOlderSessions';
/**
 * Explicit lists up to this many roles are read role by role (`GetRole`, `ListRolePolicies`, and
 * `GetRolePolicy` for the few policies that matter: about 3 calls a role); longer lists and every
 * selection read the whole account in pages of up to 1,000 roles, which costs less past this point
 * in any account of up to a few thousand roles.
 * Here, not in `read.ts`: the construct uses it too, and must not load the SDK (not shipped).
 */
export const PER_ROLE_READ_MAX = 20;
/** More roles than this are refused by the handler; see the README's limits. */
export const MAX_ROLES = 5000;

/**
 * The Lambda event must fit in 256 KB with both property sets (new and old); this leaves room
 * for the rest of the event and the framework's wrapping.
 */
export const MAX_EVENT_BYTES = 240_000;
/** An unresolved role ARN is counted at this length: a generated role name is at most 64 characters. */
export const UNRESOLVED_ARN_BYTES = 100;
export const MAX_EXPLICIT_ROLES_ESTIMATE = Math.floor(MAX_EVENT_BYTES / (2 * (UNRESOLVED_ARN_BYTES + 3)));

export const Prop = {
  roleArns: 'RoleArns',
  cutoffMode: 'CutoffMode',
  issuedBefore: 'IssuedBefore',
  generation: 'Generation',
  bufferSeconds: 'BufferSeconds',
  policyName: 'PolicyName',
  removalPolicy: 'RemovalPolicy',
  allowEarlierCutoff: 'AllowEarlierCutoff',
  allowFutureCutoff: 'AllowFutureCutoff',
  dryRun: 'DryRun',
  selection: 'Selection',
  pathPrefix: 'PathPrefix',
  tagKey: 'TagKey',
  tagValue: 'TagValue',
  namePattern: 'NamePattern',
  exclude: 'Exclude',
  allowOrganizationAccessRoles: 'AllowOrganizationAccessRoles',
} as const;

/** At most this many `exclude` entries: each is matched against every listed role. */
export const MAX_EXCLUDES = 100;

export const CutoffMode = { fixed: 'fixed', deployTime: 'deploy-time' } as const;

/**
 * What a generation is made of: every property but the cutoff and the opt-ins. An Update that
 * changes one of them replaces the resource's generation (a new physical id), so the old
 * generation's writes are removed, under `DESTROY`, only once CloudFormation confirms the update.
 * A dry run is its own generation.
 */
export const TARGET_KEYS = [Prop.roleArns, Prop.selection, Prop.pathPrefix, Prop.tagKey, Prop.tagValue, Prop.namePattern, Prop.exclude,
  Prop.policyName, Prop.dryRun] as const;

/** `-<owner tag>-<generation>-<cutoff>` at its longest (`-0123456789-89abcdef-20261122T100000.085Z`). */
export const OWNED_SUFFIX_MAX_CHARS = 41;
/** IAM's 128 characters for a policy name, less the owned suffix. */
export const MAX_POLICY_NAME_CHARS = 128 - OWNED_SUFFIX_MAX_CHARS;

/** Why a `policyName` is refused, or `undefined`: a valid IAM name with room for the owned suffix. */
export function policyPrefixProblem(name: string): string | undefined {
  return policyNameProblem(name) ?? (name.length > MAX_POLICY_NAME_CHARS
    ? `policyName "${clip(name)}" is ${name.length} characters; each role's policy is named <policyName>-<owner tag>-<generation>-<cutoff>, `
      + `which adds up to ${OWNED_SUFFIX_MAX_CHARS} to IAM's 128, so use at most ${MAX_POLICY_NAME_CHARS} characters`
    : undefined);
}

export interface TargetRole extends RoleArnParts {
  readonly arn: string;
  /** Known when the role came from `ListRoles` or `GetRole`; saves a `GetRole` per role. */
  readonly maxSessionSeconds?: number;
}

export interface RevocationRequest {
  /** The explicit roles; empty when `selection` is set. */
  readonly roles: TargetRole[];
  /** A deploy-time selection, resolved by the handler. */
  readonly selection?: SelectionSpec;
  readonly cutoff: FixedOrDeployTime;
  readonly policyName: string;
  /** Asked for; granted only by the function's environment. */
  readonly allowEarlierCutoff: boolean;
  /** Resolve and plan only; write nothing. */
  readonly dryRun: boolean;
  /** Explicit roles may be organization-access roles: only adds targets, which the function's grant still bounds. */
  readonly allowOrganizationAccessRoles: boolean;
}

const KNOWN = [...Object.values(Prop), 'ServiceToken'];

/** Validates every property; throws `InputError` naming the first problem. */
export function readRequest(props: unknown): RevocationRequest {
  const p = resourceProperties(props, 'RevokeOlderSessions', KNOWN);
  const selection = readSelection(p);
  if (selection && p[Prop.roleArns] !== undefined) {
    throw new InputError(`properties ${Prop.roleArns} and a ${Prop.selection} of "${selection.kind}" were both given; use one of them`);
  }
  const roles = selection ? [] : readRoles(p[Prop.roleArns]);
  const policyName = optionalString(p, Prop.policyName) ?? DEFAULT_POLICY_NAME;
  check(policyPrefixProblem(policyName));
  // Read to refuse malformed values; what they grant comes from the function's environment alone.
  readDestroy(p);
  readFlag(p, Prop.allowFutureCutoff);
  return {
    roles,
    selection,
    cutoff: readCutoff(p, false),
    policyName,
    allowEarlierCutoff: readFlag(p, Prop.allowEarlierCutoff),
    dryRun: readFlag(p, Prop.dryRun),
    allowOrganizationAccessRoles: readFlag(p, Prop.allowOrganizationAccessRoles),
  };
}

function readSelection(p: Record<string, unknown>): SelectionSpec | undefined {
  const kind = optionalString(p, Prop.selection) ?? SelectionKind.explicit;
  const extra = [Prop.pathPrefix, Prop.tagKey, Prop.tagValue, Prop.namePattern, Prop.exclude].filter((k) => p[k] !== undefined);
  if (kind === SelectionKind.explicit) {
    if (extra.length > 0) {
      throw new InputError(`properties ${extra.join(', ')} only apply to a role selection; received them with an explicit role list`);
    }
    return undefined;
  }
  const pathPrefix = optionalString(p, Prop.pathPrefix) ?? '/';
  check(pathPrefixProblem(pathPrefix));
  const exclude = readExclude(p[Prop.exclude]);
  switch (kind) {
    case SelectionKind.pathPrefix:
    case SelectionKind.allInAccount:
      return { kind, pathPrefix, exclude };
    case SelectionKind.tagged: {
      const tagKey = optionalString(p, Prop.tagKey) ?? '';
      const tagValue = optionalString(p, Prop.tagValue);
      check(tagProblem(tagKey, tagValue));
      return { kind, pathPrefix, tagKey, tagValue, exclude };
    }
    case SelectionKind.namePattern: {
      const namePattern = optionalString(p, Prop.namePattern) ?? '';
      check(namePatternProblem(namePattern));
      return { kind, pathPrefix, namePattern, exclude };
    }
    default:
      throw new InputError(`property ${Prop.selection} "${clip(kind)}" is not supported; use one of ${Object.values(SelectionKind).join(', ')}`);
  }
}

function readExclude(value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.length > MAX_EXCLUDES) {
    throw new InputError(`property ${Prop.exclude} must be a list of at most ${MAX_EXCLUDES} patterns; received ${describe(value)}`);
  }
  return value.map((entry) => {
    if (typeof entry !== 'string') {
      throw new InputError(`property ${Prop.exclude} entry ${describe(entry)} must be a string`);
    }
    check(excludeProblem(entry));
    return entry;
  });
}

function check(problem: string | undefined): void {
  if (problem) {
    throw new InputError(clip(problem, 600));
  }
}

function readRoles(value: unknown): TargetRole[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(`property ${Prop.roleArns} must be a non-empty list of role ARNs; received ${describe(value)}`);
  }
  if (value.length > MAX_ROLES) {
    throw new InputError(`property ${Prop.roleArns} lists ${value.length} roles; at most ${MAX_ROLES} fit one resource, split them across several constructs`);
  }
  const seen = new Set<string>();
  const roles: TargetRole[] = [];
  for (const arn of value) {
    const parts = typeof arn === 'string' ? parseRoleArn(arn) : undefined;
    if (!parts) {
      throw new InputError(`property ${Prop.roleArns} entry ${describe(arn)} is not an IAM role ARN; expected arn:<partition>:iam::<account>:role/<path/><name>`);
    }
    // The whole identity, not the name alone: a foreign role/app must not hide the local one.
    const key = `${parts.partition}:${parts.account}:${parts.path}${parts.name.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      roles.push({ ...parts, arn: arn as string });
    }
  }
  return roles;
}

/**
 * What the grant binds besides removal and lowering, as the construct and the handler both read
 * it: the selection's excludes, and the opt-in to revoke the roles that run the organization.
 */
export function sparedOf(exclude: readonly string[] | undefined,
  organizationAccess: boolean): Record<string, string | readonly string[] | undefined> {
  return { exclude, organizationAccess: organizationAccess ? 'allowed' : undefined };
}
