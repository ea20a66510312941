/**
 * The incident starter a responder copies: strict synth, an env, the cutoff from context or a
 * parameter, a dry-run switch, and stack outputs with readable names.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IncidentStack } from '../incident-starter/lib/incident-stack';

const STARTER = join(__dirname, '..', 'incident-starter');
const ENV = { account: '111122223333', region: 'us-east-1' };

test('cdk.json makes every warning fail synth and runs the app with tsx', () => {
  const cdkJson = JSON.parse(readFileSync(join(STARTER, 'cdk.json'), 'utf8'));
  expect(cdkJson.strict).toBe(true);
  expect(cdkJson.app).toBe('npx tsx bin/incident.ts');
});

test('the app sets env', () => {
  expect(readFileSync(join(STARTER, 'bin', 'incident.ts'), 'utf8')).toMatch(/env: \{ account: ACCOUNT, region: REGION \}/);
});

test('-c issuedBefore writes the cutoff; the outputs are named Revoke<name>', () => {
  const stack = new IncidentStack(new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } }), 'Incident', { env: ENV, roleNames: ['payments-api'] });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: '2026-11-22T10:00:00Z' });
  expect(Object.keys(t.toJSON().Outputs)).toEqual(['RevokeEffectiveCutoff', 'RevokeMootAfter', 'RevokeOwnedPolicyName']);
  expect(t.toJSON().Parameters?.IssuedBefore).toBeUndefined();
});

test('without -c the cutoff is the IssuedBefore parameter; -c dryRun=true plans without writing', () => {
  const stack = new IncidentStack(new App({ context: { dryRun: 'true' } }), 'Incident', { env: ENV, roleNames: ['payments-api'] });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: { Ref: 'IssuedBefore' }, DryRun: 'true' });
  expect(Object.keys(t.toJSON().Outputs)).toEqual(expect.arrayContaining(['RevokeDryRunRolesToWrite', 'RevokeDryRunRoleNames']));
});

test('the starter is not part of the npm package', () => {
  expect(readFileSync(join(__dirname, '..', '.npmignore'), 'utf8').split('\n')).toContain('/incident-starter/');
});
