/**
 * The switch's real handler and SDK client against the loopback IAM endpoint (a test double),
 * judged from each role's side by the IAM oracle: armed and idle nothing is denied; after a bump a
 * selected armed role's older sessions are denied and newer ones allowed; unselected armed roles
 * and the lockout list stay allowed; a role that could not be armed is denied through its inline fallback.
 */
import {
  after, before, create, createRoleEvent, decide, grantOf, Harness, OWNER, POLICY_ARN, PROVIDER_ROLE, PROVIDER_ROLE_ARN, remove, revoking,
  startHarness, sweepEvent, switchProps, update,
} from './harness';
import { EngineResponse } from '../../src/core/engine/handler';
import { readSwitchDocument } from '../../src/revocation-switch/document';
import { fallbackPrefix } from '../../src/revocation-switch/plan';

const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const ARMABLE = ['app-1', 'app-2', 'team-api', 'tagged-svc'];
const PROTECTED = ['cdk-hnb659fds-deploy-role-111122223333-us-east-1', 'OrganizationAccountAccessRole', PROVIDER_ROLE];

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.endpoint.addRole('app-1');
  h.endpoint.addRole('app-2');
  h.endpoint.addRole('team-api', { path: '/team/' });
  h.endpoint.addRole('tagged-svc', { tags: { incident: 'ir-42' } });
  h.endpoint.addRole('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' });
  h.endpoint.addRole('AWSReservedSSO_Admin_0123456789abcdef', { path: '/aws-reserved/sso.amazonaws.com/' });
  PROTECTED.forEach((name) => h.endpoint.addRole(name));
  h.endpoint.addRole('full-quota');
  for (let i = 0; i < 10; i++) {
    h.managed.attachExisting('full-quota', `arn:aws:iam::aws:policy/Filler${i}`);
  }
});
afterEach(() => h.stop());

const calls = () => h.endpoint.calls.map((c) => c.action);
const inForce = () => {
  const read = readSwitchDocument(h.managed.defaultDocument(POLICY_ARN)!, OWNER);
  if (read.kind !== 'owned') {
    throw new Error(read.reason);
  }
  return read.statements;
};

test('armed and idle: every selected role it may arm carries the switch, the rest are reported with their reason, and nothing is denied', async () => {
  const res = await h.handler(grantOf(switchProps()))(create(switchProps()));
  expect(res).toMatchObject({
    Data: {
      RolesArmed: '4',
      RolesArmedNow: '4',
      RolesNotArmed: '6',
      RolesRevoked: '0',
      EffectiveCutoff: 'none (idle: the switch denies nothing)',
      NotArmedReasons: 'identity-center=1, protected=3, quota-full=1, service-linked=1',
      Tampering: 'none',
      PolicyArn: POLICY_ARN,
    },
  });
  expect(h.managed.entitiesOf(POLICY_ARN)).toEqual([...ARMABLE].sort());
  expect(inForce().map((s) => s.cutoffMs)).toEqual([0]);
  for (const role of [...ARMABLE, 'full-quota', ...PROTECTED]) {
    expect(await decide(h, role, '2020-01-01T00:00:00Z')).toBe('Allowed');
  }
  // Arming: one batched read, one attach per role, one listing to verify, plus the policy's own three calls.
  expect(calls().filter((a) => a === 'AttachRolePolicy')).toHaveLength(4);
  expect(calls().filter((a) => a === 'GetAccountAuthorizationDetails')).toHaveLength(1);
});

test('a bump revokes every armed role in three IAM calls, and the role it could not arm inline in the same deployment', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  // Someone else attached the switch to a lockout role: every version exempts it anyway.
  h.managed.attachExisting(PROVIDER_ROLE, POLICY_ARN);
  h.endpoint.calls.splice(0);
  const res = await h.handler(grantOf(revoking(T1)))(update(revoking(T1), switchProps()));
  const created = calls().indexOf('CreatePolicyVersion');
  expect(calls().slice(0, created + 1)).toEqual(['ListPolicyVersions', 'GetPolicyVersion', 'CreatePolicyVersion']);
  expect(res).toMatchObject({ Data: { EffectiveCutoff: T1, RolesRevokedBySwitch: '4', RolesRevokedInline: '1', RolesRevoked: '5' } });
  for (const role of [...ARMABLE, 'full-quota']) {
    expect(await decide(h, role, before(T1))).toBe('ExplicitlyDenied');
    expect(await decide(h, role, after(T1))).toBe('Allowed');
  }
  expect([...h.endpoint.roles.get('full-quota')!.policies.keys()]).toEqual([`${fallbackPrefix(OWNER)}${Date.parse(T1).toString(36)}`]);
  for (const role of PROTECTED) {
    expect(await decide(h, role, before(T1))).toBe('Allowed');
  }
  // The older version is deleted once the new default is verified: one version stays.
  expect(h.managed.policies.get(POLICY_ARN)!.versions.size).toBe(1);
});

test('a narrowing by path revokes only the armed roles under it, with no write per role', async () => {
  const narrowed = revoking(T1, { Narrow: 'path-prefix', NarrowPathPrefix: '/team/' });
  await h.handler(grantOf(narrowed))(create(narrowed));
  expect(await decide(h, 'team-api', before(T1))).toBe('ExplicitlyDenied');
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
  expect(await decide(h, 'full-quota', before(T1))).toBe('Allowed');
  expect(h.endpoint.calls.filter((c) => c.action === 'PutRolePolicy')).toHaveLength(0);
});

test('a narrowing by tag follows the role\'s tags', async () => {
  const narrowed = revoking(T1, { Narrow: 'tagged', NarrowTagKey: 'incident', NarrowTagValue: 'ir-42' });
  const res = await h.handler(grantOf(narrowed))(create(narrowed));
  expect(res).toMatchObject({ Data: { RolesRevokedBySwitch: '1', RolesRevokedInline: '0' } });
  expect(await decide(h, 'tagged-svc', before(T1))).toBe('ExplicitlyDenied');
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
});

test('a rollback, an older redeploy or a retry never moves the cutoff in force earlier', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  await h.handler(grantOf(revoking(T2)))(update(revoking(T2), revoking(T1)));
  const rollback = await h.handler(grantOf(revoking(T1)))(update(revoking(T1), revoking(T2)));
  expect(rollback).toMatchObject({ Data: { EffectiveCutoff: T2 } });
  const idle = await h.handler(grantOf(switchProps()))(update(switchProps(), revoking(T2)));
  expect(idle).toMatchObject({ Data: { EffectiveCutoff: T2 } });
  expect(inForce().map((s) => s.cutoffMs)).toEqual([Date.parse(T2)]);
  expect(await decide(h, 'app-1', before(T2))).toBe('ExplicitlyDenied');
});

test('a bump with five versions deletes one the default dominates first, and IAM is never asked for a sixth', async () => {
  await h.handler(grantOf(revoking(T1)))(create(revoking(T1)));
  for (let i = 0; i < 4; i++) {
    h.managed.policies.get(POLICY_ARN)!.versions.set(`v${90 + i}`, { id: `v${90 + i}`, document: h.managed.defaultDocument(POLICY_ARN)!, createdMs: i });
  }
  await h.handler(grantOf(revoking(T2)))(update(revoking(T2), revoking(T1)));
  expect(h.endpoint.calls.filter((c) => c.code === 'LimitExceeded')).toEqual([]);
  expect(inForce().map((s) => s.cutoffMs)).toEqual([Date.parse(T2)]);
});

test('a ConcurrentModification answer is retried', async () => {
  let failed = false;
  h.endpoint.inject = (req) => {
    if (req.action === 'CreatePolicyVersion' && !failed) {
      failed = true;
      return { kind: 'error', code: 'ConcurrentModification', status: 409 };
    }
    return undefined;
  };
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  await h.handler(grantOf(revoking(T1)))(update(revoking(T1), switchProps()));
  expect(failed).toBe(true);
  expect(inForce().map((s) => s.cutoffMs)).toEqual([Date.parse(T1)]);
});

test('tampering: an older default and a detached role are reported and put right by the sweep; a new role is armed by the rule', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  await h.handler(grantOf(revoking(T1)))(update(revoking(T1), switchProps()));
  // Someone keeps the idle version, makes it the default, and detaches a role.
  const idle = h.managed.policies.get(POLICY_ARN)!;
  idle.versions.set('v90', { id: 'v90', document: idle.versions.get(idle.defaultVersion)!.document.replace(/2026-11-22T10:00:00Z/, '1970-01-01T00:00:00Z'), createdMs: 1 });
  idle.defaultVersion = 'v90';
  h.managed.attached.set('app-2', []);
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
  const report = await h.handler(grantOf(switchProps()))(sweepEvent(switchProps()) as any);
  expect(report).toMatchObject({ tampering: expect.stringMatching(/the default version v90 holds an earlier cutoff/), rearmed: ['app-2'] });
  expect(await decide(h, 'app-1', before(T1))).toBe('ExplicitlyDenied');
  expect(await decide(h, 'app-2', before(T1))).toBe('ExplicitlyDenied');

  h.endpoint.addRole('created-later');
  expect(await h.handler(grantOf(switchProps()))(createRoleEvent(switchProps(), 'created-later') as any)).toBe('armed');
  expect(h.managed.entitiesOf(POLICY_ARN)).toContain('created-later');
  expect(await h.handler(grantOf(switchProps()))(createRoleEvent(switchProps(), PROVIDER_ROLE) as any)).toBe('not-armed');
});

test('a sweep or rule event that spares more than the stack deployed is refused, and does nothing', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  h.endpoint.calls.splice(0);
  await expect(h.handler(grantOf(switchProps()))(sweepEvent(switchProps({ Exclude: ['app-*'] })) as any)).rejects.toThrow(/spares other roles/);
  expect(h.endpoint.calls).toEqual([]);
});

test('removal: a forged Delete while the stack is idle removes nothing; the stack\'s own delete with DESTROY removes everything the switch wrote', async () => {
  const destroy = revoking(T1, { RemovalPolicy: 'destroy' });
  await h.handler(grantOf(destroy))(create(destroy));
  h.stack.status = 'UPDATE_COMPLETE';
  await h.handler(grantOf(destroy))(remove(destroy));
  expect(h.managed.policies.has(POLICY_ARN)).toBe(true);
  expect(await decide(h, 'app-1', before(T1))).toBe('ExplicitlyDenied');

  h.stack.status = 'DELETE_IN_PROGRESS';
  h.stack.physicalId = remove(destroy).PhysicalResourceId;
  h.stack.resourceStatus = 'DELETE_IN_PROGRESS';
  await h.handler(grantOf(destroy))(remove(destroy));
  expect(h.managed.policies.has(POLICY_ARN)).toBe(false);
  expect([...h.endpoint.roles.get('full-quota')!.policies.keys()]).toEqual([]);
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
});

test('a replaced narrowing keeps its statement through the Update; its removal in the cleanup phase keeps what the live one also revokes', async () => {
  const all = revoking(T2, { RemovalPolicy: 'destroy' });
  const team = revoking(T1, { RemovalPolicy: 'destroy', Narrow: 'path-prefix', NarrowPathPrefix: '/team/' });
  await h.handler(grantOf(all))(create(all));
  const moved = await h.handler(grantOf(team))(update(team, all)) as EngineResponse;
  expect(moved.PhysicalResourceId).not.toBe(remove(all).PhysicalResourceId);
  // Until CloudFormation confirms the update, both statements stand.
  expect(await decide(h, 'app-1', before(T2))).toBe('ExplicitlyDenied');
  h.stack.status = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
  h.stack.physicalId = moved.PhysicalResourceId;
  await h.handler(grantOf(team))(remove(all));
  expect(await decide(h, 'app-1', before(T2))).toBe('Allowed');
  // team-api keeps T2, the later of the two cutoffs that covered it.
  expect(await decide(h, 'team-api', before(T2))).toBe('ExplicitlyDenied');
  expect(inForce().map((s) => s.cutoffMs)).toEqual([Date.parse(T2)]);
});

test('a version over 6,144 characters is refused before anything is written', async () => {
  const exclude = Array.from({ length: 90 }, (_, i) => `/very-long-path-segment-${i}/and-another-one/role-name-glob-${i}-*`);
  const big = revoking(T1, { Exclude: exclude });
  await expect(h.handler(grantOf(big))(create(big))).rejects.toThrow(/over IAM's 6144 for a managed policy/);
  expect(h.managed.policies.size).toBe(0);
});

test('the provider role the function names is exempt by exact ARN in every statement', async () => {
  await h.handler(grantOf(revoking(T1)))(create(revoking(T1)));
  expect(inForce()[0].exempt).toContain(PROVIDER_ROLE_ARN);
});

test('a deploy-time cutoff is computed once per generation: a retry or a later update keeps it, a rollback to an earlier generation too', async () => {
  const gen1 = switchProps({ CutoffMode: 'deploy-time', Generation: 'IR-42-1' });
  const gen2 = switchProps({ CutoffMode: 'deploy-time', Generation: 'IR-42-2' });
  const first = await h.handler(grantOf(gen1))(create(gen1)) as EngineResponse;
  const later = (hours: number) => h.handler(grantOf(gen1), { now: () => Date.parse('2026-11-22T10:30:00Z') + hours * 3_600_000 });
  const cutoff1 = first.Data!.EffectiveCutoff;
  expect(cutoff1).toBe('2026-11-22T10:30:30Z');
  const retried = await later(1)(update({ ...gen1, MaxManagedPolicies: '12' }, gen1)) as EngineResponse;
  expect(retried.Data!.EffectiveCutoff).toBe(cutoff1);
  const bumped = await later(2)(update(gen2, gen1)) as EngineResponse;
  expect(bumped.Data!.EffectiveCutoff).toBe('2026-11-22T12:30:30Z');
  const rolledBack = await later(3)(update(gen1, gen2)) as EngineResponse;
  expect(rolledBack.Data!.EffectiveCutoff).toBe('2026-11-22T12:30:30Z');
});

test('allowEarlierCutoff, granted by the stack, lowers the switch and its inline fallbacks; asked for by an event alone, it does not', async () => {
  const lowering = (iso: string) => revoking(iso, { AllowEarlierCutoff: 'true' });
  await h.handler(grantOf(lowering(T2)))(create(lowering(T2)));
  const refused = await h.handler(grantOf(lowering(T1), { lower: false }))(update(lowering(T1), lowering(T2))) as EngineResponse;
  expect(refused.Data!.EffectiveCutoff).toBe(T2);
  const lowered = await h.handler(grantOf(lowering(T1)))(update(lowering(T1), lowering(T2))) as EngineResponse;
  expect(lowered.Data!.EffectiveCutoff).toBe(T1);
  expect(await decide(h, 'app-1', after(T1))).toBe('Allowed');
  expect(await decide(h, 'full-quota', after(T1))).toBe('Allowed');
  expect(await decide(h, 'full-quota', before(T1))).toBe('ExplicitlyDenied');
  // Back to idle: nothing denied, the switch stays armed.
  await h.handler(grantOf(switchProps({ AllowEarlierCutoff: 'true' })))(update(switchProps({ AllowEarlierCutoff: 'true' }), lowering(T1)));
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
  expect(await decide(h, 'full-quota', before(T1))).toBe('Allowed');
  expect(h.managed.entitiesOf(POLICY_ARN)).toEqual([...ARMABLE].sort());
});

test('arming that runs out of time continues in isComplete; the version is in force from the first invocation', async () => {
  for (let i = 0; i < 30; i++) {
    h.endpoint.addRole(`late-${i}`);
  }
  let remaining = 10_000;
  const context = { getRemainingTimeInMillis: () => remaining };
  const start = await h.handler(grantOf(revoking(T1)), { phase: 'start' })(create(revoking(T1)), context) as EngineResponse;
  expect(start.PhysicalResourceId).toMatch(/^pending-/);
  expect(await decide(h, 'app-1', before(T1))).toBe('Allowed');
  expect(h.managed.defaultDocument(POLICY_ARN)).toMatch(/2026-11-22T10:00:00Z/);
  remaining = 600_000;
  const done = await h.handler(grantOf(revoking(T1)), { phase: 'continue' })({ ...create(revoking(T1)), Data: start.Data } as any, context) as EngineResponse;
  expect(done).toMatchObject({ IsComplete: true, Data: { RolesArmed: String(4 + 30) } });
  expect(await decide(h, 'late-7', before(T1))).toBe('ExplicitlyDenied');
});

test('a CreateRole event for a role the function may not read (an untagged role under a tag selection) arms nothing and fails nothing', async () => {
  const tagged = switchProps({ Selection: 'tagged', TagKey: 'incident' });
  await h.handler(grantOf(tagged))(create(tagged));
  h.endpoint.addRole('untagged-new');
  h.endpoint.inject = (req) => (req.action === 'GetRole' ? { kind: 'error', code: 'AccessDenied', status: 403 } : undefined);
  expect(await h.handler(grantOf(tagged))(createRoleEvent(tagged, 'untagged-new') as any)).toBe('unreadable');
  expect(h.managed.entitiesOf(POLICY_ARN)).toEqual(['tagged-svc']);
});

test('a listing that does not show the version just written yet (IAM is eventually consistent) is read again, not answered with another version', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  const dispatch = h.managed.dispatch.bind(h.managed);
  const lists: string[] = [];
  h.managed.dispatch = (action, params, error) => {
    const xml = dispatch(action, params, error);
    if (action !== 'ListPolicyVersions') {
      return xml;
    }
    lists.push(xml!);
    // The first listing after the write still shows the state before it.
    return lists.length === 2 ? lists[0] : xml;
  };
  let paused = 0;
  await h.handler(grantOf(revoking(T1)), { sleep: async () => { paused++; } })(update(revoking(T1), switchProps()));
  expect(h.endpoint.calls.filter((c) => c.action === 'CreatePolicyVersion')).toHaveLength(1);
  expect(paused).toBeGreaterThan(0);
  expect(inForce().map((s) => s.cutoffMs)).toEqual([Date.parse(T1)]);
});

test('a deployment reports a role that lost the attachment, and arms it again', async () => {
  await h.handler(grantOf(switchProps()))(create(switchProps()));
  h.managed.attached.set('app-2', []);
  const res = await h.handler(grantOf(revoking(T1)))(update(revoking(T1), switchProps())) as EngineResponse;
  expect(res.Data).toMatchObject({ RolesReArmed: '1', RolesArmedNow: '1', RolesRevokedBySwitch: '4' });
  expect(await decide(h, 'app-2', before(T1))).toBe('ExplicitlyDenied');
});

test('a rollback to a generation already in force, or a retry, writes no version', async () => {
  const dt = switchProps({ CutoffMode: 'deploy-time', Generation: 'IR-42-1' });
  for (let i = 0; i < 10; i++) {
    const p = switchProps({ CutoffMode: 'deploy-time', Generation: `IR-42-${i}` });
    await h.handler(grantOf(p), { now: () => Date.parse('2026-11-22T10:00:00Z') + i * 60_000 })(i === 0 ? create(p) : update(p, dt));
  }
  h.endpoint.calls.splice(0);
  const last = switchProps({ CutoffMode: 'deploy-time', Generation: 'IR-42-9' });
  const earlier = switchProps({ CutoffMode: 'deploy-time', Generation: 'IR-42-5' });
  await h.handler(grantOf(last), { now: () => Date.parse('2026-11-22T11:00:00Z') })(update(last, last));
  await h.handler(grantOf(earlier), { now: () => Date.parse('2026-11-22T11:00:00Z') })(update(earlier, last));
  expect(h.endpoint.calls.filter((c) => c.action === 'CreatePolicyVersion')).toEqual([]);
});
