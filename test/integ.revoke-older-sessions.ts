/**
 * Deploy-time proof against a real account (`npx integ-runner --update-on-failed` with
 * credentials). CI only verifies the committed snapshot, offline.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions, RoleSelection } from '../src';
import { allowedAt, deniedAt, simulate, TEST_ACTION } from './integ-helpers/simulation';

const CUTOFF = '2026-11-22T10:00:00Z';
const app = new App();
const stack = new Stack(app, 'RevokeOlderSessionsInteg');
const target = new iam.Role(stack, 'Target', {
  assumedBy: new iam.AccountRootPrincipal(),
  inlinePolicies: { Work: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: [TEST_ACTION], resources: ['*'] })] }) },
});
const revoke = new RevokeOlderSessions(stack, 'Revoke', {
  roles: [target],
  issuedBefore: Cutoff.at(CUTOFF),
  removalPolicy: RemovalPolicy.DESTROY,
  stackOutputs: true,
});

// A deploy-time selection, kept safe for a shared account: only roles carrying this test's tag.
const tagged = new iam.Role(stack, 'Tagged', { assumedBy: new iam.AccountRootPrincipal() });
Tags.of(tagged).add('cdk-revoke-sessions-integ', 'revoke');
const bySelection = new RevokeOlderSessions(stack, 'RevokeTagged', {
  selection: RoleSelection.tagged('cdk-revoke-sessions-integ', 'revoke'),
  issuedBefore: Cutoff.at(CUTOFF),
  removalPolicy: RemovalPolicy.DESTROY,
});
bySelection.node.addDependency(tagged);

const integ = new IntegTest(app, 'RevokeOlderSessionsTest', { testCases: [stack], regions: ['us-east-1'] });

// The construct's own policy carries the cutoff (GetRolePolicy returns the document URL-encoded).
integ.assertions.awsApiCall('IAM', 'getRolePolicy', { RoleName: target.roleName, PolicyName: revoke.ownedPolicyName })
  .assertAtPath('PolicyDocument', ExpectedResult.stringLikeRegexp('2026-11-22T10%3A00%3A00Z'));

simulate(integ, target, { 'aws:TokenIssueTime': deniedAt(CUTOFF) }).expectDecision('explicitDeny');
simulate(integ, target, { 'aws:TokenIssueTime': allowedAt(CUTOFF) }).expectDecision('allowed');
integ.assertions.awsApiCall('IAM', 'getRolePolicy', { RoleName: tagged.roleName, PolicyName: bySelection.ownedPolicyName })
  .assertAtPath('PolicyDocument', ExpectedResult.stringLikeRegexp('2026-11-22T10%3A00%3A00Z'));
