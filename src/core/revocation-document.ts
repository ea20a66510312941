import { createHash } from 'crypto';
import { formatInstant, parseInstant } from './instant';

/** The context key that carries when temporary credentials were issued. */
export const TOKEN_ISSUE_TIME_KEY = 'aws:TokenIssueTime';

/** One `Deny * on * if aws:TokenIssueTime < cutoff` statement. */
export interface TimeStatement {
  readonly sid?: string;
  readonly cutoffMs: number;
}

/** What an existing revocation policy holds. */
export type ReadResult =
  | { readonly kind: 'revocation'; readonly statements: TimeStatement[] }
  | { readonly kind: 'unrecognized'; readonly reason: string };

const SID = /^[A-Za-z0-9]{1,100}$/;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

/**
 * Builds the policy text from validated statements only; nothing else ever becomes policy text.
 */
export function buildRevocationDocument(statements: readonly TimeStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      ...(s.sid && SID.test(s.sid) ? { Sid: s.sid } : {}),
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { DateLessThan: { [TOKEN_ISSUE_TIME_KEY]: formatInstant(s.cutoffMs) } },
    })),
  });
}

/**
 * Reads an existing policy document. Anything that is not purely time-based revocation
 * statements is `unrecognized`: the caller must then leave it alone, since rewriting content
 * it cannot read could weaken a deny someone else wrote.
 */
export function readRevocationDocument(text: string): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return unrecognized('it is not valid JSON');
  }
  if (!isObject(doc) || doc.Statement === undefined) {
    return unrecognized('it has no Statement element');
  }
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements: TimeStatement[] = [];
  for (const [i, st] of raw.entries()) {
    const read = readStatement(st);
    if (typeof read === 'string') {
      return unrecognized(`statement ${i + 1} ${read}`);
    }
    statements.push(read);
  }
  return { kind: 'revocation', statements };
}

/** The latest cutoff among the statements, or `undefined` when there is none. */
export function latestCutoff(statements: readonly TimeStatement[]): number | undefined {
  return statements.length === 0 ? undefined : Math.max(...statements.map((s) => s.cutoffMs));
}

/**
 * The statement id that marks what one custom resource wrote. Derived from the stack id and the
 * logical id, which every CloudFormation event carries, so a later Delete can find it again.
 */
export function ownerSid(stackId: string, logicalResourceId: string): string {
  const stackName = /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? '';
  const readable = `${stackName}${logicalResourceId}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 48);
  const digest = createHash('sha256').update(`${stackId}\n${logicalResourceId}`).digest('hex').slice(0, 12);
  return `CdkRevoke${readable}${digest}`;
}

function readStatement(st: unknown): TimeStatement | string {
  if (!isObject(st)) {
    return 'is not an object';
  }
  const extra = Object.keys(st).find((k) => !STATEMENT_KEYS.has(k));
  if (extra) {
    return `has a ${extra} element`;
  }
  if (st.Effect !== 'Deny') {
    return 'is not a Deny';
  }
  if (!isWildcard(st.Action) || !isWildcard(st.Resource)) {
    return 'does not deny every action on every resource';
  }
  const cutoffMs = readCondition(st.Condition);
  if (typeof cutoffMs === 'string') {
    return cutoffMs;
  }
  const sid = typeof st.Sid === 'string' && SID.test(st.Sid) ? st.Sid : undefined;
  return sid ? { sid, cutoffMs } : { cutoffMs };
}

function readCondition(condition: unknown): number | string {
  if (!isObject(condition) || Object.keys(condition).length !== 1 || !isObject(condition.DateLessThan)) {
    return 'has a condition other than DateLessThan';
  }
  const entries = Object.entries(condition.DateLessThan);
  if (entries.length !== 1 || entries[0][0].toLowerCase() !== TOKEN_ISSUE_TIME_KEY.toLowerCase()) {
    return `does not test only ${TOKEN_ISSUE_TIME_KEY}`;
  }
  const values = Array.isArray(entries[0][1]) ? entries[0][1] : [entries[0][1]];
  if (values.length === 0) {
    return 'has no cutoff value';
  }
  let latest = -Infinity;
  for (const v of values) {
    const parsed = typeof v === 'string' ? parseInstant(v, TOKEN_ISSUE_TIME_KEY) : undefined;
    if (!parsed?.ok) {
      return `has a cutoff this library cannot read (${JSON.stringify(v).slice(0, 40)})`;
    }
    latest = Math.max(latest, parsed.epochMs);
  }
  return latest;
}

function isWildcard(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((v) => v === '*');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unrecognized(reason: string): ReadResult {
  return { kind: 'unrecognized', reason };
}
