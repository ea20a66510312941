import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeniedPrincipal, DenyPrincipals } from '../../src';
import { ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userWithAccessKeys } from '../helpers/request-context';
import { documentsOf } from '../helpers/template-document';

const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
const decide = (caller: Caller, doc: unknown) =>
  evaluate(caller, { action: 's3:GetObject', resource: 'arn:aws:s3:::data/key', identityPolicies: { Admin: ALLOW_ALL, Deny: doc } });

describe('template', () => {
  test('one inline ArnLike deny on each role, with the role path-safe when imported by name', () => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    const owned = new iam.Role(s, 'Owned', { assumedBy: new iam.AccountRootPrincipal() });
    new DenyPrincipals(s, 'Deny', {
      roles: [app, owned],
      principals: [DeniedPrincipal.fromRole(app), DeniedPrincipal.fromArn('arn:aws:iam::111122223333:user/ops/*')],
      policyName: 'IncidentDenyPrincipals',
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'IncidentDenyPrincipals',
      Roles: ['app', { Ref: s.getLogicalId(owned.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: {
            ArnLike: {
              'aws:PrincipalArn': [
                { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/app']] },
                { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/*/app']] },
                'arn:aws:iam::111122223333:user/ops/*',
              ],
            },
          },
        }],
      },
    });
    expect(s.node.findChild('Deny').node.defaultChild).toBeInstanceOf(iam.CfnPolicy);
  });

  test('an imported immutable role still receives the deny', () => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::111122223333:role/app', { mutable: false });
    new DenyPrincipals(s, 'Deny', { roles: [role], principals: [DeniedPrincipal.fromRole(role)] });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', { Roles: ['app'] });
  });

  test('a deny too large for an inline policy is split across managed policies', () => {
    const s = stack();
    const role = iam.Role.fromRoleName(s, 'R', 'app');
    const principals = Array.from({ length: 300 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::111122223333:role/leaked/role-number-${i}`));
    new DenyPrincipals(s, 'Deny', { roles: [role], principals, policyName: 'Big' });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const managed = Object.values(t.findResources('AWS::IAM::ManagedPolicy')) as any[];
    expect(managed.length).toBeGreaterThan(1);
    expect(managed.map((m) => m.Properties.ManagedPolicyName)).toEqual(managed.map((_, i) => `Big-${i + 1}`));
    for (const m of managed) {
      expect(JSON.stringify(m.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
      expect(m.Properties.Roles).toEqual(['app']);
    }
    const all = managed.flatMap((m) => m.Properties.PolicyDocument.Statement.flatMap((st: any) => st.Condition.ArnLike['aws:PrincipalArn']));
    expect(all).toHaveLength(300);
  });

  test('a deny that would need more than 10 managed policies fails with its size and the limits', () => {
    const s = stack();
    const principals = Array.from({ length: 1500 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::111122223333:role/leaked/role-number-${i}`));
    expect(() => new DenyPrincipals(s, 'Deny', { roles: [iam.Role.fromRoleName(s, 'R', 'app')], principals }))
      .toThrow(/^the deny is \d+ characters: over the 10240-character inline limit, and it would need \d+ managed policies of at most 6144 characters, more than the 10 a role carries/);
  });

  test.each([
    ['no principals', () => ({ principals: [] }), 'principals is empty; list at least one principal to deny'],
    ['an assumed-role ARN', () => ({ principals: [DeniedPrincipal.fromArn('arn:aws:sts::111122223333:assumed-role/app/s')] }), 'is an assumed-role session ARN, which aws:PrincipalArn never carries'],
    ['a non-principal ARN', () => ({ principals: [DeniedPrincipal.fromArn('arn:aws:s3:::bucket')] }), 'principal "arn:aws:s3:::bucket" is not a role, user, federated-user or root ARN'],
    ['a bad federated name', () => ({ principals: [DeniedPrincipal.fromFederatedUser(ACCOUNT, 'x')] }), 'federated user name "x" is not valid; use 2 to 32 characters'],
    ['a bad account', () => ({ principals: [DeniedPrincipal.fromFederatedUser('1234', 'bob')] }), 'account "1234" is not a 12-digit AWS account id'],
    ['a bad policy name', () => ({ policyName: 'a b' }), 'policyName "a b" is not a valid IAM policy name'],
  ])('refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyPrincipals(s, 'Deny', { roles: [iam.Role.fromRoleName(s, 'R', 'app')], principals: [DeniedPrincipal.fromArn('arn:aws:iam::111122223333:role/x')], ...make() } as any)).toThrow(message);
  });

  test.each([
    ['a service-linked', 'arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS', /service-linked role/],
    ['an Identity Center', 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc', /IAM Identity Center role/],
  ])('refuses %s target role', (_n, arn, message) => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'R', arn);
    expect(() => new DenyPrincipals(s, 'Deny', { roles: [role], principals: [DeniedPrincipal.fromRole(role)] })).toThrow(message);
  });
});

describe('semantics (oracle)', () => {
  /** The deny on role `app`, which really lives under /team/ but is imported by name. */
  function deployed(principals: (s: Stack, app: iam.IRole) => DeniedPrincipal[]): unknown {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    new DenyPrincipals(s, 'Deny', { roles: [app], principals: principals(s, app) });
    const [doc] = documentsOf(s);
    return doc;
  }
  const session = (roleName: string, path = '/') => roleSession({ roleName, path, issuedAt: '2026-11-22T10:00:00Z' });

  test.each([
    ['the targeted role (path /team/, imported by name)', 'ExplicitlyDenied', session('app', '/team/')],
    ['the targeted role at the root path', 'ExplicitlyDenied', session('app')],
    ['another role with the same deny attached', 'Allowed', session('other', '/team/')],
    ['a role whose name ends with the target name', 'Allowed', session('xapp')],
    ['a role whose path ends with the target name', 'Allowed', session('api', '/app/')],
  ])('fromRole: %s is %s', async (_n, expected, caller) => {
    expect(await decide(caller, deployed((_s, app) => [DeniedPrincipal.fromRole(app)]))).toBe(expected);
  });

  test('fromUser denies the user\'s long-term keys; another user is allowed', async () => {
    const doc = deployed((s) => [DeniedPrincipal.fromUser(iam.User.fromUserName(s, 'U', 'alice'))]);
    expect(await decide(userWithAccessKeys({ userName: 'alice' }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(userWithAccessKeys({ userName: 'bob' }), doc)).toBe('Allowed');
  });

  test('fromFederatedUser denies that federated user only', async () => {
    const doc = deployed(() => [DeniedPrincipal.fromFederatedUser(ACCOUNT, 'bob')]);
    expect(await decide(federatedUser({ name: 'bob', issuedAt: '2026-11-22T10:00:00Z' }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(federatedUser({ name: 'carol', issuedAt: '2026-11-22T10:00:00Z' }), doc)).toBe('Allowed');
  });

  test('an Allow elsewhere does not save a denied principal', async () => {
    const doc = deployed((_s, app) => [DeniedPrincipal.fromRole(app)]);
    const caller = session('app', '/team/');
    const specificAllow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/key' }] };
    expect(await evaluate(caller, { action: 's3:GetObject', resource: 'arn:aws:s3:::data/key', identityPolicies: { A: ALLOW_ALL, B: specificAllow, Deny: doc } }))
      .toBe('ExplicitlyDenied');
  });
});
