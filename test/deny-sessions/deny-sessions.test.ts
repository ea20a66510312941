import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DenySessions, SessionId } from '../../src';
import {
  ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userSessionToken, userWithAccessKeys,
} from '../helpers/request-context';
import { attachedPolicies, AttachedTo } from '../helpers/template-document';

const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
const ISSUED = '2026-11-22T10:00:00Z';
const appSession = (sessionName: string, extra: { sourceIdentity?: string; roleName?: string; path?: string; roleId?: string } = {}) =>
  roleSession({ roleName: extra.roleName ?? 'app', path: extra.path ?? '/team/', sessionName, issuedAt: ISSUED, sourceIdentity: extra.sourceIdentity, roleId: extra.roleId ?? 'AROAAPPROLEID000001' });

/** A stack with the deny; `app` is imported by name but really lives under /team/. */
function deployed(sessions: (s: Stack, app: iam.IRole) => SessionId[]): Stack {
  const s = stack();
  new DenySessions(s, 'Deny', { sessions: sessions(s, iam.Role.fromRoleName(s, 'App', 'app')) });
  return s;
}
/** The caller's request, judged by the policies the template attaches to the caller's own principal. */
const decide = (s: Stack, caller: Caller, as: AttachedTo) => evaluate(caller, {
  action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, identityPolicies: { Admin: ALLOW_ALL, ...attachedPolicies(s, as) },
});

describe('template', () => {
  test('every session\'s deny lands on its own principal; each statement names its principal', () => {
    const s = deployed((st, app) => [
      SessionId.ofRoleSession(app, 'leaked-session'),
      SessionId.ofFederatedUser(iam.User.fromUserName(st, 'Broker', 'broker'), 'bob'),
      SessionId.of('AIDAEXAMPLEUSERID0001', iam.User.fromUserName(st, 'Alice', 'alice')),
      SessionId.ofSourceIdentity('mallory@example.com', [iam.Role.fromRoleName(st, 'Worker', 'worker')]),
    ]);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', { Roles: ['app', 'worker'], Users: ['broker', 'alice'] });
    const [doc] = Object.values(attachedPolicies(s, { role: 'app' })) as any[];
    expect(doc.Statement).toEqual([
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:userId': [`${ACCOUNT}:bob`, 'AIDAEXAMPLEUSERID0001'] } } },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::${ACCOUNT}:role/*/app`] },
          StringLike: { 'aws:userId': ['*:leaked-session'] },
        },
      },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceIdentity': ['mallory@example.com'] },
          ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/worker`, `arn:aws:iam::${ACCOUNT}:role/*/worker`] },
        },
      },
    ]);
  });

  test('attaches to in-stack roles by reference', () => {
    const s = stack();
    const role = new iam.Role(s, 'Owned', { assumedBy: new iam.AccountRootPrincipal() });
    new DenySessions(s, 'Deny', { sessions: [SessionId.ofRoleSession(role, 'ci')] });
    const [policy] = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')) as any[];
    expect(policy.Properties.Roles).toEqual([{ Ref: s.getLogicalId(role.node.defaultChild as iam.CfnRole) }]);
    expect(policy.Properties.PolicyDocument.Statement[0].Condition.ArnLike['aws:PrincipalArn'])
      .toEqual([{ 'Fn::GetAtt': [s.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] }]);
  });

  test.each([
    ['no sessions', () => [], 'sessions is empty; list at least one session to deny'],
    ['a one-character session name', (_s: Stack, app: iam.IRole) => [SessionId.ofRoleSession(app, 'x')], 'session name "x" is not valid; use 2 to 64 characters'],
    ['a session name with a space', (_s: Stack, app: iam.IRole) => [SessionId.ofRoleSession(app, 'a b')], 'session name "a b" is not valid'],
    ['a 65-character session name', (_s: Stack, app: iam.IRole) => [SessionId.ofRoleSession(app, 'a'.repeat(65))], 'is not valid; use 2 to 64 characters'],
    ['a wildcard session name', (_s: Stack, app: iam.IRole) => [SessionId.ofRoleSession(app, '*')], 'session name "*" is not valid'],
    ['a bad source identity', () => [SessionId.ofSourceIdentity('a')], 'source identity "a" is not valid'],
    ['a source identity with no roles', () => [SessionId.ofSourceIdentity('mallory')],
      'session source identity "mallory" cannot be denied from this stack: a source identity spans roles; pass the roles to deny it on'],
    ['a bad raw user id', () => [SessionId.of('AROA:x')], 'userId "AROA:x" is not a role session (AROA…:<session-name> or AROA…:*)'],
    ['a raw wildcard', () => [SessionId.of('*')], 'userId "*" is not a role session'],
    ['a raw user id with no principal', () => [SessionId.of('AROAAPPROLEID000001:xy')], 'a raw aws:userId names no role or user to attach the deny to'],
    ['a role session id given a user', (s: Stack) => [SessionId.of('AROAAPPROLEID000001:xy', iam.User.fromUserName(s, 'U', 'alice'))], 'an AROA… id is a role session, but Incident/U is not a role'],
    ['a user id given a role', (_s: Stack, app: iam.IRole) => [SessionId.of('AIDAEXAMPLEUSERID0001', app)], 'is evaluated against an IAM user, but Incident/App is not one'],
    ['the root user', (s: Stack) => [SessionId.of(ACCOUNT, iam.User.fromUserName(s, 'U', 'alice'))], 'it is the root user, whose permissions no policy of its own account can limit; deny it in a resource policy (DenyInResourcePolicy)'],
    ['a federated user minted in another account', (s: Stack) => [SessionId.ofFederatedUser(iam.User.fromUserArn(s, 'U', 'arn:aws:iam::999988887777:user/broker'), 'bob')], 'user "broker" is in account 999988887777'],
    ['a role session of another account', (s: Stack) => [SessionId.ofRoleSession(iam.Role.fromRoleArn(s, 'F', 'arn:aws:iam::999988887777:role/app'), 'leaked')], 'role "app" is in account 999988887777, but this stack deploys to 111122223333'],
    ['an Identity Center role session', (s: Stack) => [SessionId.ofAllRoleSessions(iam.Role.fromRoleName(s, 'Sso', 'AWSReservedSSO_Admin_abc'))], /cannot be changed: it is an IAM Identity Center role/],
  ])('refuses %s', (_n, sessions, message) => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    expect(() => new DenySessions(s, 'Deny', { sessions: (sessions as any)(s, app) })).toThrow(message);
  });
});

describe('semantics (oracle), judged by the policies attached to the caller', () => {
  test('ofRoleSession: the leaked session is denied; other sessions of the role and other roles are allowed', async () => {
    const s = deployed((_s, app) => [SessionId.ofRoleSession(app, 'leaked-session')]);
    expect(await decide(s, appSession('leaked-session'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('good-session'), { role: 'app' })).toBe('Allowed');
    expect(await decide(s, appSession('leaked-session', { roleName: 'other' }), { role: 'other' })).toBe('Allowed');
    expect(await decide(s, appSession('i-0123456789abcdef0'), { role: 'app' })).toBe('Allowed');
  });

  test('ofAllRoleSessions: every session of the role, none of another role', async () => {
    const s = deployed((_s, app) => [SessionId.ofAllRoleSessions(app)]);
    expect(await decide(s, appSession('a1'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('a2', { path: '/' }), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('a1', { roleName: 'other' }), { role: 'other' })).toBe('Allowed');
  });

  test('ofUser: the user\'s keys and session tokens; another user is allowed', async () => {
    const s = deployed((st) => [SessionId.ofUser(iam.User.fromUserName(st, 'U', 'alice'))]);
    expect(await decide(s, userWithAccessKeys({ userName: 'alice' }), { user: 'alice' })).toBe('ExplicitlyDenied');
    expect(await decide(s, userSessionToken({ userName: 'alice', issuedAt: ISSUED }), { user: 'alice' })).toBe('ExplicitlyDenied');
    expect(await decide(s, userWithAccessKeys({ userName: 'bob', userId: 'AIDAOTHERUSERID00002' }), { user: 'bob' })).toBe('Allowed');
  });

  test('ofUser: a user imported by name is denied at whatever path it lives', async () => {
    const s = deployed((st) => [SessionId.ofUser(iam.User.fromUserName(st, 'U', 'alice'))]);
    expect(await decide(s, userWithAccessKeys({ userName: 'alice', path: '/contractors/' }), { user: 'alice' })).toBe('ExplicitlyDenied');
    expect(await decide(s, userSessionToken({ userName: 'alice', path: '/a/b/', issuedAt: ISSUED }), { user: 'alice' })).toBe('ExplicitlyDenied');
  });

  test('of(raw) with a policy variable is refused: IAM would substitute it per request', () => {
    expect(() => SessionId.of('${aws:userid}')).toThrow('userId "${aws:userid}" contains "$", "{" or "}": IAM reads ${...} in a policy as a variable');
    expect(() => SessionId.of('AROAEXAMPLEROLEID0001:${aws:username}')).toThrow('contains "$", "{" or "}"');
  });

  test('ofFederatedUser: denied through the minting user; another name minted by it is allowed', async () => {
    const s = deployed((st) => [SessionId.ofFederatedUser(iam.User.fromUserName(st, 'B', 'broker'), 'bob')]);
    expect(await decide(s, federatedUser({ name: 'bob', issuedAt: ISSUED }), { user: 'broker' })).toBe('ExplicitlyDenied');
    expect(await decide(s, federatedUser({ name: 'bobby', issuedAt: ISSUED }), { user: 'broker' })).toBe('Allowed');
  });

  test('ofSourceIdentity: on the listed roles, chained sessions included; sessions without it and unlisted roles are allowed', async () => {
    const s = deployed((st, app) => [SessionId.ofSourceIdentity('mallory@example.com', [app, iam.Role.fromRoleName(st, 'Hop', 'next-hop')])]);
    expect(await decide(s, appSession('s1', { sourceIdentity: 'mallory@example.com' }), { role: 'app' })).toBe('ExplicitlyDenied');
    // A chained session of another listed role keeps the source identity.
    expect(await decide(s, appSession('chained', { roleName: 'next-hop', path: '/', sourceIdentity: 'mallory@example.com' }), { role: 'next-hop' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('s1', { sourceIdentity: 'alice@example.com' }), { role: 'app' })).toBe('Allowed');
    expect(await decide(s, appSession('s1'), { role: 'app' })).toBe('Allowed');
    // Not listed: nothing is attached to it, so nothing denies it (the documented scope).
    expect(await decide(s, appSession('s1', { roleName: 'unlisted', sourceIdentity: 'mallory@example.com' }), { role: 'unlisted' })).toBe('Allowed');
  });

  test('of(raw): a role session by unique id on its role, and an IAM user by AIDA id on that user', async () => {
    const s = deployed((st, app) => [SessionId.of('AROAAPPROLEID000001:leaked-session', app), SessionId.of('AIDAEXAMPLEUSERID0001', iam.User.fromUserName(st, 'A', 'alice'))]);
    expect(await decide(s, appSession('leaked-session'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('good-session'), { role: 'app' })).toBe('Allowed');
    expect(await decide(s, userWithAccessKeys({ userName: 'alice' }), { user: 'alice' })).toBe('ExplicitlyDenied');
  });

  test('of(AROA…:*): every session of the role with that unique id; a recreated role (new id) is not matched', async () => {
    const s = deployed((_s, app) => [SessionId.of('AROAAPPROLEID000001:*', app)]);
    expect(await decide(s, appSession('anything'), { role: 'app' })).toBe('ExplicitlyDenied');
    expect(await decide(s, appSession('anything', { roleId: 'AROARECREATEDROLE002' }), { role: 'app' })).toBe('Allowed');
  });
});
