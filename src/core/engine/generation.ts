/**
 * Generations: what a resource targets (everything but its cutoff and opt-ins) names a generation,
 * carried in its physical id and in the name of everything it writes. An Update that changes the
 * targets returns a new physical id, so CloudFormation sends the Delete of the old one only once the
 * whole stack update succeeded (or, on a rollback, the Delete of the new one): that Delete is the one
 * place where a dropped target is removed. An Update itself never removes anything.
 */
import { createHash } from 'crypto';

/** A physical id whose Create has not completed: its Delete (a failed Create's rollback) removes nothing. */
export const PENDING_PREFIX = 'pending-';

/** The short digest of what a resource targets: the given properties, in a canonical order. */
export function generationOf(props: Record<string, unknown>, targetKeys: readonly string[]): string {
  const canonical = [...targetKeys].sort().map((k) => [k, canonicalValue(props[k])]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 8);
}

/** `<owner id>-g<generation>`: unique per resource and generation. */
export function physicalIdOf(ownerId: string, generation: string): string {
  return `${ownerId}-g${generation}`;
}

/** What a physical id tells about the resource it was sent for. */
export type PhysicalIdKind =
  | { readonly kind: 'live'; readonly generation: string }
  | { readonly kind: 'pending' }
  /** Not one this resource's handler returned (forged, or another resource's): nothing may be removed for it. */
  | { readonly kind: 'foreign' };

export function readPhysicalId(physicalId: string | undefined, ownerId: string): PhysicalIdKind {
  if (physicalId === undefined) {
    return { kind: 'foreign' };
  }
  if (physicalId.startsWith(PENDING_PREFIX)) {
    return { kind: 'pending' };
  }
  const m = /^(.*)-g([0-9a-f]{8})$/.exec(physicalId);
  return m && m[1] === ownerId ? { kind: 'live', generation: m[2] } : { kind: 'foreign' };
}

/** Lists as sets (sorted, de-duplicated), objects by key, so a reordered list is the same generation. */
function canonicalValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonicalValue).map((x) => JSON.stringify(x));
    return [...new Set(items)].sort();
  }
  if (v !== null && typeof v === 'object') {
    return Object.keys(v as object).sort().map((k) => [k, canonicalValue((v as Record<string, unknown>)[k])]);
  }
  return v ?? null;
}
