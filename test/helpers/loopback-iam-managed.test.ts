/**
 * The loopback managed-policy API (a test double) answers as IAM documents it, through the real
 * SDK client: quotas, URL-encoded documents, error codes.
 */
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DetachRolePolicyCommand, GetAccountAuthorizationDetailsCommand, GetPolicyVersionCommand, IAMClient, ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand, ListPolicyVersionsCommand, SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { LOOPBACK_ACCOUNT, LoopbackIam } from './loopback-iam';
import { LoopbackManagedPolicies } from './loopback-iam-managed';

const doc = (sid: string, pad = 0) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:x': 'y'.repeat(pad) } } }] });
const ARN = `arn:aws:iam::${LOOPBACK_ACCOUNT}:policy/cdk-revoke-sessions/Switch`;

let endpoint: LoopbackIam;
let managed: LoopbackManagedPolicies;
let iam: IAMClient;
beforeEach(async () => {
  endpoint = new LoopbackIam();
  managed = new LoopbackManagedPolicies(endpoint, LOOPBACK_ACCOUNT);
  await endpoint.start();
  iam = endpoint.client();
  endpoint.addRole('app', { path: '/team/' });
  endpoint.addRole('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' });
});
afterEach(() => endpoint.stop());

const code = (p: Promise<unknown>) => p.then(() => 'OK', (e: { Code?: string; name?: string }) => e.Code ?? e.name);

test('versions: at most five, listed without documents, read back URL-encoded and decoded by nobody but the caller', async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: 'Switch', Path: '/cdk-revoke-sessions/', PolicyDocument: doc('A') }));
  expect(await code(iam.send(new CreatePolicyCommand({ PolicyName: 'Switch', Path: '/cdk-revoke-sessions/', PolicyDocument: doc('A') })))).toBe('EntityAlreadyExists');
  for (const sid of ['B', 'C', 'D', 'E']) {
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: doc(sid), SetAsDefault: sid === 'C' }));
  }
  expect(await code(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: doc('F') })))).toBe('LimitExceeded');
  const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: ARN }));
  expect(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document])).toEqual([
    ['v5', false, undefined], ['v4', false, undefined], ['v3', true, undefined], ['v2', false, undefined], ['v1', false, undefined],
  ]);
  const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v3' }));
  expect(decodeURIComponent(v3.PolicyVersion!.Document!)).toBe(doc('C'));
  expect(await code(iam.send(new DeletePolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v3' })))).toBe('DeleteConflict');
  expect(await code(iam.send(new DeletePolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v9' })))).toBe('NoSuchEntity');
  expect(await code(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v9' })))).toBe('NoSuchEntity');
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v5' }));
  expect(managed.defaultDocument(ARN)).toBe(doc('E'));
  expect(await code(iam.send(new DeletePolicyCommand({ PolicyArn: ARN })))).toBe('DeleteConflict');
});

test('a document over 6,144 characters (whitespace not counted) is refused', async () => {
  const fits = doc('A', 6144 - doc('A').length);
  expect(fits.length).toBe(6144);
  await iam.send(new CreatePolicyCommand({ PolicyName: 'Switch', Path: '/cdk-revoke-sessions/', PolicyDocument: fits }));
  expect(await code(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: doc('A', 6145 - doc('A').length) })))).toBe('LimitExceeded');
  expect(await code(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: `  ${fits}  ` })))).toBe('OK');
});

test('attachments: the per-role quota, protected roles, and every listing of them', async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: 'Switch', Path: '/cdk-revoke-sessions/', PolicyDocument: doc('A') }));
  managed.attachedPerRole = 2;
  managed.attachExisting('app', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: ARN }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: ARN }));
  expect(await code(iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' })))).toBe('LimitExceeded');
  expect(await code(iam.send(new AttachRolePolicyCommand({ RoleName: 'AWSServiceRoleForSupport', PolicyArn: ARN })))).toBe('UnmodifiableEntity');
  expect(await code(iam.send(new AttachRolePolicyCommand({ RoleName: 'gone', PolicyArn: ARN })))).toBe('NoSuchEntity');
  expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies?.map((p) => p.PolicyArn))
    .toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', ARN]);
  expect((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN, EntityFilter: 'Role' }))).PolicyRoles?.map((r) => r.RoleName)).toEqual(['app']);
  const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  expect(details.RoleDetailList?.find((r) => r.RoleName === 'app')?.AttachedManagedPolicies?.map((p) => p.PolicyArn))
    .toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', ARN]);
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: ARN }));
  expect(await code(iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: ARN })))).toBe('NoSuchEntity');
  await iam.send(new DeletePolicyCommand({ PolicyArn: ARN }));
  expect(managed.policies.size).toBe(0);
});
