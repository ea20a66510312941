import { App, CfnParameter, Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions } from '../../src';
import { CUTOFF_REVOKES_NOTHING_WARNING, synthClock, warnIfCutoffRevokesNothing } from '../../src/cutoff/revokes-nothing';
import { PINNED_SYNTH_CLOCK } from '../helpers/synth-clock';

const NOW = '2026-11-23T04:00:00Z';
const ACK = `\\[ack: ${CUTOFF_REVOKES_NOTHING_WARNING}\\]`;

function synthAt(now: string, issuedBefore: (s: Stack) => Cutoff) {
  synthClock.now = () => Date.parse(now);
  const stack = new Stack(new App(), 'Incident');
  const revoke = new RevokeOlderSessions(stack, 'Revoke', {
    roles: [iam.Role.fromRoleName(stack, 'Leaked', 'payments-api')],
    issuedBefore: issuedBefore(stack),
  });
  return { stack, revoke };
}

afterEach(() => {
  synthClock.now = () => PINNED_SYNTH_CLOCK;
});

describe('a cutoff older than the longest session warns that it revokes nothing', () => {
  test('a mistyped year warns with the cutoff, the clock and what to change', () => {
    const { stack } = synthAt(NOW, () => Cutoff.at('2025-11-22T10:00:00Z'));
    Annotations.fromStack(stack).hasWarning('/Incident/Revoke', Match.stringLikeRegexp(
      '^issuedBefore 2025-11-22T10:00:00Z is more than 36 hours before synth \\(2026-11-23T04:00:00Z\\), and no IAM session '
      + `lasts longer, so it revokes no live session; check the date \\(a mistyped year\\?\\).*${ACK}`));
  });

  test.each([
    ['36 hours and 1 ms before', '2026-11-21T15:59:59.999Z', true],
    ['exactly 36 hours before', '2026-11-21T16:00:00Z', false],
    ['an hour before', '2026-11-23T03:00:00Z', false],
  ])('%s synth: warns %s', (_name, cutoff, warns) => {
    const { stack } = synthAt(NOW, () => Cutoff.at(cutoff));
    const found = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(ACK));
    expect(found).toHaveLength(warns ? 1 : 0);
  });

  test('a stale context cutoff is refused, not only warned: it was typed for this deploy', () => {
    synthClock.now = () => Date.parse(NOW);
    const stack = new Stack(new App({ context: { issuedBefore: '2025-11-22T10:00:00Z' } }), 'Incident');
    expect(() => Cutoff.fromContextOrParameter(stack)).toThrow(/^context issuedBefore 2025-11-22T10:00:00Z is more than 36 hours before synth .*likely a typo in the year/);
    // Within 36 hours it is taken as given, with no warning.
    const fresh = new Stack(new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } }), 'Incident');
    new RevokeOlderSessions(fresh, 'Revoke', { roles: [iam.Role.fromRoleName(fresh, 'Leaked', 'payments-api')], issuedBefore: Cutoff.fromContextOrParameter(fresh) });
    Annotations.fromStack(fresh).hasNoWarning('*', Match.stringLikeRegexp(ACK));
  });

  test.each([
    ['a parameter', (s: Stack) => Cutoff.fromParameter(new CfnParameter(s, 'P'))],
    ['a deploy-time cutoff', () => Cutoff.deployTime({ generation: 'IR-42-1' })],
  ])('%s is not known at synth and does not warn', (_name, cutoff) => {
    const { stack } = synthAt('2031-01-01T00:00:00Z', cutoff);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the warning can be acknowledged with a reason', () => {
    const { stack, revoke } = synthAt(NOW, () => Cutoff.at('2026-01-01T00:00:00Z'));
    CoreAnnotations.of(revoke).acknowledgeWarning(CUTOFF_REVOKES_NOTHING_WARNING, 'replaying an old incident in a sandbox');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the clock only warns: the template is the same on any day', () => {
    const render = (now: string) => JSON.stringify(Template.fromStack(synthAt(now, () => Cutoff.at('2026-11-22T10:00:00Z')).stack).toJSON());
    expect(render('2026-11-22T12:00:00Z')).toBe(render('2031-01-01T00:00:00Z'));
  });

  test('any construct taking a Cutoff can call the check', () => {
    synthClock.now = () => Date.parse(NOW);
    const stack = new Stack(new App(), 'Incident');
    warnIfCutoffRevokesNothing(stack, Cutoff.at('2025-11-22T10:00:00Z'));
    warnIfCutoffRevokesNothing(stack, Cutoff.at('2026-11-23T00:00:00Z'));
    expect(Annotations.fromStack(stack).findWarning('/Incident', Match.stringLikeRegexp(ACK))).toHaveLength(1);
  });

  test('tests run against a pinned synth clock, so literal cutoffs in other tests never start to warn', () => {
    expect(synthClock.now()).toBe(Date.parse('2026-11-22T12:00:00Z'));
  });
});
