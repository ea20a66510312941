import { App, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeniedPrincipal, DenyAllSessions, DenyPrincipals, DenySessions, SessionId } from '../../src';
import { RevokeSessionsProvider } from '../../src/revoke-older-sessions/provider';
import { ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userSessionToken, userWithAccessKeys } from '../helpers/request-context';
import { attachedPolicies, AttachedTo } from '../helpers/template-document';

const OTHER = '999988887777';
const ISSUED = '2026-11-22T10:00:00Z';
const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
/** The caller's request, judged by the policies the template attaches to the caller's own principal. */
const decide = (s: Stack, caller: Caller, as: AttachedTo) => evaluate(caller, {
  action: 's3:GetObject', resource: 'arn:aws:s3:::data/key', identityPolicies: { Admin: ALLOW_ALL, ...attachedPolicies(s, as) },
});
const session = (roleName: string, path = '/') => roleSession({ roleName, path, issuedAt: ISSUED });

describe('template: the deny is attached to the principal it names', () => {
  test('roles: one inline policy on each named role, matched path-safe when imported by name', () => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    const owned = new iam.Role(s, 'Owned', { assumedBy: new iam.AccountRootPrincipal() });
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromRole(app), DeniedPrincipal.fromRole(owned)], policyName: 'IncidentDenyPrincipals' });
    const ownedId = s.getLogicalId(owned.node.defaultChild as iam.CfnRole);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'IncidentDenyPrincipals',
      Roles: ['app', { Ref: ownedId }],
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
                { 'Fn::GetAtt': [ownedId, 'Arn'] },
              ],
            },
          },
        }],
      },
    });
    expect(s.node.findChild('Deny').node.defaultChild).toBeInstanceOf(iam.CfnPolicy);
  });

  test('an IAM user gets the deny through Users, with an acknowledgeable access-key warning', () => {
    const s = stack();
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromUser(iam.User.fromUserName(s, 'Alice', 'alice'))] });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', { Users: ['alice'], Roles: Match.absent() });
    Annotations.fromStack(s).hasWarning('/Incident/Deny', Match.stringLikeRegexp(
      'access keys of user "alice" are untouched and stay Active.*aws iam update-access-key --status Inactive.*\\[ack: cdk-revoke-sessions:accessKeysUntouched\\]'));
  });

  test('a federated user: the IAM user that minted it gets the deny', () => {
    const s = stack();
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromFederatedUser(iam.User.fromUserName(s, 'Minter', 'broker'), 'contractor')] });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Users: ['broker'],
    });
    const [doc] = Object.values(attachedPolicies(s, { user: 'broker' })) as any[];
    expect(doc.Statement[0].Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': ['arn:aws:sts::111122223333:federated-user/contractor'] } });
  });

  test('literal role and user ARNs are attached by name, the path kept in the condition', () => {
    const s = stack();
    new DenyPrincipals(s, 'Deny', {
      principals: [
        DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/team/app`), DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/ops/alice`),
      ],
    });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', { Roles: ['app'], Users: ['alice'] });
  });

  test('an imported immutable role still receives the deny', () => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${ACCOUNT}:role/app`, { mutable: false });
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromRole(role)] });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', { Roles: ['app'] });
  });

  test('a deny too large for an inline policy is split across managed policies, each on every named role', () => {
    const s = stack();
    const principals = Array.from({ length: 300 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::111122223333:role/leaked/role-number-${i}`));
    new DenyPrincipals(s, 'Deny', { principals, policyName: 'Big' });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const managed = Object.values(t.findResources('AWS::IAM::ManagedPolicy')) as any[];
    expect(managed.length).toBeGreaterThan(1);
    expect(managed.map((m) => m.Properties.ManagedPolicyName)).toEqual(managed.map((_, i) => `Big-${i + 1}`));
    for (const m of managed) {
      expect(JSON.stringify(m.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
      expect(m.Properties.Roles).toEqual(Array.from({ length: 300 }, (_, i) => `role-number-${i}`));
    }
    const all = managed.flatMap((m) => m.Properties.PolicyDocument.Statement.flatMap((st: any) => st.Condition.ArnLike['aws:PrincipalArn']));
    expect(all).toHaveLength(300);
  });

  test('with an IAM user, the 2,048-character user inline limit applies', () => {
    const s = stack();
    const principals = Array.from({ length: 40 }, (_, i) => DeniedPrincipal.fromUser(iam.User.fromUserName(s, `U${i}`, `contractor-number-${i}`)));
    new DenyPrincipals(s, 'Deny', { principals });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Users: Match.arrayWith(['contractor-number-0', 'contractor-number-39']) });
  });

  test('a deny that would need more than 10 managed policies fails with its size and the limits', () => {
    const s = stack();
    const principals = Array.from({ length: 500 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::111122223333:role/leaked/${'p'.repeat(80)}/role-number-${i}`));
    expect(() => new DenyPrincipals(s, 'Deny', { principals }))
      .toThrow(/^the deny is \d+ characters: over the 10240-character inline limit, and it would need \d+ managed policies of at most 6144 characters, more than the 10 a role or user carries/);
  });

  test('more than 500 principals is refused', () => {
    const s = stack();
    const principals = Array.from({ length: 501 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::111122223333:role/r${i}`));
    expect(() => new DenyPrincipals(s, 'Deny', { principals })).toThrow('the deny is attached to 501 roles and users; one construct carries at most 500');
  });
});

describe('refused at synth: what no identity policy of this stack reaches', () => {
  test.each([
    ['no principals', () => [], 'principals is empty; list at least one principal to deny'],
    ['a role of another account', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleArn(s, 'F', `arn:aws:iam::${OTHER}:role/app`))],
      `role "app" is in account ${OTHER}, but this stack deploys to ${ACCOUNT}; its own policies are changed only from a stack in that account, so deploy this there, or deny it in a resource policy (DenyInResourcePolicy), or organization-wide (RevokeOrganizationSessions, RevokeIdentityCenterSessions)`],
    ['a literal role ARN of another account', () => [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/app`)], `is in account ${OTHER}, but this stack deploys to ${ACCOUNT}`],
    ['a user of another account', (s: Stack) => [DeniedPrincipal.fromUser(iam.User.fromUserArn(s, 'F', `arn:aws:iam::${OTHER}:user/alice`))], `user "alice" is in account ${OTHER}`],
    ['a role of another partition', () => [DeniedPrincipal.fromArn(`arn:aws-cn:iam::${ACCOUNT}:role/app`)], 'role "app" is in partition aws-cn, but this stack deploys to aws'],
    ['the root user', () => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:root`)], `principal "arn:aws:iam::${ACCOUNT}:root" cannot be denied from this stack: the root user's permissions cannot be limited by any policy of its own account; deny it in a resource policy (DenyInResourcePolicy)`],
    ['a pattern', () => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/ops/*`)], 'a pattern matches principals whose own policies are not in this stack; name each role or user'],
    ['a federated-user ARN', () => [DeniedPrincipal.fromArn(`arn:aws:sts::${ACCOUNT}:federated-user/bob`)], 'use fromFederatedUser(user, name)'],
    ['an ARN known only at deploy time', (s: Stack) => [DeniedPrincipal.fromArn(iam.Role.fromRoleName(s, 'T', 'app').roleArn)], 'an ARN known only at deploy time names no role or user'],
    ['an Identity Center role', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleArn(s, 'Sso', `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc`))], /cannot be changed: it is an IAM Identity Center role.*; revoke it with RevokeIdentityCenterSessions, or deny it in a resource policy \(DenyInResourcePolicy\)$/],
    ['a service-linked role', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleArn(s, 'Slr', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`))], /cannot be changed: it is a service-linked role.*; deny it in a resource policy \(DenyInResourcePolicy\)$/],
    ['a service-linked role given by name', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'Slr', 'AWSServiceRoleForECS'))], 'role "AWSServiceRoleForECS" cannot be changed: it is a service-linked role'],
    ['a role name with surrounding spaces', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'Sp', ' app '))], 'role " app " is not a valid role name'],
    ['an assumed-role ARN', () => [DeniedPrincipal.fromArn('arn:aws:sts::111122223333:assumed-role/app/s')], 'is an assumed-role session ARN, which aws:PrincipalArn never carries'],
    ['a non-principal ARN', () => [DeniedPrincipal.fromArn('arn:aws:s3:::bucket')], 'principal "arn:aws:s3:::bucket" is not a role, user, federated-user or root ARN'],
    ['a bad federated name', (s: Stack) => [DeniedPrincipal.fromFederatedUser(iam.User.fromUserName(s, 'M', 'broker'), 'x')], 'federated user name "x" is not valid; use 2 to 32 characters'],
    ['a policy variable in a user ARN', () => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)],
      `principal "arn:aws:iam::${ACCOUNT}:user/\${aws:username}" contains "$", "{" or "}": IAM reads \${...} in a policy as a variable`],
    ['a policy variable in a role path', () => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}/app`)], 'contains "$", "{" or "}"'],
    ['a policy variable in the path of an imported role', (s: Stack) => [DeniedPrincipal.fromRole(iam.Role.fromRoleArn(s, 'V', `arn:aws:iam::${ACCOUNT}:role/\${aws:username}/app`))], 'contains "$", "{" or "}"'],
    ['a policy variable in the path of an imported user', (s: Stack) => [DeniedPrincipal.fromUser(iam.User.fromUserArn(s, 'V', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}/alice`))], 'contains "$", "{" or "}"'],
  ])('refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyPrincipals(s, 'Deny', { principals: (make as any)(s) })).toThrow(message);
  });

  test('a bad policy name', () => {
    const s = stack();
    expect(() => new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/x`)], policyName: 'a b' }))
      .toThrow('policyName "a b" is not a valid IAM policy name');
  });
});

describe('the lockout guard covers every deny', () => {
  const lockouts: Array<[string, (s: Stack) => iam.IRole, RegExp]> = [
    ['the CloudFormation execution role', (s) => iam.Role.fromRoleName(s, 'X', `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`), /cannot be changed: it is a role this library or its deployment runs as/],
    ['the deploy role, in another case', (s) => iam.Role.fromRoleName(s, 'X', `CDK-HNB659FDS-DEPLOY-ROLE-${ACCOUNT}-US-EAST-1`), /cannot be changed: it is a role this library or its deployment runs as/],
    ['another region\'s deploy role', (s) => iam.Role.fromRoleName(s, 'X', `cdk-hnb659fds-deploy-role-${ACCOUNT}-eu-west-1`), /cannot be changed: it is a CDK bootstrap role/],
    ['a bootstrap role of another qualifier', (s) => iam.Role.fromRoleArn(s, 'X', `arn:aws:iam::${ACCOUNT}:role/cdk-team_a-1-lookup-role-${ACCOUNT}-eu-west-1`), /CDK bootstrap role/],
    ['this library\'s provider role', (s) => RevokeSessionsProvider.of(s).onEventFunction.role!, /belongs to this library's provider/],
  ];
  test.each(lockouts)('DenyAllSessions refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyAllSessions(s, 'K', { roles: [make(s)] })).toThrow(message);
  });
  test.each(lockouts)('DenyPrincipals refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyPrincipals(s, 'K', { principals: [DeniedPrincipal.fromRole(make(s))] })).toThrow(message);
  });
  test.each(lockouts)('DenySessions refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenySessions(s, 'K', { sessions: [SessionId.ofRoleSession(make(s), 'leaked')] })).toThrow(message);
  });

  test('a deploy role a custom synthesizer names literally is refused too', () => {
    const s = new Stack(new App(), 'Custom', {
      env: { account: ACCOUNT, region: 'us-east-1' },
      synthesizer: new DefaultStackSynthesizer({ cloudFormationExecutionRole: `arn:aws:iam::${ACCOUNT}:role/Deployer` }),
    });
    expect(() => new DenyAllSessions(s, 'K', { roles: [iam.Role.fromRoleName(s, 'D', 'deployer')] }))
      .toThrow('role "deployer" cannot be changed: it is a role this library or its deployment runs as');
  });
});

describe('another account when the stack\'s account is unknown', () => {
  test('the deploy fails anywhere but in that account, instead of writing to a namesake', () => {
    const s = new Stack(new App(), 'Agnostic');
    new DenyAllSessions(s, 'K', { roles: [iam.Role.fromRoleArn(s, 'F', `arn:aws:iam::${OTHER}:role/app`)] });
    const t = Template.fromStack(s);
    const [condition] = Object.entries(t.toJSON().Conditions) as [string, any][];
    expect(condition[1]).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, OTHER] });
    const [policy] = Object.values(t.findResources('AWS::IAM::Policy')) as any[];
    const [name] = policy.Properties.Roles;
    expect(name['Fn::If'][0]).toBe(condition[0]);
    expect(name['Fn::If'][1]).toBe('app');
    // The other branch is not a valid role name, so IAM refuses it and the deploy fails.
    expect(name['Fn::If'][2]).toBe(`role "app" is in account ${OTHER}: deploy this stack there`);
    expect(/^[\w+=,.@-]{1,64}$/.test(name['Fn::If'][2])).toBe(false);
  });
});

describe('one policy name, one deny per principal', () => {
  test('two denies with the same policyName on one role are refused, whatever the case', () => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    new DenyAllSessions(s, 'A', { roles: [app], policyName: 'Incident' });
    expect(() => new DenyPrincipals(s, 'B', { principals: [DeniedPrincipal.fromRole(app)], policyName: 'INCIDENT' }))
      .toThrow('policyName "INCIDENT" is already used on role "app" by Incident/A; one name on one role or user is one policy');
  });

  test('the same policyName on different roles, and default names on one role, are fine', () => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    new DenyAllSessions(s, 'A', { roles: [app], policyName: 'Incident' });
    new DenyAllSessions(s, 'B', { roles: [iam.Role.fromRoleName(s, 'W', 'worker')], policyName: 'Incident' });
    new DenyPrincipals(s, 'C', { principals: [DeniedPrincipal.fromRole(app)] });
    new DenySessions(s, 'D', { sessions: [SessionId.ofRoleSession(app, 'leaked')] });
    Template.fromStack(s).resourceCountIs('AWS::IAM::Policy', 4);
  });
});

describe('semantics (oracle), judged by the policies attached to the caller', () => {
  function deployed(principals: (s: Stack) => DeniedPrincipal[]): Stack {
    const s = stack();
    new DenyPrincipals(s, 'Deny', { principals: principals(s) });
    return s;
  }

  test.each([
    ['the named role (path /team/, imported by name)', 'ExplicitlyDenied', session('app', '/team/'), { role: 'app' }],
    ['the named role at the root path', 'ExplicitlyDenied', session('app'), { role: 'app' }],
    ['another role', 'Allowed', session('other', '/team/'), { role: 'other' }],
    ['a role whose name ends with the target name', 'Allowed', session('xapp'), { role: 'xapp' }],
    ['a role whose path ends with the target name', 'Allowed', session('api', '/app/'), { role: 'api' }],
  ])('fromRole: %s is %s', async (_n, expected, caller, as) => {
    const s = deployed((st) => [DeniedPrincipal.fromRole(iam.Role.fromRoleName(st, 'App', 'app'))]);
    expect(await decide(s, caller, as)).toBe(expected);
  });

  test('fromArn with a path: that role is denied, a namesake path pattern is not needed', async () => {
    const s = deployed(() => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/team/app`)]);
    expect(await decide(s, session('app', '/team/'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, session('app2', '/team/'), { role: 'app2' })).toBe('Allowed');
  });

  test.each([
    ['fromUser of a user imported by name', (st: Stack) => DeniedPrincipal.fromUser(iam.User.fromUserName(st, 'U', 'alice'))],
    ['fromUser of a user imported by a path-less ARN', (st: Stack) => DeniedPrincipal.fromUser(iam.User.fromUserArn(st, 'U', `arn:aws:iam::${ACCOUNT}:user/alice`))],
    ['fromArn with a path-less user ARN', () => DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/alice`)],
  ])('%s: the user is denied at whatever path it lives', async (_n, make) => {
    const s = deployed((st) => [make(st)]);
    for (const path of ['/', '/contractors/', '/a/b/']) {
      expect(await decide(s, userWithAccessKeys({ userName: 'alice', path }), { user: 'alice' })).toBe('ExplicitlyDenied');
      expect(await decide(s, userSessionToken({ userName: 'alice', path, issuedAt: ISSUED }), { user: 'alice' })).toBe('ExplicitlyDenied');
    }
  });

  test('fromArn with a path-less role ARN: the role is denied at whatever path it lives, a namesake suffix is not', async () => {
    const s = deployed(() => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/app`)]);
    expect(await decide(s, session('app', '/service/'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, session('app'), { role: 'app' })).toBe('ExplicitlyDenied');
    const [doc] = Object.values(attachedPolicies(s, { role: 'app' })) as any[];
    expect(doc.Statement[0].Condition.ArnLike['aws:PrincipalArn']).toEqual([`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::${ACCOUNT}:role/*/app`]);
  });

  test('an ARN with an explicit path keeps that path exactly', () => {
    const s = deployed(() => [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/team/app`), DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/ops/alice`)]);
    const [doc] = Object.values(attachedPolicies(s, { role: 'app' })) as any[];
    expect(doc.Statement[0].Condition.ArnLike['aws:PrincipalArn']).toEqual([`arn:aws:iam::${ACCOUNT}:role/team/app`, `arn:aws:iam::${ACCOUNT}:user/ops/alice`]);
  });

  test('fromUser: the user\'s keys and session tokens are denied; another user is allowed', async () => {
    const s = deployed((st) => [DeniedPrincipal.fromUser(iam.User.fromUserName(st, 'U', 'alice'))]);
    expect(await decide(s, userWithAccessKeys({ userName: 'alice' }), { user: 'alice' })).toBe('ExplicitlyDenied');
    expect(await decide(s, userSessionToken({ userName: 'alice', issuedAt: ISSUED }), { user: 'alice' })).toBe('ExplicitlyDenied');
    expect(await decide(s, userWithAccessKeys({ userName: 'bob' }), { user: 'bob' })).toBe('Allowed');
  });

  test('fromFederatedUser: denied through the minting user\'s policies; another federated user of that user is allowed', async () => {
    const s = deployed((st) => [DeniedPrincipal.fromFederatedUser(iam.User.fromUserName(st, 'M', 'broker'), 'bob')]);
    expect(await decide(s, federatedUser({ name: 'bob', issuedAt: ISSUED }), { user: 'broker' })).toBe('ExplicitlyDenied');
    expect(await decide(s, federatedUser({ name: 'carol', issuedAt: ISSUED }), { user: 'broker' })).toBe('Allowed');
    // The broker's own requests are not matched by the deny it carries.
    expect(await decide(s, userWithAccessKeys({ userName: 'broker' }), { user: 'broker' })).toBe('Allowed');
  });

  test('an in-stack role is denied through the policy attached by reference', async () => {
    const s = stack();
    const owned = new iam.Role(s, 'Owned', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'owned', path: '/svc/' });
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromRole(owned)] });
    const id = s.getLogicalId(owned.node.defaultChild as iam.CfnRole);
    const attributes = { [id]: 'owned', [`${id}.Arn`]: `arn:aws:iam::${ACCOUNT}:role/svc/owned` };
    const policies = attachedPolicies(s, { role: 'owned' }, attributes);
    expect(Object.keys(policies)).toHaveLength(1);
    expect(await evaluate(session('owned', '/svc/'), { action: 's3:GetObject', resource: 'arn:aws:s3:::data/key', identityPolicies: { Admin: ALLOW_ALL, ...policies } }))
      .toBe('ExplicitlyDenied');
  });
});
