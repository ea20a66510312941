/**
 * What the SCP means, judged by the IAM evaluation oracle (@cloud-copilot/iam-simulate) as a
 * service control policy on the organization root, beside FullAWSAccess, for callers in a
 * member account. The oracle does not derive context keys: each caller carries
 * `aws:PrincipalArn`, `aws:userId`, `aws:TokenIssueTime` (and `identitystore:UserId` for
 * Identity Center) as AWS sets them.
 */
import { parseInstant } from '../../src/core/instant';
import { buildScp, exemptPatterns, ScpSelection } from '../../src/revoke-organization-sessions/scp-document';
import { every, MEMBER, memberRole as role, scpDecisions as decisions, ssoSession } from '../helpers/scp-oracle';

const CUTOFF = '2026-11-22T10:00:00Z';
const BEFORE = '2026-11-22T09:59:59Z';
const AFTER = '2026-11-22T10:00:01Z';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const BOB = '11111111-2222-3333-4444-555555555555';
const cutoffMs = (parseInstant(CUTOFF) as { epochMs: number }).epochMs;

/** `withCutoff: false` builds the SCP without a time condition. */
function scp(selections: ScpSelection[], withCutoff = true): unknown {
  return JSON.parse(buildScp({ selections, exempt: exemptPatterns(['BreakGlass*'], []), cutoffMs: withCutoff ? cutoffMs : undefined }));
}

const rolesNamed: ScpSelection = { kind: 'roles-named', names: ['ci-deploy'] };
const allRoles: ScpSelection = { kind: 'all-roles', exclude: ['monitoring-*'] };

test.each([
  ['a selected role at / issued before the cutoff', 'ExplicitlyDenied', [rolesNamed], role('ci-deploy', BEFORE)],
  ['a selected role under a path issued before the cutoff', 'ExplicitlyDenied', [rolesNamed], role('ci-deploy', BEFORE, '/pipelines/prod/')],
  ['a selected role issued exactly at the cutoff', 'Allowed', [rolesNamed], role('ci-deploy', CUTOFF)],
  ['a selected role issued after the cutoff', 'Allowed', [rolesNamed], role('ci-deploy', AFTER)],
  ['a role whose name only ends with the selected name', 'Allowed', [rolesNamed], role('old-ci-deploy', BEFORE)],
  ['a role that is not selected', 'Allowed', [rolesNamed], role('app', BEFORE)],
  ['an Identity Center session of the permission set, before the cutoff', 'ExplicitlyDenied', [{ kind: 'permission-sets', names: ['AdministratorAccess'] }], ssoSession('AdministratorAccess', ALICE, BEFORE)],
  ['an Identity Center session of the permission set, after the cutoff', 'Allowed', [{ kind: 'permission-sets', names: ['AdministratorAccess'] }], ssoSession('AdministratorAccess', ALICE, AFTER)],
  ['an Identity Center session of another permission set', 'Allowed', [{ kind: 'permission-sets', names: ['AdministratorAccess'] }], ssoSession('ReadOnlyAccess', ALICE, BEFORE)],
  ['the selected Identity Center user, before the cutoff', 'ExplicitlyDenied', [{ kind: 'identity-center-user', userId: ALICE }], ssoSession('ReadOnlyAccess', ALICE, BEFORE)],
  ['another Identity Center user, before the cutoff', 'Allowed', [{ kind: 'identity-center-user', userId: ALICE }], ssoSession('ReadOnlyAccess', BOB, BEFORE)],
  ['all roles: any role before the cutoff', 'ExplicitlyDenied', [allRoles], role('app', BEFORE, '/team/')],
  ['all roles: an excluded role', 'Allowed', [allRoles], role('monitoring-agent', BEFORE)],
  ['all roles: OrganizationAccountAccessRole is exempt', 'Allowed', [allRoles], role('OrganizationAccountAccessRole', BEFORE)],
  ['all roles: the StackSets execution role is exempt', 'Allowed', [allRoles], role('AWSCloudFormationStackSetExecutionRole', BEFORE)],
  ['all roles: a service-managed StackSets execution role is exempt', 'Allowed', [allRoles], role('stacksets-exec-0123456789abcdef0123456789abcdef', BEFORE)],
  ['all roles: a CDK bootstrap role of any qualifier is exempt', 'Allowed', [allRoles], role(`cdk-myqual-cfn-exec-role-${MEMBER}-eu-west-1`, BEFORE)],
  ['all roles: a break-glass role is exempt', 'Allowed', [allRoles], role('BreakGlassAdmin', BEFORE, '/emergency/')],
  ['all roles: the StackSets administration role is exempt', 'Allowed', [allRoles], role('AWSCloudFormationStackSetAdministrationRole', BEFORE)],
  ['all roles: Control Tower\'s execution role is exempt', 'Allowed', [allRoles], role('AWSControlTowerExecution', BEFORE)],
  ['all roles: the CDK deploy role is exempt', 'Allowed', [allRoles], role(`cdk-hnb659fds-deploy-role-${MEMBER}-ap-southeast-2`, BEFORE)],
  ['all roles: the CDK file-publishing role is exempt', 'Allowed', [allRoles], role(`cdk-hnb659fds-file-publishing-role-${MEMBER}-ap-southeast-2`, BEFORE)],
  ['all roles: the CDK image-publishing role is exempt', 'Allowed', [allRoles], role(`cdk-hnb659fds-image-publishing-role-${MEMBER}-ap-southeast-2`, BEFORE)],
  ['all roles: the CDK lookup role is exempt', 'Allowed', [allRoles], role(`cdk-hnb659fds-lookup-role-${MEMBER}-ap-southeast-2`, BEFORE)],
  // ArnLike's * crosses "/": the built-in patterns must not spare roles under a path that looks like an exempt name.
  ['all roles: a role under a path that starts like a bootstrap role is denied', 'ExplicitlyDenied', [allRoles], role('ci-role-admin', BEFORE, '/cdk-team/')],
  ['all roles: a role under a path that starts like a StackSets role is denied', 'ExplicitlyDenied', [allRoles], role('app', BEFORE, '/stacksets-exec-team/')],
  ['all roles: a stacksets-exec- role of another length is denied', 'ExplicitlyDenied', [allRoles], role('stacksets-exec-app', BEFORE)],
  ['all roles: a role of another kind with a bootstrap-like name is denied', 'ExplicitlyDenied', [allRoles], role(`cdk-hnb659fds-admin-role-${MEMBER}-us-east-1`, BEFORE)],
  ['all roles: a break-glass role in another case is denied: SCPs match exact case', 'ExplicitlyDenied', [allRoles], role('breakglassadmin', BEFORE)],
  ['an upper-case user id still denies the user: it is written lower-case', 'ExplicitlyDenied', [{ kind: 'identity-center-user', userId: ALICE.toUpperCase() }], ssoSession('ReadOnlyAccess', ALICE, BEFORE)],
])('%s: %s', async (_name, expected, selections, caller) => {
  expect(await decisions(caller, scp(selections as ScpSelection[]))).toEqual(every(expected));
});

test('without a cutoff, every session of the selected user is denied, however recent', async () => {
  const policy = scp([{ kind: 'identity-center-user', userId: ALICE }], false);
  expect(JSON.stringify(policy)).not.toContain('DateLessThan');
  expect(await decisions(ssoSession('ReadOnlyAccess', ALICE, '2026-11-23T00:00:00Z'), policy)).toEqual(every('ExplicitlyDenied'));
  expect(await decisions(ssoSession('ReadOnlyAccess', BOB, BEFORE), policy)).toEqual(every('Allowed'));
});

test('the SCP without the revocation allows the same callers: the deny, not the setup, decides', async () => {
  const empty = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  expect(await decisions(role('ci-deploy', BEFORE), empty)).toEqual(every('Allowed'));
});
