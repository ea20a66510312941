/**
 * The organization handler with the real SDK v3 Organizations client against the loopback
 * endpoint: what it writes, the ratchet, removal, and faults.
 */
import { ownedName, ownerTag, servedResourceTag } from '../../src/core/ratchet';
import { createOrganizationHandler, OrganizationDeps } from '../../src/revoke-organization-sessions/revoke-organization-sessions.lambda';
import { scpCutoff } from '../../src/revoke-organization-sessions/scp-document';
import { createEvent, deleteEvent, updateEvent, STACK_ID, LOGICAL_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';

const CUTOFF = '2026-11-22T10:00:00Z';
/** The handler serves every resource; tests of served resources name them. */
const ANY = { capableResources: 'any', futureResources: 'any' } as const;
const OWN_NAME = ownedName('RevokeSessions', ownerTag(STACK_ID, LOGICAL_ID));
const ROOT = 'r-ab12';
const OU = 'ou-ab12-cd34ef56';
const ACCT = '222233334444';
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

function props(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:provider',
    Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }],
    Targets: [ROOT],
    ExemptRoleArns: ['arn:aws:iam::111111111111:role/Stack-ProviderOnEventRole-ABC'],
    CutoffMode: 'fixed',
    IssuedBefore: CUTOFF,
    PolicyNamePrefix: 'RevokeSessions',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...overrides,
  };
}

const handler = (caps = { remove: false, lower: false }, served: Pick<OrganizationDeps, 'capableResources' | 'futureResources'> = ANY) =>
  createOrganizationHandler({ org: org.client(), now: () => NOW, sleep: async () => undefined, capabilities: caps, ...served });

const own = () => org.policyNamed(OWN_NAME)!;
const inForce = () => {
  const read = scpCutoff(own().content);
  return read.ok ? new Date(read.cutoffMs).toISOString() : read.reason;
};
const others = () => [...org.policies.values()].filter((p) => p.name !== OWN_NAME).map((p) => `${p.name}:${p.content}`);

test('create writes one SCP named for this resource, attaches it to every target, and touches no other SCP', async () => {
  const before = others();
  const res = await handler()(createEvent(props({ Targets: [ROOT, OU, ACCT] })));
  expect(res.PhysicalResourceId).toBe(OWN_NAME);
  expect(res.Data).toMatchObject({ PolicyName: OWN_NAME, EffectiveCutoff: CUTOFF, TargetsAttached: '3', TargetsKept: '0' });
  expect([...own().targets].sort()).toEqual([ACCT, OU, ROOT].sort());
  const doc = JSON.parse(own().content);
  expect(doc.Statement[0].Condition.ArnLike['aws:PrincipalArn']).toEqual(['arn:*:iam::*:role/ci-deploy', 'arn:*:iam::*:role/*/ci-deploy']);
  expect(doc.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual(expect.arrayContaining([
    'arn:*:iam::*:role/OrganizationAccountAccessRole', `arn:*:iam::*:role/stacksets-exec-${'?'.repeat(32)}`, 'arn:aws:iam::111111111111:role/Stack-ProviderOnEventRole-ABC',
  ]));
  expect(others()).toEqual(before);
});

test('a rollback (older cutoff) keeps the later cutoff in force: the cutoff is read from the SCP, not the event', async () => {
  await handler()(createEvent(props({ IssuedBefore: '2026-11-22T10:20:00Z' })));
  // Old properties forged to claim the earlier cutoff was in force: ignored.
  const res = await handler()(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z' }), props({ IssuedBefore: '2026-11-22T09:00:00Z' })));
  expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
  expect(inForce()).toBe('2026-11-22T10:20:00.000Z');
});

test('an earlier cutoff is applied only when the event asks and the environment grants lower', async () => {
  await handler()(createEvent(props({ IssuedBefore: '2026-11-22T10:20:00Z' })));
  await handler()(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()));
  expect(inForce()).toBe('2026-11-22T10:20:00.000Z');
  await handler({ remove: false, lower: true })(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()));
  expect(inForce()).toBe('2026-11-22T09:00:00.000Z');
});

test('a capable function uses its capabilities only for the resources it serves: a forged event naming another may only add or raise', async () => {
  const other = { stackId: STACK_ID, tags: new Set([servedResourceTag('SomeOtherResource')]) };
  const forger = handler({ remove: true, lower: true }, { capableResources: other, futureResources: other });
  await forger(createEvent(props({ Targets: [ROOT], RemovalPolicy: 'destroy' })));
  await forger(updateEvent(props({ Targets: [ROOT], IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true', RemovalPolicy: 'destroy' }), props()));
  await forger(deleteEvent(props({ RemovalPolicy: 'destroy' }), OWN_NAME));
  expect(inForce()).toBe('2026-11-22T10:00:00.000Z');
  await expect(forger(updateEvent(props({ Targets: [ROOT], IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), props())))
    .rejects.toThrow(/more than 1 hour after the deploy time/);
  expect(inForce()).toBe('2026-11-22T10:00:00.000Z');
  // The same events for a resource it serves do what they ask.
  const mine = { stackId: STACK_ID, tags: new Set([servedResourceTag(LOGICAL_ID)]) };
  await handler({ remove: true, lower: true }, { capableResources: mine, futureResources: mine })(
    updateEvent(props({ Targets: [ROOT], IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()));
  expect(inForce()).toBe('2026-11-22T09:00:00.000Z');
});

test('a later cutoff replaces the earlier one with one UpdatePolicy, no new SCP and no new attachment', async () => {
  await handler()(createEvent(props()));
  org.calls.length = 0;
  await handler()(updateEvent(props({ IssuedBefore: '2026-11-22T10:10:00Z' }), props()));
  expect(inForce()).toBe('2026-11-22T10:10:00.000Z');
  expect(org.tally()).toMatchObject({ 'UpdatePolicy:OK': 1 });
  expect(org.callsOf('CreatePolicy')).toHaveLength(0);
  expect(org.callsOf('AttachPolicy')).toHaveLength(0);
});

test('a user without a cutoff is denied every session; a later cutoff is refused unless lowering is granted', async () => {
  const user = { Kind: 'identity-center-user', UserId: '906723b4-d071-70a1-3b0a-b19e5a4e0f31' };
  const res = await handler()(createEvent(props({ Selections: [user], CutoffMode: 'none', IssuedBefore: undefined })));
  expect(res.Data!.EffectiveCutoff).toBe('none (every session)');
  expect(JSON.parse(own().content).Statement[0].Condition).not.toHaveProperty('DateLessThan');
  await expect(handler()(updateEvent(props({ Selections: [user] }), props()))).rejects.toThrow(/denies every session of its users \(no cutoff\)/);
  expect(JSON.parse(own().content).Statement[0].Condition).not.toHaveProperty('DateLessThan');
});

test('dropped targets stay attached under RETAIN and are detached under DESTROY with the remove capability', async () => {
  await handler()(createEvent(props({ Targets: [ROOT, OU] })));
  const kept = await handler()(updateEvent(props({ Targets: [ROOT] }), props({ Targets: [ROOT, OU] })));
  expect(kept.Data!.TargetsKept).toBe('1');
  expect(own().targets.has(OU)).toBe(true);
  // DESTROY in the event alone grants nothing.
  await handler()(updateEvent(props({ Targets: [ROOT], RemovalPolicy: 'destroy' }), props()));
  expect(own().targets.has(OU)).toBe(true);
  await handler({ remove: true, lower: false })(updateEvent(props({ Targets: [ROOT], RemovalPolicy: 'destroy' }), props()));
  expect([...own().targets]).toEqual([ROOT]);
});

test('delete keeps the SCP under RETAIN, and under DESTROY detaches and deletes only its own', async () => {
  await handler({ remove: true, lower: false })(createEvent(props({ Targets: [ROOT, ACCT], RemovalPolicy: 'destroy' })));
  await handler()(deleteEvent(props({ RemovalPolicy: 'destroy' }), OWN_NAME));
  expect(own()).toBeDefined();
  // A physical id this resource never issued (a failed Create) proves nothing: kept.
  await handler({ remove: true, lower: false })(deleteEvent(props({ RemovalPolicy: 'destroy' }), 'something-else'));
  expect(own()).toBeDefined();
  await handler({ remove: true, lower: false })(deleteEvent(props({ RemovalPolicy: 'destroy' }), OWN_NAME));
  expect(org.policyNamed(OWN_NAME)).toBeUndefined();
  expect(org.policies.size).toBe(2);
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
  await handler()(createEvent(props()));
  expect(org.tally()).toMatchObject({ 'CreatePolicy:TooManyRequests': 2, 'CreatePolicy:OK': 1, 'AttachPolicy:ConcurrentModification': 2, 'AttachPolicy:OK': 1 });
  expect(own().targets.has(ROOT)).toBe(true);
});

test('one failure message names each failed target and why; the targets that succeeded stay attached', async () => {
  org.addTarget('ou-ab12-fullfull', 5);
  const err = await handler()(createEvent(props({ Targets: [ROOT, 'ou-ab12-fullfull', '999988887777'] }))).catch((e) => e);
  expect(err.message).toMatch(/^failed to attach SCP RevokeSessions-[0-9a-f]{10} \(p-\d+\) to 2 of 3 targets \(1 done and kept\): /);
  expect(err.message).toContain('ou-ab12-fullfull: ConstraintViolation: You have attached the maximum number of policies');
  expect(err.message).toContain('detach one, or attach this one to an OU above it');
  expect(err.message).toContain('999988887777: TargetNotFound');
  expect(own().targets.has(ROOT)).toBe(true);
});

test('the failure message fits the 4 KB response even with 100 failed targets', async () => {
  const targets = Array.from({ length: 100 }, (_, i) => String(300000000000 + i));
  const err = await handler()(createEvent(props({ Targets: targets }))).catch((e) => e);
  expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(3000);
  expect(err.message).toMatch(/failed to attach .* to 100 of 100 targets .* and \d+ more \(see the function's log\)$/);
});

test('an SCP of this name changed outside the library is refused and left untouched', async () => {
  const tampered = org.addPolicy(OWN_NAME, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
  await expect(handler()(createEvent(props()))).rejects.toThrow(/was changed outside this library: it is not a list of Deny \* statements; it was left untouched/);
  expect(tampered.content).toContain('"Allow"');
  expect(org.callsOf('UpdatePolicy')).toHaveLength(0);
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
  await expect(handler()(createEvent(props(override)))).rejects.toThrow(message);
  expect(org.callsOf('CreatePolicy')).toHaveLength(0);
});

test('an SCP over 5,120 characters is refused by the handler, naming the size', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `a-very-long-role-name-for-the-size-test-${i}`);
  await expect(handler()(createEvent(props({ Selections: [{ Kind: 'roles-named', Names: names }] }))))
    .rejects.toThrow(/would be \d{4,} characters, over Organizations' 5120/);
});

test.each([
  [{ BreakGlassRoles: ['*'], Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }] }, /break-glass role "\*" would match nearly every role/],
  [{ BreakGlassRoles: ['AWSReservedSSO_*'], Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }] }, /every IAM Identity Center role/],
  [{ Selections: [{ Kind: 'all-roles', Exclude: ['*'] }] }, /excluded role "\*" would match nearly every role/],
  [{ ExemptRoleArns: ['arn:aws:iam::222233334444:role/*/ci-deploy'] }, /exempt role .* without wildcards/],
])('a forged update that would exempt everyone is refused and the SCP in force stays: %j', async (overrides, message) => {
  await handler()(createEvent(props({ Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }, { Kind: 'roles-named', Names: ['ci-deploy'] }] })));
  const before = own().content;
  await expect(handler()(updateEvent(props(overrides), props()))).rejects.toThrow(message);
  expect(own().content).toBe(before);
});

const selectors = () => (JSON.parse(own().content).Statement as any[])
  .map((s) => JSON.stringify(s.Condition.ArnLike ?? s.Condition.StringEquals));

test('an update that drops a selection (a rollback, a forged event) keeps its statement under RETAIN, at the new cutoff', async () => {
  const both = [{ Kind: 'roles-named', Names: ['ci-deploy'] }, { Kind: 'permission-sets', Names: ['AdministratorAccess'] }];
  await handler()(createEvent(props({ Selections: both })));
  const narrowed = props({ Selections: [{ Kind: 'roles-named', Names: ['nobody'] }], IssuedBefore: '2026-11-22T10:30:00Z' });
  await handler()(updateEvent(narrowed, props({ Selections: both })));
  const doc = JSON.parse(own().content);
  expect(selectors()).toEqual([
    JSON.stringify({ 'aws:PrincipalArn': ['arn:*:iam::*:role/nobody', 'arn:*:iam::*:role/*/nobody'] }),
    JSON.stringify({ 'aws:PrincipalArn': ['arn:*:iam::*:role/ci-deploy', 'arn:*:iam::*:role/*/ci-deploy'] }),
    JSON.stringify({ 'aws:PrincipalArn': ['arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*'] }),
  ]);
  expect(doc.Statement.map((s: any) => s.Sid)).toEqual(['RevokeSessions1', 'RevokeSessions2', 'RevokeSessions3']);
  expect(doc.Statement.map((s: any) => s.Condition.DateLessThan['aws:TokenIssueTime'])).toEqual(Array(3).fill('2026-11-22T10:30:00Z'));
  // A replay of the same update changes nothing more.
  const before = own().content;
  await handler()(updateEvent(narrowed, props({ Selections: both })));
  expect(own().content).toBe(before);
});

test('a kept statement takes exemptions added since, so a new break-glass role is never denied by it', async () => {
  await handler()(createEvent(props()));
  await handler()(updateEvent(props({ Selections: [{ Kind: 'roles-named', Names: ['other'] }], BreakGlassRoles: ['BreakGlass*'] }), props()));
  for (const s of JSON.parse(own().content).Statement) {
    expect(s.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(expect.arrayContaining(['arn:*:iam::*:role/BreakGlass*', 'arn:*:iam::*:role/*/BreakGlass*']));
  }
});

test('a dropped selection is removed only under DESTROY with the remove capability', async () => {
  await handler()(createEvent(props()));
  const narrowed = props({ Selections: [{ Kind: 'roles-named', Names: ['other'] }], RemovalPolicy: 'destroy' });
  await handler()(updateEvent(narrowed, props()));
  expect(selectors()).toHaveLength(2);
  await handler({ remove: true, lower: false })(updateEvent(narrowed, props()));
  expect(selectors()).toEqual([JSON.stringify({ 'aws:PrincipalArn': ['arn:*:iam::*:role/other', 'arn:*:iam::*:role/*/other'] })]);
});

test('a policyNamePrefix change keeps the later cutoff of the SCP it replaces, so DESTROY removing the old one never lowers it', async () => {
  const caps = { remove: true, lower: false };
  const v1 = props({ PolicyNamePrefix: 'IncidentA', IssuedBefore: '2026-11-22T10:20:00Z', RemovalPolicy: 'destroy' });
  const v2 = props({ PolicyNamePrefix: 'IncidentB', IssuedBefore: '2026-11-22T09:00:00Z', RemovalPolicy: 'destroy' });
  const first = await handler(caps)(createEvent(v1));
  const second = await handler(caps)({ ...updateEvent(v2, v1), PhysicalResourceId: first.PhysicalResourceId });
  expect(second.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
  // CloudFormation then deletes the old physical id, with the old properties.
  await handler(caps)(deleteEvent(v1, first.PhysicalResourceId));
  const left = [...org.policies.values()].filter((p) => p.name.startsWith('Incident'));
  expect(left.map((p) => p.name)).toEqual([ownedName('IncidentB', ownerTag(STACK_ID, LOGICAL_ID))]);
  expect(scpCutoff(left[0].content)).toEqual({ ok: true, cutoffMs: Date.parse('2026-11-22T10:20:00Z') });
  expect(second.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
});

test('the handler refuses a permission set selection that the break-glass roles exempt', async () => {
  await expect(handler()(createEvent(props({
    Selections: [{ Kind: 'permission-sets', Names: ['BreakGlass'] }], BreakGlassRoles: ['AWSReservedSSO_BreakGlass_*'],
  })))).rejects.toThrow(/permission set "BreakGlass" is exempt as a break-glass role/);
});
