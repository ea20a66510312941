import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RevocationExampleStack } from '../example/revocation-example-stack';

test('with -c issuedBefore the example revokes an in-stack and an imported role at that cutoff', () => {
  const stack = new RevocationExampleStack(new App({ context: { issuedBefore: '2026-11-22T11:00:00+01:00' } }), 'Example');
  const t = Template.fromStack(stack);
  const [resource] = Object.values(t.findResources('Custom::RevokeOlderSessions')) as any[];
  expect(resource.Properties.IssuedBefore).toBe('2026-11-22T10:00:00Z');
  expect(resource.Properties.RoleArns).toHaveLength(2);
  expect(JSON.stringify(resource.Properties.RoleArns)).toContain(':role/ci-deployer');
  expect(t.toJSON().Parameters?.IssuedBefore).toBeUndefined();
});

test('without context the cutoff is a CfnParameter', () => {
  const t = Template.fromStack(new RevocationExampleStack(new App(), 'Example'));
  t.hasParameter('IssuedBefore', { Type: 'String' });
  t.hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: { Ref: 'IssuedBefore' } });
});

test('cdk deploy prints the cutoff and the moot-after time under stable names', () => {
  const outputs = Template.fromStack(new RevocationExampleStack(new App(), 'Example')).toJSON().Outputs;
  expect(Object.keys(outputs)).toEqual(['RevokeLeakedSessionsEffectiveCutoff', 'RevokeLeakedSessionsMootAfter', 'RevokeLeakedSessionsOwnedPolicyName']);
});
