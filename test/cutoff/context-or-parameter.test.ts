import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cutoff, RevokeOlderSessions } from '../../src';
import { UTC_INSTANT_PATTERN } from '../../src/cutoff/utc-instant-pattern';

/** An incident stack as a responder writes it, not the example app's. */
class IncidentStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new RevokeOlderSessions(this, 'Revoke', {
      roles: [iam.Role.fromRoleName(this, 'Leaked', 'payments-api')],
      issuedBefore: Cutoff.fromContextOrParameter(this),
    });
  }
}

function synth(context?: Record<string, unknown>) {
  const app = new App({ context });
  const stack = new IncidentStack(app, 'IncidentIR42');
  const assembly = app.synth();
  return { template: Template.fromStack(stack), json: assembly.getStackByName('IncidentIR42').template };
}

describe('Cutoff.fromContextOrParameter', () => {
  test('with -c issuedBefore the template holds the normalized literal, and no parameter', () => {
    const { template, json } = synth({ issuedBefore: '2026-11-22T11:00:00+01:00' });
    template.hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: '2026-11-22T10:00:00Z' });
    expect(json.Parameters?.IssuedBefore).toBeUndefined();
  });

  test('without context the cutoff is a required String parameter with the UTC pattern', () => {
    const { template, json } = synth();
    template.hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: { Ref: 'IssuedBefore' } });
    expect(json.Parameters.IssuedBefore).toEqual({
      Type: 'String',
      AllowedPattern: UTC_INSTANT_PATTERN,
      ConstraintDescription: 'a UTC instant with seconds and a Z, such as 2026-11-22T10:00:00Z',
      Description: 'Revoke sessions issued before this UTC instant, such as 2026-11-22T10:00:00Z',
    });
  });

  test('the flag is not ignored: with and without context the templates differ only in the cutoff', () => {
    const withContext = JSON.stringify(synth({ issuedBefore: '2026-11-22T10:00:00Z' }).json.Resources);
    const without = JSON.stringify(synth().json.Resources);
    expect(withContext).not.toBe(without);
    expect(withContext.replace('"2026-11-22T10:00:00Z"', '{"Ref":"IssuedBefore"}')).toBe(without);
  });

  test('a number from cdk.json is refused as an epoch, like Cutoff.at', () => {
    expect(() => synth({ issuedBefore: 1763805600 })).toThrow('issuedBefore "1763805600" looks like an epoch number');
  });

  test.each([
    ['2026-11-22T10:00:00', 'issuedBefore "2026-11-22T10:00:00" has no time zone; append "Z" for UTC'],
    ['', 'issuedBefore "" is not an ISO 8601 instant'],
    ['2026-02-30T10:00:00Z', 'is not a valid calendar instant'],
  ])('context %j is refused with the message Cutoff.at gives', (value, message) => {
    expect(() => synth({ issuedBefore: value })).toThrow(message);
    expect(() => Cutoff.at(value)).toThrow(message);
  });

  test('a context value that is not a string is refused with the value shown', () => {
    expect(() => synth({ issuedBefore: { at: 'noon' } })).toThrow('context issuedBefore must be a string such as "2026-11-22T10:00:00Z"; received {"at":"noon"}');
  });

  test('a custom context key and parameter id', () => {
    const literal = new Stack(new App({ context: { cutoff: '2026-11-22T10:00:00Z' } }), 'S');
    expect(Cutoff.fromContextOrParameter(literal, { contextKey: 'cutoff' }).issuedBefore).toBe('2026-11-22T10:00:00Z');
    expect(() => Cutoff.fromContextOrParameter(new Stack(new App({ context: { cutoff: 'x' } }), 'S'), { contextKey: 'cutoff' }))
      .toThrow('cutoff "x" is not an ISO 8601 instant');

    const s = new Stack(new App(), 'S');
    const cutoff = Cutoff.fromContextOrParameter(s, { contextKey: 'cutoff', parameterId: 'IncidentCutoff' });
    expect(s.resolve(cutoff.issuedBefore)).toEqual({ Ref: 'IncidentCutoff' });
  });

  test('called twice in a stack, from any scope in it, both read one parameter', () => {
    const s = new Stack(new App(), 'S');
    const a = Cutoff.fromContextOrParameter(s);
    const b = Cutoff.fromContextOrParameter(new Construct(s, 'Nested'));
    expect(s.resolve(a.issuedBefore)).toEqual({ Ref: 'IssuedBefore' });
    expect(s.resolve(b.issuedBefore)).toEqual({ Ref: 'IssuedBefore' });
    expect(Object.keys(Template.fromStack(s).findParameters('*', { AllowedPattern: UTC_INSTANT_PATTERN }))).toEqual(['IssuedBefore']);
  });

  test('each stack of an app gets its own parameter', () => {
    const app = new App();
    const one = new IncidentStack(app, 'One');
    const two = new IncidentStack(app, 'Two');
    Template.fromStack(one).hasParameter('IssuedBefore', { AllowedPattern: UTC_INSTANT_PATTERN });
    Template.fromStack(two).hasParameter('IssuedBefore', { AllowedPattern: UTC_INSTANT_PATTERN });
  });

  test('an id taken by something that is not a cutoff parameter is refused', () => {
    const s = new Stack(new App(), 'S');
    new CfnParameter(s, 'IssuedBefore', { type: 'String' });
    expect(() => Cutoff.fromContextOrParameter(s)).toThrow('stack S already has a construct "IssuedBefore" that is not a cutoff parameter');
  });

  test.each([
    [{ parameterId: 'Issued-Before' }, 'parameterId "Issued-Before" must be 1 to 255 letters and digits'],
    [{ parameterId: '' }, 'parameterId "" must be 1 to 255 letters and digits'],
    [{ contextKey: '' }, 'contextKey "" is empty'],
  ])('refuses %j', (options, message) => {
    expect(() => Cutoff.fromContextOrParameter(new Stack(new App(), 'S'), options)).toThrow(message);
  });

  test.each([['IssuedBefore'], ['issuedbefore'], ['issued-before'], ['issued_before'], ['ISSUED.BEFORE']])(
    'a context key %j that differs from issuedBefore only in case or separators is refused, naming both', (typo) => {
      expect(() => synth({ [typo]: '2026-11-22T10:00:00Z' })).toThrow(`context key "${typo}" is not "issuedBefore"`);
      expect(() => synth({ [typo]: '2026-11-22T10:00:00Z' })).toThrow(/-c issuedBefore=/);
    });

  test('a custom context key is checked the same way; unrelated keys are not', () => {
    const s = new Stack(new App({ context: { 'incident-cutoff': '2026-11-22T10:00:00Z', 'issued': 'x', '@aws-cdk/core:newStyleStackSynthesis': true } }), 'S');
    expect(() => Cutoff.fromContextOrParameter(s, { contextKey: 'incidentCutoff' })).toThrow('context key "incident-cutoff" is not "incidentCutoff"');
    expect(() => Cutoff.fromContextOrParameter(s)).not.toThrow();
  });

  test('a context cutoff more than 36 hours before synth is refused as a likely year typo', () => {
    // The synth clock is pinned to 2026-11-22T12:00:00Z (test/helpers/synth-clock.ts).
    expect(() => synth({ issuedBefore: '2025-11-22T10:00:00Z' })).toThrow(
      'context issuedBefore 2025-11-22T10:00:00Z is more than 36 hours before synth (2026-11-22T12:00:00Z), so it revokes no live session: '
      + 'it is likely a typo in the year');
    expect(() => synth({ issuedBefore: '2026-11-21T00:00:01Z' })).not.toThrow();
    // The same instant in code stays a warning: redeploying an old incident stack keeps working.
    expect(() => Cutoff.at('2025-11-22T10:00:00Z')).not.toThrow();
  });
});
