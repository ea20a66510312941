/**
 * The pure plan of the switch: which statements the next version carries, which version must be
 * the default, which versions may go, which roles to arm, and the inline fallback for the roles
 * that cannot be armed. No I/O and no clock, so it is property-tested on its own.
 *
 * Versions are write-once objects. A run never replaces what is in force with a version planned
 * from an earlier read: it creates a new version as default only when that version dominates every
 * version it read (per generation, a cutoff at least as late), reads again afterwards, and where a
 * version written meanwhile is not dominated, makes the version that dominates everything default.
 * A version is deleted only when the default, verified by a fresh read, dominates it; so the highest
 * cutoff any run reached always survives in some version, and the next run or sweep puts it back.
 */
import { MAX_MARKS, ReadVersion, statementApplies, SwitchStatement } from './document';
import { Narrowing, SwitchRequest } from './properties';
import { lockoutReason } from '../core/lockout';
import { buildRevocationDocument, readRevocationDocument, latestCutoff } from '../core/revocation-document';
import { ALWAYS_EXEMPT_NAMES } from '../revoke-organization-sessions/scp-document';
import { globMatches, isExcluded, matchesListing, matchesTags } from '../role-selection/selection-match';

/** One version as read: its id, whether it is the default, and its content. */
export interface VersionView {
  readonly id: string;
  readonly isDefault: boolean;
  readonly createdMs: number;
  readonly content: ReadVersion;
}

/** Statements by generation. */
export type Statements = ReadonlyMap<string, SwitchStatement>;

/** Per generation, the latest cutoff any of the owned versions holds (marks merged). */
export function mergeVersions(versions: ReadonlyArray<Pick<VersionView, 'content'>>): Map<string, SwitchStatement> {
  return mergeStatements(versions.flatMap((v) => (v.content.kind === 'owned' ? [v.content.statements] : [])));
}

export function mergeStatements(lists: ReadonlyArray<readonly SwitchStatement[]>): Map<string, SwitchStatement> {
  const out = new Map<string, SwitchStatement>();
  for (const s of lists.flat()) {
    const have = out.get(s.generation);
    if (!have) {
      out.set(s.generation, s);
      continue;
    }
    const later = s.cutoffMs > have.cutoffMs ? s : have;
    out.set(s.generation, { ...later, marks: [...new Set([...later.marks, ...have.marks, ...s.marks])].slice(0, MAX_MARKS) });
  }
  return out;
}

/** Whether `a` denies at least what `b` does: every generation of `b` with a cutoff, at least as late in `a`. */
export function dominates(a: readonly SwitchStatement[], b: readonly SwitchStatement[]): boolean {
  return b.every((sb) => sb.cutoffMs <= 0 || a.some((sa) => sa.generation === sb.generation && sa.cutoffMs >= sb.cutoffMs));
}

/** Same statements (generation, cutoff, narrowing, exemptions, marks): writing again would change nothing. */
export function sameStatements(a: readonly SwitchStatement[], b: readonly SwitchStatement[]): boolean {
  const key = (list: readonly SwitchStatement[]) => JSON.stringify([...list].sort((x, y) => x.generation.localeCompare(y.generation)));
  return key(a) === key(b);
}

/** What this run asks its own statement to hold. */
export interface OwnStatementInput {
  readonly generation: string;
  readonly narrowing: Narrowing;
  readonly exempt: readonly string[];
  /** The cutoff resolved by the engine (for a deploy-time cutoff, the marked one when there is one). */
  readonly requestedMs: number;
  /** `deployTimeMark` of a deploy-time request. */
  readonly mark?: string;
  /** The grant allows lowering and the request asks for it. */
  readonly lower: boolean;
}

/** The cutoff a deploy-time generation already put in force: its mark is on the statement. */
export function markedCutoff(baseline: Statements, generation: string, mark: string | undefined): number | undefined {
  const own = baseline.get(generation);
  return mark !== undefined && own?.marks.includes(mark) ? own.cutoffMs : undefined;
}

/**
 * The statements of the next version: every statement in force kept as it is (an Update never
 * removes; idle ones of other generations deny nothing and go), and this generation's at its new
 * cutoff, never earlier than it holds unless lowering.
 */
export function planStatements(baseline: Statements, input: OwnStatementInput): { statements: SwitchStatement[]; cutoffMs: number } {
  const own = baseline.get(input.generation);
  const cutoffMs = input.lower ? input.requestedMs : Math.max(own?.cutoffMs ?? 0, input.requestedMs);
  const held = own?.marks ?? [];
  // A mark already held stays where it is: a retry must plan exactly the version in force.
  const marks = input.mark === undefined || held.includes(input.mark) ? held : [input.mark, ...held].slice(0, MAX_MARKS);
  const others = [...baseline.values()].filter((s) => s.generation !== input.generation && s.cutoffMs > 0);
  return {
    cutoffMs,
    statements: [...others, { generation: input.generation, cutoffMs, marks, exempt: [...input.exempt], narrowing: input.narrowing }],
  };
}

/**
 * A replaced generation's removal (`DESTROY`, in CloudFormation's cleanup): its statement goes, and
 * the live generation's cutoff rises to the removed one's first, so roles both revoke lose nothing.
 * `undefined`: nothing to remove (the same generation, or no live statement to carry the cutoff).
 */
export function planGenerationRemoval(baseline: Statements, removed: string, live: string): SwitchStatement[] | undefined {
  const gone = baseline.get(removed);
  const kept = baseline.get(live);
  if (removed === live || gone === undefined || kept === undefined) {
    return undefined;
  }
  return [...baseline.values()].filter((s) => s.generation !== removed && s.generation !== live)
    .concat({ ...kept, cutoffMs: Math.max(kept.cutoffMs, gone.cutoffMs) });
}

/** What the default must become so that it dominates `required`. */
export type Reassert =
  | { readonly kind: 'in-force' }
  /** A version that dominates everything exists: make it the default (never one that does not). */
  | { readonly kind: 'set-default'; readonly versionId: string }
  /** None does: write one that does. */
  | { readonly kind: 'create'; readonly statements: SwitchStatement[] };

/**
 * @param exact a lowering or a removal: the default must hold exactly `required`, not merely dominate it
 */
export function planReassert(versions: readonly VersionView[], required: readonly SwitchStatement[], exact = false): Reassert {
  const owned = versions.filter((v): v is VersionView & { content: { kind: 'owned' } } => v.content.kind === 'owned');
  const fits = (v: VersionView & { content: { kind: 'owned' } }) => (exact
    ? sameStatements(v.content.statements, required) : dominates(v.content.statements, required));
  const current = owned.find((v) => v.isDefault);
  if (current && fits(current)) {
    return { kind: 'in-force' };
  }
  const best = owned.filter(fits).sort((a, b) => b.createdMs - a.createdMs)[0];
  return best ? { kind: 'set-default', versionId: best.id } : { kind: 'create', statements: [...mergeStatements([required]).values()] };
}

/**
 * What is wrong with the default, when something is: a version this switch did not write, or one
 * that another version dominates (someone made an older version the default, or a stale write
 * landed last). `undefined` when the default dominates every version.
 */
export function describeTampering(versions: readonly VersionView[]): string | undefined {
  const current = versions.find((v) => v.isDefault);
  if (current === undefined) {
    return undefined;
  }
  if (current.content.kind === 'foreign') {
    return `the default version ${current.id} was not written by this switch (${current.content.reason})`;
  }
  const all = [...mergeVersions(versions).values()];
  if (dominates(current.content.statements, all)) {
    return undefined;
  }
  const higher = versions.find((v) => v.content.kind === 'owned' && dominates(v.content.statements, all));
  return `the default version ${current.id} holds an earlier cutoff than version ${higher?.id ?? 'another version'}: `
    + 'an older version was made the default (iam:SetDefaultPolicyVersion, or a stale write)';
}

/**
 * Versions that may be deleted once `verifiedDefault` was seen as the default by a fresh read:
 * every other one it dominates, and foreign ones (never in force while not the default). With
 * `authoritative` (a lowering or a removal) every other version goes, or the next run would merge
 * the higher or removed statements back.
 */
export function planCleanup(versions: readonly VersionView[], verifiedDefault: VersionView, authoritative: boolean): string[] {
  const kept = verifiedDefault.content.kind === 'owned' ? verifiedDefault.content.statements : undefined;
  return versions.filter((v) => v.id !== verifiedDefault.id && (authoritative || v.content.kind === 'foreign'
    || (kept !== undefined && dominates(kept, v.content.statements)))).map((v) => v.id);
}

/**
 * When the versions are full, the one to delete before writing: a non-default version the default
 * dominates (or a foreign one). `undefined` when none may go.
 */
export function planMakeRoom(versions: readonly VersionView[]): string | undefined {
  const current = versions.find((v) => v.isDefault);
  if (current === undefined || current.content.kind !== 'owned') {
    return versions.filter((v) => !v.isDefault && v.content.kind === 'foreign').sort((a, b) => a.createdMs - b.createdMs)[0]?.id;
  }
  const statements = current.content.statements;
  return versions.filter((v) => !v.isDefault && (v.content.kind === 'foreign' || dominates(statements, v.content.statements)))
    .sort((a, b) => a.createdMs - b.createdMs)[0]?.id;
}

// ---------------------------------------------------------------- roles

/** One role as the batched read returns it. */
export interface RoleView {
  readonly name: string;
  /** Starts and ends with `/`. */
  readonly path: string;
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
  /** ARNs of the managed policies attached to it. */
  readonly attached: readonly string[];
  /** Inline policies by name, decoded. */
  readonly inline: ReadonlyMap<string, string>;
  readonly createdMs?: number;
}

/** Why a selected role does not carry the switch. */
export type NotArmedReason = 'quota-full' | 'service-linked' | 'identity-center' | 'protected' | 'missing' | 'failed';

export type ArmingPlan =
  | { readonly kind: 'armed' }
  | { readonly kind: 'arm' }
  | { readonly kind: 'unselected' }
  | { readonly kind: 'excluded' }
  | { readonly kind: 'not-armed'; readonly reason: NotArmedReason; readonly detail: string };

/**
 * Whether a role is to carry the switch: selected, not excluded, never a role of the lockout list
 * (this library's provider and deploy roles, CDK bootstrap, StackSets and organization access
 * roles), never a role IAM does not let anyone attach to, and only while its quota has room.
 */
export function planArming(role: RoleView, request: SwitchRequest, policyArn: string, protectedNames: ReadonlySet<string>): ArmingPlan {
  if (!isSelected(role, request)) {
    return { kind: 'unselected' };
  }
  const lockout = lockoutReason(role.name, role.path, protectedNames);
  if (lockout?.category === 'service-linked' || lockout?.category === 'identity-center') {
    return { kind: 'not-armed', reason: lockout.category, detail: lockout.reason };
  }
  const organization = ALWAYS_EXEMPT_NAMES.find((g) => globMatches(g.toLowerCase(), role.name.toLowerCase()));
  if (lockout || organization) {
    return { kind: 'not-armed', reason: 'protected', detail: lockout?.reason ?? `it is a role that administers the account (${organization}); revoking it could lock out the organization` };
  }
  if (request.exclude.length > 0 && isExcluded(role.name, role.path, request.exclude)) {
    return { kind: 'excluded' };
  }
  if (role.attached.includes(policyArn)) {
    return { kind: 'armed' };
  }
  if (role.attached.length >= request.maxManagedPolicies) {
    return {
      kind: 'not-armed',
      reason: 'quota-full',
      detail: `it already has ${role.attached.length} managed policies, the quota of ${request.maxManagedPolicies}; `
        + 'its revocations are written inline (raise the quota, or detach a policy, to arm it)',
    };
  }
  return { kind: 'arm' };
}

function isSelected(role: RoleView, request: SwitchRequest): boolean {
  const a = request.arming;
  if (a.kind === 'explicit') {
    return a.roles.some((r) => r.name.toLowerCase() === role.name.toLowerCase() && (r.path === '/' || r.path === role.path));
  }
  return matchesListing(a.spec, role.name, role.path)
    && (a.spec.kind !== 'tagged' || matchesTags(a.spec, Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }))));
}

/** The latest cutoff of the statements in force that apply to a role (0: none applies). */
export function cutoffFor(role: RoleView, inForce: readonly SwitchStatement[]): number {
  return Math.max(0, ...inForce.filter((s) => s.cutoffMs > 0 && statementApplies(s, role)).map((s) => s.cutoffMs));
}

// ---------------------------------------------------------------- inline fallback

/** The inline policies this switch writes on roles it could not arm: one per cutoff (write-once). */
export function fallbackPolicyName(owner: string, cutoffMs: number): string {
  return `${fallbackPrefix(owner)}${cutoffMs.toString(36)}`;
}

export function fallbackPrefix(owner: string): string {
  return `CdkSwitch-${owner}-`;
}

export interface FallbackPlan {
  /** The policy to put, when the role does not hold the cutoff yet. */
  readonly put?: { readonly policyName: string; readonly document: string };
  /** Owned inline policies to delete once `put` (or the one already holding the cutoff) is verified in place. */
  readonly superseded: readonly string[];
  /** The owned policy that holds the cutoff (the one to verify). */
  readonly holder: string;
}

/**
 * The inline revocation of one unarmed role: a new policy per cutoff, never a rewrite, so a stale
 * write only adds a lower one. The lower ones go once the holder is verified; with `lower`, every
 * other owned one goes.
 */
export function planFallback(role: RoleView, owner: string, cutoffMs: number, lower: boolean): FallbackPlan {
  const owned = ownedFallbacks(role, owner);
  const latest = Math.max(-Infinity, ...owned.values());
  if (!lower && latest >= cutoffMs) {
    const holder = [...owned].find(([, c]) => c === latest)![0];
    return { holder, superseded: [...owned].filter(([n, c]) => n !== holder && c < latest).map(([n]) => n).sort() };
  }
  const holder = fallbackPolicyName(owner, cutoffMs);
  const existing = owned.get(holder);
  return {
    holder,
    put: existing === cutoffMs ? undefined : { policyName: holder, document: fallbackDocument(owner, cutoffMs) },
    superseded: [...owned].filter(([n, c]) => n !== holder && (lower || c < cutoffMs)).map(([n]) => n).sort(),
  };
}

export function fallbackDocument(owner: string, cutoffMs: number): string {
  return buildRevocationDocument([{ sid: `CdkSwitch${owner}`, cutoffMs }]);
}

/** The owned fallback policies of a role and their cutoffs; one it cannot read is left alone, never counted or deleted. */
export function ownedFallbacks(role: Pick<RoleView, 'inline'>, owner: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, text] of role.inline) {
    const read = name.startsWith(fallbackPrefix(owner)) ? readRevocationDocument(text) : undefined;
    const cutoff = read?.kind === 'revocation' ? latestCutoff(read.statements) : undefined;
    if (cutoff !== undefined) {
      out.set(name, cutoff);
    }
  }
  return out;
}
