/**
 * The organization writer's decisions, pure and free of I/O: the SCPs it owns and their names, the
 * SCP a request puts in force, which owned SCPs a verified one supersedes, and what the removal of a
 * replaced generation may take away. Organizations has no conditional write, so every SCP is written
 * once, named by its content, and an owned SCP goes only when one that dominates it is verified in
 * place: a stale or late run can then only add a lower SCP, never replace a higher one.
 */
import { createHash } from 'crypto';
import { OrganizationRequest } from './properties';
import { buildScp, exemptPatterns, readScp, ScpRead, scpDominates, ScpSelection, ScpStatement } from './scp-document';
import { deployTimeMark } from '../core/engine/cutoff';
import { InputError } from '../core/failure-report';
import { describeCutoff, RequestedCutoff } from '../core/resource-props';

/**
 * The most SCPs one resource may own at once: the one in force, the next one while it is verified,
 * and one kept for a selection or target a `RETAIN` update dropped. Past it, no new SCP is created,
 * so events (forged or not) can never take every SCP slot of the targets.
 */
export const MAX_OWNED_SCPS = 3;

/** An SCP whose name says this resource wrote it. */
export interface OwnedScp {
  readonly name: string;
  /** The prefix its name starts with. */
  readonly prefix: string;
  readonly id: string;
  readonly content: string;
  readonly read: ScpRead;
  /** The generation that wrote it; `undefined` for the one SCP of a version before generations. */
  readonly generation?: string;
}

const DIGEST_CHARS = 10;

/** `<prefix>-<owner>-g<generation>-<content digest>`, the prefix clipped so the whole fits 128 characters. */
export function scpName(prefix: string, owner: string, generation: string, content: string): string {
  const suffix = `${owner}-g${generation}-${createHash('sha256').update(content).digest('hex').slice(0, DIGEST_CHARS)}`;
  return `${prefix.slice(0, 128 - suffix.length - 1)}-${suffix}`;
}

/**
 * Whether `name` is an SCP of `owner`, and of which generation and prefix: a name `scpName` built,
 * or the single `<prefix>-<owner>` of earlier versions of this library (no generation).
 */
export function readScpName(name: string, owner: string): { readonly prefix: string; readonly generation?: string } | undefined {
  const m = new RegExp(`^(.+)-${owner}-g([0-9a-f]{8})-[0-9a-f]{${DIGEST_CHARS}}$`).exec(name);
  if (m) {
    return { prefix: m[1], generation: m[2] };
  }
  return name.endsWith(`-${owner}`) && name.length > owner.length + 1 ? { prefix: name.slice(0, -owner.length - 1) } : undefined;
}

const ROLE_TAIL = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const STACK_ARN = /^arn:(aws[a-z-]*):cloudformation:[a-z0-9-]+:(\d{12}):stack\//;

/**
 * The exact ARNs of the stack's own roles (its providers' roles and deploy roles), which every
 * statement exempts: `path/name` tails from the function's environment, in the function's own
 * account. Tails that are not plain role paths are left out (a malformed environment grants nothing).
 */
export function stackRoleArns(stackArn: string, tails: readonly string[]): string[] {
  const m = STACK_ARN.exec(stackArn);
  return m ? tails.filter((t) => ROLE_TAIL.test(t)).map((t) => `arn:${m[1]}:iam::${m[2]}:role/${t}`) : [];
}

/**
 * Exemptions that may be added without a deployment removing anything: the built-in lockout list
 * and the stack's own roles, from the function's code and environment.
 */
export function trustedExemptions(stackRoles: readonly string[]): ReadonlySet<string> {
  return new Set(exemptPatterns([], stackRoles));
}

/** The same selections in one order, names sorted: the same request always gives the same text. */
function canonical(selections: readonly ScpSelection[]): ScpSelection[] {
  const sorted = (l: readonly string[]) => [...new Set(l)].sort();
  const each = selections.map((s): ScpSelection => {
    switch (s.kind) {
      case 'all-roles': return { kind: s.kind, exclude: sorted(s.exclude) };
      case 'identity-center-user': return s;
      default: return { kind: s.kind, names: sorted(s.names) };
    }
  });
  const byKey = new Map(each.map((s) => [JSON.stringify(s), s]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

function statementsOf(owned: readonly OwnedScp[]): ScpStatement[] {
  return owned.flatMap((p) => (p.read.ok ? p.read.statements : []));
}

/** The latest cutoff the resource wrote with a deploy-time cutoff's mark: a later run keeps it. */
export function markedInForce(cutoff: RequestedCutoff, owned: readonly OwnedScp[]): number | undefined {
  const mark = deployTimeMark(cutoff);
  const marked = statementsOf(owned).filter((s) => mark !== undefined && s.mark === mark).map((s) => s.cutoffMs);
  return marked.length > 0 ? Math.max(...marked) : undefined;
}

export interface PlanInput {
  readonly request: OrganizationRequest;
  readonly owned: readonly OwnedScp[];
  /** `stackRoleArns`. */
  readonly stackRoles: readonly string[];
  /** The cutoff the grant allows (`Infinity`: none), given the marked one in force. */
  readonly requestedMs: number;
  /** The grant may lower and the request asks to. */
  readonly lower: boolean;
  readonly owner: string;
  readonly generation: string;
}

export interface Plan {
  readonly name: string;
  readonly content: string;
  readonly statements: readonly ScpStatement[];
  /** `Infinity`: no time condition. */
  readonly cutoffMs: number;
}

/**
 * The SCP the request puts in force: its selections, at the later of the requested cutoff and the
 * latest one the resource already has in force for any of these selections (unless it lowers), with
 * every exemption the resource's grant and environment allow.
 */
export function planScp(input: PlanInput): Plan {
  const { request, owned, lower } = input;
  const probe = scpContent(request, input.stackRoles, 0, false);
  const selectors = new Set(readOwn(probe).map((s) => s.selector));
  const matching = statementsOf(owned).filter((s) => selectors.has(s.selector));
  const inForce = matching.length > 0 ? Math.max(...matching.map((s) => s.cutoffMs)) : undefined;
  if (inForce === Infinity && input.requestedMs !== Infinity && !lower) {
    const holder = owned.find((p) => p.read.ok && p.read.statements.some((s) => s.cutoffMs === Infinity && selectors.has(s.selector)))!;
    throw new InputError(`SCP ${holder.name} (${holder.id}) denies every session of its users (no cutoff); a cutoff would let sessions issued `
      + 'after it through again; keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose');
  }
  const cutoffMs = lower || inForce === undefined ? input.requestedMs : Math.max(inForce, input.requestedMs);
  const content = scpContent(request, input.stackRoles, cutoffMs);
  const read = readOwn(content);
  return { name: scpName(request.policyPrefix, input.owner, input.generation, content), content, statements: read, cutoffMs };
}

/**
 * The SCP text of a request at `cutoffMs` (`Infinity`: no time condition), in one canonical order:
 * what the handler writes, and what synth previews in the template.
 */
export function scpContent(request: Pick<OrganizationRequest, 'selections' | 'breakGlass' | 'exemptArns' | 'cutoff'>,
  stackRoles: readonly string[], cutoffMs: number, marked = true): string {
  return buildScp({
    selections: canonical(request.selections),
    exempt: exemptPatterns([...request.breakGlass].sort(), [...new Set([...request.exemptArns, ...stackRoles])].sort()),
    cutoffMs: cutoffMs === Infinity ? undefined : cutoffMs,
    mark: marked ? deployTimeMark(request.cutoff) : undefined,
  });
}

/** Reads text this module built; it always reads. */
function readOwn(content: string): readonly ScpStatement[] {
  const parsed = readScp(content);
  if (!parsed.ok) {
    throw new Error(`the planned SCP does not read back: ${parsed.reason}`);
  }
  return parsed.statements;
}

/**
 * Whether `candidate` may go now that the SCP with `statements` is verified attached to `verified`:
 * every statement of it covered, and every target it is attached to (read afresh) among them.
 */
export function supersedes(statements: readonly ScpStatement[], verified: ReadonlySet<string>, candidate: OwnedScp,
  candidateTargets: ReadonlySet<string>, trusted: ReadonlySet<string>, lower: boolean): boolean {
  return candidate.read.ok && scpDominates(statements, candidate.read.statements, trusted, lower)
    && [...candidateTargets].every((t) => verified.has(t));
}

/**
 * What the Delete of a replaced generation may take away. Where the live generation denies the
 * same principals, it must hold a cutoff at least as late first: `raise` names each live SCP and the
 * cutoff it must reach (never for a lowering resource, which asked for the earlier one). Everything
 * else of the replaced generation, selections and targets the live one dropped, may go.
 */
export function generationRemoval(replaced: readonly OwnedScp[], live: readonly OwnedScp[], lower: boolean):
{ readonly raise: ReadonlyMap<OwnedScp, number> } {
  const raise = new Map<OwnedScp, number>();
  if (lower) {
    return { raise };
  }
  for (const old of statementsOf(replaced)) {
    for (const scp of live) {
      const same = scp.read.ok ? scp.read.statements.filter((s) => s.selector === old.selector) : [];
      if (same.length > 0 && Math.min(...same.map((s) => s.cutoffMs)) < old.cutoffMs) {
        raise.set(scp, Math.max(raise.get(scp) ?? -Infinity, old.cutoffMs));
      }
    }
  }
  return { raise };
}

/** The names and ids of SCPs, for messages. */
export function listScps(scps: readonly OwnedScp[]): string {
  return scps.map((p) => `${p.name} (${p.id}${p.read.ok ? `, cutoff ${describeCutoff(Math.max(...p.read.statements.map((s) => s.cutoffMs)))}` : ''})`)
    .join(', ');
}
