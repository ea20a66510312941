/**
 * The BUNDLED Identity Center handler, driven as CloudFormation and the Provider framework would,
 * unmocked, against moto's SSO Admin API, as far as moto implements it: the permission set's
 * inline policy is read and put, and provisioning is started. moto 5.2 has no
 * DescribePermissionSetProvisioningStatus, so isComplete cannot run there (it would retry that
 * call for minutes): the Provider framework's waiter is left out, what onEvent wrote is judged,
 * and the Delete that rolls back such an unconfirmed Create must leave it in force. (The loopback
 * SSO Admin double covers the provisioning wait, DESTROY, bumps and rollbacks.)
 *
 * moto is started minting permission set ARNs in AWS's form (see `MotoOptions`).
 */
import {
  CreatePermissionSetCommand, ListInstancesCommand, ListPermissionSetsProvisionedToAccountCommand,
  PutInlinePolicyToPermissionSetCommand, SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { RemovalPolicy } from 'aws-cdk-lib';
import { cloudFormationOn, justBefore, motoForSuite, permissionSetInline } from './moto-state';
import { Cutoff, RevokeIdentityCenterSessions } from '../../src';
import { TemplateVersion } from '../helpers/cloudformation';
import { describeWithMoto, MOTO_ACCOUNT } from '../helpers/moto';
import { ALLOW_ALL, Decision, evaluate, roleSession } from '../helpers/request-context';

const T1 = '2026-11-22T10:00:00Z';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const BOB = '11111111-2222-3333-4444-555555555555';
const THEIRS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' }] });

describeWithMoto('RevokeIdentityCenterSessions, bundled, against moto SSO Admin', () => {
  const suite = motoForSuite(SSOAdminClient, { awsPermissionSetArns: true });

  /** moto's instance, a permission set with a statement someone else wrote, and one this revocation does not name. */
  async function seed() {
    const instanceArn = (await suite.client.send(new ListInstancesCommand({}))).Instances![0].InstanceArn!;
    const create = async (Name: string) =>
      (await suite.client.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name }))).PermissionSet!.PermissionSetArn!;
    const admin = await create('AdministratorAccess');
    const readOnly = await create('ReadOnlyAccess');
    for (const arn of [admin, readOnly]) {
      await suite.client.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, InlinePolicy: THEIRS }));
    }
    return { instanceArn, admin, readOnly };
  }

  /** The oracle's decision for an Identity Center session of the permission set, under the inline policy moto holds. */
  async function decide(instanceArn: string, permissionSet: { arn: string; name: string }, userId: string, issuedAt: string): Promise<Decision> {
    const inline = await permissionSetInline(suite.client, instanceArn, permissionSet.arn);
    const session = roleSession({
      roleName: `AWSReservedSSO_${permissionSet.name}_0123456789abcdef`,
      path: '/aws-reserved/sso.amazonaws.com/',
      sessionName: 'alice@example.com',
      issuedAt,
      account: MOTO_ACCOUNT,
    });
    return evaluate({ ...session, kind: 'Identity Center session', context: { ...session.context, 'identitystore:UserId': userId } }, {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/report.csv',
      identityPolicies: { Managed: ALLOW_ALL, ...(inline ? { Inline: JSON.parse(inline) } : {}) },
    });
  }

  test('onEvent puts the deny into the inline policy and starts provisioning; the rollback of that unconfirmed Create keeps the deny', async () => {
    const { instanceArn, admin, readOnly } = await seed();
    const v = TemplateVersion.synth((stack) => new RevokeIdentityCenterSessions(stack, 'RevokeAlice', {
      instanceArn, permissionSetArns: [admin], userIds: [ALICE], issuedBefore: Cutoff.at(T1), removalPolicy: RemovalPolicy.DESTROY,
    }), { account: MOTO_ACCOUNT });
    const cfn = cloudFormationOn(suite.moto);

    const started = Object.values(await cfn.deploy(v, undefined, { onEventOnly: true }));
    expect(started).toHaveLength(1);
    const ps = { arn: admin, name: 'AdministratorAccess' };
    expect({
      aliceBefore: await decide(instanceArn, ps, ALICE, justBefore(T1)),
      aliceAt: await decide(instanceArn, ps, ALICE, T1),
      bobBefore: await decide(instanceArn, ps, BOB, justBefore(T1)),
    }).toEqual({ aliceBefore: 'ExplicitlyDenied', aliceAt: 'Allowed', bobBefore: 'Allowed' });
    // Their statement is kept as it was; the permission set not named is untouched; provisioning was asked for.
    expect(JSON.parse(await permissionSetInline(suite.client, instanceArn, admin)).Statement[0]).toEqual(JSON.parse(THEIRS).Statement[0]);
    expect(await permissionSetInline(suite.client, instanceArn, readOnly)).toBe(THEIRS);
    const provisioned = await suite.client.send(new ListPermissionSetsProvisionedToAccountCommand({
      InstanceArn: instanceArn, AccountId: MOTO_ACCOUNT,
    }));
    expect(provisioned.PermissionSets).toEqual([admin]);

    // The waiter never confirms; CloudFormation rolls the Create back with the id onEvent answered: the deny stays.
    await cfn.destroy(v, { onEventOnly: true });
    expect(await decide(instanceArn, ps, ALICE, justBefore(T1))).toBe('ExplicitlyDenied');
  });
});
