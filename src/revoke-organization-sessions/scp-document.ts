/**
 * The service control policy this library writes, and the checks both synth and the handler run
 * on its inputs. Pure and free of aws-cdk-lib, so the handler bundle uses it too.
 */
import { globMatches } from '../core/glob';
import { formatInstant, parseInstant } from '../core/instant';
import { ALWAYS_EXEMPT_ROLE_GLOBS } from '../core/lockout';
import { IDENTITY_CENTER_NAME_PREFIX, parseRoleArn, policyVariableProblem, ROLE_NAME_PATTERN } from '../core/role-target';

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
 * bootstrap roles of any qualifier, one pattern per kind, and the roles that run the organization
 * (StackSets, Organizations, Control Tower), from the one list every writer shares
 * (`core/lockout.ts`). Written at path `/` only, where AWS and `cdk bootstrap` create them:
 * `ArnLike`'s `*` crosses `/`, so `role/*\/<glob>` would spare roles under look-alike paths.
 */
export const ALWAYS_EXEMPT_NAMES: readonly string[] = ALWAYS_EXEMPT_ROLE_GLOBS;

/** Role ARN patterns in every account for a role name (or name glob), whatever its path. */
export function roleNamePatterns(name: string): string[] {
  return [`arn:*:iam::*:role/${name}`, `arn:*:iam::*:role/*/${name}`];
}

/** Identity Center roles of a permission set in every account, with or without a region segment. */
export function permissionSetPattern(name: string): string {
  return `arn:*:iam::*:role/${SSO_ROLE_PATH}*${IDENTITY_CENTER_NAME_PREFIX}${name}_*`;
}

/** The `ArnNotLike aws:PrincipalArn` list: built-in exemptions (path `/`), break-glass roles (any path), exact exempt ARNs. */
export function exemptPatterns(breakGlass: readonly string[], exemptArns: readonly string[]): string[] {
  const builtIn = ALWAYS_EXEMPT_NAMES.map((glob) => `arn:*:iam::*:role/${glob}`);
  return [...new Set([...builtIn, ...breakGlass.flatMap(roleNamePatterns), ...exemptArns])];
}

export interface ScpSpec {
  readonly selections: readonly ScpSelection[];
  /** From `exemptPatterns`. */
  readonly exempt: readonly string[];
  /** `undefined`: no time condition (every session of the selected Identity Center users). */
  readonly cutoffMs?: number;
  /** The `deployTimeMark` of a deploy-time cutoff, carried in every Sid so a later run finds it. */
  readonly mark?: string;
}

const SID = /^RevokeSessions\d{1,3}(?:Dt([0-9a-f]{8}))?$/;

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
          // Identity Center issues lower-case ids and StringEquals compares exactly: an upper-case copy would match no one.
          condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.userId.toLowerCase() };
          break;
        case 'all-roles':
          condition.ArnLike = { [PRINCIPAL_ARN]: 'arn:*:iam::*:role/*' };
          break;
      }
      const excluded = s.kind === 'all-roles' ? s.exclude.flatMap(roleNamePatterns) : [];
      condition.ArnNotLike = { [PRINCIPAL_ARN]: [...spec.exempt, ...excluded] };
      const sid = `RevokeSessions${i + 1}${spec.mark ? `Dt${spec.mark}` : ''}`;
      return { Sid: sid, Effect: 'Deny', Action: '*', Resource: '*', Condition: condition };
    }),
  });
}

/** One statement of an SCP this library wrote, as read back. */
export interface ScpStatement {
  /** Whom it denies, canonical (lists sorted): statements with equal selectors deny the same principals. */
  readonly selector: string;
  /** Its `ArnNotLike aws:PrincipalArn` patterns: whom it spares. */
  readonly exempt: ReadonlySet<string>;
  /** `Infinity`: no time condition. */
  readonly cutoffMs: number;
  /** The `deployTimeMark` of the deploy-time cutoff that wrote it. */
  readonly mark?: string;
}

export type ScpRead = { readonly ok: true; readonly statements: readonly ScpStatement[] } | { readonly ok: false; readonly reason: string };

const CONDITIONS = new Set(['DateLessThan', 'ArnLike', 'StringEquals', 'ArnNotLike']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

/**
 * Reads an SCP this library wrote; anything else (another shape, an Allow, a statement without a
 * selector, a cutoff it cannot read) is a reason, and the caller leaves the SCP alone.
 */
export function readScp(text: string): ScpRead {
  let doc: { Version?: unknown; Statement?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const raw = Array.isArray(doc?.Statement) ? doc.Statement as Array<Record<string, any>> : undefined;
  if (doc?.Version !== '2012-10-17' || !raw || raw.length === 0
    || raw.some((s) => s?.Effect !== 'Deny' || s?.Action !== '*' || s?.Resource !== '*' || Object.keys(s).some((k) => !STATEMENT_KEYS.has(k)))) {
    return { ok: false, reason: 'it is not a list of Deny * statements' };
  }
  const statements: ScpStatement[] = [];
  for (const [i, s] of raw.entries()) {
    const read = readStatement(s);
    if (typeof read === 'string') {
      return { ok: false, reason: `statement ${i + 1} ${read}` };
    }
    statements.push(read);
  }
  return { ok: true, statements };
}

function readStatement(s: Record<string, any>): ScpStatement | string {
  const sid = typeof s.Sid === 'string' ? SID.exec(s.Sid) : null;
  const c = s.Condition;
  if (!sid || typeof c !== 'object' || c === null || Object.keys(c).some((k) => !CONDITIONS.has(k))) {
    return 'is not one this library writes';
  }
  const selectors = ['ArnLike', 'StringEquals'].filter((k) => c[k] !== undefined);
  const key = selectors.length === 1 ? c[selectors[0]] : undefined;
  const keyName = selectors[0] === 'ArnLike' ? PRINCIPAL_ARN : IDENTITY_STORE_USER_ID;
  if (!isStringMap(key) || Object.keys(key).length !== 1 || key[keyName] === undefined) {
    return 'has no selector this library writes';
  }
  if (c.ArnNotLike !== undefined && (!isStringMap(c.ArnNotLike) || Object.keys(c.ArnNotLike).some((k) => k !== PRINCIPAL_ARN))) {
    return 'has exemptions this library does not write';
  }
  let cutoffMs = Infinity;
  if (c.DateLessThan !== undefined) {
    const value = isStringMap(c.DateLessThan) && Object.keys(c.DateLessThan).length === 1 ? c.DateLessThan[TOKEN_ISSUE_TIME] : undefined;
    const parsed = typeof value === 'string' ? parseInstant(value, TOKEN_ISSUE_TIME) : undefined;
    if (!parsed?.ok) {
      return `has a cutoff this library cannot read (${JSON.stringify(c.DateLessThan).slice(0, 60)})`;
    }
    cutoffMs = parsed.epochMs;
  }
  return {
    selector: JSON.stringify([selectors[0], keyName, asList(key[keyName]).sort()]),
    exempt: new Set(asList(c.ArnNotLike?.[PRINCIPAL_ARN])),
    cutoffMs,
    ...(sid[1] ? { mark: sid[1] } : {}),
  };
}

/**
 * The cutoff an SCP this library wrote has in force: the latest `aws:TokenIssueTime` value,
 * `Infinity` when a statement has no time condition (it denies every session, which no cutoff
 * exceeds), or a reason when the text is not one this library wrote.
 */
export function scpCutoff(text: string): { readonly ok: true; readonly cutoffMs: number } | { readonly ok: false; readonly reason: string } {
  const read = readScp(text);
  return read.ok ? { ok: true, cutoffMs: Math.max(...read.statements.map((s) => s.cutoffMs)) } : read;
}

/**
 * An SCP this library wrote with every time condition raised to at least `cutoffMs` (finite), the
 * rest unchanged: the live generation's SCP, made to hold a cutoff as late as one it replaces.
 */
export function raiseScpCutoff(text: string, cutoffMs: number): string {
  const doc = JSON.parse(text) as { Version: string; Statement: Array<Record<string, any>> };
  return JSON.stringify({
    Version: doc.Version,
    Statement: doc.Statement.map((st) => {
      const current = st.Condition?.DateLessThan?.[TOKEN_ISSUE_TIME];
      if (current === undefined) {
        return st;
      }
      const parsed = parseInstant(current, TOKEN_ISSUE_TIME);
      const later = parsed.ok ? Math.max(parsed.epochMs, cutoffMs) : cutoffMs;
      return { ...st, Condition: { ...st.Condition, DateLessThan: { [TOKEN_ISSUE_TIME]: formatInstant(later) } } };
    }),
  });
}

/**
 * Whether `statement` denies at least what `other` denies: the same selector, a cutoff at least
 * as late (unless `ignoreCutoff`: an explicit lowering), and no exemption `other` lacks except the
 * `trusted` ones (the built-in lockout list and the stack's own roles, from the function's code and
 * environment, never from an event).
 */
export function statementCovers(statement: ScpStatement, other: ScpStatement, trusted: ReadonlySet<string>, ignoreCutoff = false): boolean {
  return statement.selector === other.selector
    && (ignoreCutoff || statement.cutoffMs >= other.cutoffMs)
    && [...statement.exempt].every((e) => other.exempt.has(e) || trusted.has(e));
}

/**
 * Whether an SCP with `statements` denies everything one with `other` denies, statement by
 * statement (the caller checks the targets: a superset). Only then may `other` go.
 */
export function scpDominates(statements: readonly ScpStatement[], other: readonly ScpStatement[], trusted: ReadonlySet<string>,
  ignoreCutoff = false): boolean {
  return other.every((o) => statements.some((s) => statementCovers(s, o, trusted, ignoreCutoff)));
}

function isStringMap(v: unknown): v is Record<string, string | string[]> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    && Object.values(v).every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string')));
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
 * Compared as `ArnNotLike` compares: with exact case. A name that differs from an exempt one only
 * in case is refused too, saying so: the SCP would deny only a role spelled exactly so.
 */
export function selectedRoleProblem(name: string, breakGlass: readonly string[]): string | undefined {
  const variable = policyVariableProblem('role name', name);
  if (variable) {
    return variable;
  }
  if (!ROLE_NAME_PATTERN.test(name)) {
    return `role name "${name}" is not a valid IAM role name (1 to 64 characters of letters, digits and +=,.@_-, no wildcards); `
      + 'to select every role, use OrganizationSelection.allRoles()';
  }
  if (name.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return `role name "${name}" is an IAM Identity Center role; select its permission set with OrganizationSelection.permissionSets() instead`;
  }
  const globs = [...ALWAYS_EXEMPT_NAMES, ...breakGlass];
  const exempt = globs.find((pattern) => globMatch(pattern, name));
  if (exempt !== undefined) {
    return `role name "${name}" is exempt from every revocation (it matches "${exempt}": a deployment, StackSets, `
      + 'organization access or break-glass role); denying it could lock the organization out, so remove it from the selection';
  }
  const folded = globs.find((pattern) => globMatch(pattern.toLowerCase(), name.toLowerCase()));
  if (folded !== undefined) {
    return `role name "${name}" differs only in case from the exempt "${folded}"; role names in an SCP match with their exact case, `
      + `so this would deny only a role spelled exactly so, never ${folded}: give the name with the case IAM shows, or remove it`;
  }
  return undefined;
}

/**
 * Why a permission set may not be selected with these break-glass roles, or `undefined`: a
 * selection the exemptions cover would deny nothing while looking like a revocation.
 */
export function selectedPermissionSetProblem(name: string, breakGlass: readonly string[]): string | undefined {
  // Its roles are AWSReservedSSO_<name>_<16 hex digits>, one per account: a glob matching any of
  // them (an exact role name too) spares that role from every statement, this one included.
  const roleName = [...`${IDENTITY_CENTER_NAME_PREFIX}${name}_`, ...Array<string>(16).fill(HEX)];
  const exempt = breakGlass.find((pattern) => globMatchesSome(pattern, roleName));
  return permissionSetNameProblem(name) ?? (exempt === undefined ? undefined
    : `permission set "${name}" is exempt as a break-glass role (its roles match "${exempt}"), so the selection would spare them; `
      + 'remove it from the selection or from breakGlassRoles (give break-glass access its own permission set)');
}

const HEX = '\0hex';

/**
 * Whether a glob (`*`, `?`, case-insensitive) matches some name of a fixed-length sequence whose
 * places are literal characters or `HEX` (any hexadecimal digit).
 */
function globMatchesSome(pattern: string, places: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const fits = (c: string, place: string) => (place === HEX ? /^[0-9a-f]$/i.test(c) : c.toLowerCase() === place.toLowerCase());
  const match = (i: number, j: number): boolean => {
    const key = i * (places.length + 1) + j;
    if (!memo.has(key)) {
      let result: boolean;
      if (i === pattern.length) {
        result = j === places.length;
      } else if (pattern[i] === '*') {
        result = match(i + 1, j) || (j < places.length && match(i, j + 1));
      } else {
        result = j < places.length && (pattern[i] === '?' || fits(pattern[i], places[j])) && match(i + 1, j + 1);
      }
      memo.set(key, result);
    }
    return memo.get(key)!;
  };
  return match(0, 0);
}

/** Why a break-glass or excluded role name is refused, or `undefined`. Wildcards are allowed. */
export function roleGlobProblem(label: string, name: string): string | undefined {
  const variable = policyVariableProblem(label, name);
  if (variable) {
    return variable;
  }
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

/**
 * A role-name glob (`*`, `?`) as `ArnLike` matches it in an SCP: with exact case. A linear scan,
 * since break-glass globs reach the handler from the event.
 */
export function globMatch(pattern: string, name: string): boolean {
  return globMatches(pattern, name);
}

/**
 * Why a break-glass or excluded glob deserves a warning, or `undefined`: one that ends in `*`
 * also matches `/` in `ArnLike`, so in `role/<glob>` it spares every role under a path that starts
 * like it (`Admin*` spares `/Administration/ci-deployer`).
 */
export function globCrossesPathWarning(label: string, glob: string): string | undefined {
  if (!glob.endsWith('*')) {
    return undefined;
  }
  const stem = glob.replace(/\*+$/, '');
  return `${label} "${glob}" ends in *, which in an SCP also matches "/": it spares every role under a path that starts with `
    + `"${stem}" (such as /${stem.replace(/[*?]/g, 'x')}x/any-role) too; end it with a fixed part, or use ? for each `
    + `character of a fixed-length suffix (an Identity Center role ends in _ and 16 characters: ${IDENTITY_CENTER_NAME_PREFIX}BreakGlass_${'?'.repeat(16)})`;
}

/** Why an exempt role ARN (the stack's provider and deploy roles) is refused, or `undefined`. */
export function exemptRoleArnProblem(arn: string): string | undefined {
  // ArnNotLike reads * and ? as wildcards: an exact ARN must never exempt a whole path or account.
  return policyVariableProblem('exempt role', arn)
    ?? (parseRoleArn(arn) && !/[*?]/.test(arn) ? undefined : `exempt role "${arn.slice(0, 300)}" is not an IAM role ARN without wildcards`);
}
