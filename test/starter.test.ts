/**
 * The incident starter a responder copies: strict synth, an env, the cutoff from context or a
 * parameter, a dry-run switch, and stack outputs with readable names.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Annotations, App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IncidentStack } from '../incident-starter/lib/incident-stack';
import { synthStrictly } from '../incident-starter/lib/strict-synth';

const STARTER = join(__dirname, '..', 'incident-starter');
const ENV = { account: '111122223333', region: 'us-east-1' };

test('cdk.json runs the app with tsx; the app sets env and synthesizes strictly', () => {
  expect(JSON.parse(readFileSync(join(STARTER, 'cdk.json'), 'utf8')).app).toBe('npx tsx bin/incident.ts');
  const app = readFileSync(join(STARTER, 'bin', 'incident.ts'), 'utf8');
  expect(app).toMatch(/env: \{ account: ACCOUNT, region: REGION \}/);
  expect(app).toMatch(/^synthStrictly\(app\);$/m);
});

describe('strict synth: any warning fails it, as cdk synth --strict would', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('a warning fails it, naming the warning', () => {
    const app = new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } });
    const stack = new IncidentStack(app, 'Incident', { env: ENV, roleNames: ['payments-api'] });
    Annotations.of(stack).addWarningV2('cdk-revoke-sessions:cutoffRevokesNothing', 'a warning the library could emit');
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const warnings = synthStrictly(app);
    expect(warnings).toEqual([expect.stringContaining('cdk-revoke-sessions:cutoffRevokesNothing')]);
    expect(process.exitCode).toBe(1);
    expect(printed).toHaveBeenCalledWith(expect.stringContaining('strict synth: 1 warning(s), failing'));
  });

  test('a -c cutoff more than 36 hours before synth (the pinned test clock) is refused outright', () => {
    const app = new App({ context: { issuedBefore: '2026-01-01T00:00:00Z' } });
    expect(() => new IncidentStack(app, 'Incident', { env: ENV, roleNames: ['payments-api'] })).toThrow(/more than 36 hours before synth/);
  });

  test('a recent cutoff passes', () => {
    const app = new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } });
    new IncidentStack(app, 'Incident', { env: ENV, roleNames: ['payments-api'] });
    expect(synthStrictly(app)).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });
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
