/**
 * Our loopback doubles against moto, call by call: every API call the handlers make (and the
 * errors and paging they rely on) is sent, through the real SDK, to a fresh double and to a fresh
 * moto holding the same state, and the answers are compared after normalizing what is random
 * (ids, dates). Where they disagree, AWS's documentation decided which one is right; the table
 * below records each disagreement with that verdict, and the test fails when the set of
 * disagreements changes (a double drifted, moto changed, or a call was added).
 *
 * Where the double was wrong it was fixed (so it no longer appears here); what remains is
 * moto's, or a freedom AWS's documentation leaves open.
 */
import {
  CreateRoleCommand, CreateServiceLinkedRoleCommand, DeleteRolePolicyCommand, GetAccountAuthorizationDetailsCommand, GetRoleCommand,
  GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, DeletePolicyCommand, DescribePolicyCommand,
  DetachPolicyCommand, EnablePolicyTypeCommand, ListPoliciesCommand, ListRootsCommand, ListTargetsForPolicyCommand, OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  CreatePermissionSetCommand, DeleteInlinePolicyFromPermissionSetCommand, DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand, GetInlinePolicyForPermissionSetCommand, ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand, ProvisionPermissionSetCommand, PutInlinePolicyToPermissionSetCommand, SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { LAMBDA_TRUST } from './moto-state';
import { LoopbackIam } from '../helpers/loopback-iam';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';
import { INSTANCE_ARN, LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';
import { describeWithMoto, MOTO_ACCOUNT, MotoServer } from '../helpers/moto';

type Probe<W> = (world: W) => Promise<unknown>;
/** Where each side disagrees, what each answered, and which one AWS's documentation supports. */
interface Disagreement {
  readonly double: unknown;
  readonly moto: unknown;
  readonly aws: string;
}

/** An answer with what is random removed: an error as its code, status and reason; keys sorted. */
async function outcome(probe: () => Promise<unknown>): Promise<unknown> {
  try {
    return await probe();
  } catch (err) {
    const e = err as { name?: string; Reason?: string; $metadata?: { httpStatusCode?: number } };
    return { error: String(e.name).replace(/Exception$/, ''), status: e.$metadata?.httpStatusCode, ...(e.Reason ? { reason: e.Reason } : {}) };
  }
}

const keys = (o: object | undefined) => Object.entries(o ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
const isEncoded = (doc: string | undefined) => doc !== undefined && doc.startsWith('%7B');
/** Pages a list call: how many pages it took and how many items came back in all. */
async function pages<T extends { IsTruncated?: boolean; Marker?: string; NextToken?: string }>(
  call: (token?: string) => Promise<T>, count: (page: T) => number): Promise<number[]> {
  const sizes: number[] = [];
  let token: string | undefined;
  do {
    const page = await call(token);
    sizes.push(count(page));
    token = page.NextToken ?? (page.IsTruncated ? page.Marker : undefined);
  } while (token && sizes.length < 50);
  return sizes;
}

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-22T10:00:00Z' } } }] });
const HUGE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(10_300)}` }] });

// ---------------------------------------------------------------- IAM

interface IamWorld {
  readonly iam: IAMClient;
  /** The service-linked role's name (moto spells the service part in lower case). */
  readonly serviceLinked: string;
}

/** Three roles, one with two inline policies and a tag, and a service-linked role. */
const IAM_STATE: ReadonlyArray<{ name: string; path: string; tags: Record<string, string>; policies: Record<string, string> }> = [
  { name: 'api', path: '/app/', tags: { team: 'payments' }, policies: { P1: DOC, P2: DOC } },
  { name: 'db', path: '/', tags: {}, policies: {} },
  { name: 'web', path: '/', tags: {}, policies: {} },
];

const IAM_PROBES: Record<string, Probe<IamWorld>> = {
  'GetRolePolicy: the document, URL-encoded as RFC 3986 encodes it': async ({ iam }) =>
    (await iam.send(new GetRolePolicyCommand({ RoleName: 'api', PolicyName: 'P1' }))).PolicyDocument,
  'GetRole: fields': async ({ iam }) => keys((await iam.send(new GetRoleCommand({ RoleName: 'api' }))).Role),
  'GetRole: AssumeRolePolicyDocument URL-encoded': async ({ iam }) => isEncoded((await iam.send(new GetRoleCommand({ RoleName: 'api' }))).Role?.AssumeRolePolicyDocument),
  'GetRole: unknown role': async ({ iam }) => iam.send(new GetRoleCommand({ RoleName: 'nobody' })),
  'ListRoles: fields': async ({ iam }) => keys((await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'api')),
  'ListRoles: AssumeRolePolicyDocument URL-encoded': async ({ iam }) =>
    isEncoded((await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'api')?.AssumeRolePolicyDocument),
  'ListRoles: MaxItems=1 pages on IsTruncated/Marker': async ({ iam }) =>
    pages((m) => iam.send(new ListRolesCommand({ MaxItems: 1, Marker: m })), (p) => p.Roles?.length ?? 0),
  'ListRolePolicies: MaxItems=1 pages': async ({ iam }) =>
    pages((m) => iam.send(new ListRolePoliciesCommand({ RoleName: 'api', MaxItems: 1, Marker: m })), (p) => p.PolicyNames?.length ?? 0),
  'GetAccountAuthorizationDetails: role fields': async ({ iam }) =>
    keys((await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList?.find((r) => r.RoleName === 'api')),
  'GetAccountAuthorizationDetails: inline documents URL-encoded': async ({ iam }) =>
    (await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList?.find((r) => r.RoleName === 'api')
      ?.RolePolicyList?.map((p) => p.PolicyDocument),
  'GetAccountAuthorizationDetails: AssumeRolePolicyDocument URL-encoded': async ({ iam }) =>
    isEncoded((await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList?.[0]?.AssumeRolePolicyDocument),
  'GetAccountAuthorizationDetails: MaxItems=1 pages on IsTruncated/Marker': async ({ iam }) =>
    pages((m) => iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1, Marker: m })), (p) => p.RoleDetailList?.length ?? 0),
  'GetRolePolicy: unknown policy': async ({ iam }) => iam.send(new GetRolePolicyCommand({ RoleName: 'api', PolicyName: 'nope' })),
  'DeleteRolePolicy: unknown policy': async ({ iam }) => iam.send(new DeleteRolePolicyCommand({ RoleName: 'api', PolicyName: 'nope' })),
  'PutRolePolicy: malformed document': async ({ iam }) => iam.send(new PutRolePolicyCommand({ RoleName: 'db', PolicyName: 'Bad', PolicyDocument: '{"Statement":' })),
  'PutRolePolicy: inline policies over 10,240 characters': async ({ iam }) =>
    iam.send(new PutRolePolicyCommand({ RoleName: 'db', PolicyName: 'Huge', PolicyDocument: HUGE })).then(() => 'accepted'),
  'PutRolePolicy: a service-linked role': async ({ iam, serviceLinked }) =>
    iam.send(new PutRolePolicyCommand({ RoleName: serviceLinked, PolicyName: 'Deny', PolicyDocument: DOC })).then(() => 'accepted'),
  'PutRolePolicy then GetRolePolicy: the same document back': async ({ iam }) => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'db', PolicyName: 'Revoke-1a2b3c', PolicyDocument: DOC }));
    return decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'db', PolicyName: 'Revoke-1a2b3c' }))).PolicyDocument!) === DOC;
  },
};

const IAM_DISAGREEMENTS: Record<string, Disagreement> = {
  'ListRoles: AssumeRolePolicyDocument URL-encoded': {
    double: true,
    moto: false,
    aws: 'double: the Role type\'s AssumeRolePolicyDocument is "URL-encoded compliant with RFC 3986" (IAM API Reference, Role); moto returns it raw from ListRoles (raw also in GetAccountAuthorizationDetails, encoded in GetRole)',
  },
  'GetAccountAuthorizationDetails: AssumeRolePolicyDocument URL-encoded': {
    double: true,
    moto: false,
    aws: 'double: "Policies returned by this operation are URL-encoded compliant with RFC 3986" (IAM API Reference, GetAccountAuthorizationDetails)',
  },
  'GetAccountAuthorizationDetails: MaxItems=1 pages on IsTruncated/Marker': {
    double: [1, 1, 1, 1],
    moto: [4],
    aws: 'double: MaxItems caps the items per response and IsTruncated/Marker continue (IAM API Reference, GetAccountAuthorizationDetails); moto ignores MaxItems, so moto never exercises the handler\'s paging',
  },
  'ListRolePolicies: MaxItems=1 pages': {
    double: [1, 1],
    moto: [2],
    aws: 'double: MaxItems caps the items per response, IsTruncated/Marker continue (IAM API Reference, ListRolePolicies); moto ignores MaxItems',
  },
  'PutRolePolicy: inline policies over 10,240 characters': {
    double: { error: 'LimitExceeded', status: 409 },
    moto: 'accepted',
    aws: 'double: a role\'s inline policies may total 10,240 characters, whitespace not counted (IAM User Guide, IAM and AWS STS quotas); LimitExceeded is HTTP 409 (IAM API Reference, PutRolePolicy)',
  },
  'PutRolePolicy: a service-linked role': {
    double: { error: 'UnmodifiableEntity', status: 400 },
    moto: 'accepted',
    aws: 'double: service-linked roles cannot be modified; PutRolePolicy answers UnmodifiableEntity, HTTP 400 (IAM API Reference, PutRolePolicy)',
  },
};

async function iamOnDouble(): Promise<{ world: IamWorld; stop: () => Promise<void> }> {
  const double = new LoopbackIam();
  await double.start();
  for (const r of IAM_STATE) {
    double.addRole(r.name, { path: r.path, tags: r.tags, policies: r.policies });
  }
  double.addRole('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' });
  const iam = double.client();
  return { world: { iam, serviceLinked: 'AWSServiceRoleForSupport' }, stop: async () => { iam.destroy(); await double.stop(); } };
}

async function iamOnMoto(moto: MotoServer): Promise<{ world: IamWorld; stop: () => Promise<void> }> {
  await moto.reset();
  const iam = new IAMClient(moto.clientConfig());
  for (const r of IAM_STATE) {
    await iam.send(new CreateRoleCommand({
      RoleName: r.name, Path: r.path, AssumeRolePolicyDocument: LAMBDA_TRUST, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    }));
    for (const [PolicyName, PolicyDocument] of Object.entries(r.policies)) {
      await iam.send(new PutRolePolicyCommand({ RoleName: r.name, PolicyName, PolicyDocument }));
    }
  }
  const serviceLinked = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'support.amazonaws.com' }))).Role!.RoleName!;
  return { world: { iam, serviceLinked }, stop: async () => iam.destroy() };
}

// ---------------------------------------------------------------- Organizations

interface OrgWorld {
  readonly org: OrganizationsClient;
  readonly root: string;
  readonly ou: string;
  /** An SCP attached to the root, created through the API. */
  readonly attached: string;
}

const SCP = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `S${n}`, Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] });
const create = (org: OrganizationsClient, Name: string, Content = SCP(0)) =>
  org.send(new CreatePolicyCommand({ Name, Description: `policy ${Name}`, Type: 'SERVICE_CONTROL_POLICY', Content }));

const ORG_PROBES: Record<string, Probe<OrgWorld>> = {
  'CreatePolicy: summary fields': async ({ org }) => keys((await create(org, 'Fresh')).Policy?.PolicySummary),
  'CreatePolicy: a name already taken': async ({ org }) => create(org, 'Attached'),
  'CreatePolicy: content over 5,120 characters': async ({ org }) => create(org, 'Big', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: `arn:aws:s3:::${'x'.repeat(5200)}` }] })).then(() => 'accepted'),
  'CreatePolicy: malformed content': async ({ org }) => create(org, 'Bad', '{"Statement":').then(() => 'accepted'),
  'ListPolicies: lists AWS-managed FullAWSAccess': async ({ org }) =>
    (await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies?.filter((p) => p.AwsManaged).map((p) => `${p.Id} ${p.Name}`),
  'ListPolicies: MaxResults=1 pages on NextToken': async ({ org }) =>
    pages((t) => org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 1, NextToken: t })), (p) => p.Policies?.length ?? 0),
  'DescribePolicy: content round trip': async ({ org, attached }) => (await org.send(new DescribePolicyCommand({ PolicyId: attached }))).Policy?.Content === SCP(1),
  'DescribePolicy: unknown policy': async ({ org }) => org.send(new DescribePolicyCommand({ PolicyId: 'p-zzzzzzzz' })),
  'UpdatePolicy: content': async ({ org, attached }) =>
    (await org.send(new UpdatePolicyCommand({ PolicyId: attached, Content: SCP(2) }))).Policy?.Content === SCP(2),
  'ListTargetsForPolicy: target fields': async ({ org, attached }) => (await org.send(new ListTargetsForPolicyCommand({ PolicyId: attached }))).Targets?.map(keys),
  'ListTargetsForPolicy: MaxResults=1 pages on NextToken': async ({ org, attached, ou }) => {
    await org.send(new AttachPolicyCommand({ PolicyId: attached, TargetId: ou }));
    return pages((t) => org.send(new ListTargetsForPolicyCommand({ PolicyId: attached, MaxResults: 1, NextToken: t })),
      (p) => p.Targets?.length ?? 0);
  },
  'AttachPolicy: already attached': async ({ org, attached, root }) => org.send(new AttachPolicyCommand({ PolicyId: attached, TargetId: root })).then(() => 'accepted'),
  'AttachPolicy: unknown target': async ({ org, attached }) => org.send(new AttachPolicyCommand({ PolicyId: attached, TargetId: 'ou-zzzz-zzzzzzzz' })),
  'AttachPolicy: a sixth SCP on one target': async ({ org, ou }) => {
    // The OU carries FullAWSAccess; four more fill its five slots.
    for (let i = 0; i < 4; i++) {
      await org.send(new AttachPolicyCommand({ PolicyId: (await create(org, `Fill${i}`)).Policy!.PolicySummary!.Id!, TargetId: ou }));
    }
    return org.send(new AttachPolicyCommand({ PolicyId: (await create(org, 'Sixth')).Policy!.PolicySummary!.Id!, TargetId: ou })).then(() => 'accepted');
  },
  'DetachPolicy: not attached': async ({ org, attached, ou }) => org.send(new DetachPolicyCommand({ PolicyId: attached, TargetId: ou })).then(() => 'accepted'),
  'DeletePolicy: still attached': async ({ org, attached }) => org.send(new DeletePolicyCommand({ PolicyId: attached })),
  'DetachPolicy then DeletePolicy': async ({ org, attached, root }) => {
    await org.send(new DetachPolicyCommand({ PolicyId: attached, TargetId: root }));
    await org.send(new DeletePolicyCommand({ PolicyId: attached }));
    return outcome(() => org.send(new DescribePolicyCommand({ PolicyId: attached })));
  },
};

const ORG_DISAGREEMENTS: Record<string, Disagreement> = {
  'CreatePolicy: content over 5,120 characters': {
    double: { error: 'ConstraintViolation', status: 400, reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' },
    moto: 'accepted',
    aws: 'double: an SCP holds at most 5,120 characters (Organizations User Guide, quotas, as stored here); over it CreatePolicy answers ConstraintViolationException, Reason POLICY_CONTENT_LIMIT_EXCEEDED (Organizations API Reference)',
  },
  'CreatePolicy: malformed content': {
    double: { error: 'MalformedPolicyDocument', status: 400 },
    moto: 'accepted',
    aws: 'double: MalformedPolicyDocumentException, "the syntax might be incorrect" (Organizations API Reference, CreatePolicy)',
  },
  'ListTargetsForPolicy: MaxResults=1 pages on NextToken': {
    double: [1, 1],
    moto: [2],
    aws: 'double: MaxResults is an upper limit on the items returned (Organizations API Reference, ListTargetsForPolicy); moto ignores it',
  },
  'AttachPolicy: already attached': {
    double: { error: 'DuplicatePolicyAttachment', status: 400 },
    moto: 'accepted',
    aws: 'double: DuplicatePolicyAttachmentException (Organizations API Reference, AttachPolicy); the handler treats it as done, so either answer converges',
  },
  'AttachPolicy: unknown target': {
    double: { error: 'TargetNotFound', status: 400 },
    moto: { error: 'OrganizationalUnitNotFound', status: 400 },
    aws: 'double: TargetNotFoundException, "we can\'t find a root, OU, account, or email that matches the ID" (Organizations API Reference, AttachPolicy)',
  },
  'AttachPolicy: a sixth SCP on one target': {
    double: { error: 'ConstraintViolation', status: 400, reason: 'POLICY_NUMBER_LIMIT_EXCEEDED' },
    moto: 'accepted',
    aws: 'double: 5 SCPs per root, OU or account (Organizations User Guide, quotas, as stored here); over it ConstraintViolationException, Reason POLICY_NUMBER_LIMIT_EXCEEDED',
  },
  'DetachPolicy: not attached': {
    double: { error: 'PolicyNotAttached', status: 400 },
    moto: 'accepted',
    aws: 'double: PolicyNotAttachedException (Organizations API Reference, DetachPolicy); the handler treats it as done, so either answer converges',
  },
};

async function orgOnDouble(): Promise<{ world: OrgWorld; stop: () => Promise<void> }> {
  const double = new LoopbackOrganizations({ pageSize: 20 });
  await double.start();
  const ids = { root: 'r-ab12', ou: 'ou-ab12-cd34ef56' };
  double.addTarget(ids.root);
  double.addTarget(ids.ou);
  const org = double.client();
  const attached = (await create(org, 'Attached', SCP(1))).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: attached, TargetId: ids.root }));
  return { world: { org, ...ids, attached }, stop: async () => { org.destroy(); await double.stop(); } };
}

async function orgOnMoto(moto: MotoServer): Promise<{ world: OrgWorld; stop: () => Promise<void> }> {
  await moto.reset();
  const org = new OrganizationsClient(moto.clientConfig());
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  await org.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
  const attached = (await create(org, 'Attached', SCP(1))).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: attached, TargetId: root }));
  return { world: { org, root, ou, attached }, stop: async () => org.destroy() };
}

// ---------------------------------------------------------------- SSO Admin

interface SsoWorld {
  readonly sso: SSOAdminClient;
  /** The instance and permission set every call names. */
  readonly ps: { readonly InstanceArn: string; readonly PermissionSetArn: string };
}

/** AWS's pattern for a permission set ARN (SSO Admin API Reference, PutInlinePolicyToPermissionSet). */
const PERMISSION_SET_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
const ALL_ACCOUNTS = 'ALL_PROVISIONED_ACCOUNTS';
const inline = async ({ sso, ps }: SsoWorld) => (await sso.send(new GetInlinePolicyForPermissionSetCommand(ps))).InlinePolicy;
const put = ({ sso, ps }: SsoWorld, InlinePolicy: string) => sso.send(new PutInlinePolicyToPermissionSetCommand({ ...ps, InlinePolicy }));
const provision = async ({ sso, ps }: SsoWorld) =>
  (await sso.send(new ProvisionPermissionSetCommand({ ...ps, TargetType: ALL_ACCOUNTS }))).PermissionSetProvisioningStatus;

const SSO_PROBES: Record<string, Probe<SsoWorld>> = {
  'CreatePermissionSet: the ARN has AWS\'s form': async ({ ps }) => PERMISSION_SET_ARN.test(ps.PermissionSetArn),
  'DescribePermissionSet: name': async ({ sso, ps }) => (await sso.send(new DescribePermissionSetCommand(ps))).PermissionSet?.Name,
  'DescribePermissionSet: unknown permission set': async ({ sso, ps }) =>
    sso.send(new DescribePermissionSetCommand({ ...ps, PermissionSetArn: ps.PermissionSetArn.replace(/ps-.*$/, 'ps-ffffffffffffffff') })),
  'GetInlinePolicyForPermissionSet: none yet': inline,
  'PutInlinePolicyToPermissionSet then Get: the same text back': async (w) => {
    await put(w, DOC);
    return (await inline(w)) === DOC;
  },
  'PutInlinePolicyToPermissionSet: malformed policy': async (w) => put(w, '{"Statement":').then(() => 'accepted'),
  'PutInlinePolicyToPermissionSet: over 32,768 characters': async (w) =>
    put(w, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: 'x'.repeat(33_000) }] })).then(() => 'accepted'),
  'DeleteInlinePolicyFromPermissionSet then Get': async (w) => {
    await put(w, DOC);
    await w.sso.send(new DeleteInlinePolicyFromPermissionSetCommand(w.ps));
    return inline(w);
  },
  'ProvisionPermissionSet: status fields': async (w) => keys(await provision(w)).filter((k) => ['RequestId', 'Status', 'PermissionSetArn'].includes(k)),
  'ProvisionPermissionSet: first status': async (w) => (await provision(w))?.Status,
  'DescribePermissionSetProvisioningStatus: after provisioning': async (w) => {
    const id = (await provision(w))!.RequestId!;
    const status = async () => (await w.sso.send(new DescribePermissionSetProvisioningStatusCommand({
      InstanceArn: w.ps.InstanceArn, ProvisionPermissionSetRequestId: id,
    }))).PermissionSetProvisioningStatus?.Status;
    return [await status(), await status()].pop();
  },
  'ListAccountsForProvisionedPermissionSet: LATEST and NOT_LATEST after provisioning': async (w) => {
    await provision(w);
    const list = async (ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED') =>
      (await w.sso.send(new ListAccountsForProvisionedPermissionSetCommand({ ...w.ps, ProvisioningStatus }))).AccountIds?.length ?? 0;
    return { latest: await list('LATEST_PERMISSION_SET_PROVISIONED'), notLatest: await list('LATEST_PERMISSION_SET_NOT_PROVISIONED') };
  },
};

const SSO_DISAGREEMENTS: Record<string, Disagreement> = {
  'CreatePermissionSet: the ARN has AWS\'s form': {
    double: true,
    moto: false,
    aws: 'double: arn:aws:sso:::permissionSet/ssoins-…/ps-… (SSO Admin API Reference, PermissionSetArn pattern; Service Authorization Reference, permissionSet resource); moto mints arn:aws:sso:::instance/ssoins-…/ps-…, which the handler rightly refuses, so the handler test starts moto with the AWS form',
  },
  'PutInlinePolicyToPermissionSet: malformed policy': {
    double: { error: 'Validation', status: 400 },
    moto: 'accepted',
    aws: 'double: IAM Identity Center validates the inline policy and answers ValidationException (SSO Admin API Reference, PutInlinePolicyToPermissionSet, Errors)',
  },
  'PutInlinePolicyToPermissionSet: over 32,768 characters': {
    double: { error: 'Validation', status: 400 },
    moto: 'accepted',
    aws: 'double: InlinePolicy length 1 to 32,768 (SSO Admin API Reference, PutInlinePolicyToPermissionSet); over it ValidationException',
  },
  'ProvisionPermissionSet: first status': {
    double: 'IN_PROGRESS',
    moto: 'SUCCEEDED',
    aws: 'both allowed: provisioning is asynchronous, its status IN_PROGRESS, FAILED or SUCCEEDED (SSO Admin API Reference, PermissionSetProvisioningStatus); the double makes the handler wait, as AWS may',
  },
  'DescribePermissionSetProvisioningStatus: after provisioning': {
    double: 'SUCCEEDED',
    moto: { error: 'SyntaxError', status: 500 },
    aws: 'double: the operation exists (SSO Admin API Reference); moto 5.2 does not implement it (it answers an HTML error page, HTTP 500), so the handler\'s isComplete cannot run against moto',
  },
  'ListAccountsForProvisionedPermissionSet: LATEST and NOT_LATEST after provisioning': {
    double: { latest: 1, notLatest: 0 },
    moto: { latest: 1, notLatest: 1 },
    aws: 'double: ProvisioningStatus filters the accounts by whether the latest version is provisioned (SSO Admin API Reference); moto ignores the filter and lists the account under both',
  },
};

async function ssoOnDouble(): Promise<{ world: SsoWorld; stop: () => Promise<void> }> {
  const double = new LoopbackSsoAdmin();
  await double.start();
  const ps = { InstanceArn: INSTANCE_ARN, PermissionSetArn: double.addPermissionSet('AdministratorAccess', [MOTO_ACCOUNT]).arn };
  const sso = double.client();
  return { world: { sso, ps }, stop: async () => { sso.destroy(); await double.stop(); } };
}

async function ssoOnMoto(moto: MotoServer): Promise<{ world: SsoWorld; stop: () => Promise<void> }> {
  await moto.reset();
  const sso = new SSOAdminClient(moto.clientConfig());
  const InstanceArn = (await sso.send(new ListInstancesCommand({}))).Instances![0].InstanceArn!;
  const ps = { InstanceArn, PermissionSetArn: (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: 'AdministratorAccess' }))).PermissionSet!.PermissionSetArn! };
  // moto provisions to the caller's account: the double's permission set is provisioned there too.
  await provision({ sso, ps });
  return { world: { sso, ps }, stop: async () => sso.destroy() };
}

// ---------------------------------------------------------------- the comparison

type SetUp<W> = () => Promise<{ world: W; stop: () => Promise<void> }>;
type Answers = { double: unknown; moto: unknown };

/** Each probe on a fresh double and a fresh moto; the ones whose answers differ. */
async function compare<W>(probes: Record<string, Probe<W>>, onDouble: SetUp<W>, onMoto: SetUp<W>)
  : Promise<{ agreed: string[]; differ: Record<string, Answers> }> {
  const agreed: string[] = [];
  const differ: Record<string, Answers> = {};
  for (const [name, probe] of Object.entries(probes)) {
    const answers: unknown[] = [];
    for (const setUp of [onDouble, onMoto]) {
      const { world, stop } = await setUp();
      try {
        answers.push(JSON.parse(JSON.stringify(await outcome(() => probe(world))) ?? 'null'));
      } finally {
        await stop();
      }
    }
    if (JSON.stringify(answers[0]) === JSON.stringify(answers[1])) {
      agreed.push(name);
    } else {
      differ[name] = { double: answers[0], moto: answers[1] };
    }
  }
  return { agreed, differ };
}

const withoutVerdicts = (d: Record<string, Disagreement>) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { double: v.double, moto: v.moto }]));

function report(service: string, r: { agreed: string[]; differ: Record<string, unknown> }, known: Record<string, Disagreement>): void {
  const lines = Object.keys(r.differ).map((k) => `  differ: ${k}\n          AWS: ${known[k]?.aws ?? 'NOT IN THE TABLE'}`);
  process.stdout.write(`\ndoubles vs moto, ${service}: ${r.agreed.length + lines.length} calls, ${r.agreed.length} agree, ${lines.length} differ\n${lines.join('\n')}\n`);
}

describeWithMoto('our loopback doubles against moto, call by call', () => {
  let moto: MotoServer;
  let patched: MotoServer;

  beforeAll(async () => {
    moto = await MotoServer.start();
  });
  afterAll(async () => {
    await moto?.stop();
    await patched?.stop();
  });

  test('IAM: they disagree only where the table says, and AWS\'s documentation sides with the double there', async () => {
    const r = await compare(IAM_PROBES, iamOnDouble, () => iamOnMoto(moto));
    report('IAM', r, IAM_DISAGREEMENTS);
    expect(r.differ).toEqual(withoutVerdicts(IAM_DISAGREEMENTS));
  });

  test('Organizations: they disagree only where the table says', async () => {
    const r = await compare(ORG_PROBES, orgOnDouble, () => orgOnMoto(moto));
    report('Organizations', r, ORG_DISAGREEMENTS);
    expect(r.differ).toEqual(withoutVerdicts(ORG_DISAGREEMENTS));
  });

  test('SSO Admin: they disagree only where the table says', async () => {
    const r = await compare(SSO_PROBES, ssoOnDouble, () => ssoOnMoto(moto));
    report('SSO Admin', r, SSO_DISAGREEMENTS);
    expect(r.differ).toEqual(withoutVerdicts(SSO_DISAGREEMENTS));
  });

  test('the moto the handler test uses mints permission set ARNs in AWS\'s form, and nothing else changes', async () => {
    patched = await MotoServer.start({ awsPermissionSetArns: true });
    const r = await compare(SSO_PROBES, ssoOnDouble, () => ssoOnMoto(patched));
    const { ['CreatePermissionSet: the ARN has AWS\'s form']: _arn, ...rest } = SSO_DISAGREEMENTS;
    expect(r.differ).toEqual(withoutVerdicts(rest));
  });
});
