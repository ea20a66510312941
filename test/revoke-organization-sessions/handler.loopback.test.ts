/**
 * The organization handler with the real SDK v3 Organizations client against the loopback
 * endpoint (a test double): write-once SCPs, the ratchet, superseding, removal, and faults.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { orgHandler, orgProps, HarnessOptions } from './org-harness';
import { ownedName } from '../../src/core/ratchet';
import { buildScp, exemptPatterns, scpCutoff } from '../../src/revoke-organization-sessions/scp-document';
import { MAX_OWNED_SCPS } from '../../src/revoke-organization-sessions/scp-plan';
import { createEvent, deleteEvent, OWNER, updateEvent } from '../helpers/events';
import { LoopbackOrganizations, LoopbackPolicy } from '../helpers/loopback-organizations';

const CUTOFF = '2026-11-22T10:00:00Z';
const ROOT = 'r-ab12';
const OU = 'ou-ab12-cd34ef56';
const ACCT = '222233334444';
const PROVIDER_ROLE = 'IncidentStack-ProviderOnEventRole-ABC';
let org: LoopbackOrganizations;

beforeEach(async () => {
  org = new LoopbackOrganizations({ pageSize: 2 });
  await org.start();
  [ROOT, OU, ACCT].forEach((t) => org.addTarget(t));
  // Someone else's SCPs: the handler must find its own across pages and never touch these.
  org.addPolicy('FullAWSAccessCopy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
  org.addPolicy('DenyLeaveOrg', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}');
});
afterEach(() => org.stop());

const props = orgProps;

/** The function of a stack that deployed `deployed`, with its grant. */
const handler = (deployed: Record<string, unknown> = props(), o: Partial<HarnessOptions> = {}) =>
  orgHandler(org, { deployed, stackRoles: [PROVIDER_ROLE], ...o });
const send = (deployed: Record<string, unknown>, event: CloudFormationCustomResourceEvent, o: Partial<HarnessOptions> = {}) =>
  handler(deployed, o)(event);
/** An Update of the resource whose current physical id is `id`. */
const update = (p: Record<string, unknown>, old: Record<string, unknown>, id: string) => ({ ...updateEvent(p, old), PhysicalResourceId: id });

const own = (): LoopbackPolicy[] => [...org.policies.values()].filter((p) => p.name.includes(`-${OWNER}`));
const only = (): LoopbackPolicy => {
  const list = own();
  expect(list).toHaveLength(1);
  return list[0];
};
const inForce = () => {
  const read = scpCutoff(only().content);
  return read.ok ? new Date(read.cutoffMs).toISOString() : read.reason;
};
const others = () => [...org.policies.values()].filter((p) => !p.name.includes(`-${OWNER}`))
  .map((p) => `${p.name}:${p.content}:${[...p.targets]}`);

test('create writes one SCP named for this resource and generation, attaches it to every target, and touches no other SCP', async () => {
  const before = others();
  const res = await send(props({ Targets: [ROOT, OU, ACCT] }), createEvent(props({ Targets: [ROOT, OU, ACCT] })));
  expect(res.Data).toMatchObject({ EffectiveCutoff: CUTOFF, TargetsAttached: '3', PoliciesSuperseded: '0', PoliciesKept: '' });
  const scp = only();
  expect(res.Data!.PolicyName).toBe(scp.name);
  expect(scp.name).toMatch(new RegExp(`^RevokeSessions-${OWNER}-g[0-9a-f]{8}-[0-9a-f]{10}$`));
  expect([...scp.targets].sort()).toEqual([ACCT, OU, ROOT].sort());
  const doc = JSON.parse(scp.content);
  expect(doc.Statement[0].Condition.ArnLike['aws:PrincipalArn']).toEqual(['arn:*:iam::*:role/ci-deploy', 'arn:*:iam::*:role/*/ci-deploy']);
  expect(doc.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual(expect.arrayContaining([
    'arn:*:iam::*:role/OrganizationAccountAccessRole', `arn:*:iam::*:role/stacksets-exec-${'?'.repeat(32)}`,
    // The stack's own role, from the function's environment, exact and in the stack's account.
    `arn:aws:iam::111122223333:role/${PROVIDER_ROLE}`,
  ]));
  expect(others()).toEqual(before);
  expect(org.callsOf('UpdatePolicy')).toHaveLength(0);
});

test('a later cutoff writes a new SCP, verifies it, then detaches and deletes the one it supersedes: never UpdatePolicy', async () => {
  const first = await send(props(), createEvent(props()));
  const firstId = only().id;
  org.calls.length = 0;
  const res = await send(props(), update(props({ IssuedBefore: '2026-11-22T10:10:00Z' }), props(), first.PhysicalResourceId!));
  expect(res.PhysicalResourceId).toBe(first.PhysicalResourceId);
  expect(inForce()).toBe('2026-11-22T10:10:00.000Z');
  expect(only().id).not.toBe(firstId);
  expect(res.Data).toMatchObject({ PoliciesSuperseded: '1', EffectiveCutoff: '2026-11-22T10:10:00Z' });
  // Created, attached, read back, and only then the earlier one detached and deleted.
  const order = org.calls.map((c) => c.action).filter((a) => ['CreatePolicy', 'AttachPolicy', 'ListTargetsForPolicy', 'DetachPolicy', 'DeletePolicy'].includes(a));
  expect(order.indexOf('AttachPolicy')).toBeLessThan(order.indexOf('DetachPolicy'));
  expect(order.lastIndexOf('ListTargetsForPolicy')).toBeLessThan(order.indexOf('DetachPolicy'));
  expect(org.callsOf('DeletePolicy').map((c) => c.input.PolicyId)).toEqual([firstId]);
  expect(org.callsOf('UpdatePolicy')).toHaveLength(0);
});

test('a rollback (older cutoff) keeps the later cutoff in force and writes nothing: the cutoff is read from the SCPs, not the event', async () => {
  const first = await send(props({ IssuedBefore: '2026-11-22T10:20:00Z' }), createEvent(props({ IssuedBefore: '2026-11-22T10:20:00Z' })));
  org.calls.length = 0;
  const res = await send(props(), update(props({ IssuedBefore: '2026-11-22T09:00:00Z' }), props({ IssuedBefore: '2026-11-22T09:00:00Z' }), first.PhysicalResourceId!));
  expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
  expect(inForce()).toBe('2026-11-22T10:20:00.000Z');
  expect(org.callsOf('CreatePolicy')).toHaveLength(0);
  expect(org.callsOf('DetachPolicy')).toHaveLength(0);
});

test('an earlier cutoff is put in force only when the event asks and the grant allows lowering', async () => {
  const first = await send(props({ IssuedBefore: '2026-11-22T10:20:00Z' }), createEvent(props({ IssuedBefore: '2026-11-22T10:20:00Z' })));
  const lowered = props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' });
  await send(props(), update(lowered, props(), first.PhysicalResourceId!));
  expect(inForce()).toBe('2026-11-22T10:20:00.000Z');
  await send(lowered, update(lowered, props(), first.PhysicalResourceId!), { lower: true });
  expect(inForce()).toBe('2026-11-22T09:00:00.000Z');
});

test('a user without a cutoff is denied every session; a later cutoff is refused unless lowering is granted', async () => {
  const user = { Kind: 'identity-center-user', UserId: '906723b4-d071-70a1-3b0a-b19e5a4e0f31' };
  const none = props({ Selections: [user], CutoffMode: 'none', IssuedBefore: undefined });
  const res = await send(none, createEvent(none));
  expect(res.Data!.EffectiveCutoff).toBe('none (every session)');
  expect(JSON.parse(only().content).Statement[0].Condition).not.toHaveProperty('DateLessThan');
  // The construct redeployed with a cutoff: the SCP without one stays, and says why.
  const withCutoff = props({ Selections: [user] });
  await expect(send(withCutoff, update(withCutoff, none, res.PhysicalResourceId!))).rejects.toThrow(/denies every session of its users \(no cutoff\)/);
  expect(JSON.parse(only().content).Statement[0].Condition).not.toHaveProperty('DateLessThan');
});

test('dropped targets stay attached under RETAIN, whatever the event says; a DESTROY grant detaches them only in the cleanup Delete', async () => {
  const both = props({ Targets: [ROOT, OU] });
  const first = await send(both, createEvent(both));
  const narrowed = props({ Targets: [ROOT], RemovalPolicy: 'destroy' });
  const res = await send(props({ Targets: [ROOT] }), update(narrowed, both, first.PhysicalResourceId!));
  expect(res.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
  expect(own().some((p) => p.targets.has(OU))).toBe(true);
  expect(res.Data!.PoliciesKept).toMatch(/RevokeSessions-/);
  // RETAIN: CloudFormation's cleanup Delete of the old generation keeps it.
  await send(props({ Targets: [ROOT] }), deleteEvent(both, first.PhysicalResourceId!), { stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: res.PhysicalResourceId } });
  expect(own().some((p) => p.targets.has(OU))).toBe(true);
  // DESTROY granted at synth: the same cleanup Delete detaches and deletes the old generation.
  await send(narrowed, deleteEvent(both, first.PhysicalResourceId!), { remove: true, stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: res.PhysicalResourceId } });
  expect(own().map((p) => [...p.targets])).toEqual([[ROOT]]);
});

test('a final Delete keeps the SCPs under RETAIN, and under DESTROY detaches and deletes every SCP the resource owns, only those', async () => {
  const destroy = props({ Targets: [ROOT, ACCT], RemovalPolicy: 'destroy' });
  const first = await send(destroy, createEvent(destroy), { remove: true });
  const deleting = { status: 'DELETE_IN_PROGRESS', physicalId: first.PhysicalResourceId };
  await send(props(), deleteEvent(destroy, first.PhysicalResourceId!), { stack: deleting });
  expect(own()).toHaveLength(1);
  // A physical id this resource never issued (a failed Create) proves nothing: kept.
  await send(destroy, deleteEvent(destroy, 'something-else'), { remove: true, stack: deleting });
  expect(own()).toHaveLength(1);
  await send(destroy, deleteEvent(destroy, first.PhysicalResourceId!), { remove: true, stack: deleting });
  expect(own()).toHaveLength(0);
  expect(org.policies.size).toBe(2);
});

test('an SCP an earlier version of the library named <prefix>-<owner> is superseded like any other, once the new one is verified', async () => {
  const legacy = org.addPolicy(ownedName('RevokeSessions', OWNER), buildScp({
    selections: [{ kind: 'roles-named', names: ['ci-deploy'] }], exempt: exemptPatterns([], []), cutoffMs: Date.parse('2026-11-22T09:30:00Z'),
  }));
  legacy.targets.add(ROOT);
  const res = await send(props(), update(props(), props(), ownedName('RevokeSessions', OWNER)));
  expect(res.Data).toMatchObject({ EffectiveCutoff: CUTOFF, PoliciesSuperseded: '1' });
  expect(org.policies.has(legacy.id)).toBe(false);
});

test('throttling and ConcurrentModificationException are retried to success', async () => {
  let faults = 0;
  org.inject = (req) => {
    if (req.action === 'CreatePolicy' && faults < 2) {
      faults++;
      return { code: 'TooManyRequests', message: 'AWS Organizations can\'t complete your request because of too many requests' };
    }
    if (req.action === 'AttachPolicy' && faults < 4) {
      faults++;
      return { code: 'ConcurrentModification', message: 'The target of the operation is currently being modified by a different request.' };
    }
    return undefined;
  };
  await send(props(), createEvent(props()));
  expect(org.tally()).toMatchObject({ 'CreatePolicy:TooManyRequests': 2, 'CreatePolicy:OK': 1, 'AttachPolicy:ConcurrentModification': 2, 'AttachPolicy:OK': 1 });
  expect(only().targets.has(ROOT)).toBe(true);
});

test('a target without a free slot fails with a clear message; the earlier SCP stays in force there, and the others move on', async () => {
  org.addTarget('ou-ab12-fullfull', 4);
  const targets = [ROOT, 'ou-ab12-fullfull'];
  const first = await send(props({ Targets: targets }), createEvent(props({ Targets: targets })));
  const earlier = only();
  // The bump needs a second slot on each target until it supersedes the earlier SCP.
  const err = await send(props({ Targets: targets }), update(props({ Targets: targets, IssuedBefore: '2026-11-22T10:10:00Z' }), props(), first.PhysicalResourceId!))
    .catch((e) => e);
  expect(err.message).toMatch(/^failed to attach SCP RevokeSessions-[0-9a-f]{10}-g[0-9a-f]{8}-[0-9a-f]{10} \(p-\d+\) to 1 of 2 targets \(1 done and kept\): /);
  expect(err.message).toContain('ou-ab12-fullfull: ConstraintViolation: You have attached the maximum number of policies');
  expect(err.message).toContain('no free SCP slot');
  expect(err.message).toContain('the earlier SCPs stay in force');
  expect(earlier.targets.has('ou-ab12-fullfull')).toBe(true);
  expect(org.policies.has(earlier.id)).toBe(true);
});

test('the failure message fits the 4 KB response even with 100 failed targets', async () => {
  const targets = Array.from({ length: 100 }, (_, i) => String(300000000000 + i));
  const err = await send(props({ Targets: targets }), createEvent(props({ Targets: targets }))).catch((e) => e);
  expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(3100);
  expect(err.message).toMatch(/failed to attach .* to 100 of 100 targets .* and \d+ more \(see the function's log\)/);
});

test('an owned SCP changed outside the library is left untouched and never superseded', async () => {
  const first = await send(props(), createEvent(props()));
  const tampered = only();
  tampered.content = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
  await send(props(), update(props({ IssuedBefore: '2026-11-22T10:10:00Z' }), props(), first.PhysicalResourceId!));
  expect(org.policies.get(tampered.id)?.content).toContain('"Allow"');
  expect(own()).toHaveLength(2);
});

test(`at most ${MAX_OWNED_SCPS} owned SCPs at once: past it the handler refuses, naming them, and writes nothing`, async () => {
  const first = await send(props(), createEvent(props()));
  const forger = handler(props());
  for (let i = 0; i < MAX_OWNED_SCPS + 2; i++) {
    await forger(update(props({ Selections: [{ Kind: 'roles-named', Names: [`other-${i}`] }] }), props(), first.PhysicalResourceId!)).catch(() => undefined);
  }
  expect(own()).toHaveLength(MAX_OWNED_SCPS);
  const err = await forger(update(props({ Selections: [{ Kind: 'roles-named', Names: ['another'] }] }), props(), first.PhysicalResourceId!)).catch((e) => e);
  expect(err.message).toMatch(new RegExp(`already owns ${MAX_OWNED_SCPS} SCPs, the most it may hold at once .*RevokeSessions-${OWNER}-g.* \\(p-\\d+, cutoff 2026-11-22T10:00:00Z\\)`));
});

test.each([
  [{ Targets: ['ou-bad'] }, /target "ou-bad" is not an organization root/],
  [{ Selections: [{ Kind: 'roles-named', Names: ['OrganizationAccountAccessRole'] }] }, /is exempt from every revocation/],
  [{ Selections: [{ Kind: 'roles-named', Names: ['cdk-hnb659fds-deploy-role-111111111111-us-east-1'] }] }, /is exempt from every revocation/],
  [{ Selections: [{ Kind: 'roles-named', Names: ['ci-*'] }] }, /not a valid IAM role name/],
  [{ Selections: [{ Kind: 'identity-center-user', UserId: 'alice@example.com' }] }, /identity store user id "alice@example.com" is not valid/],
  [{ CutoffMode: 'none' }, /only an Identity Center user selection may do/],
  [{ IssuedBefore: '2026-11-22T12:00:00Z' }, /more than 1 hour after the deploy time/],
  [{ Extra: 'x' }, /unexpected property "Extra"/],
])('refuses bad input before any write: %j', async (override, message) => {
  await expect(send(props(), createEvent(props(override)))).rejects.toThrow(message);
  expect(org.callsOf('CreatePolicy')).toHaveLength(0);
});

test('an SCP over 5,120 characters is refused by the handler, naming the size', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `a-very-long-role-name-for-the-size-test-${i}`);
  const big = props({ Selections: [{ Kind: 'roles-named', Names: names }] });
  await expect(send(big, createEvent(big))).rejects.toThrow(/would be \d{4,} characters, over Organizations' 5120/);
});

test.each([
  [{ BreakGlassRoles: ['*'], Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }] }, /break-glass role "\*" would match nearly every role/],
  [{ BreakGlassRoles: ['AWSReservedSSO_*'], Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }] }, /every IAM Identity Center role/],
  [{ Selections: [{ Kind: 'all-roles', Exclude: ['*'] }] }, /excluded role "\*" would match nearly every role/],
  [{ ExemptRoleArns: ['arn:aws:iam::222233334444:role/*/ci-deploy'] }, /exempt role .* without wildcards/],
  [{ BreakGlassRoles: ['BreakGlass*'] }, /not what this stack deployed/],
])('a forged update that would exempt more is refused and the SCP in force stays: %j', async (overrides, message) => {
  const deployed = props({ Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }, { Kind: 'roles-named', Names: ['ci-deploy'] }] });
  const first = await send(deployed, createEvent(deployed));
  const before = only().content;
  await expect(send(deployed, update(props(overrides), deployed, first.PhysicalResourceId!))).rejects.toThrow(message);
  expect(only().content).toBe(before);
});

test('an update that drops a selection (a rollback, a forged event) never takes its statement away: its SCP stays beside the new one', async () => {
  const both = props({ Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }, { Kind: 'permission-sets', Names: ['AdministratorAccess'] }] });
  const first = await send(both, createEvent(both));
  const earlier = only();
  const narrowed = props({ Selections: [{ Kind: 'roles-named', Names: ['nobody'] }], IssuedBefore: '2026-11-22T10:30:00Z' });
  await send(both, update(narrowed, both, first.PhysicalResourceId!));
  expect(org.policies.get(earlier.id)?.content).toBe(earlier.content);
  expect(own()).toHaveLength(2);
  // A replay changes nothing more.
  await send(both, update(narrowed, both, first.PhysicalResourceId!));
  expect(own()).toHaveLength(2);
});

test('a policyNamePrefix change keeps the later cutoff of the SCP it replaces, so DESTROY removing the old one never lowers it', async () => {
  const v1 = props({ PolicyNamePrefix: 'IncidentA', IssuedBefore: '2026-11-22T10:20:00Z', RemovalPolicy: 'destroy' });
  const v2 = props({ PolicyNamePrefix: 'IncidentB', IssuedBefore: '2026-11-22T09:00:00Z', RemovalPolicy: 'destroy' });
  const first = await send(v1, createEvent(v1), { remove: true });
  const second = await send(v2, update(v2, v1, first.PhysicalResourceId!), { remove: true });
  expect(second.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
  // CloudFormation then deletes the old physical id, with the old properties.
  await send(v2, deleteEvent(v1, first.PhysicalResourceId!), { remove: true, stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: second.PhysicalResourceId } });
  const left = own();
  expect(left.map((p) => p.name)).toEqual([expect.stringMatching(new RegExp(`^IncidentB-${OWNER}-g`))]);
  expect(scpCutoff(left[0].content)).toEqual({ ok: true, cutoffMs: Date.parse('2026-11-22T10:20:00Z') });
  expect(second.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
});

test('the handler refuses a permission set selection that the break-glass roles exempt', async () => {
  const p = props({ Selections: [{ Kind: 'permission-sets', Names: ['BreakGlass'] }], BreakGlassRoles: ['AWSReservedSSO_BreakGlass_*'] });
  await expect(send(p, createEvent(p))).rejects.toThrow(/permission set "BreakGlass" is exempt as a break-glass role/);
});

test('a stale bump of the replaced generation that lands after the new generation read: its cleanup first raises the live SCP', async () => {
  const v1 = props({ Targets: [ROOT], RemovalPolicy: 'destroy' });
  const v2 = props({ Targets: [ROOT, OU], RemovalPolicy: 'destroy' });
  const first = await send(v1, createEvent(v1), { remove: true });
  // The new generation reads what is in force, then stalls before it writes.
  let release!: () => void;
  const stalled = new Promise<void>((r) => {
    release = r;
  });
  const deploying = send(v2, update(v2, v1, first.PhysicalResourceId!), {
    remove: true, around: async (action, call) => ((action === 'CreatePolicy' ? stalled : Promise.resolve()).then(call)),
  });
  await new Promise((r) => setTimeout(r, 100));
  // Meanwhile a bump of the old generation (an earlier attempt still running) lands at 10:20.
  await send(v1, update(props({ Targets: [ROOT], RemovalPolicy: 'destroy', IssuedBefore: '2026-11-22T10:20:00Z' }), v1, first.PhysicalResourceId!), { remove: true });
  release();
  const second = await deploying;
  expect(second.Data!.EffectiveCutoff).toBe(CUTOFF);
  // CloudFormation's cleanup of the old generation: the live one is raised to 10:20 before the old one goes.
  await send(v2, deleteEvent(v1, first.PhysicalResourceId!), { remove: true, stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: second.PhysicalResourceId } });
  expect(own()).toHaveLength(1);
  expect(inForce()).toBe('2026-11-22T10:20:00.000Z');
  expect([...only().targets].sort()).toEqual([OU, ROOT]);
});
