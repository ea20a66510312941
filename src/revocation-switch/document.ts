/**
 * The documents of the switch policy's versions: one `Deny *` statement per generation (what the
 * construct narrowed the revocation to, and what it excludes), each with its cutoff, every one
 * exempting the lockout list by `ArnNotLike`. Built only from validated values, read back strictly:
 * anything else is foreign. Pure and free of aws-cdk-lib: synth (size estimate) and the handler use it.
 */
import { Narrowing } from './properties';
import { formatInstant, parseInstant } from '../core/instant';
import { TOKEN_ISSUE_TIME_KEY } from '../core/revocation-document';
import { ALWAYS_EXEMPT_NAMES, roleNamePatterns } from '../revoke-organization-sessions/scp-document';
import { globMatches } from '../role-selection/selection-match';

/** Every switch policy lives under this path: one pattern names them all (grants, the protective SCP). */
export const SWITCH_POLICY_PATH = '/cdk-revoke-sessions/';
export const SWITCH_POLICY_PREFIX = 'RevocationSwitch';
/** IAM's limit on a managed policy document, whitespace not counted. */
export const MAX_MANAGED_POLICY_CHARS = 6144;
/** IAM keeps at most this many versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;
/** Deploy-time marks kept per statement: a rollback this many generations back still finds its cutoff. */
export const MAX_MARKS = 8;
export const PRINCIPAL_ARN_KEY = 'aws:PrincipalArn';

/** One statement of a version. */
export interface SwitchStatement {
  /** `generationOf` the narrowing and excludes (8 hex): one statement per generation. */
  readonly generation: string;
  /** `IDLE_CUTOFF_MS` (0): denies nothing. */
  readonly cutoffMs: number;
  /** `deployTimeMark`s of the deploy-time cutoffs this statement holds, newest first. */
  readonly marks: readonly string[];
  /** `ArnNotLike aws:PrincipalArn`: the lockout list and the excludes. */
  readonly exempt: readonly string[];
  readonly narrowing: Narrowing;
}

export type ReadVersion =
  | { readonly kind: 'owned'; readonly statements: readonly SwitchStatement[] }
  | { readonly kind: 'foreign'; readonly reason: string };

/** The managed policy a switch owns, named for its resource (`ownerTag`). */
export function switchPolicyName(owner: string): string {
  return `${SWITCH_POLICY_PREFIX}-${owner}`;
}

export function switchPolicyArn(partition: string, account: string, owner: string): string {
  return `arn:${partition}:iam::${account}:policy${SWITCH_POLICY_PATH}${switchPolicyName(owner)}`;
}

/**
 * What every statement exempts: the roles no revocation of this library may touch (CDK bootstrap,
 * StackSets, organization access, Control Tower; this stack's provider and deploy roles by exact
 * ARN) and the construct's excludes.
 */
export function exemptPatterns(protectedRoleArns: readonly string[], exclude: readonly string[]): string[] {
  const excluded = exclude.flatMap((e) => (e.startsWith('/') ? [`arn:*:iam::*:role${e}`] : roleNamePatterns(e)));
  return [...new Set([...ALWAYS_EXEMPT_NAMES.flatMap(roleNamePatterns), ...protectedRoleArns, ...excluded])];
}

/** The statement id: the owner, the generation, and the deploy-time marks. */
function sidOf(owner: string, s: SwitchStatement): string {
  return `CdkSwitch${owner}G${s.generation}${s.marks.map((m) => `D${m}`).join('')}`;
}

/** The version text, compact (its length is what IAM counts), statements in generation order. */
export function buildSwitchDocument(owner: string, statements: readonly SwitchStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [...statements].sort((a, b) => a.generation.localeCompare(b.generation)).map((s) => ({
      Sid: sidOf(owner, { ...s, marks: s.marks.slice(0, MAX_MARKS) }),
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        DateLessThan: { [TOKEN_ISSUE_TIME_KEY]: formatInstant(s.cutoffMs) },
        ArnNotLike: { [PRINCIPAL_ARN_KEY]: [...s.exempt] },
        ...narrowingCondition(s.narrowing),
      },
    })),
  });
}

/** The conditions that narrow a statement to some armed roles. */
export function narrowingCondition(n: Narrowing): Record<string, Record<string, string | string[]>> {
  switch (n.kind) {
    case 'all': return {};
    case 'path-prefix': return { ArnLike: { [PRINCIPAL_ARN_KEY]: `arn:*:iam::*:role${n.pathPrefix}*` } };
    case 'name-pattern': return { ArnLike: { [PRINCIPAL_ARN_KEY]: roleNamePatterns(n.namePattern) } };
    case 'tagged': return n.tagValue === undefined
      ? { Null: { [`aws:PrincipalTag/${n.tagKey}`]: 'false' } }
      : { StringEquals: { [`aws:PrincipalTag/${n.tagKey}`]: n.tagValue } };
  }
}

/** Characters IAM counts: whitespace is not. */
export function documentChars(text: string): number {
  return text.replace(/\s/g, '').length;
}

/**
 * Reads a version. `owned`: every statement is one this library writes for `owner`; anything else
 * (another Sid, another shape, a condition it does not write) is `foreign` and is never built upon.
 */
export function readSwitchDocument(text: string, owner: string): ReadVersion {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'foreign', reason: 'it is not JSON' };
  }
  if (!isObject(doc) || !Array.isArray(doc.Statement) || doc.Statement.length === 0) {
    return { kind: 'foreign', reason: 'it has no list of statements' };
  }
  const statements: SwitchStatement[] = [];
  for (const [i, st] of doc.Statement.entries()) {
    const read = readStatement(st, owner);
    if (typeof read === 'string') {
      return { kind: 'foreign', reason: `statement ${i + 1} ${read}` };
    }
    statements.push(read);
  }
  if (new Set(statements.map((s) => s.generation)).size !== statements.length) {
    return { kind: 'foreign', reason: 'two statements carry the same generation' };
  }
  return { kind: 'owned', statements };
}

function readStatement(st: unknown, owner: string): SwitchStatement | string {
  if (!isObject(st) || Object.keys(st).some((k) => !['Sid', 'Effect', 'Action', 'Resource', 'Condition'].includes(k))) {
    return 'is not a statement this library writes';
  }
  const sid = typeof st.Sid === 'string' ? new RegExp(`^CdkSwitch${owner}G([0-9a-f]{8})((?:D[0-9a-f]{8})*)$`).exec(st.Sid) : null;
  if (!sid) {
    return `has the Sid ${JSON.stringify(st.Sid)}, not one of this switch`;
  }
  if (st.Effect !== 'Deny' || st.Action !== '*' || st.Resource !== '*' || !isObject(st.Condition)) {
    return 'is not a Deny of every action on every resource with conditions';
  }
  const { DateLessThan: before, ArnNotLike: exempt, ...rest } = st.Condition;
  const cutoff = isObject(before) && Object.keys(before).length === 1 ? before[TOKEN_ISSUE_TIME_KEY] : undefined;
  const parsed = typeof cutoff === 'string' ? parseInstant(cutoff, TOKEN_ISSUE_TIME_KEY) : undefined;
  if (!parsed?.ok) {
    return `has no single ${TOKEN_ISSUE_TIME_KEY} cutoff`;
  }
  const exemptList = isObject(exempt) && Object.keys(exempt).length === 1 ? exempt[PRINCIPAL_ARN_KEY] : undefined;
  if (!Array.isArray(exemptList) || exemptList.length === 0 || !exemptList.every((e) => typeof e === 'string')) {
    return `has no ArnNotLike ${PRINCIPAL_ARN_KEY} exemptions`;
  }
  const narrowing = readNarrowing(rest);
  if (typeof narrowing === 'string') {
    return narrowing;
  }
  return {
    generation: sid[1],
    cutoffMs: parsed.epochMs,
    marks: (sid[2].match(/D[0-9a-f]{8}/g) ?? []).map((m) => m.slice(1)),
    exempt: exemptList as string[],
    narrowing,
  };
}

/** The narrowing a statement's remaining conditions express; exactly what `narrowingCondition` writes. */
function readNarrowing(rest: Record<string, unknown>): Narrowing | string {
  const keys = Object.keys(rest);
  if (keys.length === 0) {
    return { kind: 'all' };
  }
  const candidates: Narrowing[] = [];
  const op = isObject(rest[keys[0]]) ? rest[keys[0]] as Record<string, unknown> : {};
  const entries = Object.entries(op);
  if (keys.length === 1 && entries.length === 1) {
    const [key, value] = entries[0];
    const path = /^arn:\*:iam::\*:role(\/.*)\*$/.exec(typeof value === 'string' ? value : '')?.[1];
    if (keys[0] === 'ArnLike' && key === PRINCIPAL_ARN_KEY && path !== undefined) {
      candidates.push({ kind: 'path-prefix', pathPrefix: path });
    }
    if (keys[0] === 'ArnLike' && key === PRINCIPAL_ARN_KEY && Array.isArray(value) && typeof value[0] === 'string') {
      candidates.push({ kind: 'name-pattern', namePattern: value[0].replace(/^arn:\*:iam::\*:role\//, '') });
    }
    const tag = /^aws:PrincipalTag\/(.+)$/.exec(key)?.[1];
    if (tag !== undefined && keys[0] === 'StringEquals' && typeof value === 'string') {
      candidates.push({ kind: 'tagged', tagKey: tag, tagValue: value });
    }
    if (tag !== undefined && keys[0] === 'Null' && value === 'false') {
      candidates.push({ kind: 'tagged', tagKey: tag });
    }
  }
  const match = candidates.find((n) => JSON.stringify(narrowingCondition(n)) === JSON.stringify(rest));
  return match ?? `has conditions this library does not write (${keys.join(', ')})`;
}

/** One role as a statement sees it. */
export interface PrincipalView {
  /** The role ARN with its path: `aws:PrincipalArn` of its sessions. */
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Whether a statement applies to a role's sessions issued before its cutoff, as IAM evaluates the
 * conditions this library writes (`ArnLike` per ARN component with `*` and `?`; principal tags by
 * key, case-insensitively). Role tags only: a session tag of the same key overrides them in IAM.
 */
export function statementApplies(s: Pick<SwitchStatement, 'exempt' | 'narrowing'>, role: PrincipalView): boolean {
  if (s.exempt.some((p) => arnLike(p, role.arn))) {
    return false;
  }
  const n = s.narrowing;
  switch (n.kind) {
    case 'all': return true;
    case 'path-prefix':
    case 'name-pattern': {
      const patterns = narrowingCondition(n).ArnLike[PRINCIPAL_ARN_KEY];
      return (Array.isArray(patterns) ? patterns : [patterns]).some((p) => arnLike(p, role.arn));
    }
    case 'tagged': {
      const key = Object.keys(role.tags).find((k) => k.toLowerCase() === n.tagKey.toLowerCase());
      return key !== undefined && (n.tagValue === undefined || role.tags[key] === n.tagValue);
    }
  }
}

/** IAM's `ArnLike`: each of the six colon-separated components matched on its own, case-sensitively. */
export function arnLike(pattern: string, arn: string): boolean {
  const split = (s: string) => {
    const parts = s.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  return p !== undefined && a !== undefined && p.every((part, i) => globMatches(part, a[i]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
