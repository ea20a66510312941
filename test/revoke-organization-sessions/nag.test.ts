import { App, Stack } from 'aws-cdk-lib';
import { Cutoff, OrganizationSelection, OrganizationTarget, RevokeOrganizationSessions } from '../../src';
import { unsuppressedNagFindings } from '../helpers/nag';

test('cdk-nag AwsSolutions finds no unsuppressed finding on a stack with RevokeOrganizationSessions', () => {
  const stack = new Stack(new App(), 'OrgIncident', { env: { account: '111111111111', region: 'us-east-1' } });
  new RevokeOrganizationSessions(stack, 'Revoke', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
    targets: [OrganizationTarget.root('r-ab12')],
    issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'),
  });
  expect(unsuppressedNagFindings(stack)).toEqual([]);
});
