/**
 * What each resource a function serves may do beyond adding or raising a revocation. The construct
 * sets it at synth in the function's own environment, per resource; an event only names a resource,
 * and the function looks that resource up here. So no event, forged or replayed, can grant removal,
 * lowering, a cutoff further ahead than synth knew, no cutoff at all, or wider exemptions.
 */
import { createHash } from 'crypto';
import { InputError } from '../failure-report';

/** A cutoff beyond the usual hour ahead that synth knew and allowed. */
export type FutureBound =
  /** A literal cutoff: nothing later than this instant. */
  | { readonly kind: 'until'; readonly epochMs: number }
  /** A deploy-time cutoff: a buffer of at most this long. */
  | { readonly kind: 'buffer'; readonly ms: number };

export interface ResourceGrant {
  /** Delete what the resource wrote, once CloudFormation confirms the removal (`RemovalPolicy.DESTROY`). */
  readonly remove: boolean;
  /** Move the resource's cutoff earlier (`allowEarlierCutoff`). */
  readonly lower: boolean;
  /** Deny with no time condition (every session of the users it names): the construct was deployed without a cutoff. */
  readonly noCutoff: boolean;
  /** The furthest future cutoff synth allowed (`allowFutureCutoff`); none: at most an hour ahead. */
  readonly future?: FutureBound;
  /**
   * `narrowingDigest` of what the resource spares (exemptions, excludes, break-glass roles, a policy
   * prefix): an event must carry exactly this, or be refused.
   */
  readonly narrowing: string;
}

/** The environment variables the grants travel in. */
export const GRANTS_ENV = 'REVOKE_GRANTS';
export const STACK_ENV = 'REVOKE_STACK';

/** The digest of "spares nothing": what an unserved resource, or one without exemptions, must carry. */
export const NOTHING_SPARED = narrowingDigest({});

/** What a resource the function does not serve gets: add and raise only, sparing nothing. */
export const NO_GRANT: ResourceGrant = { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED };

/** The grants of one function: its stack, and each served resource by `resourceTag`. */
export interface FunctionGrantTable {
  readonly stackId: string;
  readonly resources: ReadonlyMap<string, ResourceGrant>;
}

/** A short digest of a logical id: keeps the environment (4 KB in all) small. */
export function resourceTag(logicalId: string): string {
  return digest(logicalId, 12);
}

/**
 * A short, order-independent digest of what a resource spares. Lists are sorted and de-duplicated,
 * empty entries dropped, so the construct and the handler agree on the same set however it is given.
 */
export function narrowingDigest(parts: Record<string, string | readonly string[] | undefined>): string {
  const canonical = Object.keys(parts).sort().flatMap((k) => {
    const v = parts[k];
    const list = v === undefined ? [] : typeof v === 'string' ? [v] : [...new Set(v)].sort();
    return list.length === 0 ? [] : [[k, list]];
  });
  return digest(JSON.stringify(canonical), 12);
}

/** One resource's entry: `<tag>:<flags>:<future>:<narrowing>`, flags of `r` (remove), `l` (lower), `n` (no cutoff). */
export function encodeGrant(logicalIdTag: string, grant: ResourceGrant): string {
  const flags = `${grant.remove ? 'r' : ''}${grant.lower ? 'l' : ''}${grant.noCutoff ? 'n' : ''}`;
  const future = grant.future === undefined ? ''
    : grant.future.kind === 'until' ? `u${Math.ceil(grant.future.epochMs / 1000)}` : `b${Math.ceil(grant.future.ms / 1000)}`;
  return `${logicalIdTag}:${flags}:${future}:${grant.narrowing}`;
}

/** The longest an encoded entry can be, for the synth-time environment budget. */
export const MAX_ENCODED_GRANT_CHARS = 12 + 1 + 3 + 1 + 12 + 1 + 12 + 1;

/** Reads the table from the environment; a malformed entry grants nothing. */
export function grantsFromEnv(env: Record<string, string | undefined> = process.env): FunctionGrantTable {
  const resources = new Map<string, ResourceGrant>();
  for (const entry of (env[GRANTS_ENV] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([0-9a-f]{12}):([rln]{0,3}):(u\d{1,12}|b\d{1,9})?:([0-9a-f]{12})$/.exec(entry);
    if (!m) {
      continue;
    }
    const [, tag, flags, future, narrowing] = m;
    resources.set(tag, {
      remove: flags.includes('r'),
      lower: flags.includes('l'),
      noCutoff: flags.includes('n'),
      future: future === undefined ? undefined
        : future.startsWith('u') ? { kind: 'until', epochMs: Number(future.slice(1)) * 1000 } : { kind: 'buffer', ms: Number(future.slice(1)) * 1000 },
      narrowing,
    });
  }
  return { stackId: env[STACK_ENV] ?? '', resources };
}

/**
 * The grant of an event's resource, or `undefined` when the function does not serve it: only a
 * resource of the function's own stack that the construct routed to it has one.
 */
export function servedGrant(table: FunctionGrantTable, stackId: string, logicalId: string): ResourceGrant | undefined {
  if (table.stackId === '' || table.stackId !== stackId) {
    return undefined;
  }
  return table.resources.get(resourceTag(logicalId));
}

/** Grants as a handler takes them: the function's table, or `(stackId, logicalId) => grant` in tests. */
export type GrantSource = FunctionGrantTable | ((stackId: string, logicalId: string) => ResourceGrant);

/**
 * The grant of the resource a deployment event names. A Create or Update for a resource the
 * function does not serve is refused: a forged resource would otherwise be a new owner each time,
 * and enough of them fill the space (a role's 10,240 inline characters, a permission set's 32,768)
 * that a later legitimate revocation needs.
 */
export function grantOfEvent(grants: GrantSource, event: { RequestType: string; StackId: string; LogicalResourceId: string }): ResourceGrant {
  const grant = typeof grants === 'function' ? grants(event.StackId, event.LogicalResourceId)
    : servedGrant(grants, event.StackId, event.LogicalResourceId);
  if (grant !== undefined) {
    return grant;
  }
  if (event.RequestType === 'Delete') {
    return NO_GRANT;
  }
  throw new InputError(`resource ${clip(event.LogicalResourceId)} of stack ${clip(event.StackId)} is not one this function serves `
    + '(each construct routes its resource here at synth, in the function\'s environment); nothing was written. Deploy the construct '
    + 'in the stack whose function this is');
}

function clip(s: string): string {
  return JSON.stringify(String(s).slice(0, 120));
}

function digest(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, chars);
}
