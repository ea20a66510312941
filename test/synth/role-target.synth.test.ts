/**
 * Synth-time checks of explicit roles shared by RevokeOlderSessions and every identity deny:
 * what is not a role is refused before any grant is written, and a foreign role never hides
 * or stands in for the local one.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, DeniedPrincipal, DenyAllSessions, DenyPrincipals, DenySessions, RevokeOlderSessions, SessionId } from '../../src';
import { ACCOUNT } from '../helpers/request-context';

const OTHER = '999988887777';
const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
const revoke = (s: Stack, roles: iam.IRole[]) => new RevokeOlderSessions(s, 'Revoke', { roles, issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });

describe.each([
  ['RevokeOlderSessions', revoke],
  ['DenyAllSessions', (s: Stack, roles: iam.IRole[]) => new DenyAllSessions(s, 'Deny', { roles })],
])('%s refuses at synth', (_construct, make) => {
  test.each([
    ['an sts assumed-role ARN copied from CloudTrail', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws:sts::${ACCOUNT}:assumed-role/app/leaked`),
      `role "arn:aws:sts::${ACCOUNT}:assumed-role/app/leaked" is an sts assumed-role session ARN (as CloudTrail shows it), not a role ARN`],
    ['an instance-profile ARN', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${ACCOUNT}:instance-profile/web`),
      `role "arn:aws:iam::${ACCOUNT}:instance-profile/web" is an instance profile ARN, not a role ARN`],
    ['a name with surrounding spaces', (s: Stack) => iam.Role.fromRoleName(s, 'R', ' app'), 'role " app" is not a valid role name'],
    ['a service-linked role given by name', (s: Stack) => iam.Role.fromRoleName(s, 'R', 'AWSServiceRoleForAutoScaling'),
      'role "AWSServiceRoleForAutoScaling" cannot be changed: it is a service-linked role'],
    ['a role of another partition', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws-us-gov:iam::${ACCOUNT}:role/app`), 'is in partition aws-us-gov, but this stack deploys to aws'],
    ['a role of another account', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${OTHER}:role/app`), `is in account ${OTHER}, but this stack deploys to ${ACCOUNT}`],
    ['the CloudFormation execution role', (s: Stack) => iam.Role.fromRoleName(s, 'R', `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`), 'it is a role this library or its deployment runs as'],
    ['a bootstrap role of a mixed-case qualifier', (s: Stack) => iam.Role.fromRoleName(s, 'R', `cdk-MyApp-file-publishing-role-${ACCOUNT}-eu-west-1`), 'it is a CDK bootstrap role'],
    ['the organization access role', (s: Stack) => iam.Role.fromRoleName(s, 'R', 'OrganizationAccountAccessRole'),
      'role "OrganizationAccountAccessRole" cannot be changed: it is a role that administers the organization'],
    ['the StackSets administration role', (s: Stack) => iam.Role.fromRoleName(s, 'R', 'AWSCloudFormationStackSetAdministrationRole'), 'administers the organization'],
    ['a service-managed StackSets execution role', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${ACCOUNT}:role/stacksets-exec-899a82a2cb437e970934262f85c7628a`),
      'administers the organization (StackSets, Organizations or Control Tower deploy through it); set allowOrganizationAccessRoles: true'],
    ['a policy variable in the path', (s: Stack) => iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${ACCOUNT}:role/\${aws:username}/app`), 'contains "$", "{" or "}"'],
  ])('%s', (_n, role, message) => {
    const s = stack();
    expect(() => make(s, [role(s)])).toThrow(message);
  });
});

test('a foreign role/app never hides the local role/app: both stay in the list in a stack of unknown account', () => {
  const s = new Stack(new App(), 'Agnostic');
  revoke(s, [iam.Role.fromRoleArn(s, 'Foreign', `arn:aws:iam::${OTHER}:role/app`), iam.Role.fromRoleName(s, 'Local', 'app')]);
  const [resource] = Object.values(Template.fromStack(s).findResources('Custom::RevokeOlderSessions')) as any[];
  const arns = resource.Properties.RoleArns;
  expect(arns).toHaveLength(2);
  expect(arns[0]).toBe(`arn:aws:iam::${OTHER}:role/app`);
  expect(JSON.stringify(arns[1])).toContain(':role/app');
});

test('the same role by two spellings of its ARN path is checked by ARN, path included', () => {
  const s = stack();
  revoke(s, [iam.Role.fromRoleArn(s, 'A', `arn:aws:iam::${ACCOUNT}:role/team/app`), iam.Role.fromRoleArn(s, 'B', `arn:aws:iam::${ACCOUNT}:role/app`)]);
  const [resource] = Object.values(Template.fromStack(s).findResources('Custom::RevokeOlderSessions')) as any[];
  expect(resource.Properties.RoleArns).toEqual([`arn:aws:iam::${ACCOUNT}:role/team/app`, `arn:aws:iam::${ACCOUNT}:role/app`]);
});

describe('organization-access roles need an explicit opt-in, which warns', () => {
  const org = (s: Stack) => iam.Role.fromRoleName(s, 'Org', 'OrganizationAccountAccessRole');
  test.each([
    ['RevokeOlderSessions', (s: Stack) => new RevokeOlderSessions(s, 'C', { roles: [org(s)], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'), allowOrganizationAccessRoles: true })],
    ['DenyAllSessions', (s: Stack) => new DenyAllSessions(s, 'C', { roles: [org(s)], allowOrganizationAccessRoles: true })],
    ['DenyPrincipals', (s: Stack) => new DenyPrincipals(s, 'C', { principals: [DeniedPrincipal.fromRole(org(s))], allowOrganizationAccessRoles: true })],
    ['DenySessions', (s: Stack) => new DenySessions(s, 'C', { sessions: [SessionId.ofRoleSession(org(s), 'leaked')], allowOrganizationAccessRoles: true })],
  ])('%s', (_n, make) => {
    const s = stack();
    make(s);
    Annotations.fromStack(s).hasWarning('/Incident/C', Match.stringLikeRegexp(
      'allowOrganizationAccessRoles is set: .*OrganizationAccountAccessRole.*\\[ack: cdk-revoke-sessions:organizationAccessRolesAllowed\\]'));
  });

  test('RevokeOlderSessions hands the opt-in to the handler, which refuses those roles without it', () => {
    const s = stack();
    new RevokeOlderSessions(s, 'C', { roles: [org(s)], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'), allowOrganizationAccessRoles: true });
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', { AllowOrganizationAccessRoles: 'true' });
    const plain = stack();
    revoke(plain, [iam.Role.fromRoleName(plain, 'App', 'app')]);
    Template.fromStack(plain).hasResourceProperties('Custom::RevokeOlderSessions', { AllowOrganizationAccessRoles: Match.absent() });
  });
});

describe('a stack without an account warns when it names principals of an account by ARN', () => {
  const agnostic = () => new Stack(new App(), 'Agnostic');
  test.each([
    ['RevokeOlderSessions', (s: Stack, r: iam.IRole) => revoke(s, [r])],
    ['DenyAllSessions', (s: Stack, r: iam.IRole) => new DenyAllSessions(s, 'Revoke', { roles: [r] })],
    ['DenyPrincipals', (s: Stack, r: iam.IRole) => new DenyPrincipals(s, 'Revoke', { principals: [DeniedPrincipal.fromRole(r)] })],
  ])('%s', (_n, make) => {
    const s = agnostic();
    make(s, iam.Role.fromRoleArn(s, 'R', `arn:aws:iam::${OTHER}:role/app`));
    Annotations.fromStack(s).hasWarning('/Agnostic/Revoke', Match.stringLikeRegexp(
      `this stack has no account.*role "app" of account ${OTHER}.*env: \\{ account \\}.*\\[ack: cdk-revoke-sessions:stackAccountUnknown\\]`));
  });

  test('not for a role imported by name, nor in a stack with an account', () => {
    const s = agnostic();
    revoke(s, [iam.Role.fromRoleName(s, 'R', 'app')]);
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('stackAccountUnknown'));
    const known = stack();
    revoke(known, [iam.Role.fromRoleArn(known, 'R', `arn:aws:iam::${ACCOUNT}:role/app`)]);
    Annotations.fromStack(known).hasNoWarning('*', Match.stringLikeRegexp('stackAccountUnknown'));
  });
});
