/**
 * The Identity Center writer's plans, pure: from ONE fresh read of a permission set's inline
 * policy to the policy to put back. Every statement this resource did not write stays as it was,
 * in place; the own statements change only as the rules below say.
 */
import { ReadPolicy, renderPolicy } from './inline-policy';
import { dominated, OwnStatement, ownStatement, raiseNeeded, readOwnStatement, renderStatement, Revocation } from './statements';

export type ReadablePolicy = Extract<ReadPolicy, { ok: true }>;

export interface Plan {
  /** The policy text to put; `''`: the inline policy is to be deleted. */
  readonly text: string;
  /** Whether it differs from what was read; nothing is written otherwise. */
  readonly changed: boolean;
  /** The own statements in force once it is written. */
  readonly own: OwnStatement[];
}

/** The own statements in force in a policy. */
export function ownStatements(read: ReadablePolicy, owner: string): OwnStatement[] {
  return read.statements.flatMap((st) => readOwnStatement(st, owner) ?? []);
}

/**
 * Adds `next`. Every own statement in force stays unless `next` dominates it; a deploy-time one
 * stays even then while a later event may ask for its mark again. Nothing is written when the
 * generation's own statements already dominate `next` (a rollback, a retry, an older deployment).
 * With `lower` (granted and asked for) the generation's other statements give way to `next`, later
 * ones too: the one way a cutoff moves earlier.
 */
export function planApply(read: ReadablePolicy, owner: string, next: OwnStatement, lower: boolean): Plan {
  const own = ownStatements(read, owner);
  const sameGeneration = own.filter((o) => o.generation === next.generation);
  const done = lower ? sameGeneration.length === 1 && sameGeneration[0].sid === next.sid : dominated(next, sameGeneration);
  if (done) {
    return planOf(read, owner, read.statements);
  }
  const kept = read.statements.filter((st) => {
    const o = readOwnStatement(st, owner);
    if (!o) {
      return true;
    }
    if (o.sid === next.sid || (lower && o.generation === next.generation)) {
      return false;
    }
    return !(dominated(o, [next]) && (o.mark === undefined || o.mark === next.mark));
  });
  return planOf(read, owner, [...kept, renderStatement(next)]);
}

/** Whether the generation's own statements in force deny at least what was asked. */
export function holds(read: ReadablePolicy, owner: string, generation: string, asked: Revocation): boolean {
  return dominated(asked, ownStatements(read, owner).filter((o) => o.generation === generation));
}

/** What a confirmed removal takes away: everything the resource wrote, or one replaced generation's statements. */
export type RemovalScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'generation'; readonly generation: string; readonly live: string };

/**
 * Removes own statements. `all`: every one, any generation. `generation`: the replaced
 * generation's, once the live generation denies at least as much wherever it targets the same
 * users: where its cutoff is earlier, a live statement with the replaced one's cutoff is added in
 * the same write, so no user's cutoff moves earlier. Users only the replaced generation denied are
 * the dropped targets, and go.
 */
export function planRemoval(read: ReadablePolicy, owner: string, scope: RemovalScope): Plan {
  if (scope.kind === 'all') {
    return planOf(read, owner, read.statements.filter((st) => !readOwnStatement(st, owner)));
  }
  const own = ownStatements(read, owner);
  const live = own.filter((o) => o.generation === scope.live);
  const raised: OwnStatement[] = [];
  for (const old of own.filter((o) => o.generation === scope.generation)) {
    const needed = raiseNeeded(old, [...live, ...raised]);
    if (needed) {
      raised.push(ownStatement(owner, scope.live, needed));
    }
  }
  const kept = read.statements.filter((st) => {
    const o = readOwnStatement(st, owner);
    // A live statement a raised one dominates goes in the same write, as in planApply.
    const superseded = o?.generation === scope.live && o.mark === undefined && raised.length > 0 && dominated(o, raised);
    return !o || (o.generation !== scope.generation && !superseded);
  });
  return planOf(read, owner, [...kept, ...raised.map(renderStatement)]);
}

function planOf(read: ReadablePolicy, owner: string, statements: ReadonlyArray<Record<string, unknown>>): Plan {
  const text = renderPolicy(read, statements);
  return {
    text,
    changed: text !== renderPolicy(read, read.statements),
    own: statements.flatMap((st) => readOwnStatement(st, owner) ?? []),
  };
}
