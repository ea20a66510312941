/**
 * Plan: what each role must carry, and what may go. Pure: no I/O, no clock, so it is
 * property-tested, and a dry run reports exactly what a real run writes.
 *
 * Every policy this resource writes is write-once, named by its generation and its cutoff
 * (`<policyName>-<owner tag>-<generation>-<cutoff>`): a run never rewrites a policy another run
 * planned from an earlier read. A run deletes an owned policy only when a fresh read shows one
 * with a later cutoff in place, so no policy at the latest cutoff is ever deleted, and a stale or
 * late write can only add a lower, harmless policy that the next run folds away. Lowering
 * (`allowEarlierCutoff`, granted at synth) is the one exception.
 */
import { formatInstant } from '../core/instant';
import { nextCutoff } from '../core/ratchet';
import { buildRevocationDocument, latestCutoff, readRevocationDocument, TimeStatement } from '../core/revocation-document';

/** One role as read from IAM. */
export interface RoleState {
  readonly name: string;
  /** Always starts and ends with `/`. */
  readonly path: string;
  readonly arn: string;
  /** From `GetRole` or `ListRoles`; `GetAccountAuthorizationDetails` does not return it. */
  readonly maxSessionSeconds?: number;
  readonly tags: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }>;
  /** Inline policies read, by name, as decoded JSON text: the owned ones and the legacy shared ones at least. */
  readonly policies: ReadonlyMap<string, string>;
  /**
   * The service principals the trust policy lets assume the role (`*` for any principal);
   * `undefined` when the trust policy was not read or not understood.
   */
  readonly trustedServices?: readonly string[];
}

/** Who is writing, and what it asks for. */
export interface PlanInput {
  /** `ownerTag(StackId, LogicalResourceId)`: in the name of every policy this resource owns. */
  readonly owner: string;
  /** The statement id of this resource; legacy shared documents carry it too. */
  readonly ownerSid: string;
  /** The Sid to write: `ownerSid`, marked for a deploy-time cutoff (`markedSid`). */
  readonly sid: string;
  /** The configured policy name: the prefix of the owned policies. */
  readonly policyName: string;
  /** The request's generation. */
  readonly generation: string;
  readonly requestedMs: number;
  /** The function may lower (its grant) and the resource asks to. */
  readonly lower: boolean;
}

/** A policy to put on one role. */
export interface PolicyWrite {
  readonly policyName: string;
  readonly document: string;
  readonly cutoffMs: number;
}

export type RolePlan =
  | {
    readonly kind: 'revoke';
    readonly role: RoleState;
    /** The cutoff this resource puts in force on the role. */
    readonly cutoffMs: number;
    /** The latest cutoff this resource had in force before, over every policy it owns. */
    readonly ownInForceMs?: number;
    /** The owned policy that records `cutoffMs`. */
    readonly target: string;
    /** Undefined when the role already carries exactly that policy. */
    readonly write?: PolicyWrite;
    /** This resource's statement in a shared document written by an earlier release: never modified. */
    readonly legacyStatement: boolean;
  }
  | { readonly kind: 'refuse'; readonly role: RoleState; readonly reason: string };

/** A policy this resource owns, as read. */
export interface OwnedPolicy {
  readonly name: string;
  /** The name without `-<owner>[-<generation>-<cutoff>]`. */
  readonly prefix: string;
  /** `undefined` for a name an earlier release wrote (`<policyName>-<owner tag>`). */
  readonly generation?: string;
  readonly cutoffMs: number;
  readonly statements: readonly TimeStatement[];
}

/** `20261122T100000Z` (with `.085` before the `Z` when there are milliseconds): a cutoff in a policy name. */
export function cutoffStamp(cutoffMs: number): string {
  return formatInstant(cutoffMs).replace(/[-:]/g, '');
}

/** The name of the policy one generation writes for one cutoff; the prefix is clipped to IAM's 128 characters. */
export function ownedPolicyName(policyName: string, owner: string, generation: string, cutoffMs: number): string {
  const suffix = `-${owner}-${generation}-${cutoffStamp(cutoffMs)}`;
  return `${policyName.slice(0, 128 - suffix.length)}${suffix}`;
}

/** What an owned name tells: its prefix and generation; `undefined` when `owner` did not name it. */
export function parseOwnedName(name: string, owner: string): { prefix: string; generation?: string } | undefined {
  let pattern = ownedNamePatterns.get(owner);
  if (!pattern) {
    pattern = new RegExp(`^(.+)-${owner}(?:-([0-9a-f]{8})-(\\d{8}T\\d{6}(?:\\.\\d{3})?Z))?$`);
    ownedNamePatterns.set(owner, pattern);
  }
  const m = pattern.exec(name);
  return m ? { prefix: m[1], generation: m[2] } : undefined;
}

/** One compiled pattern per owner: a run parses every policy name of thousands of roles. */
const ownedNamePatterns = new Map<string, RegExp>();

/** The Sid a deploy-time cutoff writes: the owner's, with the generation's `deployTimeMark`. */
export function markedSid(ownerSid: string, mark: string | undefined): string {
  return mark === undefined ? ownerSid : `${ownerSid}D${mark}`;
}

/**
 * The owned policies of a role that are time-based revocations, and the reason to refuse the role
 * when a policy carries this resource's name but is not one (nothing of it is ever touched).
 */
export function ownedPolicies(role: RoleState, owner: string): { owned: OwnedPolicy[]; refuse?: string } {
  const owned: OwnedPolicy[] = [];
  let refuse: string | undefined;
  for (const [name, text] of role.policies) {
    const parsed = parseOwnedName(name, owner);
    const read = parsed ? readRevocationDocument(text) : undefined;
    if (!parsed || !read) {
      continue;
    }
    if (read.kind === 'unrecognized') {
      refuse ??= `its policy "${name}" carries this resource's name but is not a time-based revocation (${read.reason}); `
        + 'it was left untouched: remove it, then deploy again';
    } else if (read.statements.length > 0) {
      owned.push({ ...parsed, name, cutoffMs: latestCutoff(read.statements)!, statements: read.statements });
    }
  }
  return { owned, refuse };
}

/**
 * The latest cutoff a deploy-time generation already put in force (statements with its marked
 * Sid, in any owned policy of any role read): a retry, an update or a rollback keeps it, and a
 * role added later gets it, instead of the clock.
 */
export function markedCutoff(roles: readonly RoleState[], owner: string, sid: string): number | undefined {
  const cutoffs = roles.flatMap((r) => ownedPolicies(r, owner).owned
    .flatMap((p) => p.statements.filter((s) => s.sid === sid).map((s) => s.cutoffMs)));
  return cutoffs.length > 0 ? Math.max(...cutoffs) : undefined;
}

/**
 * What the role must carry so this resource's cutoff is in force there, never earlier than what
 * the resource already has in force (any policy name, any generation, a legacy statement), unless
 * `lower`.
 */
export function planRevocation(role: RoleState, input: PlanInput): RolePlan {
  const read = ownedPolicies(role, input.owner);
  if (read.refuse !== undefined) {
    return { kind: 'refuse', role, reason: read.refuse };
  }
  const legacy = legacyCutoff(role, input);
  const inForce = [...read.owned.map((p) => p.cutoffMs), ...(legacy === undefined ? [] : [legacy])];
  const ownInForceMs = inForce.length > 0 ? Math.max(...inForce) : undefined;
  const cutoffMs = nextCutoff(ownInForceMs, input.requestedMs, input.lower);
  const target = ownedPolicyName(input.policyName, input.owner, input.generation, cutoffMs);
  // The last deploy-time cutoff of another generation stays recorded beside this one, so rolling back to it keeps it.
  const carried = input.lower ? undefined : read.owned.flatMap((p) => p.statements)
    .filter((s) => s.sid !== undefined && s.sid !== input.sid && s.sid.startsWith(`${input.ownerSid}D`) && s.cutoffMs <= cutoffMs)
    .sort((a, b) => b.cutoffMs - a.cutoffMs)[0];
  const document = buildRevocationDocument([{ sid: input.sid, cutoffMs }, ...(carried ? [carried] : [])]);
  const write = role.policies.get(target) === document ? undefined : { policyName: target, document, cutoffMs };
  return { kind: 'revoke', role, cutoffMs, ownInForceMs, target, write, legacyStatement: legacy !== undefined };
}

/** How a run may fold what it supersedes. */
export interface SupersedeInput {
  readonly owner: string;
  readonly generation: string;
  /**
   * A resource whose function may remove (`DESTROY`) folds only its own generation: the other
   * generations go through the removal CloudFormation confirms, which needs their policies to
   * tell what each generation still targets. Any other folds every generation.
   */
  readonly foldOtherGenerations: boolean;
  /** Lowering: the policy just verified at the lowered cutoff; every owned policy above it goes too. */
  readonly lowered?: string;
}

/**
 * The owned policies to delete from a role after a read that shows them: those with a cutoff
 * strictly earlier than the latest owned policy in place. Every policy at the latest cutoff stays,
 * so two runs at once, of any generations, and a removal CloudFormation confirms, can never
 * delete each other's last one: at worst a lower policy stays for the next run.
 */
export function planSupersede(role: RoleState, input: SupersedeInput): string[] {
  const read = ownedPolicies(role, input.owner);
  const foldable = read.owned.filter((p) => (input.foldOtherGenerations ? true : p.generation === input.generation));
  if (input.lowered !== undefined) {
    const kept = read.owned.find((p) => p.name === input.lowered);
    if (!kept) {
      return [];
    }
    return read.owned.filter((p) => p.name !== kept.name && (p.cutoffMs > kept.cutoffMs || (foldable.includes(p) && p.cutoffMs < kept.cutoffMs)))
      .map((p) => p.name).sort();
  }
  const top = Math.max(...foldable.map((p) => p.cutoffMs));
  return foldable.filter((p) => p.cutoffMs < top).map((p) => p.name).sort();
}

/** What removing one generation (or the whole resource) does on one role. */
export interface RemovalPlan {
  /**
   * A replaced generation's cutoff is later than the live generation's on a role both target (a
   * rollback's cleanup): the live generation first records that cutoff, and it is verified, before
   * anything goes.
   */
  readonly raise?: PolicyWrite;
  readonly deletes: string[];
}

/**
 * `all`: every policy the resource owns on the role, any name, any generation. A generation: its
 * own policies, after the live generation (if it also targets the role) holds a cutoff at least
 * as late. Legacy shared documents and foreign policies are never touched.
 */
export function planRemoval(role: RoleState, owner: string, scope: { kind: 'all' } | { kind: 'generation'; generation: string; live: string }): RemovalPlan {
  const read = ownedPolicies(role, owner);
  if (scope.kind === 'all') {
    return { deletes: read.owned.map((p) => p.name).sort() };
  }
  const gone = read.owned.filter((p) => p.generation === scope.generation);
  const live = read.owned.filter((p) => p.generation === scope.live);
  if (gone.length === 0) {
    return { deletes: [] };
  }
  const goneTop = latestOf(gone)!;
  const liveTop = latestOf(live);
  let raise: PolicyWrite | undefined;
  if (liveTop && liveTop.cutoffMs < goneTop.cutoffMs) {
    const statements = goneTop.statements.filter((s) => s.cutoffMs === goneTop.cutoffMs);
    raise = {
      policyName: ownedPolicyName(liveTop.prefix, owner, scope.live, goneTop.cutoffMs),
      document: buildRevocationDocument(statements),
      cutoffMs: goneTop.cutoffMs,
    };
  }
  return { raise, deletes: gone.map((p) => p.name).sort() };
}

/** The latest cutoff in force on a role over every readable time-based revocation, whoever wrote it. */
export function roleCutoff(role: RoleState, written: readonly PolicyWrite[] = []): number | undefined {
  const docs = new Map(role.policies);
  written.forEach((w) => docs.set(w.policyName, w.document));
  const cutoffs = [...docs.values()].map((text) => {
    const read = readRevocationDocument(text);
    return read.kind === 'revocation' ? latestCutoff(read.statements) : undefined;
  }).filter((c): c is number => c !== undefined);
  return cutoffs.length > 0 ? Math.max(...cutoffs) : undefined;
}

/** The policy with the latest cutoff (the first by name among equals), if any. */
function latestOf(policies: readonly OwnedPolicy[]): OwnedPolicy | undefined {
  return [...policies].sort((a, b) => b.cutoffMs - a.cutoffMs || a.name.localeCompare(b.name))[0];
}

/** The latest cutoff of this resource's statements (its owner Sid) in documents an earlier release shared, under any name. */
function legacyCutoff(role: RoleState, input: PlanInput): number | undefined {
  const cutoffs: number[] = [];
  for (const [name, text] of role.policies) {
    const read = parseOwnedName(name, input.owner) ? undefined : readRevocationDocument(text);
    if (read?.kind === 'revocation') {
      cutoffs.push(...read.statements.filter((s) => s.sid === input.ownerSid).map((s) => s.cutoffMs));
    }
  }
  return cutoffs.length > 0 ? Math.max(...cutoffs) : undefined;
}
