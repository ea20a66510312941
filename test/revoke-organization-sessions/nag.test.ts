import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Cutoff, OrganizationSelection, OrganizationTarget, RevokeOrganizationSessions } from '../../src';

test('cdk-nag AwsSolutions finds no unsuppressed finding on a stack with RevokeOrganizationSessions', () => {
  const app = new App();
  const stack = new Stack(app, 'OrgIncident', { env: { account: '111111111111', region: 'us-east-1' } });
  new RevokeOrganizationSessions(stack, 'Revoke', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
    targets: [OrganizationTarget.root('r-ab12')],
    issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'),
  });
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const findings = [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
  expect(findings).toEqual([]);
});
