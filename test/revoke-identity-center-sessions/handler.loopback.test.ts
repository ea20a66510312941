/**
 * The Identity Center handler on the engine, with the real SDK v3 SSO Admin client against the
 * loopback endpoint (a test double): own statements beside untouched others, reprovisioning waited
 * for by isComplete, per-account failures, the ratchet per statement, removal through the gate.
 */
import { ALICE, BOB, decide, grantOf, Harness, icProps, statementsOf } from './harness';
import { encodeGrant, grantsFromEnv, NOTHING_SPARED, resourceTag } from '../../src/core/engine/grants';
import { ownerTag } from '../../src/core/ratchet';
import { identityCenterHandler } from '../../src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda';
import { ownSidPrefix } from '../../src/revoke-identity-center-sessions/statements';
import { createEvent, LOGICAL_ID, STACK_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';

const CUTOFF = '2026-11-22T10:00:00Z';
const OWN = ownSidPrefix(ownerTag(STACK_ID, LOGICAL_ID));
const OTHER = { Sid: 'DenyBilling', Effect: 'Deny', Action: ['aws-portal:*'], Resource: '*' };
const ACCOUNTS = ['222233334444', '333344445555', '444455556666'];
let sso: LoopbackSsoAdmin;
let admin: string;
let readOnly: string;
let h: Harness;

beforeEach(async () => {
  sso = new LoopbackSsoAdmin(2);
  await sso.start();
  admin = sso.addPermissionSet('AdministratorAccess', ACCOUNTS, JSON.stringify({ Version: '2012-10-17', Statement: [OTHER] })).arn;
  readOnly = sso.addPermissionSet('ReadOnlyAccess', ACCOUNTS.slice(0, 2)).arn;
  h = new Harness(sso);
});
afterEach(() => sso.stop());

const props = (o: Record<string, unknown> = {}) => icProps([admin, readOnly], o);
const own = (arn: string) => statementsOf(sso, arn).filter((s) => String(s.Sid).startsWith(OWN));
const cutoffs = (arn: string) => own(arn).map((s) => s.Condition.DateLessThan?.['aws:TokenIssueTime'] ?? 'none').sort();
const escape = (s: string) => s.replace(/[/.()]/g, '\\$&');

test('adds an own statement, keeps the other statements as they were, reprovisions every account and waits for it', async () => {
  sso.pollsToFinish = 2;
  expect(await h.deploy(props())).toBe('ok');
  expect(h.physicalId).toMatch(/^CdkRevoke.*-g[0-9a-f]{8}$/);
  expect(h.data.at(-1)).toMatchObject({ EffectiveCutoff: CUTOFF, RequestedCutoff: CUTOFF, PermissionSets: '2', AccountsProvisioned: '5' });
  expect(statementsOf(sso, admin)).toEqual([OTHER, {
    Sid: expect.stringMatching(new RegExp(`^${OWN}g[0-9a-f]{8}k[0-9a-f]{8}$`)),
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { DateLessThan: { 'aws:TokenIssueTime': CUTOFF } },
  }]);
  expect(own(readOnly)).toHaveLength(1);
  for (const account of ACCOUNTS) {
    expect(sso.isLatestIn(admin, account)).toBe(true);
  }
  expect(sso.callsOf('ProvisionPermissionSet').map((c) => c.input.TargetType)).toEqual(['ALL_PROVISIONED_ACCOUNTS', 'ALL_PROVISIONED_ACCOUNTS']);
});

test('a Create returns a pending physical id until provisioning is done, so the Delete of a failed Create removes nothing', async () => {
  sso.permissionSets.get(admin)!.failIn.add('333344445555');
  const create = h.event(props({ RemovalPolicy: 'destroy' }));
  const started = await h.handler('start', grantOf(props({ RemovalPolicy: 'destroy' })))(create);
  expect(started.PhysicalResourceId).toMatch(/^pending-/);
  expect(await h.run(create, grantOf(props({ RemovalPolicy: 'destroy' })))).toMatch(/^failed to provision 1 of 2 permission sets/);
  expect(await h.delete(props({ RemovalPolicy: 'destroy' }), started.PhysicalResourceId!, 'ROLLBACK_IN_PROGRESS')).toBe('ok');
  expect(own(admin)).toHaveLength(1);
  expect(own(readOnly)).toHaveLength(1);
});

test('only the given users: StringEquals on identitystore:UserId, and without a cutoff every session of theirs', async () => {
  expect(await h.deploy(props({ UserIds: [ALICE], CutoffMode: 'none', IssuedBefore: undefined }))).toBe('ok');
  expect(own(admin).map((s) => s.Condition)).toEqual([{ StringEquals: { 'identitystore:UserId': ALICE } }]);
  expect(h.data.at(-1)?.EffectiveCutoff).toBe('none (every session)');
});

test('provisioning that fails in one account names the permission set and the account; the others carry the revocation', async () => {
  sso.permissionSets.get(admin)!.failIn.add('333344445555');
  const outcome = await h.deploy(props());
  expect(outcome).toMatch(/^failed to provision 1 of 2 permission sets \(1 done and kept\): /);
  expect(outcome).toContain(`permission set AdministratorAccess (${admin}): provisioning FAILED in account 333344445555: `
    + 'Received a 403 status error: Not authorized to perform sts:AssumeRole; 2 accounts have the revocation');
  expect(sso.isLatestIn(admin, '222233334444')).toBe(true);
  expect(sso.isLatestIn(admin, '333344445555')).toBe(false);
});

test('a rollback keeps the later cutoff: each statement ratchets, read from the permission set, not the event', async () => {
  expect(await h.deploy(props({ IssuedBefore: '2026-11-22T10:20:00Z' }))).toBe('ok');
  const writes = sso.callsOf('PutInlinePolicyToPermissionSet').length;
  expect(await h.rollback(props({ IssuedBefore: '2026-11-22T10:20:00Z' }))).toBe('ok');
  expect(await h.deploy(props({ IssuedBefore: '2026-11-22T09:00:00Z' }))).toBe('ok');
  // The later statement dominates: nothing is written, and it is reported as in force.
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(writes);
  expect(cutoffs(admin)).toEqual(['2026-11-22T10:20:00Z']);
  expect(h.data.at(-1)).toMatchObject({ EffectiveCutoff: '2026-11-22T10:20:00Z', RequestedCutoff: '2026-11-22T09:00:00Z' });
  // A raise replaces the dominated statement in the same write.
  expect(await h.deploy(props({ IssuedBefore: '2026-11-22T10:25:00Z' }))).toBe('ok');
  expect(cutoffs(admin)).toEqual(['2026-11-22T10:25:00Z']);
  // Lowering needs allowEarlierCutoff in the grant and in the request.
  expect(await h.deploy(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }))).toBe('ok');
  expect(cutoffs(admin)).toEqual(['2026-11-22T09:00:00Z']);
  expect(statementsOf(sso, admin)[0]).toEqual(OTHER);
});

test('an inline policy that is not JSON is refused, naming the permission set, and nothing is written anywhere', async () => {
  sso.permissionSets.get(readOnly)!.inlinePolicy = 'Version: 2012-10-17';
  expect(await h.deploy(props())).toMatch(new RegExp(`^nothing was written: the inline policy of permission set ReadOnlyAccess ${escape(`(${readOnly})`)}: it is not valid JSON`));
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(0);
  expect(sso.callsOf('ProvisionPermissionSet')).toHaveLength(0);
});

test('a ConflictException (provisioning already under way) is waited for, throttling retried', async () => {
  let conflicts = 0;
  let throttles = 0;
  sso.inject = (req) => {
    if (req.action === 'ProvisionPermissionSet' && conflicts < 2) {
      conflicts++;
      return { code: 'Conflict', message: 'a provisioning operation is already in progress' };
    }
    if (req.action === 'GetInlinePolicyForPermissionSet' && throttles < 1) {
      throttles++;
      return { code: 'Throttling', message: 'Rate exceeded' };
    }
    return undefined;
  };
  expect(await h.deploy(props())).toBe('ok');
  expect(sso.tally()).toMatchObject({ 'ProvisionPermissionSet:Conflict': 2, 'GetInlinePolicyForPermissionSet:Throttling': 1 });
  expect(sso.tally()['ProvisionPermissionSet:OK']).toBeGreaterThanOrEqual(2);
  for (const account of ACCOUNTS) {
    expect(sso.isLatestIn(admin, account)).toBe(true);
  }
});

test('delete: a RETAIN resource keeps its statements; a DESTROY one removes only its own, once CloudFormation deletes it, and reprovisions', async () => {
  expect(await h.deploy(props())).toBe('ok');
  expect(await h.delete(props(), h.physicalId!, 'DELETE_IN_PROGRESS')).toBe('ok');
  expect(own(admin)).toHaveLength(1);

  h.deployed = props({ RemovalPolicy: 'destroy' });
  // Forged: the stack is not deleting anything.
  expect(await h.delete(props({ RemovalPolicy: 'destroy' }), h.physicalId!, 'UPDATE_COMPLETE')).toBe('ok');
  expect(own(admin)).toHaveLength(1);
  expect(await h.delete(props({ RemovalPolicy: 'destroy' }), h.physicalId!, 'DELETE_IN_PROGRESS')).toBe('ok');
  expect(statementsOf(sso, admin)).toEqual([OTHER]);
  // The only statement was this resource's: the inline policy is deleted, not left empty.
  expect(sso.permissionSets.get(readOnly)!.inlinePolicy).toBe('');
  expect(sso.callsOf('DeleteInlinePolicyFromPermissionSet')).toHaveLength(1);
  expect(sso.isLatestIn(admin, ACCOUNTS[2])).toBe(true);
});

test('grants come from the function\'s environment, per resource: another resource\'s grant gives this one nothing, and an unserved one is refused', async () => {
  const table = grantsFromEnv({
    REVOKE_STACK: STACK_ID,
    REVOKE_GRANTS: [
      encodeGrant(resourceTag('SomeOtherResource'), { remove: true, lower: true, noCutoff: true, narrowing: NOTHING_SPARED }),
      encodeGrant(resourceTag(LOGICAL_ID), { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED }),
    ].join(','),
  });
  const handler = (phase: 'start' | 'continue') => identityCenterHandler({
    sso: sso.client(), now: () => NOW, sleep: async () => undefined, phase, grants: table, stack: h.stack, log: () => undefined,
  });
  h.handler = (phase) => handler(phase);
  expect(await h.deploy(props())).toBe('ok');
  expect(await h.forge(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }))).toBe('ok');
  expect(await h.forge(props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }))).toMatch(/more than 1 hour after the deploy time/);
  expect(await h.forge(props({ UserIds: [ALICE], CutoffMode: 'none', IssuedBefore: undefined }))).toMatch(/without a cutoff/);
  expect(await h.delete(props({ RemovalPolicy: 'destroy' }), h.physicalId!, 'DELETE_IN_PROGRESS')).toBe('ok');
  expect(cutoffs(admin)).toEqual([CUTOFF]);
  // A resource the function does not serve gets no statement: each would be a new owner filling the 32,768 characters.
  const before = sso.callsOf('PutInlinePolicyToPermissionSet').length;
  await expect(handler('start')({ ...createEvent(props()), LogicalResourceId: 'Forged0' })).rejects.toThrow(/resource "Forged0" .* is not one this function serves/);
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(before);
});

test('an inline policy that would pass 32,768 characters is refused before any write', async () => {
  // 32,700 characters: fits alone, not with the own statement.
  const doc = (pad: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Big', Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${pad}` }] });
  sso.permissionSets.get(admin)!.inlinePolicy = doc('b'.repeat(32_700 - doc('').length));
  expect(await h.deploy(props())).toMatch(/AdministratorAccess .*would be \d+ characters, over Identity Center's 32768; nothing was written/);
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(0);
});

test.each([
  [{ InstanceArn: 'arn:aws:sso:::instance/bad' }, /is not an IAM Identity Center instance ARN/],
  [{ PermissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0000000000000001'] }, /belongs to instance ssoins-ffffffffffffffff/],
  [{ CutoffMode: 'none' }, /without a cutoff and without user ids/],
  [{ UserIds: ['alice'] }, /identity store user id "alice" is not valid/],
  [{ Statement: [{ Effect: 'Allow' }] }, /unexpected property "Statement"/],
])('refuses bad input before any call: %j', async (override, message) => {
  expect(await h.deploy(props(override))).toMatch(message);
  expect(sso.calls).toHaveLength(0);
});

test('two resources writing the same permission set at once both end with their statement in force', async () => {
  const other = new Harness(sso);
  const results = await Promise.all([h.deploy(icProps([admin])), other.deploy(icProps([admin], { IssuedBefore: '2026-11-22T10:10:00Z' }), { logicalId: 'OtherRevocation' })]);
  expect(results).toEqual(['ok', 'ok']);
  const sids = statementsOf(sso, admin).map((s) => String(s.Sid));
  expect(sids.filter((s) => s.startsWith(OWN))).toHaveLength(1);
  expect(sids.filter((s) => s.startsWith(ownSidPrefix(ownerTag(STACK_ID, 'OtherRevocation'))))).toHaveLength(1);
  expect(sids).toContain('DenyBilling');
});

test('a permission set listed twice is reported under its own name', async () => {
  sso.permissionSets.get(readOnly)!.failIn.add('333344445555');
  sso.permissionSets.get(readOnly)!.accounts.set('333344445555', 0);
  const outcome = await h.deploy(props({ PermissionSetArns: [admin, admin, readOnly] }));
  expect(outcome).toContain(`permission set ReadOnlyAccess (${readOnly}): provisioning FAILED`);
  expect(outcome).not.toContain('permission set AdministratorAccess');
});

test('a DESTROY delete removes what it can read and names the permission set it cannot', async () => {
  expect(await h.deploy(props({ RemovalPolicy: 'destroy' }))).toBe('ok');
  sso.permissionSets.get(admin)!.inlinePolicy = 'edited in the console';
  const outcome = await h.delete(props({ RemovalPolicy: 'destroy' }), h.physicalId!, 'DELETE_IN_PROGRESS');
  expect(outcome).toMatch(new RegExp(`permission set AdministratorAccess ${escape(`(${admin})`)}: .*not valid JSON`));
  expect(outcome).not.toContain('ReadOnlyAccess');
  expect(sso.permissionSets.get(admin)!.inlinePolicy).toBe('edited in the console');
  expect(own(readOnly)).toEqual([]);
});

describe('a changed target list is a new generation: the Update adds, only the cleanup removes', () => {
  const judge = async (arn: string) => ({
    alice: await decide(sso, arn, ALICE, '2026-11-22T09:59:00Z'),
    bob: await decide(sso, arn, BOB, '2026-11-22T09:59:00Z'),
  });

  test('an Update that swaps the users keeps denying the dropped one; DESTROY frees it in the cleanup, RETAIN never', async () => {
    expect(await h.deploy(props({ UserIds: [ALICE], RemovalPolicy: 'destroy' }))).toBe('ok');
    const first = h.physicalId;
    expect(await h.deploy(props({ UserIds: [BOB], RemovalPolicy: 'destroy' }))).toBe('ok');
    expect(h.physicalId).not.toBe(first);
    expect(await judge(admin)).toEqual({ alice: 'ExplicitlyDenied', bob: 'ExplicitlyDenied' });
    expect(await h.cleanup()).toBe('ok');
    expect(await judge(admin)).toEqual({ alice: 'Allowed', bob: 'ExplicitlyDenied' });

    const retained = new Harness(sso);
    const arn = sso.addPermissionSet('Retained', ACCOUNTS).arn;
    expect(await retained.deploy(icProps([arn], { UserIds: [ALICE] }), { logicalId: 'Retained' })).toBe('ok');
    expect(await retained.deploy(icProps([arn], { UserIds: [BOB] }), { logicalId: 'Retained' })).toBe('ok');
    expect(await retained.cleanup()).toBe('ok');
    expect(await judge(arn)).toEqual({ alice: 'ExplicitlyDenied', bob: 'ExplicitlyDenied' });
  });

  test('the cleanup never lowers a user the live generation also targets: "everyone before 10:20" then "[alice] before 10:00" keeps alice at 10:20', async () => {
    expect(await h.deploy(props({ IssuedBefore: '2026-11-22T10:20:00Z', RemovalPolicy: 'destroy' }))).toBe('ok');
    expect(await h.deploy(props({ UserIds: [ALICE], RemovalPolicy: 'destroy' }))).toBe('ok');
    expect(await h.cleanup()).toBe('ok');
    expect({
      alice: await decide(sso, admin, ALICE, '2026-11-22T10:10:00Z'),
      bob: await decide(sso, admin, BOB, '2026-11-22T10:10:00Z'),
    }).toEqual({ alice: 'ExplicitlyDenied', bob: 'Allowed' });
    expect(own(admin).every((s) => s.Condition.StringEquals?.['identitystore:UserId'] === ALICE)).toBe(true);
  });

  test('a rollback\'s cleanup removes nothing the old properties still target; a dropped permission set goes', async () => {
    expect(await h.deploy(icProps([admin], { RemovalPolicy: 'destroy' }))).toBe('ok');
    const live = h.physicalId!;
    const failed = icProps([admin, readOnly], { RemovalPolicy: 'destroy', IssuedBefore: '2026-11-22T10:10:00Z' });
    // The Update succeeded for this resource, then the stack rolled back.
    expect(await h.run(h.event(failed, h.deployed), grantOf(failed))).toBe('ok');
    const replaced = h.physicalId!;
    expect(await h.run(h.event(h.deployed!, failed), grantOf(h.deployed!))).toBe('ok');
    expect(h.physicalId).toBe(live);
    h.deployed = failed;
    expect(await h.delete(failed, replaced, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS')).toBe('ok');
    expect(own(readOnly)).toEqual([]);
    // AdministratorAccess keeps the later cutoff the failed update reached, now under the live generation.
    expect(cutoffs(admin)).toEqual(['2026-11-22T10:10:00Z']);
    expect(own(admin).every((s) => String(s.Sid).includes(`g${live.slice(-8)}`))).toBe(true);
  });
});
