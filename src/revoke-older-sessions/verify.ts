/**
 * Verify: after the writes, read again (batched for a batched run) what the roles carry now. Only
 * from such a read may a run delete an owned policy: one it shows in place dominates it.
 */
import { IamIo } from './io';
import { RoleState } from './plan';
import { readAccount, readPolicy } from './read';
import { mapWithConcurrency } from '../core/retry';

/**
 * Each role as it is now, by lower-cased name: every inline policy for a batched run; per role,
 * the policies `names` gives read again one by one (no listing, so a first revocation costs one
 * read per role), the others as the earlier read had them. A role that is gone is missing.
 */
export async function readAgain(io: IamIo, roles: readonly RoleState[], batched: boolean, wanted: (policyName: string) => boolean,
  names: (role: RoleState) => string[]):
  Promise<Map<string, RoleState>> {
  if (batched) {
    const before = new Map(roles.map((r) => [r.name.toLowerCase(), r]));
    return new Map((await readAccount(io, wanted, false)).filter((r) => before.has(r.name.toLowerCase()))
      .map((r) => [r.name.toLowerCase(), { ...before.get(r.name.toLowerCase())!, policies: r.policies }]));
  }
  const fresh = await mapWithConcurrency(roles, io.concurrency, async (role) => {
    const again = new Set(names(role));
    const policies = new Map([...role.policies].filter(([name]) => !again.has(name)));
    for (const name of again) {
      const text = await readPolicy(io, role.name, name);
      if (text !== undefined) {
        policies.set(name, text);
      }
    }
    return [role.name.toLowerCase(), { ...role, policies }] as const;
  });
  return new Map(fresh);
}
