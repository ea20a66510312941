import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DenyAllSessions } from '../../src';
import { ACCOUNT, ALLOW_ALL, evaluate, roleSession } from '../helpers/request-context';
import { attachedPolicies } from '../helpers/template-document';

const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });

test('writes an unconditional deny on each role', () => {
  const s = stack();
  new DenyAllSessions(s, 'KillSwitch', { roles: [iam.Role.fromRoleName(s, 'A', 'app'), iam.Role.fromRoleName(s, 'B', 'worker')], policyName: 'KillSwitch' });
  Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
    PolicyName: 'KillSwitch',
    Roles: ['app', 'worker'],
    PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
  });
});

test('defaults to a policy name unique to the construct', () => {
  const s = stack();
  new DenyAllSessions(s, 'KillSwitch', { roles: [iam.Role.fromRoleName(s, 'A', 'app')] });
  const [p] = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')) as any[];
  expect(p.Properties.PolicyName).toMatch(/^Incident-KillSwitch-[A-F0-9]{8}$/);
});

test('refuses a service-linked role and an empty list', () => {
  const s = stack();
  expect(() => new DenyAllSessions(s, 'K', { roles: [] })).toThrow('roles is empty; list at least one role');
  const slr = iam.Role.fromRoleArn(s, 'S', 'arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX');
  expect(() => new DenyAllSessions(s, 'K2', { roles: [slr] })).toThrow(/service-linked role/);
});

test('denies the role\'s sessions issued before and after the deploy alike; another role is untouched', async () => {
  const s = stack();
  new DenyAllSessions(s, 'KillSwitch', { roles: [iam.Role.fromRoleName(s, 'A', 'app')] });
  const as = (roleName: string, issuedAt: string) => evaluate(roleSession({ roleName, path: '/team/', issuedAt }), {
    action: 'ec2:DescribeInstances', resource: '*', identityPolicies: { Admin: ALLOW_ALL, ...attachedPolicies(s, { role: roleName }) },
  });
  for (const issuedAt of ['2020-01-01T00:00:00Z', '2099-01-01T00:00:00Z']) {
    expect(await as('app', issuedAt)).toBe('ExplicitlyDenied');
    expect(await as('app2', issuedAt)).toBe('Allowed');
  }
});
