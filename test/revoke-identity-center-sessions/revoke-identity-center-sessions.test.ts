import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Cutoff, RevokeIdentityCenterSessions, RevokeIdentityCenterSessionsProps } from '../../src';
import { readIdentityCenterRequest } from '../../src/revoke-identity-center-sessions/properties';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const PS = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';

function stack(): Stack {
  return new Stack(new App(), 'IcIncident', { env: { account: '111111111111', region: 'us-east-1' } });
}

function revoke(s: Stack, props: Partial<RevokeIdentityCenterSessionsProps> = {}, id = 'Revoke'): RevokeIdentityCenterSessions {
  return new RevokeIdentityCenterSessions(s, id, {
    instanceArn: INSTANCE,
    permissionSetArns: [PS],
    issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'),
    ...props,
  });
}

const actions = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))
  .flatMap((p: any) => p.Properties.PolicyDocument.Statement).flatMap((st: any) => st.Action);

test('carries its properties, waits with an asynchronous provider, and grants only the SSO actions it needs on the instance and permission sets', () => {
  const s = stack();
  revoke(s, { userIds: [ALICE] });
  const t = Template.fromStack(s);
  t.hasResourceProperties('Custom::RevokeIdentityCenterSessions', {
    InstanceArn: INSTANCE, PermissionSetArns: [PS], UserIds: [ALICE], CutoffMode: 'fixed', RemovalPolicy: 'retain',
  });
  t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  t.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['sso:PutInlinePolicyToPermissionSet', 'sso:ProvisionPermissionSet', 'sso:DescribePermissionSetProvisioningStatus']),
        Resource: [INSTANCE, PS, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sso:::account/*']] }],
      })]),
    },
  });
  expect(actions(s)).not.toContain('sso:DeleteInlinePolicyFromPermissionSet');
});

test('DESTROY grants removing the inline policy, from a provider of its own', () => {
  const s = stack();
  revoke(s);
  revoke(s, { removalPolicy: RemovalPolicy.DESTROY }, 'Destroy');
  expect(actions(s)).toContain('sso:DeleteInlinePolicyFromPermissionSet');
  Template.fromStack(s).resourceCountIs('AWS::StepFunctions::StateMachine', 2);
});

test.each([
  [{ instanceArn: 'ssoins-1234567890abcdef' }, /is not an IAM Identity Center instance ARN/],
  [{ permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0123456789abcdef'] }, /belongs to instance ssoins-ffffffffffffffff/],
  [{ permissionSetArns: [] }, /1 to 20 permission sets/],
  [{ issuedBefore: undefined }, /give issuedBefore, userIds or both/],
  [{ userIds: ['alice@example.com'] }, /identity store user id "alice@example.com" is not valid/],
  [{ userIds: Array.from({ length: 101 }, () => ALICE) }, /at most 100 fit one statement/],
])('refuses at synth: %j', (props, message) => {
  expect(() => revoke(stack(), props as Partial<RevokeIdentityCenterSessionsProps>)).toThrow(message);
});

test('users without a cutoff: every session of those users', () => {
  const s = stack();
  revoke(s, { issuedBefore: undefined, userIds: [ALICE] });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeIdentityCenterSessions', { CutoffMode: 'none', UserIds: [ALICE] });
});

test('upper-case identity store user ids are written lower-case, by the construct and by the handler\'s reader', () => {
  const s = stack();
  revoke(s, { userIds: [ALICE.toUpperCase()] });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeIdentityCenterSessions', { UserIds: [ALICE] });
  const read = readIdentityCenterRequest({
    ServiceToken: 'x', InstanceArn: INSTANCE, PermissionSetArns: [PS], UserIds: [ALICE.toUpperCase(), ALICE], CutoffMode: 'none',
  });
  expect(read.userIds).toEqual([ALICE]);
});
