/**
 * What one resource writes into a permission set's inline policy, keyed by content. A permission
 * set has ONE inline policy and `PutInlinePolicyToPermissionSet` overwrites it whole, so objects
 * that are written once and never rewritten are impossible here. Instead every revocation is its
 * own statement, named by what it denies: the Sid carries the resource's owner tag, the generation
 * that wrote it, a key of its cutoff and users, and the deploy-time mark when there is one. A
 * statement whose content no longer matches its key was changed by someone else: it is not this
 * resource's any more, and is kept as it is. Pure: no I/O.
 */
import { createHash } from 'crypto';
import { formatInstant, parseInstant } from '../core/instant';

export const TOKEN_ISSUE_TIME = 'aws:TokenIssueTime';
export const IDENTITY_STORE_USER_ID = 'identitystore:UserId';
const SID_PREFIX = 'CdkRevokeSessions';
const OWN_SID = /^CdkRevokeSessions([0-9a-f]{10})g([0-9a-f]{8})k([0-9a-f]{8})(?:m([0-9a-f]{8}))?$/;

/** Whom a statement denies: every user of the permission set, or these identity store user ids. */
export type Users = 'all' | readonly string[];

/** One revocation: sessions of `users` issued before `cutoffMs` (`Infinity`: every session, only for named users). */
export interface Revocation {
  readonly cutoffMs: number;
  readonly users: Users;
}

export interface OwnStatement extends Revocation {
  readonly sid: string;
  /** The generation (what the resource targets) that wrote it. */
  readonly generation: string;
  /** `deployTimeMark` of the deploy-time cutoff that wrote it. */
  readonly mark?: string;
}

/** The start of every Sid one resource writes (`ownerTag` makes the tag). */
export function ownSidPrefix(owner: string): string {
  return `${SID_PREFIX}${owner}`;
}

/** The statement `owner` writes for this revocation in this generation. */
export function ownStatement(owner: string, generation: string, revocation: Revocation, mark?: string): OwnStatement {
  const users: Users = revocation.users === 'all' ? 'all' : [...new Set(revocation.users)].sort();
  const r: Revocation = { cutoffMs: revocation.cutoffMs, users };
  return { sid: `${ownSidPrefix(owner)}g${generation}k${contentKey(r)}${mark ? `m${mark}` : ''}`, generation, ...(mark ? { mark } : {}), ...r };
}

/** The policy statement. A deny without any condition is never rendered: it would deny every session of every user for good. */
export function renderStatement(s: OwnStatement): Record<string, unknown> {
  if (s.cutoffMs === Infinity && s.users === 'all') {
    throw new Error(`statement ${s.sid} would deny every session of every user with no condition; this library never writes one`);
  }
  const condition: Record<string, Record<string, string | string[]>> = {};
  if (s.cutoffMs !== Infinity) {
    condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(s.cutoffMs) };
  }
  if (s.users !== 'all') {
    condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.users.length === 1 ? s.users[0] : [...s.users] };
  }
  return { Sid: s.sid, Effect: 'Deny', Action: '*', Resource: '*', Condition: condition };
}

/**
 * A statement as one of `owner`'s own, or `undefined`: another writer's, or one of `owner`'s whose
 * content was changed since (its key no longer matches), which is then left alone like any other.
 */
export function readOwnStatement(st: Record<string, unknown>, owner: string): OwnStatement | undefined {
  const m = typeof st.Sid === 'string' ? OWN_SID.exec(st.Sid) : null;
  if (!m || m[1] !== owner) {
    return undefined;
  }
  const revocation = readRevocation(st);
  if (!revocation || contentKey(revocation) !== m[3]) {
    return undefined;
  }
  return { sid: st.Sid as string, generation: m[2], ...(m[4] ? { mark: m[4] } : {}), ...revocation };
}

/** Whether a statement's Sid claims to be `owner`'s, whatever its content. */
export function claimsOwner(st: Record<string, unknown>, owner: string): boolean {
  return typeof st.Sid === 'string' && OWN_SID.exec(st.Sid)?.[1] === owner;
}

/** Stands for any user that no statement names. */
const ANYONE = Symbol('anyone');
type UserKey = string | typeof ANYONE;

/** The latest cutoff the statements deny `user` with, or `undefined` when none denies that user. */
function coverage(by: readonly Revocation[], user: UserKey): number | undefined {
  let latest: number | undefined;
  for (const s of by) {
    if (s.users === 'all' || (user !== ANYONE && s.users.includes(user))) {
      latest = Math.max(latest ?? -Infinity, s.cutoffMs);
    }
  }
  return latest;
}

/** The users that tell what `users` is denied with: the named ones, or for every user anyone plus each user `by` names. */
function keysOf(users: Users, by: readonly Revocation[]): UserKey[] {
  if (users !== 'all') {
    return [...users];
  }
  return [ANYONE, ...new Set(by.flatMap((s) => (s.users === 'all' ? [] : s.users)))];
}

/** Whether the statements together deny at least everything `target` denies: each of its users, with a cutoff at least as late. */
export function dominated(target: Revocation, by: readonly Revocation[]): boolean {
  return keysOf(target.users, by).every((u) => (coverage(by, u) ?? -Infinity) >= target.cutoffMs);
}

/** The cutoff the statements deny every one of `users` with (the earliest over them), or `undefined` when one of them is not denied. */
export function effectiveCutoff(users: Users, by: readonly Revocation[]): number | undefined {
  let earliest = Infinity;
  for (const u of keysOf(users, by)) {
    const c = coverage(by, u);
    if (c === undefined) {
      return undefined;
    }
    earliest = Math.min(earliest, c);
  }
  return earliest;
}

/**
 * What the live generation must hold before `old` may go: for the users both deny, where the live
 * statements deny with an earlier cutoff, the same users with `old`'s cutoff; `undefined` when the
 * live statements already dominate `old` wherever they target its users. Users only `old` denies
 * are dropped targets.
 */
export function raiseNeeded(old: Revocation, live: readonly Revocation[]): Revocation | undefined {
  const low = keysOf(old.users, live).filter((u) => {
    const c = coverage(live, u);
    return c !== undefined && c < old.cutoffMs;
  });
  if (low.length === 0) {
    return undefined;
  }
  return { cutoffMs: old.cutoffMs, users: low.includes(ANYONE) ? 'all' : low as string[] };
}

function contentKey(r: Revocation): string {
  const users = r.users === 'all' ? '*' : [...new Set(r.users)].sort().join(',');
  return createHash('sha256').update(`${r.cutoffMs === Infinity ? 'none' : formatInstant(r.cutoffMs)}\n${users}`).digest('hex').slice(0, 8);
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

/** The revocation a statement of the shape `renderStatement` writes denies, or `undefined` for any other shape. */
function readRevocation(st: Record<string, unknown>): Revocation | undefined {
  if (Object.keys(st).some((k) => !STATEMENT_KEYS.has(k)) || st.Effect !== 'Deny' || st.Action !== '*' || st.Resource !== '*') {
    return undefined;
  }
  const condition = st.Condition as Record<string, unknown> | undefined;
  if (typeof condition !== 'object' || condition === null || Object.keys(condition).some((k) => k !== 'DateLessThan' && k !== 'StringEquals')) {
    return undefined;
  }
  const date = onlyKey(condition.DateLessThan, TOKEN_ISSUE_TIME);
  const users = onlyKey(condition.StringEquals, IDENTITY_STORE_USER_ID);
  if (date === null || users === null || (date === undefined && users === undefined)) {
    return undefined;
  }
  let cutoffMs = Infinity;
  if (date !== undefined) {
    const parsed = typeof date === 'string' ? parseInstant(date, TOKEN_ISSUE_TIME) : undefined;
    if (!parsed?.ok) {
      return undefined;
    }
    cutoffMs = parsed.epochMs;
  }
  if (users === undefined) {
    return { cutoffMs, users: 'all' };
  }
  const list = Array.isArray(users) ? users : [users];
  return list.length > 0 && list.every((u) => typeof u === 'string') ? { cutoffMs, users: list as string[] } : undefined;
}

/** The value of an operator block that holds exactly `key`; `undefined` when there is no block, `null` for any other shape. */
function onlyKey(block: unknown, key: string): unknown {
  if (block === undefined) {
    return undefined;
  }
  if (typeof block !== 'object' || block === null || Object.keys(block).length !== 1 || !(key in block)) {
    return null;
  }
  return (block as Record<string, unknown>)[key];
}
