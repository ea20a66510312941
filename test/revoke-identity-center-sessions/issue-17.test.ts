/**
 * Issue 17, the Identity Center items (10, 11, 12, 14), each as CloudFormation and the Provider
 * framework would drive the handler against the loopback SSO Admin endpoint (a test double), and
 * judged with the IAM oracle from the side of an Identity Center session.
 */
import { ALICE, BOB, decide, Harness, icProps, statementsOf } from './harness';
import { LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';

const OTHER = { Sid: 'DenyBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' };
const ACCOUNTS = ['222233334444', '333344445555', '444455556666'];
let sso: LoopbackSsoAdmin;
let admin: string;
let h: Harness;

beforeEach(async () => {
  sso = new LoopbackSsoAdmin(2);
  await sso.start();
  admin = sso.addPermissionSet('AdministratorAccess', ACCOUNTS, JSON.stringify({ Version: '2012-10-17', Statement: [OTHER] })).arn;
  h = new Harness(sso);
});
afterEach(() => sso.stop());

const props = (o: Record<string, unknown> = {}) => icProps([admin], o);
const own = () => statementsOf(sso, admin).filter((s) => String(s.Sid).startsWith('CdkRevokeSessions'));
const at = (userId: string, issuedAt: string) => decide(sso, admin, userId, issuedAt);

test('item 10: "every user before T" then "[alice], no cutoff" keeps both revocations, never a condition-less Deny *, and a later cutoff is not refused', async () => {
  expect(await h.deploy(props())).toBe('ok');
  expect(await h.deploy(props({ UserIds: [ALICE], CutoffMode: 'none', IssuedBefore: undefined }))).toBe('ok');
  expect(own().length).toBeGreaterThan(0);
  expect(own().filter((s) => !s.Condition || Object.keys(s.Condition).length === 0)).toEqual([]);
  const judged = async () => ({
    bobBefore: await at(BOB, '2026-11-22T09:59:59Z'),
    bobAfter: await at(BOB, '2026-11-22T10:00:01Z'),
    aliceLater: await at(ALICE, '2026-11-23T08:00:00Z'),
  });
  expect(await judged()).toEqual({ bobBefore: 'ExplicitlyDenied', bobAfter: 'Allowed', aliceLater: 'ExplicitlyDenied' });
  // The construct deployed with a cutoff again: not refused because an older statement has none, and nothing weakens.
  expect(await h.deploy(props({ UserIds: [ALICE], IssuedBefore: '2026-11-22T10:20:00Z' }))).toBe('ok');
  expect(await judged()).toEqual({ bobBefore: 'ExplicitlyDenied', bobAfter: 'Allowed', aliceLater: 'ExplicitlyDenied' });
  expect(own().filter((s) => !s.Condition || Object.keys(s.Condition).length === 0)).toEqual([]);
});

test('item 11: a forged "no cutoff" event is refused for a construct deployed with a cutoff, and nothing is written', async () => {
  expect(await h.deploy(props({ UserIds: [ALICE] }))).toBe('ok');
  const before = sso.permissionSets.get(admin)!.inlinePolicy;
  expect(await h.forge(props({ UserIds: [ALICE], CutoffMode: 'none', IssuedBefore: undefined }))).toMatch(/without a cutoff/);
  expect(sso.permissionSets.get(admin)!.inlinePolicy).toBe(before);
  expect(await at(ALICE, '2026-11-22T10:00:01Z')).toBe('Allowed');
});

test('item 12: a stale writer that puts the older statement back while the permission set provisions: the deploy ends with its own cutoff in force', async () => {
  expect(await h.deploy(props())).toBe('ok');
  const stale = sso.permissionSets.get(admin)!.inlinePolicy;
  sso.pollsToFinish = 2;
  const restoreStale = () => {
    const ps = sso.permissionSets.get(admin)!;
    ps.inlinePolicy = stale;
    ps.version++;
  };
  expect(await h.deploy(props({ IssuedBefore: '2026-11-22T10:20:00Z' }), { afterStart: restoreStale })).toBe('ok');
  expect(await at(BOB, '2026-11-22T10:10:00Z')).toBe('ExplicitlyDenied');
  expect(statementsOf(sso, admin)).toContainEqual(OTHER);
});

test('item 12: a writer that keeps putting the older statement back fails the deploy, naming the permission set and the cutoff in force', async () => {
  expect(await h.deploy(props())).toBe('ok');
  const stale = sso.permissionSets.get(admin)!.inlinePolicy;
  const revert = () => {
    const ps = sso.permissionSets.get(admin)!;
    if (ps.inlinePolicy !== stale) {
      ps.inlinePolicy = stale;
      ps.version++;
    }
  };
  const outcome = await h.deploy(props({ IssuedBefore: '2026-11-22T10:20:00Z' }), { afterStart: revert, beforePoll: revert });
  expect(outcome).toMatch(new RegExp(`permission set AdministratorAccess \\(${admin.replace(/[/.]/g, '\\$&')}\\)`));
  expect(outcome).toMatch(/2026-11-22T10:00:00Z in force/);
});

test('item 14: provisioning that outlasts the waiter: the failure says what was written, and the rollback completes instead of failing on ConflictException', async () => {
  expect(await h.deploy(props())).toBe('ok');
  sso.holdProvisioning = true;
  const update = props({ IssuedBefore: '2026-11-22T10:20:00Z' });
  const forward = await h.deploy(update);
  expect(forward).toMatch(/statement written/);
  expect(forward).toMatch(/provisioning still running in 3 accounts/);
  // CloudFormation rolls back: the old properties as the new, while the first provisioning still runs.
  h.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
  expect(await h.rollback(update)).toBe('ok');
  expect(h.data.at(-1)).toMatchObject({ ProvisioningStillRunning: expect.stringMatching(/3 accounts/) });
  // The later cutoff stays written: a rollback keeps what was done.
  expect(await at(BOB, '2026-11-22T10:10:00Z')).toBe('ExplicitlyDenied');
  sso.release();
});
