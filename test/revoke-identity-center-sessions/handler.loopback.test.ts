/**
 * The Identity Center handler with the real SDK v3 SSO Admin client against the loopback
 * endpoint: the own statement beside untouched others, reprovisioning waited for by isComplete,
 * per-account failures, the ratchet, removal and faults.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { Capabilities, ownerTag, servedResourceTag } from '../../src/core/ratchet';
import { ownStatementSid } from '../../src/revoke-identity-center-sessions/inline-policy';
import {
  createIdentityCenterHandler,
  IdentityCenterDeps,
  IdentityCenterResponse,
} from '../../src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda';
import { createEvent, deleteEvent, LOGICAL_ID, STACK_ID, updateEvent } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { INSTANCE_ARN, LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';

const SID = ownStatementSid(ownerTag(STACK_ID, LOGICAL_ID));
const CUTOFF = '2026-11-22T10:00:00Z';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const OTHER = { Sid: 'DenyBilling', Effect: 'Deny', Action: ['aws-portal:*'], Resource: '*' };
const ACCOUNTS = ['222233334444', '333344445555', '444455556666'];
let sso: LoopbackSsoAdmin;
let admin: string;
let readOnly: string;

beforeEach(async () => {
  sso = new LoopbackSsoAdmin(2);
  await sso.start();
  admin = sso.addPermissionSet('AdministratorAccess', ACCOUNTS, JSON.stringify({ Version: '2012-10-17', Statement: [OTHER] })).arn;
  readOnly = sso.addPermissionSet('ReadOnlyAccess', ACCOUNTS.slice(0, 2)).arn;
});
afterEach(() => sso.stop());

function props(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:provider',
    InstanceArn: INSTANCE_ARN,
    PermissionSetArns: [admin, readOnly],
    CutoffMode: 'fixed',
    IssuedBefore: CUTOFF,
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...overrides,
  };
}

const NONE: Capabilities = { remove: false, lower: false };
/** The handler serves every resource; tests of served resources name them. */
const ANY = { capableResources: 'any', futureResources: 'any' } as const;
type Served = Pick<IdentityCenterDeps, 'capableResources' | 'futureResources'>;
const phase = (p: 'start' | 'continue', caps = NONE, served: Served = ANY) =>
  createIdentityCenterHandler({ sso: sso.client(), now: () => NOW, sleep: async () => undefined, capabilities: caps, phase: p, ...served });

/** Runs onEvent, then isComplete until it is complete, as the Provider framework does. */
interface Deployed {
  readonly start: IdentityCenterResponse;
  readonly polls: number;
  readonly done: IdentityCenterResponse;
}

async function deploy(event: CloudFormationCustomResourceEvent, caps = NONE, served: Served = ANY): Promise<Deployed> {
  const start = await phase('start', caps, served)(event);
  for (let polls = 1; polls < 20; polls++) {
    const done = await phase('continue', caps, served)({ ...event, PhysicalResourceId: start.PhysicalResourceId!, Data: start.Data } as any);
    if (done.IsComplete) {
      return { start, polls, done };
    }
  }
  throw new Error('isComplete never completed');
}

const statements = (arn: string) => {
  const text = sso.permissionSets.get(arn)!.inlinePolicy;
  return text === '' ? [] : JSON.parse(text).Statement as Array<Record<string, any>>;
};
const own = (arn: string) => statements(arn).find((s) => s.Sid === SID);

test('adds the own statement, keeps the other statements as they were, reprovisions every account and waits for it', async () => {
  sso.pollsToFinish = 2;
  const { start, polls, done } = await deploy(createEvent(props()));
  // The own id only once provisioning succeeded; until then a pending one.
  expect(start.PhysicalResourceId).toBe(`${SID}-pending`);
  expect(done.PhysicalResourceId).toBe(SID);
  expect(start.Data).toMatchObject({ EffectiveCutoff: CUTOFF, PermissionSets: '2' });
  expect(polls).toBe(3);
  expect(done.Data).toEqual({ AccountsProvisioned: '5' });
  expect(statements(admin)).toEqual([OTHER, {
    Sid: SID, Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': CUTOFF } },
  }]);
  expect(statements(readOnly)).toHaveLength(1);
  for (const account of ACCOUNTS) {
    expect(sso.isLatestIn(admin, account)).toBe(true);
  }
  expect(sso.callsOf('ProvisionPermissionSet').map((c) => c.input.TargetType)).toEqual(['ALL_PROVISIONED_ACCOUNTS', 'ALL_PROVISIONED_ACCOUNTS']);
});

test('only the given users: StringEquals on identitystore:UserId, and without a cutoff every session of theirs', async () => {
  await deploy(createEvent(props({ UserIds: [ALICE], CutoffMode: 'none', IssuedBefore: undefined })));
  expect(own(admin)!.Condition).toEqual({ StringEquals: { 'identitystore:UserId': ALICE } });
});

test('provisioning that fails in one account names the permission set and the account; the others carry the revocation', async () => {
  sso.permissionSets.get(admin)!.failIn.add('333344445555');
  const err = await deploy(createEvent(props())).catch((e) => e);
  expect(err.message).toMatch(/^failed to provision 1 of 2 permission sets \(1 done and kept\): /);
  expect(err.message).toContain(`permission set AdministratorAccess (${admin}): provisioning FAILED in account 333344445555: `
    + 'Received a 403 status error: Not authorized to perform sts:AssumeRole; 2 accounts have the revocation');
  expect(sso.isLatestIn(admin, '222233334444')).toBe(true);
  expect(sso.isLatestIn(admin, '333344445555')).toBe(false);
});

test('the Delete after a failed Create (pending id) removes nothing, even with DESTROY and the remove capability', async () => {
  sso.permissionSets.get(admin)!.failIn.add('333344445555');
  await expect(deploy(createEvent(props({ RemovalPolicy: 'destroy' })))).rejects.toThrow(/failed to provision/);
  // CloudFormation rolls back with the physical id onEvent returned.
  await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), `${SID}-pending`), { remove: true, lower: false });
  expect(own(admin)).toBeDefined();
  expect(own(readOnly)).toBeDefined();
  expect(sso.callsOf('DeleteInlinePolicyFromPermissionSet')).toHaveLength(0);
});

test('a rollback keeps the later cutoff: the ratchet reads the permission set, not the event', async () => {
  await deploy(createEvent(props({ IssuedBefore: '2026-11-22T10:20:00Z' })));
  await deploy(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z' }), props({ IssuedBefore: '2026-11-22T09:00:00Z' })));
  expect(own(admin)!.Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:20:00Z');
  await deploy(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()), { remove: false, lower: true });
  expect(own(admin)!.Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T09:00:00Z');
});

test('an inline policy that is not JSON is refused, naming the permission set, and nothing is written anywhere', async () => {
  sso.permissionSets.get(readOnly)!.inlinePolicy = 'Version: 2012-10-17';
  await expect(phase('start')(createEvent(props()))).rejects.toThrow(
    new RegExp(`^nothing was written: the inline policy of permission set ReadOnlyAccess \\(${readOnly.replace(/[/.]/g, '\\$&')}\\): it is not valid JSON`));
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(0);
  expect(sso.callsOf('ProvisionPermissionSet')).toHaveLength(0);
});

test('a ConflictException (provisioning already under way) and throttling are retried', async () => {
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
  await deploy(createEvent(props()));
  expect(sso.tally()).toMatchObject({ 'ProvisionPermissionSet:Conflict': 2, 'ProvisionPermissionSet:OK': 2, 'GetInlinePolicyForPermissionSet:Throttling': 1 });
  expect(own(admin)).toBeDefined();
});

test('delete keeps the statement under RETAIN; under DESTROY with the capability it removes only its own and reprovisions', async () => {
  await deploy(createEvent(props({ RemovalPolicy: 'destroy' })));
  await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), SID));
  expect(own(admin)).toBeDefined();
  const { done } = await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), SID), { remove: true, lower: false });
  expect(done.IsComplete).toBe(true);
  expect(statements(admin)).toEqual([OTHER]);
  // The only statement was ours: the inline policy is deleted, not left empty.
  expect(sso.permissionSets.get(readOnly)!.inlinePolicy).toBe('');
  expect(sso.callsOf('DeleteInlinePolicyFromPermissionSet')).toHaveLength(1);
  expect(sso.isLatestIn(admin, ACCOUNTS[2])).toBe(true);
});

test('a capable function uses its capabilities only for the resources it serves: a forged event naming another may only add or raise', async () => {
  const other = { stackId: STACK_ID, tags: new Set([servedResourceTag('SomeOtherResource')]) };
  const served = { capableResources: other, futureResources: other };
  const all = { remove: true, lower: true };
  await deploy(createEvent(props({ RemovalPolicy: 'destroy' })), all, served);
  await deploy(updateEvent(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true', RemovalPolicy: 'destroy' }), props()), all, served);
  await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), SID), all, served);
  expect(own(admin)!.Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:00:00Z');
  await expect(phase('start', all, served)(updateEvent(props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), props())))
    .rejects.toThrow(/more than 1 hour after the deploy time/);
  expect(own(admin)!.Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:00:00Z');
  // The same events for a resource it serves do what they ask.
  const mine = { stackId: STACK_ID, tags: new Set([servedResourceTag(LOGICAL_ID)]) };
  await deploy(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()), all, { capableResources: mine, futureResources: mine });
  expect(own(admin)!.Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T09:00:00Z');
});

test('an inline policy that would pass 32,768 characters is refused before any write', async () => {
  // 32,700 characters: fits alone, not with the own statement.
  const doc = (pad: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Big', Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${pad}` }] });
  sso.permissionSets.get(admin)!.inlinePolicy = doc('b'.repeat(32_700 - doc('').length));
  expect(sso.permissionSets.get(admin)!.inlinePolicy).toHaveLength(32_700);
  await expect(phase('start')(createEvent(props()))).rejects.toThrow(/AdministratorAccess .*would be \d+ characters, over Identity Center's 32768; nothing was written/);
  expect(sso.callsOf('PutInlinePolicyToPermissionSet')).toHaveLength(0);
});

test.each([
  [{ InstanceArn: 'arn:aws:sso:::instance/bad' }, /is not an IAM Identity Center instance ARN/],
  [{ PermissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0000000000000001'] }, /belongs to instance ssoins-ffffffffffffffff/],
  [{ CutoffMode: 'none' }, /without a cutoff and without user ids/],
  [{ UserIds: ['alice'] }, /identity store user id "alice" is not valid/],
])('refuses bad input before any call: %j', async (override, message) => {
  await expect(phase('start')(createEvent(props(override)))).rejects.toThrow(message);
  expect(sso.calls).toHaveLength(0);
});

test('a writer that replaces the inline policy while it is provisioned (a concurrent deploy) fails the deploy, naming the permission set', async () => {
  const event = createEvent(props());
  const start = await phase('start')(event);
  // Another writer read the policy before this write and puts its own version after it.
  const ps = sso.permissionSets.get(admin)!;
  ps.inlinePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [OTHER, { ...OTHER, Sid: 'TheirRevocation' }] });
  ps.version++;
  let done: IdentityCenterResponse = { IsComplete: false };
  let error: Error | undefined;
  for (let polls = 0; polls < 5 && !done.IsComplete && !error; polls++) {
    done = await phase('continue')({ ...event, PhysicalResourceId: start.PhysicalResourceId!, Data: start.Data } as any).catch((e) => {
      error = e;
      return { IsComplete: false };
    });
  }
  expect(error?.message).toMatch(new RegExp(`permission set AdministratorAccess \\(${admin}\\): its inline policy no longer holds statement ${SID}`));
  expect(error?.message).not.toContain('ReadOnlyAccess');
});

test('two resources writing the same permission set at once: each deploy that succeeds has its statement in force', async () => {
  const other = { ...createEvent(props({ PermissionSetArns: [admin] })), LogicalResourceId: 'OtherRevocation' } as CloudFormationCustomResourceEvent;
  const results = await Promise.all([deploy(createEvent(props({ PermissionSetArns: [admin] }))), deploy(other)].map((p) => p.then(() => 'ok', (e) => e.message)));
  const sids = [SID, ownStatementSid(ownerTag(STACK_ID, 'OtherRevocation'))];
  results.forEach((r, i) => {
    if (r === 'ok') {
      expect(statements(admin).map((s) => s.Sid)).toContain(sids[i]);
    } else {
      expect(r).toMatch(/no longer holds statement/);
    }
  });
  expect(statements(admin).map((s) => s.Sid)).toContain('DenyBilling');
});

test('a permission set listed twice is reported under its own name: request ids and ARNs stay aligned', async () => {
  sso.permissionSets.get(readOnly)!.failIn.add('333344445555');
  sso.permissionSets.get(readOnly)!.accounts.set('333344445555', 0);
  const err = await deploy(createEvent(props({ PermissionSetArns: [admin, admin, readOnly] }))).catch((e) => e);
  expect(err.message).toContain(`permission set ReadOnlyAccess (${readOnly}): provisioning FAILED`);
  expect(err.message).not.toContain('permission set AdministratorAccess');
});

test('a DESTROY delete that skips an unreadable permission set still reports a failure under the right name', async () => {
  await deploy(createEvent(props({ RemovalPolicy: 'destroy' })));
  sso.permissionSets.get(admin)!.inlinePolicy = 'edited in the console';
  sso.permissionSets.get(readOnly)!.failIn.add(ACCOUNTS[1]);
  const err = await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), SID), { remove: true, lower: false }).catch((e) => e);
  expect(err.message).toContain(`permission set ReadOnlyAccess (${readOnly}): provisioning FAILED in account ${ACCOUNTS[1]}`);
  expect(err.message).not.toContain('AdministratorAccess');
  expect(sso.permissionSets.get(admin)!.inlinePolicy).toBe('edited in the console');
});

test('an update that drops a user id (a rollback, a forged event) keeps denying that user unless the resource may remove', async () => {
  const BOB = '11111111-2222-3333-4444-555555555555';
  await deploy(createEvent(props({ UserIds: [ALICE], RemovalPolicy: 'destroy' })));
  await deploy(updateEvent(props({ UserIds: [BOB], RemovalPolicy: 'destroy' }), props({ UserIds: [ALICE] })));
  expect(own(admin)!.Condition.StringEquals['identitystore:UserId']).toEqual([BOB, ALICE]);
  // Narrowing a deny of every user to one user is kept as every user too.
  await deploy(updateEvent(props({ UserIds: undefined, RemovalPolicy: 'destroy' }), props()));
  await deploy(updateEvent(props({ UserIds: [BOB], RemovalPolicy: 'destroy' }), props()));
  expect(own(admin)!.Condition.StringEquals).toBeUndefined();
  // With DESTROY and the remove capability, the update applies as given.
  await deploy(updateEvent(props({ UserIds: [BOB], RemovalPolicy: 'destroy' }), props()), { remove: true, lower: false });
  expect(own(admin)!.Condition.StringEquals['identitystore:UserId']).toBe(BOB);
});
