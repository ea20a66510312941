/**
 * Deploy-time proof in an organization's management account (or a delegated administrator for
 * policies): `INTEG_ORG_TARGET` names an OU or account that is safe to test in (its roles named
 * `cdk-revoke-sessions-integ-ci` lose sessions issued before 2026-11-22T10:00:00Z). CI only
 * verifies the committed snapshot, offline.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Cutoff, OrganizationSelection, OrganizationTarget, RevokeOrganizationSessions } from '../src';

const CUTOFF = '2026-11-22T10:00:00Z';
const TARGET = process.env.INTEG_ORG_TARGET ?? 'ou-ab12-cd34ef56';
const app = new App();
const stack = new Stack(app, 'RevokeOrganizationSessionsInteg');
const revoke = new RevokeOrganizationSessions(stack, 'Revoke', {
  selections: [
    OrganizationSelection.rolesNamed(['cdk-revoke-sessions-integ-ci']),
    OrganizationSelection.permissionSets(['CdkRevokeSessionsInteg']),
  ],
  targets: [/^\d{12}$/.test(TARGET) ? OrganizationTarget.account(TARGET) : OrganizationTarget.organizationalUnit(TARGET)],
  issuedBefore: Cutoff.at(CUTOFF),
  breakGlassRoles: ['BreakGlass*'],
  removalPolicy: RemovalPolicy.DESTROY,
  stackOutputs: true,
});

const integ = new IntegTest(app, 'RevokeOrganizationSessionsTest', { testCases: [stack], regions: ['us-east-1'] });

// The SCP in force carries the cutoff, the selections and the lockout exemptions.
const described = integ.assertions.awsApiCall('Organizations', 'describePolicy', { PolicyId: revoke.policyId });
described.assertAtPath('Policy.Content', ExpectedResult.stringLikeRegexp('"aws:TokenIssueTime":"2026-11-22T10:00:00Z"'));
integ.assertions.awsApiCall('Organizations', 'describePolicy', { PolicyId: revoke.policyId })
  .assertAtPath('Policy.Content', ExpectedResult.stringLikeRegexp('role/OrganizationAccountAccessRole'));
integ.assertions.awsApiCall('Organizations', 'listTargetsForPolicy', { PolicyId: revoke.policyId })
  .assertAtPath('Targets.0.TargetId', ExpectedResult.stringLikeRegexp(TARGET));
