import * as fc from 'fast-check';
import { lockoutReason, roleNameSet } from '../../src/core/lockout';
import { excludeProblem, globMatches, isExcluded, namePatternProblem, pathPrefixProblem } from '../../src/role-selection/selection-match';

test('globs are anchored, case-sensitive, and treat regex characters literally', () => {
  expect(globMatches('ci-*', 'ci-build')).toBe(true);
  expect(globMatches('ci-*', 'xci-build')).toBe(false);
  expect(globMatches('ci-*', 'CI-build')).toBe(false);
  expect(globMatches('a.b', 'axb')).toBe(false);
  expect(globMatches('r?', 'r1')).toBe(true);
  expect(globMatches('r?', 'r12')).toBe(false);
  expect(globMatches('*', '')).toBe(true);
  expect(globMatches('a*b*c', 'axxbyyc')).toBe(true);
  expect(globMatches('a*b*c', 'axxbyy')).toBe(false);
});

test('a glob of many stars against a 64-character name is decided, not backtracked exponentially', () => {
  // As a regular expression of .* groups, this one did not finish in minutes.
  expect(globMatches(`${'*a'.repeat(31)}*b`, 'a'.repeat(64))).toBe(false);
  expect(isExcluded('a'.repeat(64), '/', [`${'*a'.repeat(31)}*b`, `/${'*/'.repeat(20)}*b`])).toBe(false);
});

test('globMatches agrees with the anchored regular expression the glob stands for', () => {
  const toRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  fc.assert(fc.property(fc.stringMatching(/^[ab.*?]{0,8}$/), fc.stringMatching(/^[ab.]{0,10}$/),
    (glob, text) => globMatches(glob, text) === toRegExp(glob).test(text)), { numRuns: 2000 });
});

test('exclude entries match the name, or the path and name when they start with /', () => {
  expect(isExcluded('breakglass-1', '/ops/', ['breakglass-*'])).toBe(true);
  expect(isExcluded('api', '/ops/', ['/ops/*'])).toBe(true);
  expect(isExcluded('api', '/app/ops/', ['/ops/*'])).toBe(false);
  expect(isExcluded('api', '/app/', [])).toBe(false);
});

test.each([
  ['AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/', 'service-linked'],
  ['AWSReservedSSO_Admin_0123', '/aws-reserved/sso.amazonaws.com/eu-west-1/', 'identity-center'],
  ['AWSReservedSSO_Admin_0123', undefined, 'identity-center'],
  ['MyProviderRole', '/', 'provider'],
  ['cdk-hnb659fds-deploy-role-111122223333-us-east-1', '/', 'cdk-bootstrap'],
  ['cdk-custom1-lookup-role-111122223333-ap-southeast-2', '/', 'cdk-bootstrap'],
  ['cdk-hnb659fds-image-publishing-role-111122223333-eu-west-1', '/', 'cdk-bootstrap'],
  // Qualifiers are [A-Za-z0-9_-]{1,10}; IAM compares role names case-insensitively.
  ['cdk-team-a-deploy-role-111122223333-us-east-1', '/', 'cdk-bootstrap'],
  ['cdk-MyApp-cfn-exec-role-111122223333-us-east-1', '/', 'cdk-bootstrap'],
  ['cdk-ab_cd-file-publishing-role-111122223333-us-east-1', '/', 'cdk-bootstrap'],
  ['CDK-HNB659FDS-DEPLOY-ROLE-111122223333-US-EAST-1', '/', 'cdk-bootstrap'],
  ['myproviderrole', '/', 'provider'],
  ['MYPROVIDERROLE', '/', 'provider'],
])('%s is never revoked (%s)', (name, path, category) => {
  expect(lockoutReason(name, path, roleNameSet(['MyProviderRole']))?.category).toBe(category);
});

test.each([
  'cdk-app-role', 'my-cdk-hnb659fds-deploy-role-111122223333-us-east-1', 'cdk-hnb659fds-deploy-role', 'AppAWSReservedSSO',
  'cdk-qualifier11-deploy-role-111122223333-us-east-1',
])('%s may be revoked', (name) => {
  expect(lockoutReason(name, '/', roleNameSet(['MyProviderRole']))).toBeUndefined();
});

test.each([
  ['OrganizationAccountAccessRole'], ['AWSCloudFormationStackSetExecutionRole'], ['AWSCloudFormationStackSetAdministrationRole'],
  ['AWSControlTowerExecution'], ['stacksets-exec-899a82a2cb437e970934262f85c7628a'], ['organizationaccountaccessrole'],
])('%s runs the organization: organization-access, unless allowed', (name) => {
  expect(lockoutReason(name, '/', roleNameSet([]))?.category).toBe('organization-access');
  expect(lockoutReason(name, '/', roleNameSet([]), { allowOrganizationAccess: true })).toBeUndefined();
});

test.each(['stacksets-exec-x', 'stacksets-exec-899a82a2cb437e970934262f85c7628a0', 'OrganizationAccountAccessRole2'])('%s is not an organization-access role', (name) => {
  expect(lockoutReason(name, '/', roleNameSet([]))).toBeUndefined();
});

test.each([
  [pathPrefixProblem, '/${aws:username}/'],
  [pathPrefixProblem, '/team{1}/'],
  [excludeProblem, '/${aws:PrincipalTag/team}/*'],
  [excludeProblem, 'ci-$x'],
  [namePatternProblem, 'ci-}'],
])('%p refuses the policy variable characters in %s, saying why', (problem, value) => {
  expect(problem(value)).toMatch(/contains "\$", "\{" or "\}": IAM reads \$\{\.\.\.\} in a policy as a variable/);
});
