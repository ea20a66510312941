/**
 * The state a moto test judges, read back from moto through the SDK (never from what the handler
 * said it wrote), and the IAM evaluation oracle's verdict on it from the principal's side. Every
 * inline policy of a role and every SCP attached on the path to an account is evaluated, whatever
 * its name: policy names and physical ids belong to the handlers and may change.
 */
import { GetRolePolicyCommand, IAMClient, paginateListRolePolicies, paginateListRoles } from '@aws-sdk/client-iam';
import {
  DescribePolicyCommand, ListParentsCommand, OrganizationsClient, paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';
import { GetInlinePolicyForPermissionSetCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { cleanUpTemplates, CloudFormation, REGION } from '../helpers/cloudformation';
import { MOTO_ACCOUNT, MotoOptions, MotoServer } from '../helpers/moto';
import { ALLOW_ALL, Caller, Decision, evaluate, roleSession } from '../helpers/request-context';

/** A stack id in moto's account, as CloudFormation forms it. */
export const STACK_ID = `arn:aws:cloudformation:${REGION}:${MOTO_ACCOUNT}:stack/IncidentStack/6c7e5f10-0000-4000-8000-0000000000aa`;

const opened: CloudFormation[] = [];

/** CloudFormation for one stack, its functions pointed at moto with dummy credentials (closed after each test of `motoForSuite`). */
export function cloudFormationOn(moto: MotoServer): CloudFormation {
  return remember(new CloudFormation(STACK_ID, {
    AWS_ENDPOINT_URL_IAM: moto.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: moto.url,
    AWS_ENDPOINT_URL_SSO_ADMIN: moto.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIAMOTOTESTKEY00001',
    AWS_SECRET_ACCESS_KEY: 'moto',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }));
}

function remember(cfn: CloudFormation): CloudFormation {
  opened.push(cfn);
  return cfn;
}

/**
 * One moto server for the suite, reset before each test, and an SDK client of one service bound to
 * it; both stopped, and the synthesized assemblies removed, after the suite.
 */
export function motoForSuite<C extends { destroy(): void }>(Client: new (config: ReturnType<MotoServer['clientConfig']>) => C,
  options: MotoOptions = {}): { readonly moto: MotoServer; readonly client: C } {
  const suite = {} as { moto: MotoServer; client: C };
  beforeAll(async () => {
    suite.moto = await MotoServer.start(options);
    suite.client = new Client(suite.moto.clientConfig());
  });
  afterAll(async () => {
    suite.client?.destroy();
    await suite.moto?.stop();
    cleanUpTemplates();
  });
  beforeEach(() => suite.moto.reset());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cfn) => cfn.close()));
  });
  return suite;
}

/** One second before an instant, as ISO 8601. */
export const justBefore = (iso: string) => new Date(Date.parse(iso) - 1000).toISOString().replace(/\.000Z$/, 'Z');

// ---------------------------------------------------------------- IAM

export interface MotoRole {
  readonly name: string;
  readonly path: string;
  readonly roleId: string;
}

export async function rolesIn(iam: IAMClient): Promise<MotoRole[]> {
  const out: MotoRole[] = [];
  for await (const page of paginateListRoles({ client: iam }, {})) {
    out.push(...(page.Roles ?? []).map((r) => ({ name: r.RoleName!, path: r.Path ?? '/', roleId: r.RoleId! })));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every inline policy of a role as moto stores it, by name, decoded. */
export async function inlinePolicies(iam: IAMClient, roleName: string): Promise<Record<string, string>> {
  const names: string[] = [];
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: roleName })) {
    names.push(...(page.PolicyNames ?? []));
  }
  const out: Record<string, string> = {};
  for (const name of names.sort()) {
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    // IAM returns documents URL-encoded (RFC 3986).
    out[name] = decodeURIComponent(got.PolicyDocument!);
  }
  return out;
}

/** Every role's inline policies: what "untouched" is compared against. */
export async function accountSnapshot(iam: IAMClient): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const role of await rolesIn(iam)) {
    out[role.name] = await inlinePolicies(iam, role.name);
  }
  return out;
}

/** The oracle's decision for a session of the role issued at `issuedAt`, under an allow-all grant plus every inline policy moto holds for it. */
export async function roleSessionDecision(iam: IAMClient, role: MotoRole, issuedAt: string): Promise<Decision> {
  const identityPolicies: Record<string, unknown> = { AllowAll: ALLOW_ALL };
  for (const [name, doc] of Object.entries(await inlinePolicies(iam, role.name))) {
    identityPolicies[`inline:${name}`] = JSON.parse(doc);
  }
  return evaluate(roleSession({ roleName: role.name, path: role.path, roleId: role.roleId, issuedAt }),
    { action: 's3:GetObject', resource: 'arn:aws:s3:::incident-bucket/report.csv', identityPolicies });
}

/**
 * Which roles deny a session issued just before `cutoff` and allow one issued at it: the roles the
 * cutoff is in force on. A role that denies both, or neither, is reported as such.
 */
export async function revocationByRole(iam: IAMClient, cutoff: string): Promise<Record<string, 'revoked' | 'untouched' | string>> {
  const out: Record<string, string> = {};
  for (const role of await rolesIn(iam)) {
    const before = await roleSessionDecision(iam, role, justBefore(cutoff));
    const at = await roleSessionDecision(iam, role, cutoff);
    out[role.name] = before === 'ExplicitlyDenied' && at === 'Allowed' ? 'revoked'
      : before === 'Allowed' && at === 'Allowed' ? 'untouched' : `before: ${before}, at: ${at}`;
  }
  return out;
}

/** A trust policy for the roles the tests create. */
export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

// ---------------------------------------------------------------- Organizations

/** The SCPs moto holds attached to one target, by name, decoded. */
export async function scpsAttachedTo(org: OrganizationsClient, targetId: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for await (const page of paginateListPoliciesForTarget({ client: org }, { TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY' })) {
    for (const p of page.Policies ?? []) {
      const described = await org.send(new DescribePolicyCommand({ PolicyId: p.Id! }));
      out[p.Name!] = JSON.parse(described.Policy!.Content!);
    }
  }
  return out;
}

/** The targets from the root down to an account (root, OUs, the account): where SCPs that bind it are attached. */
export async function pathToAccount(org: OrganizationsClient, accountId: string): Promise<string[]> {
  const path = [accountId];
  let child = accountId;
  for (;;) {
    const parent = (await org.send(new ListParentsCommand({ ChildId: child }))).Parents![0];
    path.unshift(parent.Id!);
    if (parent.Type === 'ROOT') {
      return path;
    }
    child = parent.Id!;
  }
}

/**
 * The oracle's decision for a caller in a member account, under every SCP moto holds attached at
 * each level from the root to the account (what AWS evaluates), with an allow-all identity policy.
 */
export async function scpDecision(org: OrganizationsClient, caller: Caller, accountId: string): Promise<Decision> {
  const levels = [];
  for (const target of await pathToAccount(org, accountId)) {
    const policies = Object.entries(await scpsAttachedTo(org, target)).map(([name, policy]) => ({ name, policy }));
    levels.push({ orgIdentifier: target, policies });
  }
  const result = await runSimulation({
    identityPolicies: [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
    serviceControlPolicies: levels,
    resourceControlPolicies: [],
    request: {
      action: 's3:GetObject',
      principal: caller.principal,
      resource: { resource: 'arn:aws:s3:::incident-bucket/report.csv', accountId },
      contextVariables: caller.context,
    },
  } as any, {});
  if (result.resultType === 'error') {
    throw new Error(`the oracle refused the simulation: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

// ---------------------------------------------------------------- SSO Admin

/** A permission set's inline policy as moto holds it ('' when none). */
export async function permissionSetInline(sso: SSOAdminClient, instanceArn: string, permissionSetArn: string): Promise<string> {
  return (await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }))).InlinePolicy ?? '';
}
