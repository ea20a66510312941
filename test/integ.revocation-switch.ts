/**
 * Deploy-time proof against a real account (`npx projen integ:update` with credentials). CI only
 * verifies the committed snapshot, offline. The switch is kept to roles carrying this test's tag,
 * so it is safe in a shared account.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevocationSwitch, RoleSelection } from '../src';
import { allowedAt, deniedAt, simulate, TEST_ACTION } from './integ-helpers/simulation';

const CUTOFF = '2026-11-22T10:00:00Z';
const app = new App();
const stack = new Stack(app, 'RevocationSwitchInteg');
const armed = new iam.Role(stack, 'Armed', {
  assumedBy: new iam.AccountRootPrincipal(),
  inlinePolicies: { Work: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: [TEST_ACTION], resources: ['*'] })] }) },
});
Tags.of(armed).add('cdk-revoke-sessions-integ', 'switch');
const accountSwitch = new RevocationSwitch(stack, 'Switch', {
  selection: RoleSelection.tagged('cdk-revoke-sessions-integ', 'switch'),
  issuedBefore: Cutoff.at(CUTOFF),
  removalPolicy: RemovalPolicy.DESTROY,
  stackOutputs: true,
});
accountSwitch.node.addDependency(armed);

const integ = new IntegTest(app, 'RevocationSwitchTest', { testCases: [stack], regions: ['us-east-1'] });

// The role carries the switch policy, and the version in force holds the cutoff.
integ.assertions.awsApiCall('IAM', 'listAttachedRolePolicies', { RoleName: armed.roleName })
  .assertAtPath('AttachedPolicies.0.PolicyArn', ExpectedResult.stringLikeRegexp('policy/cdk-revoke-sessions/RevocationSwitch-'));
integ.assertions.awsApiCall('IAM', 'getPolicyVersion', { PolicyArn: accountSwitch.policyArn, VersionId: accountSwitch.defaultVersion })
  .assertAtPath('PolicyVersion.Document', ExpectedResult.stringLikeRegexp('2026-11-22T10%3A00%3A00Z'));

// IAM itself judges the armed role's sessions: issued before the cutoff denied, after it allowed.
const principal = { 'aws:PrincipalArn': armed.roleArn };
simulate(integ, armed, { ...principal, 'aws:TokenIssueTime': deniedAt(CUTOFF) }).expectDecision('explicitDeny');
simulate(integ, armed, { ...principal, 'aws:TokenIssueTime': allowedAt(CUTOFF) }).expectDecision('allowed');
