import { GetAccountAuthorizationDetailsCommand, GetRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { LoopbackIam } from './loopback-iam';
import { realisticRole } from './realistic-roles';

let iam: LoopbackIam;

afterEach(async () => {
  await iam.stop();
});

async function start(options: ConstructorParameters<typeof LoopbackIam>[0] = {}): Promise<void> {
  iam = new LoopbackIam(options);
  await iam.start();
  iam.addRole('app', { path: '/team/', maxSessionDuration: 7200, tags: { incident: 'ir-42' } });
}

test('answers the real SDK client in IAM\'s wire format, with the document URL-encoded', async () => {
  await start();
  const client = iam.client();
  const role = await client.send(new GetRoleCommand({ RoleName: 'app' }));
  expect(role.Role).toMatchObject({ Path: '/team/', Arn: 'arn:aws:iam::111122223333:role/team/app', MaxSessionDuration: 7200, Tags: [{ Key: 'incident', Value: 'ir-42' }] });
  await client.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'P', PolicyDocument: '{"Statement":[]}' }));
  const got = await client.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'P' }));
  expect(got.PolicyDocument).toBe(encodeURIComponent('{"Statement":[]}'));
  const missing = await client.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'Q' })).catch((e) => e);
  expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchEntityException', 404]);
});

test('throttles past the burst with IAM\'s error, and takes no token for a throttled call', async () => {
  await start({ ratePerSecond: 1, burst: 2 });
  const client = iam.client();
  const results = await Promise.all([1, 2, 3, 4].map(() => client.send(new GetRoleCommand({ RoleName: 'app' })).then(() => 'ok', (e) => `${e.name}: ${e.message}`)));
  expect(results.filter((r) => r === 'ok')).toHaveLength(2);
  expect(results.filter((r) => r === 'Throttling: Rate exceeded')).toHaveLength(2);
  expect(iam.tally()).toEqual({ 'GetRole:OK': 2, 'GetRole:Throttling': 2 });
});

test('injected faults: an error, a dropped connection, and IAM\'s own size limit', async () => {
  await start();
  const client = iam.client();
  iam.inject = (req) => (req.action === 'GetRole' ? { kind: 'error', code: 'ServiceFailure', status: 500 } : undefined);
  const failure = await client.send(new GetRoleCommand({ RoleName: 'app' })).catch((e) => e);
  expect([failure.name, failure.$metadata.httpStatusCode]).toEqual(['ServiceFailureException', 500]);

  iam.inject = () => ({ kind: 'drop' });
  const dropped = await client.send(new GetRoleCommand({ RoleName: 'app' })).catch((e) => e);
  expect(dropped.code ?? dropped.name).toMatch(/ECONNRESET|socket hang up|Error/);

  iam.inject = undefined;
  const big = JSON.stringify({ Statement: [{ Sid: 'x'.repeat(10_300) }] });
  const tooBig = await client.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'P', PolicyDocument: big })).catch((e) => e);
  expect(tooBig.name).toBe('LimitExceededException');
  expect(iam.roles.get('app')!.policies.size).toBe(0);
});

test('GetAccountAuthorizationDetails as IAM: paths, tags and URL-encoded documents, no MaxSessionDuration, pages whatever MaxItems asks', async () => {
  await start({ pageSize: 2 });
  iam.roles.get('app')!.policies.set('P', '{"Statement":[{"Sid":"a b&c"}]}');
  iam.addRole('b');
  iam.addRole('c');
  const client = iam.client();
  const first = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000 }));
  expect(first.IsTruncated).toBe(true);
  expect(first.RoleDetailList!.map((r) => r.RoleName)).toEqual(['app', 'b']);
  const app = first.RoleDetailList![0];
  expect(app).toMatchObject({ Path: '/team/', Arn: 'arn:aws:iam::111122223333:role/team/app', Tags: [{ Key: 'incident', Value: 'ir-42' }] });
  expect(app.RolePolicyList).toEqual([{ PolicyName: 'P', PolicyDocument: encodeURIComponent('{"Statement":[{"Sid":"a b&c"}]}') }]);
  expect(JSON.stringify(first)).not.toContain('MaxSessionDuration');
  const second = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000, Marker: first.Marker }));
  expect([second.IsTruncated, second.RoleDetailList!.map((r) => r.RoleName)]).toEqual([false, ['c']]);
  const names = await client.send(new ListRolePoliciesCommand({ RoleName: 'app' }));
  expect(names.PolicyNames).toEqual(['P']);
});

test('a realistic role in GetAccountAuthorizationDetails carries every RoleDetail field IAM returns, documents URL-encoded', async () => {
  await start();
  const init = realisticRole('svc-00000', 0);
  iam.addRole('svc-00000', init);
  const page = await iam.client().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000 }));
  const role = page.RoleDetailList!.find((r) => r.RoleName === 'svc-00000')!;
  expect(role.AssumeRolePolicyDocument).toBe(encodeURIComponent(init.trustPolicy!));
  expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toContain('ec2.amazonaws.com');
  // Each instance profile repeats the role with its trust policy.
  expect(role.InstanceProfileList).toEqual([expect.objectContaining({
    InstanceProfileName: 'svc-00000',
    Arn: 'arn:aws:iam::111122223333:instance-profile/workloads/svc-00000',
    Roles: [expect.objectContaining({ RoleName: 'svc-00000', AssumeRolePolicyDocument: role.AssumeRolePolicyDocument })],
  })]);
  expect(role.AttachedManagedPolicies).toEqual(init.managedPolicies!.map((a) => ({ PolicyArn: a, PolicyName: a.replace(/^.*\//, '') })));
  expect(role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: init.permissionsBoundary });
  expect(role.RoleLastUsed).toEqual({ LastUsedDate: new Date(init.lastUsed!.date), Region: init.lastUsed!.region });
  expect(role.Tags).toHaveLength(10);
  expect(role.RolePolicyList!.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument!)])).toEqual(Object.entries(init.policies!));
  const inline = Object.values(init.policies!).join('').length;
  expect(init.trustPolicy!.length).toBe(600);
  expect(inline).toBeGreaterThan(6_500);
  expect(inline).toBeLessThan(7_500);
  // A role without a profile has an empty list, as IAM answers.
  iam.addRole('svc-00001', realisticRole('svc-00001', 1));
  const again = await iam.client().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000 }));
  expect(again.RoleDetailList!.find((r) => r.RoleName === 'svc-00001')!.InstanceProfileList).toEqual([]);
  expect(decodeURIComponent(again.RoleDetailList!.find((r) => r.RoleName === 'app')!.AssumeRolePolicyDocument!)).toContain(':root');
});
