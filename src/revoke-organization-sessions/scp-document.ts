/**
 * The service control policy this library writes, and the checks both synth and the handler run
 * on its inputs. Pure and free of aws-cdk-lib, so the handler bundle uses it too.
 */
import { formatInstant, parseInstant } from '../core/instant';
import { CDK_BOOTSTRAP_ROLE } from '../core/lockout';
import { IDENTITY_CENTER_NAME_PREFIX, ROLE_NAME_PATTERN } from '../core/role-target';

/**
 * Organizations' SCP size quota in characters, and SCPs per root, OU or account (attaching this
 * one takes a slot): the conservative defaults, from AWS's quotas pages as stored here.
 */
export const MAX_SCP_CHARS = 5120;
export const MAX_SCPS_PER_TARGET = 5;
/** The largest figures reported (third-party reports of May 2026: both doubled); larger settings are refused as typos. */
export const REPORTED_MAX_SCP_CHARS = 10_240;
export const REPORTED_MAX_SCPS_PER_TARGET = 10;

/** Why a quota setting is refused, or `undefined`: a whole number from 1 to the largest figure reported. */
export function scpQuotaProblem(label: string, value: number, reported: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= reported ? undefined
    : `${label} ${value} must be a whole number from 1 to ${reported} (the largest figure reported, May 2026); `
      + 'use the figure your organization\'s Organizations quotas page shows';
}
export const TOKEN_ISSUE_TIME = 'aws:TokenIssueTime';
export const PRINCIPAL_ARN = 'aws:PrincipalArn';
export const IDENTITY_STORE_USER_ID = 'identitystore:UserId';
const SSO_ROLE_PATH = 'aws-reserved/sso.amazonaws.com/';

/** Who one statement denies. */
export type ScpSelection =
  | { readonly kind: 'roles-named'; readonly names: readonly string[] }
  | { readonly kind: 'permission-sets'; readonly names: readonly string[] }
  | { readonly kind: 'identity-center-user'; readonly userId: string }
  | { readonly kind: 'all-roles'; readonly exclude: readonly string[] };

export const SELECTION_KINDS = ['roles-named', 'permission-sets', 'identity-center-user', 'all-roles'] as const;

/**
 * Roles every SCP of this library exempts, so it can never lock the organization out: the CDK
 * bootstrap roles of any qualifier, StackSets execution roles (self- and service-managed), the
 * organization's access role, and Control Tower's execution role.
 */
export const ALWAYS_EXEMPT_NAMES: readonly string[] = [
  'cdk-*-role-*',
  'AWSCloudFormationStackSetExecutionRole',
  'stacksets-exec-*',
  'OrganizationAccountAccessRole',
  'AWSControlTowerExecution',
];

/** Role ARN patterns in every account for a role name (or name glob), whatever its path. */
export function roleNamePatterns(name: string): string[] {
  return [`arn:*:iam::*:role/${name}`, `arn:*:iam::*:role/*/${name}`];
}

/** Identity Center roles of a permission set in every account, with or without a region segment. */
export function permissionSetPattern(name: string): string {
  return `arn:*:iam::*:role/${SSO_ROLE_PATH}*${IDENTITY_CENTER_NAME_PREFIX}${name}_*`;
}

/** The `ArnNotLike aws:PrincipalArn` list: built-in exemptions, break-glass roles, exact exempt ARNs. */
export function exemptPatterns(breakGlass: readonly string[], exemptArns: readonly string[]): string[] {
  return [...new Set([...[...ALWAYS_EXEMPT_NAMES, ...breakGlass].flatMap(roleNamePatterns), ...exemptArns])];
}

export interface ScpSpec {
  readonly selections: readonly ScpSelection[];
  /** From `exemptPatterns`. */
  readonly exempt: readonly string[];
  /** `undefined`: no time condition (every session of the selected Identity Center users). */
  readonly cutoffMs?: number;
}

/** The SCP text: one `Deny *` statement per selection, compact JSON (its length is what counts). */
export function buildScp(spec: ScpSpec): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: spec.selections.map((s, i) => {
      const condition: Record<string, Record<string, string | string[]>> = {};
      if (spec.cutoffMs !== undefined) {
        condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(spec.cutoffMs) };
      }
      switch (s.kind) {
        case 'roles-named':
          condition.ArnLike = { [PRINCIPAL_ARN]: s.names.flatMap(roleNamePatterns) };
          break;
        case 'permission-sets':
          condition.ArnLike = { [PRINCIPAL_ARN]: s.names.map(permissionSetPattern) };
          break;
        case 'identity-center-user':
          condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.userId };
          break;
        case 'all-roles':
          condition.ArnLike = { [PRINCIPAL_ARN]: 'arn:*:iam::*:role/*' };
          break;
      }
      const excluded = s.kind === 'all-roles' ? s.exclude.flatMap(roleNamePatterns) : [];
      condition.ArnNotLike = { [PRINCIPAL_ARN]: [...spec.exempt, ...excluded] };
      return { Sid: `RevokeSessions${i + 1}`, Effect: 'Deny', Action: '*', Resource: '*', Condition: condition };
    }),
  });
}

/**
 * The cutoff an SCP this library wrote has in force: the latest `aws:TokenIssueTime` value,
 * `Infinity` when a statement has no time condition (it denies every session, which no cutoff
 * exceeds), or a reason when the text is not one this library wrote.
 */
export function scpCutoff(text: string): { readonly ok: true; readonly cutoffMs: number } | { readonly ok: false; readonly reason: string } {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement as Array<Record<string, any>> : undefined;
  if (!statements || statements.length === 0 || statements.some((s) => s?.Effect !== 'Deny' || s?.Action !== '*')) {
    return { ok: false, reason: 'it is not a list of Deny * statements' };
  }
  let latest = -Infinity;
  for (const s of statements) {
    const value = s.Condition?.DateLessThan?.[TOKEN_ISSUE_TIME];
    if (value === undefined) {
      return { ok: true, cutoffMs: Infinity };
    }
    const parsed = typeof value === 'string' ? parseInstant(value, TOKEN_ISSUE_TIME) : undefined;
    if (!parsed?.ok) {
      return { ok: false, reason: `it has a cutoff this library cannot read (${JSON.stringify(value).slice(0, 40)})` };
    }
    latest = Math.max(latest, parsed.epochMs);
  }
  return { ok: true, cutoffMs: latest };
}

/**
 * The SCP with the statements of `inForce` whose selection `built` no longer has kept in it: an
 * update (a rollback, an older redeploy, a forged event) can add selections but never drop one
 * unless the resource may remove. A kept statement takes the new cutoff when there is one and
 * every exemption either version names, so it never denies more than the new text does.
 */
export function keepDroppedSelections(inForce: string, built: string, cutoffMs: number | undefined): { text: string; kept: number } {
  const fresh = JSON.parse(built) as { Version: string; Statement: Array<Record<string, any>> };
  const exempt: string[] = fresh.Statement[0]?.Condition?.ArnNotLike?.[PRINCIPAL_ARN] ?? [];
  const selected = new Set(fresh.Statement.map(selectorOf));
  const kept = (JSON.parse(inForce).Statement as Array<Record<string, any>>)
    .filter((s) => !selected.has(selectorOf(s)) && selected.add(selectorOf(s)))
    .map((s) => {
      const condition = { ...s.Condition };
      if (cutoffMs !== undefined) {
        condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(cutoffMs) };
      }
      condition.ArnNotLike = { [PRINCIPAL_ARN]: [...new Set([...asList(condition.ArnNotLike?.[PRINCIPAL_ARN]), ...exempt])] };
      return { ...s, Condition: condition };
    });
  if (kept.length === 0) {
    return { text: built, kept: 0 };
  }
  const statements = [...fresh.Statement, ...kept].map((s, i) => ({ ...s, Sid: `RevokeSessions${i + 1}` }));
  return { text: JSON.stringify({ Version: fresh.Version, Statement: statements }), kept: kept.length };
}

/** Whom a statement denies: its conditions besides the cutoff and the exemptions. */
function selectorOf(statement: Record<string, any>): string {
  const { DateLessThan: _cutoff, ArnNotLike: _exempt, ...selector } = statement.Condition ?? {};
  return JSON.stringify(selector);
}

function asList(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

// ---- input checks, shared by synth and the handler ----

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
/** Identity store user ids: a UUID, optionally after a 10-digit hex prefix. */
const USER_ID = /^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
const GLOB_NAME = /^[\w+=,.@*?-]{1,64}$/;

/** Why a target id is refused, or `undefined`. */
export function targetProblem(id: string): string | undefined {
  return ROOT_ID.test(id) || OU_ID.test(id) || ACCOUNT_ID.test(id)
    ? undefined
    : `target "${id}" is not an organization root (r-xxxx), OU (ou-xxxx-xxxxxxxx) or 12-digit account id; copy it from the Organizations console`;
}

/** Why a target id is refused as the given kind, or `undefined`. */
export function targetKindProblem(kind: 'root' | 'organizational unit' | 'account', id: string): string | undefined {
  const pattern = kind === 'root' ? ROOT_ID : kind === 'account' ? ACCOUNT_ID : OU_ID;
  const example = kind === 'root' ? 'r-ab12' : kind === 'account' ? '111122223333' : 'ou-ab12-cd34ef56';
  return pattern.test(id) ? undefined : `${kind} id "${id}" is not valid; expected the form ${example}`;
}

/** Why a user id is refused, or `undefined`. */
export function userIdProblem(id: string): string | undefined {
  return USER_ID.test(id)
    ? undefined
    : `identity store user id "${id}" is not valid; copy the user id (a UUID such as 906723b4-d071-70a1-3b0a-b19e5a4e0f31) from the Identity Center console`;
}

/** Why a permission set name is refused, or `undefined`. */
export function permissionSetNameProblem(name: string): string | undefined {
  return PERMISSION_SET_NAME.test(name)
    ? undefined
    : `permission set name "${name}" is not valid; use its name (1 to 32 characters of letters, digits and +=,.@_-), not its ARN`;
}

/**
 * Why a role name may not be selected, or `undefined`: it must be a plain IAM role name, and
 * never one the SCP exempts (selecting it would deny what keeps the organization manageable).
 */
export function selectedRoleProblem(name: string, breakGlass: readonly string[]): string | undefined {
  if (!ROLE_NAME_PATTERN.test(name)) {
    return `role name "${name}" is not a valid IAM role name (1 to 64 characters of letters, digits and +=,.@_-, no wildcards); `
      + 'to select every role, use OrganizationSelection.allRoles()';
  }
  if (name.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return `role name "${name}" is an IAM Identity Center role; select its permission set with OrganizationSelection.permissionSets() instead`;
  }
  const exempt = [...ALWAYS_EXEMPT_NAMES, ...breakGlass].find((pattern) => globMatch(pattern, name));
  if (exempt !== undefined || CDK_BOOTSTRAP_ROLE.test(name)) {
    return `role name "${name}" is exempt from every revocation (it matches "${exempt ?? 'cdk-*-role-*'}": a deployment, StackSets, `
      + 'organization access or break-glass role); denying it could lock the organization out, so remove it from the selection';
  }
  return undefined;
}

/**
 * Why a permission set may not be selected with these break-glass roles, or `undefined`: a
 * selection the exemptions cover would deny nothing while looking like a revocation.
 */
export function selectedPermissionSetProblem(name: string, breakGlass: readonly string[]): string | undefined {
  const sample = `${IDENTITY_CENTER_NAME_PREFIX}${name}_0123456789abcdef`;
  const exempt = breakGlass.find((pattern) => globMatch(pattern, sample));
  return permissionSetNameProblem(name) ?? (exempt === undefined ? undefined
    : `permission set "${name}" is exempt as a break-glass role (its roles match "${exempt}"), so selecting it would deny nothing; `
      + 'remove it from the selection or from breakGlassRoles');
}

/** Why a break-glass or excluded role name is refused, or `undefined`. Wildcards are allowed. */
export function roleGlobProblem(label: string, name: string): string | undefined {
  if (!GLOB_NAME.test(name)) {
    return `${label} "${name}" is not a role name or a name with * and ? wildcards; give the role name only, without path or ARN`;
  }
  // A glob this wide would exempt (or exclude) every role, or every Identity Center role, and so
  // quietly empty the revocation: a typo or a forged event, never a break-glass role.
  if (name.replace(/[*?]/g, '').length < MIN_GLOB_LITERALS) {
    return `${label} "${name}" would match nearly every role; name more of it (at least ${MIN_GLOB_LITERALS} characters besides * and ?)`;
  }
  if (IDENTITY_CENTER_SAMPLES.every((sample) => globMatch(name, sample))) {
    return `${label} "${name}" would match every IAM Identity Center role; name the break-glass permission set's role, `
      + `such as ${IDENTITY_CENTER_NAME_PREFIX}BreakGlass_*`;
  }
  return undefined;
}

const MIN_GLOB_LITERALS = 3;
/** Two unrelated Identity Center role names: a glob matching both matches them all. */
const IDENTITY_CENTER_SAMPLES = [`${IDENTITY_CENTER_NAME_PREFIX}AdministratorAccess_0123456789abcdef`, `${IDENTITY_CENTER_NAME_PREFIX}ViewOnly_fedcba9876543210`];

/** Case-insensitive glob (`*`, `?`), as IAM compares role names. */
export function globMatch(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}
