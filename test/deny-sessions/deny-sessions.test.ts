import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DenySessions, SessionId } from '../../src';
import {
  ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userSessionToken, userWithAccessKeys,
} from '../helpers/request-context';
import { documentsOf } from '../helpers/template-document';

const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
const decide = (caller: Caller, doc: unknown) =>
  evaluate(caller, { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, identityPolicies: { Admin: ALLOW_ALL, Deny: doc } });
const ISSUED = '2026-11-22T10:00:00Z';
const appSession = (sessionName: string, extra: { sourceIdentity?: string; roleName?: string; path?: string } = {}) =>
  roleSession({ roleName: extra.roleName ?? 'app', path: extra.path ?? '/team/', sessionName, issuedAt: ISSUED, sourceIdentity: extra.sourceIdentity, roleId: 'AROAAPPROLEID000001' });

function deployed(sessions: (s: Stack, app: iam.IRole) => SessionId[]): any {
  const s = stack();
  const app = iam.Role.fromRoleName(s, 'App', 'app');
  new DenySessions(s, 'Deny', { roles: [app], sessions: sessions(s, app) });
  return documentsOf(s)[0];
}

describe('template', () => {
  test('single-key matchers merge into one statement; role sessions keep their AND clause', () => {
    const doc = deployed((_s, app) => [
      SessionId.ofRoleSession(app, 'leaked-session'),
      SessionId.ofFederatedUser(ACCOUNT, 'bob'),
      SessionId.of('AIDAEXAMPLEUSERID0001'),
      SessionId.ofSourceIdentity('mallory@example.com'),
    ]);
    expect(doc.Statement).toEqual([
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:userId': [`${ACCOUNT}:bob`, 'AIDAEXAMPLEUSERID0001'] } } },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:SourceIdentity': ['mallory@example.com'] } } },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::${ACCOUNT}:role/*/app`] },
          StringLike: { 'aws:userId': ['*:leaked-session'] },
        },
      },
    ]);
  });

  test('attaches to in-stack roles by reference', () => {
    const s = stack();
    const role = new iam.Role(s, 'Owned', { assumedBy: new iam.AccountRootPrincipal() });
    new DenySessions(s, 'Deny', { roles: [role], sessions: [SessionId.ofRoleSession(role, 'ci')] });
    const [policy] = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')) as any[];
    expect(policy.Properties.Roles).toEqual([{ Ref: s.getLogicalId(role.node.defaultChild as iam.CfnRole) }]);
    expect(policy.Properties.PolicyDocument.Statement[0].Condition.ArnLike['aws:PrincipalArn'])
      .toEqual([{ 'Fn::GetAtt': [s.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] }]);
  });

  test.each([
    ['no sessions', () => [], 'sessions is empty; list at least one session to deny'],
    ['a one-character session name', (app: iam.IRole) => [SessionId.ofRoleSession(app, 'x')], 'session name "x" is not valid; use 2 to 64 characters'],
    ['a session name with a space', (app: iam.IRole) => [SessionId.ofRoleSession(app, 'a b')], 'session name "a b" is not valid'],
    ['a 65-character session name', (app: iam.IRole) => [SessionId.ofRoleSession(app, 'a'.repeat(65))], 'is not valid; use 2 to 64 characters'],
    ['a wildcard session name', (app: iam.IRole) => [SessionId.ofRoleSession(app, '*')], 'session name "*" is not valid'],
    ['a bad source identity', () => [SessionId.ofSourceIdentity('a')], 'source identity "a" is not valid'],
    ['a bad raw user id', () => [SessionId.of('AROA:x')], 'userId "AROA:x" is not a role session (AROA…:<session-name> or AROA…:*)'],
    ['a raw wildcard', () => [SessionId.of('*')], 'userId "*" is not a role session'],
    ['a bad federated account', () => [SessionId.ofFederatedUser('abc', 'bob')], 'account "abc" is not a 12-digit AWS account id'],
  ])('refuses %s', (_n, sessions, message) => {
    const s = stack();
    const app = iam.Role.fromRoleName(s, 'App', 'app');
    expect(() => new DenySessions(s, 'Deny', { roles: [app], sessions: (sessions as any)(app) })).toThrow(message);
  });

  test('refuses an Identity Center target role', () => {
    const s = stack();
    const sso = iam.Role.fromRoleName(s, 'Sso', 'AWSReservedSSO_Admin_abc');
    expect(() => new DenySessions(s, 'Deny', { roles: [sso], sessions: [SessionId.ofAllRoleSessions(sso)] }))
      .toThrow(/cannot be changed: it is an IAM Identity Center role/);
  });
});

describe('semantics (oracle)', () => {
  test('ofRoleSession: the leaked session is denied; other sessions of the role and other roles are allowed', async () => {
    const doc = deployed((_s, app) => [SessionId.ofRoleSession(app, 'leaked-session')]);
    expect(await decide(appSession('leaked-session'), doc)).toBe('ExplicitlyDenied');
    expect(await decide(appSession('good-session'), doc)).toBe('Allowed');
    expect(await decide(appSession('leaked-session', { roleName: 'other' }), doc)).toBe('Allowed');
    expect(await decide(appSession('i-0123456789abcdef0'), doc)).toBe('Allowed');
  });

  test('ofAllRoleSessions: every session of the role, none of another role', async () => {
    const doc = deployed((_s, app) => [SessionId.ofAllRoleSessions(app)]);
    expect(await decide(appSession('a1'), doc)).toBe('ExplicitlyDenied');
    expect(await decide(appSession('a2', { path: '/' }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(appSession('a1', { roleName: 'other' }), doc)).toBe('Allowed');
  });

  test('ofUser: the user\'s keys and session tokens; another user is allowed', async () => {
    const doc = deployed((s) => [SessionId.ofUser(iam.User.fromUserName(s, 'U', 'alice'))]);
    expect(await decide(userWithAccessKeys({ userName: 'alice' }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(userSessionToken({ userName: 'alice', issuedAt: ISSUED }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(userWithAccessKeys({ userName: 'bob', userId: 'AIDAOTHERUSERID00002' }), doc)).toBe('Allowed');
  });

  test('ofFederatedUser: that federated user only', async () => {
    const doc = deployed(() => [SessionId.ofFederatedUser(ACCOUNT, 'bob')]);
    expect(await decide(federatedUser({ name: 'bob', issuedAt: ISSUED }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(federatedUser({ name: 'bobby', issuedAt: ISSUED }), doc)).toBe('Allowed');
  });

  test('ofSourceIdentity: survives role chaining; sessions without it are allowed', async () => {
    const doc = deployed(() => [SessionId.ofSourceIdentity('mallory@example.com')]);
    expect(await decide(appSession('s1', { sourceIdentity: 'mallory@example.com' }), doc)).toBe('ExplicitlyDenied');
    // A chained session of another role keeps the source identity.
    expect(await decide(appSession('chained', { roleName: 'next-hop', sourceIdentity: 'mallory@example.com' }), doc)).toBe('ExplicitlyDenied');
    expect(await decide(appSession('s1', { sourceIdentity: 'alice@example.com' }), doc)).toBe('Allowed');
    expect(await decide(appSession('s1'), doc)).toBe('Allowed');
  });

  test('of(raw): a role session by unique id, and an IAM user by AIDA id', async () => {
    const doc = deployed(() => [SessionId.of('AROAAPPROLEID000001:leaked-session'), SessionId.of('AIDAEXAMPLEUSERID0001')]);
    expect(await decide(appSession('leaked-session'), doc)).toBe('ExplicitlyDenied');
    expect(await decide(appSession('good-session'), doc)).toBe('Allowed');
    expect(await decide(userWithAccessKeys({ userName: 'alice' }), doc)).toBe('ExplicitlyDenied');
  });

  test('of(AROA…:*): every session of the role with that unique id', async () => {
    const doc = deployed(() => [SessionId.of('AROAAPPROLEID000001:*')]);
    expect(await decide(appSession('anything'), doc)).toBe('ExplicitlyDenied');
  });
});
