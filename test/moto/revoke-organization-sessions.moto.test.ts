/**
 * The BUNDLED organization handler, driven as CloudFormation and the Provider framework would,
 * unmocked, against moto's Organizations: an SCP created and attached, updated by a later
 * cutoff, kept by a rollback, detached and deleted by a DESTROY Delete. Judged from the member
 * account's side: every SCP moto holds on the path root → OU → account is evaluated by the
 * oracle, whatever its name or id.
 */
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand,
  EnablePolicyTypeCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { RemovalPolicy } from 'aws-cdk-lib';
import { cloudFormationOn, justBefore, motoForSuite, pathToAccount, scpDecision, scpsAttachedTo } from './moto-state';
import { Cutoff, OrganizationSelection, OrganizationTarget, RevokeOrganizationSessions } from '../../src';
import { TemplateVersion } from '../helpers/cloudformation';
import { describeWithMoto, MOTO_ACCOUNT } from '../helpers/moto';
import { Caller, roleSession } from '../helpers/request-context';

const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const THEIR_DENY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] });

interface Org {
  readonly root: string;
  readonly workloads: string;
  readonly sandbox: string;
  /** A member account under `workloads`, and one under `sandbox`. */
  readonly member: string;
  readonly outsider: string;
}

describeWithMoto('RevokeOrganizationSessions, bundled, against moto Organizations', () => {
  const suite = motoForSuite(OrganizationsClient);

  /** An organization managed from moto's account: root, two OUs, an account in each, and an SCP someone else wrote. */
  async function seed(): Promise<Org> {
    await suite.client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const root = (await suite.client.send(new ListRootsCommand({}))).Roots![0].Id!;
    await suite.client.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const ou = async (Name: string) =>
      (await suite.client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name }))).OrganizationalUnit!.Id!;
    const account = async (name: string, parent: string) => {
      const id = (await suite.client.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
      await suite.client.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }));
      return id;
    };
    const workloads = await ou('Workloads');
    const sandbox = await ou('Sandbox');
    const org = { root, workloads, sandbox, member: await account('payments', workloads), outsider: await account('lab', sandbox) };
    const theirs = await suite.client.send(new CreatePolicyCommand({ Name: 'TheirDeny', Description: 'not ours', Type: 'SERVICE_CONTROL_POLICY', Content: THEIR_DENY }));
    await suite.client.send(new AttachPolicyCommand({ PolicyId: theirs.Policy!.PolicySummary!.Id!, TargetId: workloads }));
    return org;
  }

  const synth = (org: Org, cutoff: string, removalPolicy?: RemovalPolicy) => TemplateVersion.synth((stack) => {
    new RevokeOrganizationSessions(stack, 'RevokeAdminSessions', {
      selections: [OrganizationSelection.rolesNamed(['ci-deploy']), OrganizationSelection.permissionSets(['AdministratorAccess'])],
      targets: [OrganizationTarget.organizationalUnit(org.workloads)],
      breakGlassRoles: ['BreakGlass*'],
      issuedBefore: Cutoff.at(cutoff),
      removalPolicy,
    });
  }, { account: MOTO_ACCOUNT });

  /** Every SCP on every target of the organization, by target: what "untouched" is compared against. */
  async function allAttachments(org: Org) {
    const out: Record<string, Record<string, unknown>> = {};
    for (const target of [org.root, org.workloads, org.sandbox, org.member, org.outsider]) {
      out[target] = await scpsAttachedTo(suite.client, target);
    }
    return out;
  }

  const ciDeploy = (account: string, issuedAt: string) => roleSession({ roleName: 'ci-deploy', path: '/pipelines/', issuedAt, account });
  function adminSession(account: string, issuedAt: string): Caller {
    const session = roleSession({
      roleName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef',
      path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
      sessionName: 'alice@example.com',
      issuedAt,
      account,
    });
    return { ...session, kind: 'Identity Center session', context: { ...session.context, 'identitystore:UserId': ALICE } };
  }

  /** What the oracle says of each caller, under every SCP moto holds on the way to its account. */
  async function verdicts(org: Org, cutoff: string) {
    const before = justBefore(cutoff);
    return {
      ciDeployBefore: await scpDecision(suite.client, ciDeploy(org.member, before), org.member),
      ciDeployAt: await scpDecision(suite.client, ciDeploy(org.member, cutoff), org.member),
      adminBefore: await scpDecision(suite.client, adminSession(org.member, before), org.member),
      adminAt: await scpDecision(suite.client, adminSession(org.member, cutoff), org.member),
      unselected: await scpDecision(suite.client, roleSession({ roleName: 'app', issuedAt: before, account: org.member }), org.member),
      organizationAccess: await scpDecision(suite.client, roleSession({ roleName: 'OrganizationAccountAccessRole', issuedAt: before, account: org.member }), org.member),
      breakGlass: await scpDecision(suite.client, roleSession({ roleName: 'BreakGlassAdmin', path: '/emergency/', issuedAt: before, account: org.member }), org.member),
      outsideTheTarget: await scpDecision(suite.client, ciDeploy(org.outsider, before), org.outsider),
    };
  }
  const revokedAt = {
    ciDeployBefore: 'ExplicitlyDenied',
    ciDeployAt: 'Allowed',
    adminBefore: 'ExplicitlyDenied',
    adminAt: 'Allowed',
    unselected: 'Allowed',
    organizationAccess: 'Allowed',
    breakGlass: 'Allowed',
    outsideTheTarget: 'Allowed',
  };

  test('moto holds the organization the test means: member under the target OU, outsider not', async () => {
    const org = await seed();
    expect(await pathToAccount(suite.client, org.member)).toEqual([org.root, org.workloads, org.member]);
    expect(await pathToAccount(suite.client, org.outsider)).toEqual([org.root, org.sandbox, org.outsider]);
    // With only AWS's FullAWSAccess and their SCP, nobody is denied: the oracle reads moto's state.
    expect(await verdicts(org, T1)).toEqual({ ...revokedAt, ciDeployBefore: 'Allowed', adminBefore: 'Allowed' });
  });

  test('create and attach, a bump (update), its rollback, then a DESTROY Delete detaches and deletes only its own SCP', async () => {
    const org = await seed();
    const initial = await allAttachments(org);
    const first = synth(org, T1, RemovalPolicy.DESTROY);
    const bumped = synth(org, T2, RemovalPolicy.DESTROY);
    const cfn = cloudFormationOn(suite.moto);

    await cfn.deploy(first);
    expect(await verdicts(org, T1)).toEqual(revokedAt);
    // Attached to the target only: the root, the other OU and the accounts carry what they carried.
    const created = await allAttachments(org);
    expect({ ...created, [org.workloads]: undefined }).toEqual({ ...initial, [org.workloads]: undefined });
    expect(Object.keys(created[org.workloads]).length).toBeGreaterThan(Object.keys(initial[org.workloads]).length);

    await cfn.deploy(bumped, first);
    expect(await verdicts(org, T2)).toEqual(revokedAt);

    // Rolled back: old and new swapped. The later cutoff stays.
    await cfn.deploy(first, bumped, { rollback: true });
    expect(await verdicts(org, T2)).toEqual(revokedAt);

    await cfn.destroy(first);
    expect(await allAttachments(org)).toEqual(initial);
    expect(await verdicts(org, T2)).toEqual({ ...revokedAt, ciDeployBefore: 'Allowed', adminBefore: 'Allowed' });
  });

  test('without DESTROY a Delete leaves the SCP attached and in force', async () => {
    const org = await seed();
    const v = synth(org, T1);
    const cfn = cloudFormationOn(suite.moto);
    await cfn.deploy(v);
    await cfn.destroy(v);
    expect(await verdicts(org, T1)).toEqual(revokedAt);
  });
});
