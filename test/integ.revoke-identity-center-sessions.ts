/**
 * Deploy-time proof where IAM Identity Center is administered: `INTEG_SSO_INSTANCE_ARN` names
 * the instance. The test creates its own permission set (with a statement of its own that must
 * survive), revokes its sessions and reads the inline policy back. CI only verifies the
 * committed snapshot, offline.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as sso from 'aws-cdk-lib/aws-sso';
import { Cutoff, RevokeIdentityCenterSessions } from '../src';

const CUTOFF = '2026-11-22T10:00:00Z';
const INSTANCE_ARN = process.env.INTEG_SSO_INSTANCE_ARN ?? 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const app = new App();
const stack = new Stack(app, 'RevokeIdentityCenterSessionsInteg');
const permissionSet = new sso.CfnPermissionSet(stack, 'PermissionSet', {
  instanceArn: INSTANCE_ARN,
  name: 'CdkRevokeSessionsInteg',
  inlinePolicy: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'KeepMe', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' }],
  },
});
const revoke = new RevokeIdentityCenterSessions(stack, 'Revoke', {
  instanceArn: INSTANCE_ARN,
  permissionSetArns: [permissionSet.attrPermissionSetArn],
  issuedBefore: Cutoff.at(CUTOFF),
  removalPolicy: RemovalPolicy.DESTROY,
  stackOutputs: true,
});
revoke.node.addDependency(permissionSet);

const integ = new IntegTest(app, 'RevokeIdentityCenterSessionsTest', { testCases: [stack], regions: ['us-east-1'] });

// The own statement carries the cutoff; the permission set's other statement is still there.
integ.assertions.awsApiCall('SSOAdmin', 'getInlinePolicyForPermissionSet', {
  InstanceArn: INSTANCE_ARN, PermissionSetArn: permissionSet.attrPermissionSetArn,
}).assertAtPath('InlinePolicy', ExpectedResult.stringLikeRegexp('"aws:TokenIssueTime":"2026-11-22T10:00:00Z"'));
integ.assertions.awsApiCall('SSOAdmin', 'getInlinePolicyForPermissionSet', {
  InstanceArn: INSTANCE_ARN, PermissionSetArn: permissionSet.attrPermissionSetArn,
}).assertAtPath('InlinePolicy', ExpectedResult.stringLikeRegexp('"Sid":"KeepMe"'));
