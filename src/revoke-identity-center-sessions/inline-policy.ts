/**
 * A permission set's inline policy: this resource's own Sid-marked statement in it, every other
 * statement kept as it is. Pure, shared by synth and the handler.
 */
import { formatInstant, parseInstant } from '../core/instant';

/** Identity Center's quota for a permission set's inline policy, in characters. */
export const MAX_INLINE_POLICY_CHARS = 32_768;
export const TOKEN_ISSUE_TIME = 'aws:TokenIssueTime';
export const IDENTITY_STORE_USER_ID = 'identitystore:UserId';

/** The statement id that marks what one custom resource wrote (`ownerTag` makes the tag). */
export function ownStatementSid(owner: string): string {
  return `CdkRevokeSessions${owner}`;
}

/** This resource's deny: sessions before the cutoff (`Infinity`: every session), of the given users or everyone. */
export function ownStatement(sid: string, cutoffMs: number, userIds: readonly string[]): Record<string, unknown> {
  const condition: Record<string, Record<string, string | string[]>> = {};
  if (cutoffMs !== Infinity) {
    condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(cutoffMs) };
  }
  if (userIds.length > 0) {
    condition.StringEquals = { [IDENTITY_STORE_USER_ID]: userIds.length === 1 ? userIds[0] : [...userIds] };
  }
  return { Sid: sid, Effect: 'Deny', Action: '*', Resource: '*', ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) };
}

/** An inline policy as read: its statements in order, untouched. */
export type ReadPolicy =
  | { readonly ok: true; readonly statements: Array<Record<string, unknown>>; readonly version: string; readonly id?: string }
  | { readonly ok: false; readonly reason: string };

/** Reads an inline policy; anything this library cannot read is refused, never rewritten. */
export function readInlinePolicy(text: string | undefined): ReadPolicy {
  if (text === undefined || text.trim() === '') {
    return { ok: true, statements: [], version: '2012-10-17' };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, reason: 'it is not a JSON object' };
  }
  const d = doc as Record<string, unknown>;
  const extra = Object.keys(d).find((k) => k !== 'Version' && k !== 'Statement' && k !== 'Id');
  if (extra !== undefined || d.Statement === undefined) {
    return { ok: false, reason: extra ? `it has a top-level ${extra} element` : 'it has no Statement element' };
  }
  const raw = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  if (raw.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    return { ok: false, reason: 'a statement is not a JSON object' };
  }
  return {
    ok: true,
    statements: raw as Array<Record<string, unknown>>,
    version: typeof d.Version === 'string' ? d.Version : '2012-10-17',
    ...(typeof d.Id === 'string' ? { id: d.Id } : {}),
  };
}

/**
 * The cutoff the own statement has in force: `undefined` when there is none, `Infinity` when it
 * has no time condition, or a reason when it was changed outside this library.
 */
export function ownCutoff(statement: Record<string, unknown> | undefined): number | undefined | string {
  if (!statement) {
    return undefined;
  }
  const value = (statement.Condition as any)?.DateLessThan?.[TOKEN_ISSUE_TIME];
  if (value === undefined) {
    return Infinity;
  }
  const parsed = typeof value === 'string' ? parseInstant(value, TOKEN_ISSUE_TIME) : undefined;
  return parsed?.ok ? parsed.epochMs : `its statement ${String(statement.Sid)} has a cutoff this library cannot read`;
}

/**
 * The user ids the own statement denies: `undefined` without a statement, `[]` when it denies
 * every user of the permission set.
 */
export function ownUserIds(statement: Record<string, unknown> | undefined): string[] | undefined {
  if (!statement) {
    return undefined;
  }
  const value = (statement.Condition as any)?.StringEquals?.[IDENTITY_STORE_USER_ID];
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * The users the own statement should deny: what the request names, plus what is in force unless
 * the resource may remove, so an update (a rollback, a forged event) never frees a user. `[]`
 * (every user) stays `[]`.
 */
export function nextUserIds(inForce: readonly string[] | undefined, requested: readonly string[], mayRemove: boolean): string[] {
  if (mayRemove || inForce === undefined) {
    return [...requested];
  }
  return inForce.length === 0 || requested.length === 0 ? [] : [...new Set([...requested, ...inForce])];
}

/** The policy with the own statement replaced (in place) or added, or removed when `own` is undefined. */
export function withOwnStatement(read: { statements: Array<Record<string, unknown>>; version: string; id?: string }, sid: string,
  own: Record<string, unknown> | undefined): { text: string; statements: number } {
  const i = read.statements.findIndex((s) => s.Sid === sid);
  const statements = [...read.statements];
  if (own && i >= 0) {
    statements[i] = own;
  } else if (own) {
    statements.push(own);
  } else if (i >= 0) {
    statements.splice(i, 1);
  }
  const doc = { Version: read.version, ...(read.id !== undefined ? { Id: read.id } : {}), Statement: statements };
  return { text: statements.length === 0 ? '' : JSON.stringify(doc), statements: statements.length };
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const PERMISSION_SET_ARN = /^arn:aws[a-z-]*:sso:::permissionSet\/((sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/;

export function instanceArnProblem(arn: string): string | undefined {
  return INSTANCE_ARN.test(arn)
    ? undefined
    : `instance ARN "${arn}" is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<16 characters>`;
}

export function permissionSetArnProblem(arn: string, instanceArn?: string): string | undefined {
  const m = PERMISSION_SET_ARN.exec(arn);
  if (!m) {
    return `permission set ARN "${arn}" is not valid; expected arn:aws:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>`;
  }
  if (instanceArn !== undefined && INSTANCE_ARN.test(instanceArn) && !instanceArn.endsWith(`/${m[1]}`)) {
    return `permission set ARN "${arn}" belongs to instance ${m[1]}, not to ${instanceArn}; use the permission sets of that instance`;
  }
  return undefined;
}
