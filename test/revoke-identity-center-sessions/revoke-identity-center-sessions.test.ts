import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Cutoff, RevokeIdentityCenterSessions, RevokeIdentityCenterSessionsProps } from '../../src';
import { readIdentityCenterRequest } from '../../src/revoke-identity-center-sessions/properties';
import { unsuppressedNagFindings } from '../helpers/nag';

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

test('DESTROY grants removing the inline policy on its own permission sets only, from the stack\'s one provider', () => {
  const s = stack();
  const other = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-fedcba9876543210';
  revoke(s);
  revoke(s, { removalPolicy: RemovalPolicy.DESTROY, permissionSetArns: [other] }, 'Destroy');
  const statements = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((st: any) => [st.Action].flat().includes('sso:DeleteInlinePolicyFromPermissionSet'));
  expect(statements).toHaveLength(1);
  expect(statements[0].Resource).toEqual([INSTANCE, other, expect.anything()]);
  Template.fromStack(s).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
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

describe('issue 17, the construct side', () => {
  const serviceToken = (s: Stack) => (Object.values(Template.fromStack(s).findResources('Custom::RevokeIdentityCenterSessions'))[0] as any)
    .Properties.ServiceToken;

  test('item 7: one provider per stack, whatever the removal policy or allowEarlierCutoff, so the ServiceToken never changes', () => {
    const retained = stack();
    revoke(retained);
    const destroyed = stack();
    revoke(destroyed, { removalPolicy: RemovalPolicy.DESTROY, allowEarlierCutoff: true });
    expect(serviceToken(destroyed)).toEqual(serviceToken(retained));
    const both = stack();
    revoke(both);
    revoke(both, { removalPolicy: RemovalPolicy.DESTROY }, 'Destroy');
    Template.fromStack(both).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('item 15: a cutoff older than any session warns with the shared id; one more than an hour ahead is refused at synth', () => {
    const s = stack();
    revoke(s, { issuedBefore: Cutoff.at('2025-10-18T10:00:00Z') });
    Annotations.fromStack(s).hasWarning('/IcIncident/Revoke', Match.stringLikeRegexp('\\[ack: cdk-revoke-sessions:cutoffRevokesNothing\\]'));
    expect(() => revoke(stack(), { issuedBefore: Cutoff.at('2026-11-22T15:00:00Z') })).toThrow(/more than 1 hour in the future/);
    expect(() => revoke(stack(), { issuedBefore: Cutoff.at('2026-11-22T15:00:00Z'), allowFutureCutoff: true })).not.toThrow();
  });

  test('item 16: cdk-nag AwsSolutions finds nothing unsuppressed on a stack with this construct', () => {
    const s = stack();
    revoke(s, { userIds: [ALICE] });
    revoke(s, { removalPolicy: RemovalPolicy.DESTROY }, 'Destroy');
    expect(unsuppressedNagFindings(s)).toEqual([]);
  });
});
