/**
 * Plan: what each role's owned revocation policy must become. Pure: no I/O, no clock, so it is
 * property-tested, and a dry run reports exactly what a real run writes.
 */
import { isOwnedBy, nextCutoff, ownedName } from '../core/ratchet';
import { buildRevocationDocument, latestCutoff, readRevocationDocument } from '../core/revocation-document';

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
   * Service principals the role's trust policy allows (`ec2.amazonaws.com`), sorted; `undefined`
   * when not read. A service's credentials may outlive `MaxSessionDuration`.
   */
  readonly trustedServices?: readonly string[];
}

/** Who is writing, and what it asks for. */
export interface PlanInput {
  /** `ownerTag(StackId, LogicalResourceId)`: the suffix of every policy this resource owns. */
  readonly owner: string;
  /** The statement id the previous release wrote into the shared document; also the Sid of owned statements. */
  readonly ownerSid: string;
  /** The configured policy name: the prefix of the owned policy. */
  readonly policyName: string;
  readonly requestedMs: number;
  /** The function may lower (`Capabilities.lower`) and the resource asks to. */
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
    /** The cutoff this resource records on the role. */
    readonly cutoffMs: number;
    /** The latest cutoff this resource had in force before, over every policy it owns. */
    readonly ownInForceMs?: number;
    /** Empty when the role already carries exactly this resource's cutoff. */
    readonly writes: PolicyWrite[];
    /** This resource's statement in a shared document written by an earlier release: never modified. */
    readonly legacyStatement: boolean;
  }
  | { readonly kind: 'refuse'; readonly role: RoleState; readonly reason: string };

/** The name of the one policy this resource writes on every role. */
export function ownedPolicyName(policyName: string, owner: string): string {
  return ownedName(policyName, owner);
}

/**
 * What the role must carry so this resource's cutoff is recorded there, never earlier than what
 * the resource already has in force (whatever policy name it used), unless `lower`.
 */
export function planRevocation(role: RoleState, input: PlanInput): RolePlan {
  const target = ownedPolicyName(input.policyName, input.owner);
  const owned = new Map<string, number | undefined>();
  for (const [name, text] of role.policies) {
    if (!isOwnedBy(name, input.owner)) {
      continue;
    }
    const read = readRevocationDocument(text);
    if (read.kind === 'unrecognized') {
      return {
        kind: 'refuse',
        role,
        reason: `its policy "${name}" carries this resource's name but is not a time-based revocation (${read.reason}); `
          + 'it was left untouched: remove it, then deploy again',
      };
    }
    owned.set(name, latestCutoff(read.statements));
  }
  const legacy = legacyCutoff(role, input);
  const inForce = [...owned.values(), legacy].filter((c): c is number => c !== undefined);
  const ownInForceMs = inForce.length > 0 ? Math.max(...inForce) : undefined;
  const cutoffMs = nextCutoff(ownInForceMs, input.requestedMs, input.lower);
  const document = buildRevocationDocument([{ sid: input.ownerSid, cutoffMs }]);
  const writes: PolicyWrite[] = [];
  if (role.policies.get(target) !== document) {
    writes.push({ policyName: target, document, cutoffMs });
  }
  if (input.lower) {
    // Lowering must reach every policy this resource owns, or an older name would keep the later cutoff.
    for (const [name, c] of owned) {
      if (name !== target && c !== undefined && c > cutoffMs) {
        writes.push({ policyName: name, document, cutoffMs });
      }
    }
  }
  return { kind: 'revoke', role, cutoffMs, ownInForceMs, writes, legacyStatement: legacy !== undefined };
}

/**
 * The owned policies to delete from a role when this resource's revocation goes (`keep`: the one
 * name still in use on an Update). Legacy shared documents and foreign policies are never touched.
 */
export function planRemoval(role: RoleState, owner: string, keep?: string): string[] {
  return [...role.policies.keys()].filter((name) => isOwnedBy(name, owner) && name !== keep).sort();
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

/** The latest cutoff of this resource's statements (its owner Sid) in documents an earlier release shared, under any name. */
function legacyCutoff(role: RoleState, input: PlanInput): number | undefined {
  const cutoffs: number[] = [];
  for (const [name, text] of role.policies) {
    const read = isOwnedBy(name, input.owner) ? undefined : readRevocationDocument(text);
    if (read?.kind === 'revocation') {
      cutoffs.push(...read.statements.filter((s) => s.sid === input.ownerSid).map((s) => s.cutoffMs));
    }
  }
  return cutoffs.length > 0 ? Math.max(...cutoffs) : undefined;
}
