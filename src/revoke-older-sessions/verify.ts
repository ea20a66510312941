/**
 * Verify: after the writes, read once more (batched for a batched run) and find the roles whose
 * owned policy no longer records this resource's cutoff. Only a deletion of that very policy by
 * someone else can cause it, since no other writer of this library writes that name.
 */
import { IamIo } from './io';
import { RolePlan } from './plan';
import { readAccount, readPolicy } from './read';
import { readRevocationDocument, latestCutoff } from '../core/revocation-document';

type Revoke = Extract<RolePlan, { kind: 'revoke' }>;

/** The plans whose owned policy does not hold their cutoff any more. */
export async function findLost(io: IamIo, written: readonly Revoke[], policyName: (p: Revoke) => string, batched: boolean): Promise<Revoke[]> {
  if (written.length === 0) {
    return [];
  }
  const holds = (text: string | undefined, cutoffMs: number) => {
    const read = text === undefined ? undefined : readRevocationDocument(text);
    return read?.kind === 'revocation' && (latestCutoff(read.statements) ?? -Infinity) >= cutoffMs;
  };
  if (batched) {
    const names = new Set(written.map(policyName));
    const byName = new Map((await readAccount(io, (n) => names.has(n), false)).map((r) => [r.name.toLowerCase(), r]));
    return written.filter((p) => !holds(byName.get(p.role.name.toLowerCase())?.policies.get(policyName(p)), p.cutoffMs));
  }
  const lost: Revoke[] = [];
  for (const p of written) {
    if (!holds(await readPolicy(io, p.role.name, policyName(p)), p.cutoffMs)) {
      lost.push(p);
    }
  }
  return lost;
}
