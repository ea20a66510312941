/**
 * API calls to revoke one role name across N accounts: the organization SCP against the
 * per-account `RevokeOlderSessions` path (one stack, so one write, per role per account).
 * Both handlers run unmodified with the real SDK clients against the loopback endpoints (test
 * doubles, not AWS): the figures are call counts, which do not depend on the double's speed.
 *
 * Usage (from bench/run.ts): `const rows = await organizationRows(); organizationTable(rows)`.
 */
import { createOrganizationHandler } from '../src/revoke-organization-sessions/revoke-organization-sessions.lambda';
import { createEvent as iamCreateEvent, CONTEXT, props as iamProps, STACK_ID, updateEvent } from '../test/helpers/events';
import { testHandler } from '../test/helpers/handler';
import { LoopbackIam } from '../test/helpers/loopback-iam';
import { LoopbackOrganizations } from '../test/helpers/loopback-organizations';
import { grantOf } from '../test/revoke-organization-sessions/org-harness';

export interface OrganizationBenchRow {
  readonly accounts: number;
  /** Organizations calls of one SCP deploy attached to the root: the same for any N. */
  readonly scpCalls: number;
  readonly scpWrites: number;
  /** The same for a later cutoff: a new SCP, attached and read back, and the earlier one retired. */
  readonly bumpCalls: number;
  readonly bumpWrites: number;
  /** IAM calls of one `RevokeOlderSessions` deploy per account, times N. */
  readonly perAccountCalls: number;
  readonly perAccountWrites: number;
}

const ORG_WRITES = new Set(['CreatePolicy', 'UpdatePolicy', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy']);

/** Measures both paths once and scales the per-account one to each N. */
export async function organizationRows(accountCounts: readonly number[] = [10, 100, 1000]): Promise<OrganizationBenchRow[]> {
  const scp = await measureScp(Math.max(...accountCounts));
  const perAccount = await measurePerAccount();
  return accountCounts.map((n) => ({
    accounts: n,
    scpCalls: scp.calls,
    scpWrites: scp.writes,
    bumpCalls: scp.bumpCalls,
    bumpWrites: scp.bumpWrites,
    perAccountCalls: perAccount.calls * n,
    perAccountWrites: perAccount.writes * n,
  }));
}

/** A Markdown table of the rows. */
export function organizationTable(rows: readonly OrganizationBenchRow[]): string {
  return [
    '| accounts | SCP: API calls (writes) | SCP, a later cutoff: API calls (writes) | per account: API calls (writes) |',
    '|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.accounts.toLocaleString('en-US')} | ${r.scpCalls} (${r.scpWrites}) | ${r.bumpCalls} (${r.bumpWrites}) `
      + `| ${r.perAccountCalls.toLocaleString('en-US')} (${r.perAccountWrites.toLocaleString('en-US')}) |`),
  ].join('\n');
}

async function measureScp(accounts: number): Promise<{ calls: number; writes: number; bumpCalls: number; bumpWrites: number }> {
  const org = new LoopbackOrganizations();
  await org.start();
  try {
    org.addTarget('r-ab12');
    for (let i = 0; i < accounts; i++) {
      org.addTarget(String(200000000000 + i));
    }
    const props = (cutoff: string) => ({ Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }], Targets: ['r-ab12'], IssuedBefore: cutoff });
    const first = props('2026-11-22T10:00:00Z');
    const handler = createOrganizationHandler({
      org: org.client(),
      sleep: async () => undefined,
      now: () => Date.parse('2026-11-22T10:30:00Z'),
      grants: () => grantOf(first),
      stack: { stackStatus: async () => 'UPDATE_COMPLETE', resource: async () => undefined },
      stackArn: STACK_ID,
      stackRoles: [],
      log: () => undefined,
    });
    const created = await handler(iamCreateEvent(first));
    const count = () => ({ calls: org.calls.length, writes: org.calls.filter((c) => ORG_WRITES.has(c.action)).length });
    const create = count();
    org.calls.length = 0;
    await handler({ ...updateEvent(props('2026-11-22T10:20:00Z'), first), PhysicalResourceId: created.PhysicalResourceId! });
    const bump = count();
    return { ...create, bumpCalls: bump.calls, bumpWrites: bump.writes };
  } finally {
    await org.stop();
  }
}

async function measurePerAccount(): Promise<{ calls: number; writes: number }> {
  const iam = new LoopbackIam();
  await iam.start();
  try {
    iam.addRole('app');
    await testHandler({ iam: iam.client() })(iamCreateEvent(iamProps()), CONTEXT);
    return { calls: iam.calls.length, writes: iam.calls.filter((c) => c.action === 'PutRolePolicy').length };
  } finally {
    await iam.stop();
  }
}

if (require.main === module) {
  void organizationRows().then((rows) => console.log(organizationTable(rows)));
}
