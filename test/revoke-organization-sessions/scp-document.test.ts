import { failureMessage, withConflictRetries } from '../../src/core/failure-report';
import { DEFAULT_RETRY } from '../../src/core/retry';
import {
  buildScp, exemptPatterns, exemptRoleArnProblem, globMatch, MAX_SCP_CHARS, roleGlobProblem, scpCutoff, selectedRoleProblem, targetProblem,
} from '../../src/revoke-organization-sessions/scp-document';

const CUTOFF_MS = Date.parse('2026-11-22T10:00:00.085Z');

test('the SCP is compact JSON whose cutoff reads back exactly, milliseconds included', () => {
  const text = buildScp({ selections: [{ kind: 'roles-named', names: ['ci'] }], exempt: exemptPatterns([], []), cutoffMs: CUTOFF_MS });
  expect(text).not.toMatch(/\s/);
  expect(scpCutoff(text)).toEqual({ ok: true, cutoffMs: CUTOFF_MS });
});

test('an SCP without a time condition reads back as Infinity (every session)', () => {
  const text = buildScp({ selections: [{ kind: 'identity-center-user', userId: '906723b4-d071-70a1-3b0a-b19e5a4e0f31' }], exempt: [] });
  expect(scpCutoff(text)).toEqual({ ok: true, cutoffMs: Infinity });
});

test.each([
  ['not json', /not valid JSON/],
  ['{"Statement":[]}', /not a list of Deny \* statements/],
  ['{"Statement":[{"Effect":"Allow","Action":"*"}]}', /not a list of Deny \* statements/],
  ['{"Version":"2012-10-17","Statement":[{"Sid":"RevokeSessions1","Effect":"Deny","Action":"*","Resource":"*","Condition":'
    + '{"DateLessThan":{"aws:TokenIssueTime":"yesterday"},"ArnLike":{"aws:PrincipalArn":"arn:*:iam::*:role/ci"}}}]}', /cutoff this library cannot read/],
  ['{"Version":"2012-10-17","Statement":[{"Sid":"RevokeSessions1","Effect":"Deny","Action":"*","Resource":"*","Condition":'
    + '{"DateLessThan":{"aws:TokenIssueTime":"2026-11-22T10:00:00Z"}}}]}', /has no selector this library writes/],
])('an SCP this library did not write is unreadable: %s', (text, reason) => {
  const read = scpCutoff(text);
  expect(read.ok).toBe(false);
  expect((read as { reason: string }).reason).toMatch(reason);
});

test('the built-in exemptions are exact names or fixed-length patterns at the path AWS uses; break-glass names cover every path', () => {
  const exempt = exemptPatterns(['BreakGlass'], ['arn:aws:iam::111111111111:role/Provider']);
  expect(exempt).toEqual([
    'arn:*:iam::*:role/cdk-*-deploy-role-????????????-*',
    'arn:*:iam::*:role/cdk-*-cfn-exec-role-????????????-*',
    'arn:*:iam::*:role/cdk-*-file-publishing-role-????????????-*',
    'arn:*:iam::*:role/cdk-*-image-publishing-role-????????????-*',
    'arn:*:iam::*:role/cdk-*-lookup-role-????????????-*',
    'arn:*:iam::*:role/AWSCloudFormationStackSetAdministrationRole',
    'arn:*:iam::*:role/AWSCloudFormationStackSetExecutionRole',
    'arn:*:iam::*:role/AWSControlTowerExecution',
    'arn:*:iam::*:role/OrganizationAccountAccessRole',
    `arn:*:iam::*:role/stacksets-exec-${'?'.repeat(32)}`,
    'arn:*:iam::*:role/BreakGlass', 'arn:*:iam::*:role/*/BreakGlass',
    'arn:aws:iam::111111111111:role/Provider',
  ]);
});

test('the default SCP leaves room: 30 role names fit the 5,120 characters', () => {
  const names = Array.from({ length: 30 }, (_, i) => `service-role-${i}`);
  const text = buildScp({ selections: [{ kind: 'roles-named', names }], exempt: exemptPatterns([], []), cutoffMs: CUTOFF_MS });
  expect(text.length).toBeLessThan(MAX_SCP_CHARS);
});

test('globs compare as ArnLike compares role names: with exact case, * and ? only', () => {
  expect(globMatch('stacksets-exec-*', 'StackSets-Exec-abc')).toBe(false);
  expect(globMatch('stacksets-exec-*', 'stacksets-exec-abc')).toBe(true);
  expect(globMatch('Break?', 'Break1')).toBe(true);
  expect(globMatch('a.b', 'axb')).toBe(false);
  expect(selectedRoleProblem('OrganizationAccountAccessRole', [])).toMatch(/is exempt/);
  expect(selectedRoleProblem('ci-deploy', ['ci-*'])).toMatch(/matches "ci-\*"/);
  // A break-glass glob of another case does not exempt it, and says so rather than "is exempt".
  expect(selectedRoleProblem('ci-deploy', ['CI-*'])).toMatch(/differs only in case from the exempt "CI-\*"/);
  expect(selectedRoleProblem('ci-deploy', [])).toBeUndefined();
});

test('a selected name that differs from an exempt one only in case is refused with the reason: SCPs match exact case', () => {
  expect(selectedRoleProblem('organizationaccountaccessrole', [])).toBe('role name "organizationaccountaccessrole" differs only in case from '
    + 'the exempt "OrganizationAccountAccessRole"; role names in an SCP match with their exact case, so this would deny only a role '
    + 'spelled exactly so, never OrganizationAccountAccessRole: give the name with the case IAM shows, or remove it');
  expect(selectedRoleProblem('breakglassadmin', ['BreakGlass*'])).toMatch(/differs only in case from the exempt "BreakGlass\*"/);
});

test('identity store user ids are written lower-case, as Identity Center issues them and StringEquals compares them', () => {
  const upper = '906723B4-D071-70A1-3B0A-B19E5A4E0F31';
  const text = buildScp({ selections: [{ kind: 'identity-center-user', userId: upper }], exempt: [] });
  expect(text).toContain(upper.toLowerCase());
  expect(text).not.toContain(upper);
});

test.each([
  ['break-glass role', 'Admin${aws:username}'],
  ['excluded role', 'ops-{x}'],
])('a %s with policy variable characters is refused, saying why', (label, name) => {
  expect(roleGlobProblem(label, name)).toMatch(new RegExp(`^${label} ".*" contains "\\$", "\\{" or "\\}": IAM reads`));
});

test('an exempt role ARN with a policy variable or a wildcard is refused', () => {
  expect(exemptRoleArnProblem('arn:aws:iam::111111111111:role/${aws:username}/x')).toMatch(/contains "\$", "\{" or "\}"/);
  expect(exemptRoleArnProblem('arn:aws:iam::111111111111:role/x*')).toMatch(/not an IAM role ARN without wildcards/);
  expect(exemptRoleArnProblem('arn:aws:iam::111111111111:role/x')).toBeUndefined();
});

test.each(['r-ab12', 'ou-ab12-cd34ef56', '123456789012'])('target %s is accepted', (id) => {
  expect(targetProblem(id)).toBeUndefined();
});

test('the failure message lists targets until the 4 KB budget, then counts the rest', () => {
  const failures = Array.from({ length: 200 }, (_, i) => ({ name: `ou-ab12-${String(i).padStart(8, '0')}`, reason: 'x'.repeat(40) }));
  const message = failureMessage('attach', 'targets', 300, failures)!;
  expect(message.startsWith('failed to attach 200 of 300 targets (100 done and kept): ou-ab12-00000000: ')).toBe(true);
  expect(Buffer.byteLength(message)).toBeLessThanOrEqual(3000);
  expect(message).toMatch(/ … and \d+ more \(see the function's log\)$/);
  expect(failureMessage('attach', 'targets', 3, [])).toBeUndefined();
});

test('conflicts are retried a bounded number of times, other 400s never', async () => {
  const conflict = Object.assign(new Error('busy'), { name: 'ConcurrentModificationException' });
  let calls = 0;
  const options = { ...DEFAULT_RETRY, sleep: async () => undefined, remainingMs: () => 600_000 };
  await expect(withConflictRetries(async () => {
    calls++;
    throw conflict;
  }, options)).rejects.toThrow('busy');
  expect(calls).toBe(6);
  calls = 0;
  await expect(withConflictRetries(async () => {
    calls++;
    throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
  }, options)).rejects.toThrow('no');
  expect(calls).toBe(1);
});

test.each([
  ['*'], ['**'], ['?*'], ['a*'], ['*-*'], ['AWSReservedSSO_*'], ['*SSO*'],
])('a break-glass or excluded glob that exempts (nearly) every role or every Identity Center role is refused: %s', (glob) => {
  expect(roleGlobProblem('break-glass role', glob)).toMatch(new RegExp(`break-glass role "${glob.replace(/[*?]/g, '\\$&')}" .*(every|name more of it)`));
});

test.each([['BreakGlass*'], ['cdk-*-role-*'], ['monitoring-*'], ['AWSReservedSSO_BreakGlass_*'], ['ops?']])('a narrow glob is accepted: %s', (glob) => {
  expect(roleGlobProblem('break-glass role', glob)).toBeUndefined();
});
