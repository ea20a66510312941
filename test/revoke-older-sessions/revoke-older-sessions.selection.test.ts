/**
 * Role selections, run by the real handler and SDK client against the loopback IAM endpoint
 * (a test double), so pagination, XML parsing and the recorded IAM state are all real.
 */
import { narrowingDigest } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { buildRevocationDocument } from '../../src/core/revocation-document';
import { sparedOf } from '../../src/revoke-older-sessions/properties';
import { Phase } from '../../src/revoke-older-sessions/revoke-older-sessions.lambda';
import { CONTEXT, createEvent, deleteEvent, OWN_SID, OWNER, ownPolicy, physicalIdOfProps, props, roleArn, updateEvent } from '../helpers/events';
import { ALL_CAPABILITIES, NOW, testHandler } from '../helpers/handler';
import { LoopbackIam } from '../helpers/loopback-iam';

const CUTOFF = '2026-11-22T10:00:00Z';

let iam: LoopbackIam;

beforeEach(async () => {
  // Pages of 100 cover paging with a few hundred roles: no test needs thousands of real requests.
  iam = new LoopbackIam({ pageSize: 100 });
  await iam.start();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  await iam.stop();
  jest.restoreAllMocks();
});

/** The handler, with the grant a construct excluding `exclude` gets. */
function handlerFor(phase: Phase = 'start', protectedRoles: string[] = ['CdkRevokeSessionsOnEventRole'], exclude: string[] = [], stack?: StackReader,
  organizationAccess = false) {
  return testHandler({
    iam: iam.client(),
    phase,
    protectedRoles: new Set(protectedRoles),
    grants: () => ({ ...ALL_CAPABILITIES, narrowing: narrowingDigest(sparedOf(exclude, organizationAccess)) }),
    ...(stack ? { stack } : {}),
  });
}

function selection(overrides: Record<string, unknown>): Record<string, unknown> {
  const { RoleArns: _omit, ...rest } = props();
  return { ...rest, ...overrides };
}

/** Whether the role carries a policy of the events' resource, whatever its generation. */
const revoked = (name: string) => [...iam.roles.get(name)!.policies.keys()].some((n) => n.includes(`-${OWNER}-`));
const calls = (action: string) => iam.calls.filter((c) => c.action === action);

describe('selections', () => {
  test('allInAccount pages through GetAccountAuthorizationDetails and ListRoles and skips every role that must not be revoked', async () => {
    for (let i = 0; i < 250; i++) {
      iam.addRole(`app-${String(i).padStart(4, '0')}`);
    }
    iam.addRole('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' });
    iam.addRole('AWSReservedSSO_Admin_0123456789abcdef', { path: '/aws-reserved/sso.amazonaws.com/' });
    iam.addRole('cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1');
    iam.addRole('cdk-hnb659fds-deploy-role-111122223333-us-east-1');
    iam.addRole('CdkRevokeSessionsOnEventRole');

    const res = await handlerFor()(createEvent(selection({ Selection: 'all-in-account' })), CONTEXT) as any;

    // 255 roles in pages of 100: three pages of each batched read, whatever MaxItems asked for.
    expect(calls('GetAccountAuthorizationDetails')).toHaveLength(6);
    expect(calls('ListRoles')).toHaveLength(3);
    expect(calls('PutRolePolicy')).toHaveLength(250);
    expect(res.Data).toMatchObject({
      Complete: 'true',
      RolesMatched: '255',
      RolesRevoked: '250',
      RolesSkipped: '5',
      SkippedReasons: 'cdk-bootstrap=2, identity-center=1, provider=1, service-linked=1',
    });
    expect(revoked('app-0000') && revoked('app-0249')).toBe(true);
    for (const name of ['AWSServiceRoleForSupport', 'AWSReservedSSO_Admin_0123456789abcdef',
      'cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1', 'CdkRevokeSessionsOnEventRole']) {
      expect(revoked(name)).toBe(false);
    }
    // The batched reads give path, tags, documents and session duration: no read per role.
    expect(calls('GetRole').length + calls('GetRolePolicy').length + calls('ListRolePolicies').length).toBe(0);
    expect(iam.calls.length).toBe(6 + 3 + 250);
  });

  test('pathPrefix takes only that path and honours name and /path/name excludes', async () => {
    iam.addRole('api', { path: '/app/' });
    iam.addRole('worker', { path: '/app/batch/' });
    iam.addRole('legacy-1', { path: '/app/' });
    iam.addRole('breakglass', { path: '/app/ops/' });
    iam.addRole('outside');

    const res = await handlerFor('start', undefined, ['legacy-*', '/app/ops/*'])(createEvent(selection({
      Selection: 'path-prefix', PathPrefix: '/app/', Exclude: ['legacy-*', '/app/ops/*'],
    })), CONTEXT) as any;

    expect(res.Data).toMatchObject({ RolesMatched: '4', RolesRevoked: '2', SkippedReasons: 'excluded=2' });
    expect([revoked('api'), revoked('worker'), revoked('legacy-1'), revoked('breakglass'), revoked('outside')])
      .toEqual([true, true, false, false, false]);
  });

  test('tagged reads tags in the batched read and matches key, and value when given', async () => {
    iam.addRole('a', { tags: { incident: 'ir-42' } });
    iam.addRole('b', { tags: { incident: 'ir-7' } });
    iam.addRole('c', { tags: { team: 'x' } });

    const byValue = await handlerFor()(createEvent(selection({ Selection: 'tagged', TagKey: 'incident', TagValue: 'ir-42' })), CONTEXT) as any;
    expect(byValue.Data).toMatchObject({ RolesMatched: '1', RolesRevoked: '1' });
    expect([revoked('a'), revoked('b'), revoked('c')]).toEqual([true, false, false]);

    const byKey = await handlerFor()(createEvent(selection({ Selection: 'tagged', TagKey: 'incident' })), CONTEXT) as any;
    expect(byKey.Data).toMatchObject({ RolesMatched: '2', RolesRevoked: '2' });
    expect(calls('GetRole')).toHaveLength(0);
  });

  test('a tagged role that IAM will not describe does not abort the selection', async () => {
    iam.addRole('a', { tags: { incident: 'ir-42' } });
    iam.addRole('b', { tags: { incident: 'ir-42' } });
    // The previous handler read tags with GetRole outside the per-role error handling: one AccessDenied failed the run.
    iam.inject = (req) => (req.action === 'GetRole' && req.params.RoleName === 'a' ? { kind: 'error', code: 'AccessDenied', status: 403 } : undefined);
    const res = await handlerFor()(createEvent(selection({ Selection: 'tagged', TagKey: 'incident' })), CONTEXT) as any;
    expect(res.Data).toMatchObject({ RolesRevoked: '2' });
    expect(revoked('a') && revoked('b')).toBe(true);
  });

  test('a tagged role deleted between the read and its write fails alone, by name', async () => {
    iam.addRole('a', { tags: { incident: 'ir-42' } });
    iam.addRole('gone', { tags: { incident: 'ir-42' } });
    iam.inject = (req) => (req.action === 'PutRolePolicy' && req.params.RoleName === 'gone'
      ? { kind: 'error', code: 'NoSuchEntity', status: 404, message: 'The role with name gone cannot be found.' } : undefined);
    const err = await handlerFor()(createEvent(selection({ Selection: 'tagged', TagKey: 'incident' })), CONTEXT).catch((e) => e);
    expect(err.message).toBe('failed to revoke 1 of 2 roles (1 done and kept; a rollback keeps them too): gone: NoSuchEntity: The role with name gone cannot be found.');
    expect(revoked('a')).toBe(true);
  });

  test('namePattern is a case-sensitive glob on the role name', async () => {
    ['ci-build', 'ci-deploy', 'CI-legacy', 'xci-other'].forEach((n) => iam.addRole(n, { path: n === 'ci-deploy' ? '/pipelines/' : '/' }));
    const res = await handlerFor()(createEvent(selection({ Selection: 'name-pattern', NamePattern: 'ci-*' })), CONTEXT) as any;
    expect(res.Data).toMatchObject({ RolesMatched: '2' });
    expect(['ci-build', 'ci-deploy', 'CI-legacy', 'xci-other'].map(revoked)).toEqual([true, true, false, false]);
  });

  test('a selection that matches nothing revocable fails and says why', async () => {
    iam.addRole('cdk-hnb659fds-deploy-role-111122223333-us-east-1');
    const err = await handlerFor()(createEvent(selection({ Selection: 'all-in-account' })), CONTEXT).catch((e) => e);
    expect(err.message).toBe('the all-in-account selection matched no role that may be revoked (1 matched, skipped: cdk-bootstrap=1); check the selection');
  });

  test('an explicit role that is the provider\'s own or a bootstrap role is refused, by name', async () => {
    iam.addRole('CdkRevokeSessionsOnEventRole');
    iam.addRole('cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1');
    const err = await handlerFor('sync')(createEvent(props({
      RoleArns: [roleArn('CdkRevokeSessionsOnEventRole'), roleArn('cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1')],
    })), CONTEXT).catch((e) => e);
    expect(err.message).toMatch(/CdkRevokeSessionsOnEventRole: it is a role this library or its deployment runs as/);
    expect(err.message).toMatch(/cfn-exec-role-111122223333-eu-west-1: it is a CDK bootstrap role/);
    expect(iam.calls.filter((c) => c.action === 'PutRolePolicy')).toHaveLength(0);
  });

  test('allInAccount skips the roles that run the organization, counted as organization-access', async () => {
    const organizationAccess = ['AWSCloudFormationStackSetExecutionRole', 'AWSCloudFormationStackSetAdministrationRole',
      'OrganizationAccountAccessRole', 'AWSControlTowerExecution', 'stacksets-exec-899a82a2cb437e970934262f85c7628a'];
    organizationAccess.forEach((name) => iam.addRole(name));
    iam.addRole('app');
    // Not AWS's names: a longer hash, and a name that only starts like one.
    iam.addRole('stacksets-exec-899a82a2cb437e970934262f85c7628a0');
    iam.addRole('OrganizationAccountAccessRole-copy');

    const res = await handlerFor()(createEvent(selection({ Selection: 'all-in-account' })), CONTEXT) as any;
    expect(res.Data).toMatchObject({ RolesMatched: '8', RolesRevoked: '3', RolesSkipped: '5', SkippedReasons: 'organization-access=5' });
    organizationAccess.forEach((name) => expect(revoked(name)).toBe(false));
    expect(revoked('app') && revoked('stacksets-exec-899a82a2cb437e970934262f85c7628a0') && revoked('OrganizationAccountAccessRole-copy')).toBe(true);
  });

  test('an explicit organization-access role is refused by the handler unless the resource was deployed with the opt-in', async () => {
    iam.addRole('OrganizationAccountAccessRole');
    const refused = await handlerFor('sync')(createEvent(props({ RoleArns: [roleArn('OrganizationAccountAccessRole')] })), CONTEXT).catch((e) => e);
    expect(refused.message).toMatch(/OrganizationAccountAccessRole: it is a role that administers the organization/);
    const optIn = props({ RoleArns: [roleArn('OrganizationAccountAccessRole')], AllowOrganizationAccessRoles: 'true' });
    // A forged event that opts in, to a function whose grant for the resource does not.
    const forged = await handlerFor('sync')(createEvent(optIn), CONTEXT).catch((e) => e);
    expect(forged.message).toMatch(/allowOrganizationAccessRoles come only from the deployed construct/);
    expect(calls('PutRolePolicy')).toHaveLength(0);
    await handlerFor('sync', undefined, [], undefined, true)(createEvent(optIn), CONTEXT);
    expect(revoked('OrganizationAccountAccessRole')).toBe(true);
  });

  test('DESTROY on delete removes the statement from every selected role and nothing else', async () => {
    iam.addRole('a', { path: '/app/' });
    iam.addRole('b', { path: '/app/', policies: { Keep: '{"Version":"2012-10-17","Statement":[]}' } });
    const p = selection({ Selection: 'path-prefix', PathPrefix: '/app/', RemovalPolicy: 'destroy' });
    await handlerFor()(createEvent(p), CONTEXT);
    expect(revoked('a') && revoked('b')).toBe(true);

    await handlerFor()(deleteEvent(p), CONTEXT);

    expect(revoked('a') || revoked('b')).toBe(false);
    expect(iam.roles.get('b')!.policies.has('Keep')).toBe(true);
  });

  test('a DESTROY delete that runs out of time continues in isComplete, and keeps the deny until then', async () => {
    iam.addRole('a');
    iam.addRole('b');
    const p = selection({ Selection: 'all-in-account', RemovalPolicy: 'destroy' });
    await handlerFor()(createEvent(p), CONTEXT);
    const first = await handlerFor()(deleteEvent(p), { ...CONTEXT, getRemainingTimeInMillis: () => 40_000 }) as any;
    expect(first).toEqual({ PhysicalResourceId: physicalIdOfProps(p), Data: { Complete: 'false' } });
    expect(revoked('a') && revoked('b')).toBe(true);

    const next = await handlerFor('continue')({ ...deleteEvent(p), Data: first.Data } as any, CONTEXT);
    expect(next).toEqual({ IsComplete: true });
    expect(revoked('a') || revoked('b')).toBe(false);
  });

  test('a DESTROY delete in the sync phase that runs out of time names the roles it did not reach', async () => {
    iam.addRole('a');
    const p = selection({ Selection: 'all-in-account', RemovalPolicy: 'destroy' });
    await handlerFor()(createEvent(p), CONTEXT);
    const err = await handlerFor('sync')(deleteEvent(p), { ...CONTEXT, getRemainingTimeInMillis: () => 40_000 }).catch((e) => e);
    expect(err.message).toBe('failed to remove the revocation from 1 of 1 roles (0 removed): a: '
      + 'not started before the function ran out of time; deploy again to finish (roles already done stay done)');
    expect(revoked('a')).toBe(true);
  });

  test('DESTROY removes the policy from roles the new selection no longer takes once the update succeeded, never in the Update', async () => {
    iam.addRole('a', { path: '/app/' });
    iam.addRole('b', { path: '/ops/' });
    const old = selection({ Selection: 'all-in-account', RemovalPolicy: 'destroy' });
    const next = selection({ Selection: 'path-prefix', PathPrefix: '/app/', RemovalPolicy: 'destroy' });
    await handlerFor()(createEvent(old), CONTEXT);
    const res = await handlerFor()(updateEvent(next, old), CONTEXT) as any;
    expect([revoked('a'), revoked('b')]).toEqual([true, true]);
    expect(res.PhysicalResourceId).toBe(physicalIdOfProps(next));
    // CloudFormation's cleanup: the Delete of the replaced generation.
    const cleanup: StackReader = {
      stackStatus: async () => 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      resource: async () => ({ physicalId: physicalIdOfProps(next), status: 'UPDATE_COMPLETE' }),
    };
    await handlerFor('start', undefined, [], cleanup)(deleteEvent(old), CONTEXT);
    expect([revoked('a'), revoked('b')]).toEqual([true, false]);
    expect([...iam.roles.get('a')!.policies.keys()]).toEqual([ownPolicy(next)]);
  });
});

describe('dry run against the endpoint', () => {
  test('a dry run writes nothing, and the roles it reports are exactly those a real run then writes', async () => {
    for (let i = 0; i < 120; i++) {
      iam.addRole(`app-${String(i).padStart(3, '0')}`, { tags: i % 2 === 0 ? { incident: 'ir-42' } : {} });
    }
    // Some roles already carry this resource's cutoff: neither run writes them.
    const p = selection({ Selection: 'tagged', TagKey: 'incident' });
    for (const name of ['app-000', 'app-002']) {
      iam.roles.get(name)!.policies.set(ownPolicy(p), buildRevocationDocument([{ sid: OWN_SID, cutoffMs: Date.parse(CUTOFF) }]));
    }
    const lines: string[] = [];
    (console.log as jest.Mock).mockImplementation((line: string) => { lines.push(line); });
    const before = iam.snapshot();

    const dry = await handlerFor()(createEvent({ ...p, DryRun: 'true' }), CONTEXT) as any;

    expect(iam.snapshot()).toEqual(before);
    expect(iam.calls.filter((c) => c.action === 'PutRolePolicy' || c.action === 'DeleteRolePolicy')).toHaveLength(0);
    const planned = lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'dry-run-plan').flatMap((e) => e.rolesToWrite);
    // Two roles carry this resource's revocation already: a dry run says so.
    expect(dry.Data).toMatchObject({ DryRun: 'true', RolesRevoked: '2', RolesToRevoke: '60', RolesToWrite: '58', RolesMatched: '60' });
    expect(Buffer.byteLength(JSON.stringify(dry.Data))).toBeLessThan(3000);

    await handlerFor()(createEvent(p), CONTEXT);
    const written = iam.calls.filter((c) => c.action === 'PutRolePolicy').map((c) => c.params.RoleName);
    expect(planned.sort()).toEqual(written.sort());
    expect(written).toHaveLength(58);
    expect(dry.Data.RolesToWriteNames.split(', ').slice(0, 3)).toEqual(['app-004', 'app-006', 'app-008']);
  });
});

describe('continuation (isComplete)', () => {
  test('a run that runs out of time continues later with the same deploy-time cutoff, which it reads from what the start wrote', async () => {
    for (let i = 0; i < 30; i++) {
      iam.addRole(`r${i}`);
    }
    const p = selection({ Selection: 'all-in-account', CutoffMode: 'deploy-time', Generation: '1', BufferSeconds: '30', IssuedBefore: undefined });
    delete p.IssuedBefore;
    // Enough time to start 10 roles, then the deadline margin is reached.
    let started = 0;
    const budget = { ...CONTEXT, getRemainingTimeInMillis: () => (started++ < 12 ? 900_000 : 40_000) };

    const first = await handlerFor('start')(createEvent(p), budget) as any;

    const done = [...iam.roles.keys()].filter(revoked).length;
    expect(first.Data).toEqual({ Complete: 'false', RolesWritten: String(done) });
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(30);

    // The continuation runs later, by the clock; the cutoff must not move.
    const later = testHandler({ iam: iam.client(), now: () => NOW + 120_000, phase: 'continue' });
    const next = await later({ ...createEvent(p), PhysicalResourceId: first.PhysicalResourceId, Data: first.Data } as any, CONTEXT) as any;

    expect(next.IsComplete).toBe(true);
    expect(next.Data).toMatchObject({ EffectiveCutoff: '2026-11-22T10:30:30Z', RolesRevoked: '30', RolesWritten: '30' });
    expect([...iam.roles.keys()].every(revoked)).toBe(true);
  });

  /** A DESTROY selection of 30 roles whose start runs out of time after about 10. */
  async function startThatRunsOutOfTime() {
    for (let i = 0; i < 30; i++) {
      iam.addRole(`r${i}`);
    }
    const p = selection({ Selection: 'all-in-account', RemovalPolicy: 'destroy' });
    let started = 0;
    const first = await handlerFor('start')(createEvent(p), { ...CONTEXT, getRemainingTimeInMillis: () => (started++ < 12 ? 900_000 : 40_000) }) as any;
    return { p, first };
  }

  test('a failed or timed-out Create on the asynchronous provider keeps every revocation it made', async () => {
    const { p, first } = await startThatRunsOutOfTime();
    expect(first.PhysicalResourceId).toBe(`pending-${physicalIdOfProps(p)}`);
    const done = [...iam.roles.keys()].filter(revoked);
    expect(done.length).toBeGreaterThan(0);

    // isComplete then fails (a role's LimitExceeded) or the 55-minute waiter times out: CloudFormation
    // rolls back with a Delete for the id start returned.
    await handlerFor('start')(deleteEvent(p, first.PhysicalResourceId), CONTEXT);

    expect([...iam.roles.keys()].filter(revoked)).toEqual(done);
  });

  test('a Create that completes in isComplete takes the owner id, so a later DESTROY delete removes it', async () => {
    const { p, first } = await startThatRunsOutOfTime();
    const next = await handlerFor('continue')({ ...createEvent(p), PhysicalResourceId: first.PhysicalResourceId, Data: first.Data } as any, CONTEXT) as any;
    expect(next.PhysicalResourceId).toBe(physicalIdOfProps(p));
    await handlerFor('start')(deleteEvent(p, next.PhysicalResourceId), CONTEXT);
    expect([...iam.roles.keys()].filter(revoked)).toEqual([]);
  });

  test('a start that finished says so, and the continuation makes no call', async () => {
    iam.addRole('a');
    const first = await handlerFor('start')(createEvent(selection({ Selection: 'all-in-account' })), CONTEXT) as any;
    expect(first.Data.Complete).toBe('true');
    const before = iam.calls.length;
    const next = await handlerFor('continue')({ ...createEvent(selection({ Selection: 'all-in-account' })), Data: first.Data } as any, CONTEXT);
    expect(next).toEqual({ IsComplete: true });
    expect(iam.calls.length).toBe(before);
  });

  test('a forged continuation\'s Data decides nothing: the cutoff comes from the properties and the grant', async () => {
    iam.addRole('a');
    const p = selection({ Selection: 'all-in-account' });
    const res = await handlerFor('continue')({ ...createEvent(p), Data: { Complete: 'false', RequestedCutoff: '1970-01-01T00:00:00Z', RolesWritten: 'lots' } } as any,
      CONTEXT) as any;
    expect(res.Data).toMatchObject({ EffectiveCutoff: CUTOFF, RolesWritten: '1' });
  });

  test('in the sync phase, roles left when time runs out fail by name', async () => {
    iam.addRole('a');
    const err = await handlerFor('sync')(createEvent(selection({ Selection: 'all-in-account' })), { ...CONTEXT, getRemainingTimeInMillis: () => 40_000 })
      .catch((e) => e);
    expect(err.message).toContain('a: not started before the function ran out of time');
  });
});

test('the endpoint answers the real SDK with the CUTOFF it stored', async () => {
  iam.addRole('app');
  await handlerFor('sync')(createEvent(), CONTEXT);
  expect(JSON.parse(iam.roles.get('app')!.policies.get(ownPolicy())!).Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe(CUTOFF);
});
