import { DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import 'aws-sdk-client-mock-jest';
import { StackReader } from '../../src/core/engine/removal-gate';
import { HandlerResponse, MAX_REASON_BYTES } from '../../src/revoke-older-sessions/revoke-older-sessions.lambda';
import {
  CONTEXT, createEvent, deleteEvent, encodedConsoleDocument, iamError, OWN_POLICY, OWN_SID, ownPolicy, physicalIdOfProps, props, roleArn,
  updateEvent,
} from '../helpers/events';
import { FakeIam } from '../helpers/fake-iam';
import { ALL_CAPABILITIES, MONOTONIC, testHandler } from '../helpers/handler';

const CUTOFF = '2026-11-22T10:00:00Z';
const ownStatement = (cutoff: string, sid = OWN_SID) => ({
  Sid: sid,
  Effect: 'Deny',
  Action: '*',
  Resource: '*',
  Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
});
const consoleDoc = (cutoff: string) => decodeURIComponent(encodedConsoleDocument(cutoff));
/** CloudFormation in an update's cleanup, `live` the resource's current physical id: a replaced generation's Delete. */
const cleanup = (live: string): StackReader => ({
  stackStatus: async () => 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  resource: async () => ({ physicalId: live, status: 'UPDATE_COMPLETE' }),
});

let iam: FakeIam;
let sleeps: number[];
let handler: ReturnType<typeof testHandler>;

beforeEach(() => {
  iam = new FakeIam();
  sleeps = [];
  handler = testHandler({ sleep: async (ms) => { sleeps.push(ms); } });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  iam.restore();
  jest.restoreAllMocks();
});

describe('create', () => {
  test('attaches the deny to a role without one and reports the cutoffs', async () => {
    iam.addRole('app', { maxSessionDuration: 43_200, policies: { Other: '{"Version":"2012-10-17","Statement":[]}' } });

    const res = await handler(createEvent(), CONTEXT);

    expect(iam.document('app')).toEqual({ Version: '2012-10-17', Statement: [ownStatement(CUTOFF)] });
    expect(iam.roles.get('app')!.policies.Other).toBe('{"Version":"2012-10-17","Statement":[]}');
    expect((res as HandlerResponse).PhysicalResourceId).toBe(physicalIdOfProps());
    expect((res as HandlerResponse).PhysicalResourceId).toMatch(new RegExp(`^${OWN_SID}-g[0-9a-f]{8}$`));
    expect(res.Data).toEqual({
      EffectiveCutoff: CUTOFF,
      RequestedCutoff: CUTOFF,
      MootAfter: '2026-11-22T22:00:00Z',
      RolesRevoked: '1',
      RolesWritten: '1',
      RolesMatched: '1',
      RolesSkipped: '0',
      SkippedReasons: 'none',
      PoliciesSuperseded: '0',
      LegacyOwnSidsKept: '0',
      OwnedPolicyName: OWN_POLICY,
    });
  });

  test('reads the real path with GetRole and writes by role name', async () => {
    iam.addRole('app', { path: '/team/' });
    await handler(createEvent(props({ RoleArns: [roleArn('app')] })), CONTEXT);
    expect(iam.mock).toHaveReceivedCommandWith(PutRolePolicyCommand, { RoleName: 'app', PolicyName: OWN_POLICY });
    expect(iam.document('app').Statement).toHaveLength(1);
  });

  test('writes the custom policy name when one is set', async () => {
    iam.addRole('app');
    const p = props({ PolicyName: 'IncidentDeny' });
    await handler(createEvent(p), CONTEXT);
    expect(ownPolicy(p)).toMatch(/^IncidentDeny-[0-9a-f]{10}-[0-9a-f]{8}-20261122T100000Z$/);
    expect(iam.document('app', ownPolicy(p)).Statement).toEqual([ownStatement(CUTOFF)]);
    expect(Object.keys(iam.roles.get('app')!.policies)).toEqual([ownPolicy(p)]);
  });

  test('normalizes an offset cutoff to UTC with Z', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ IssuedBefore: '2026-11-22T11:00:00.250+01:00' })), CONTEXT);
    expect(iam.document('app').Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:00:00.250Z');
  });

  test('MootAfter uses the latest cutoff plus the longest session among the roles', async () => {
    iam.addRole('a', { maxSessionDuration: 3600 });
    iam.addRole('b', { maxSessionDuration: 7200 });
    const res = await handler(createEvent(props({ RoleArns: [roleArn('a'), roleArn('b')] })), CONTEXT);
    expect(res.Data!.MootAfter).toBe('2026-11-22T12:00:00Z');
    expect(res.Data!.RolesRevoked).toBe('2');
  });

  test('deduplicates a role listed twice', async () => {
    iam.addRole('app');
    const res = await handler(createEvent(props({ RoleArns: [roleArn('app'), roleArn('app')] })), CONTEXT);
    expect(iam.calls('PutRolePolicy')).toBe(1);
    expect(res.Data!.RolesRevoked).toBe('1');
  });
});

describe('existing policies', () => {
  test('an earlier console cutoff (with milliseconds) stays untouched beside this resource\'s own policy', async () => {
    const earlier = consoleDoc('2026-11-21T09:43:48.085Z');
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: earlier } });

    const res = await handler(createEvent(), CONTEXT);

    expect(iam.roles.get('app')!.policies.AWSRevokeOlderSessions).toBe(earlier);
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(res.Data!.EffectiveCutoff).toBe(CUTOFF);
  });

  test('a later console cutoff is left untouched, reported, and this resource still records its own', async () => {
    const later = consoleDoc('2026-11-22T10:20:00.123Z');
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: later } });

    const res = await handler(createEvent(), CONTEXT);

    // Covered today, but the console's document may be rewritten or removed tomorrow.
    expect(iam.roles.get('app')!.policies.AWSRevokeOlderSessions).toBe(later);
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00.123Z');
    expect(res.Data!.RolesWritten).toBe('1');
  });

  test('a document under the configured name that is not a revocation is never touched', async () => {
    const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    iam.addRole('broken', { policies: { AWSRevokeOlderSessions: '{not json' } });
    iam.addRole('a', { policies: { AWSRevokeOlderSessions: allow } });

    await handler(createEvent(props({ RoleArns: [roleArn('broken'), roleArn('a')] })), CONTEXT);

    expect(iam.roles.get('broken')!.policies.AWSRevokeOlderSessions).toBe('{not json');
    expect(iam.roles.get('a')!.policies.AWSRevokeOlderSessions).toBe(allow);
    expect(iam.document('broken').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(iam.document('a').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('an owned policy that is not a revocation is left untouched, the role is named, and other roles are still revoked', async () => {
    iam.addRole('broken', { policies: { [OWN_POLICY]: '{not json' } });
    iam.addRole('fine');

    const err = await handler(createEvent(props({ RoleArns: [roleArn('broken'), roleArn('fine')] })), CONTEXT).catch((e) => e);

    expect(err.message).toMatch(/^failed to revoke 1 of 2 roles \(1 done and kept; a rollback keeps them too\): broken: its policy "AWSRevokeOlderSessions-[0-9a-f]{10}-[0-9a-f]{8}-20261122T100000Z" carries this resource's name but is not a time-based revocation \(it is not valid JSON\)/);
    expect(iam.roles.get('broken')!.policies[OWN_POLICY]).toBe('{not json');
    expect(iam.document('fine').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('a statement an earlier release wrote into the shared document counts toward the ratchet and is kept', async () => {
    const legacy = JSON.stringify({ Version: '2012-10-17', Statement: [ownStatement('2026-11-22T10:20:00Z')] });
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: legacy } });

    const res = await handler(updateEvent(props(), props()), CONTEXT);

    expect(iam.roles.get('app')!.policies.AWSRevokeOlderSessions).toBe(legacy);
    expect(iam.document('app').Statement).toEqual([ownStatement('2026-11-22T10:20:00Z')]);
    expect(res.Data!.LegacyOwnSidsKept).toBe('1');
  });

  test('the same event run twice (a Lambda retry) writes once', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    const second = await handler(createEvent(), CONTEXT);
    expect(iam.calls('PutRolePolicy')).toBe(1);
    expect(second.Data!.RolesWritten).toBe('0');
    expect(second.Data!.EffectiveCutoff).toBe(CUTOFF);
  });
});

describe('the cutoff never moves earlier', () => {
  test('a rollback Update (properties swapped) leaves the later cutoff', async () => {
    iam.addRole('app', { policies: {} });
    const later = props({ IssuedBefore: '2026-11-22T10:15:00Z' });
    await handler(updateEvent(later, props()), CONTEXT);

    const res = await handler(updateEvent(props(), later), CONTEXT);

    expect(iam.document('app').Statement).toEqual([ownStatement('2026-11-22T10:15:00Z')]);
    expect(iam.calls('PutRolePolicy')).toBe(1);
    expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:15:00Z');
    expect(res.Data!.RequestedCutoff).toBe(CUTOFF);
  });

  test('allowEarlierCutoff moves only this resource\'s own policy', async () => {
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: consoleDoc('2026-11-22T09:00:00Z') } });
    await handler(createEvent(props({ IssuedBefore: '2026-11-22T10:15:00Z' })), CONTEXT);

    const res = await handler(updateEvent(props({ AllowEarlierCutoff: 'true' }), props({ IssuedBefore: '2026-11-22T10:15:00Z' })), CONTEXT);

    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(iam.roles.get('app')!.policies.AWSRevokeOlderSessions).toBe(consoleDoc('2026-11-22T09:00:00Z'));
    expect(res.Data!.EffectiveCutoff).toBe(CUTOFF);
  });

  test('allowEarlierCutoff never lowers a later console cutoff', async () => {
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: consoleDoc('2026-11-22T10:20:00Z') } });
    const res = await handler(createEvent(props({ AllowEarlierCutoff: 'true' })), CONTEXT);
    expect(iam.roles.get('app')!.policies.AWSRevokeOlderSessions).toBe(consoleDoc('2026-11-22T10:20:00Z'));
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
  });
});

describe('deploy-time cutoff', () => {
  test('uses the handler clock plus the buffer', async () => {
    iam.addRole('app');
    const res = await handler(createEvent(props({ CutoffMode: 'deploy-time', IssuedBefore: undefined, Generation: 'INC-42', BufferSeconds: '30' })), CONTEXT);
    expect(res.Data!.RequestedCutoff).toBe('2026-11-22T10:30:30Z');
    // Marked with the generation and buffer, so a later event of the same generation keeps this cutoff.
    expect(iam.document('app').Statement).toEqual([ownStatement('2026-11-22T10:30:30Z', expect.stringMatching(new RegExp(`^${OWN_SID}D[0-9a-f]{8}$`)))]);
  });

  test('defaults the buffer to 30 seconds', async () => {
    iam.addRole('app');
    const res = await handler(createEvent(props({ CutoffMode: 'deploy-time', IssuedBefore: undefined, Generation: '1' })), CONTEXT);
    expect(res.Data!.RequestedCutoff).toBe('2026-11-22T10:30:30Z');
  });
});

describe('refusals write nothing', () => {
  test.each([
    ['a cutoff more than an hour ahead', { IssuedBefore: '2026-11-22T11:31:00Z' }, /cutoff 2026-11-22T11:31:00Z is more than 1 hour after the deploy time 2026-11-22T10:30:00Z.*allowFutureCutoff/],
    ['a buffer more than an hour long', { CutoffMode: 'deploy-time', IssuedBefore: undefined, Generation: 'g', BufferSeconds: '3601' }, /buffer of 3601 seconds is longer than the 3600 seconds/],
    ['a cutoff without a zone', { IssuedBefore: '2026-11-22T10:00:00' }, /issuedBefore "2026-11-22T10:00:00" has no time zone; append "Z"/],
    ['an epoch cutoff', { IssuedBefore: '1763805600' }, /issuedBefore "1763805600" looks like an epoch number/],
    ['a cutoff that is not a date', { IssuedBefore: 'yesterday' }, /issuedBefore "yesterday" is not an ISO 8601 instant/],
    ['a missing cutoff', { IssuedBefore: undefined }, /IssuedBefore is required/],
    ['no roles', { RoleArns: [] }, /RoleArns must be a non-empty list of role ARNs; received \[\]/],
    ['roles that are not a list', { RoleArns: 'arn:aws:iam::111122223333:role/app' }, /RoleArns must be a non-empty list/],
    ['a user ARN', { RoleArns: ['arn:aws:iam::111122223333:user/alice'] }, /RoleArns entry "arn:aws:iam::111122223333:user\/alice" is not an IAM role ARN/],
    ['a role ARN with an injected name', { RoleArns: ['arn:aws:iam::111122223333:role/a"}]}'] }, /is not an IAM role ARN/],
    ['an invalid policy name', { PolicyName: 'has space' }, /policyName "has space" is not a valid IAM policy name/],
    ['an unknown removal policy', { RemovalPolicy: 'snapshot' }, /RemovalPolicy "snapshot" is not supported; use "retain" or "destroy"/],
    ['a malformed flag', { AllowEarlierCutoff: 'yes' }, /AllowEarlierCutoff must be "true" or "false"; received "yes"/],
    ['an unknown cutoff mode', { CutoffMode: 'later' }, /CutoffMode "later" is not supported/],
    ['an extra property', { PolicyDocument: '{"Statement":[]}' }, /unexpected property "PolicyDocument"/],
    ['a non-string cutoff', { IssuedBefore: 5 }, /IssuedBefore must be a string; received 5/],
    ['too many roles', { RoleArns: Array.from({ length: 5001 }, (_, i) => roleArn(`r${i}`)) }, /lists 5001 roles; at most 5000/],
  ])('%s', async (_name, overrides, message) => {
    iam.addRole('app');
    await expect(handler(createEvent(props(overrides)), CONTEXT)).rejects.toThrow(message);
    expect(iam.mock.calls()).toHaveLength(0);
  });

  test('a resource deployed with allowFutureCutoff takes a cutoff as far ahead as synth knew, and no further', async () => {
    iam.addRole('app');
    const ahead = testHandler({ grants: () => ({ ...ALL_CAPABILITIES, future: { kind: 'until', epochMs: Date.parse('2026-11-22T12:00:00Z') } }) });
    const res = await ahead(createEvent(props({ IssuedBefore: '2026-11-22T12:00:00Z', AllowFutureCutoff: 'true' })), CONTEXT);
    expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T12:00:00Z');
    await expect(ahead(createEvent(props({ IssuedBefore: '2026-11-22T12:00:01Z', AllowFutureCutoff: 'true' })), CONTEXT))
      .rejects.toThrow(/later than the 2026-11-22T12:00:00Z this construct was deployed with/);
    // The event's AllowFutureCutoff grants nothing.
    await expect(handler(createEvent(props({ IssuedBefore: '2026-11-22T12:00:00Z', AllowFutureCutoff: 'true' })), CONTEXT)).rejects.toThrow(/more than 1 hour/);
  });

  test.each([
    ['a service-linked', '/aws-service-role/ecs.amazonaws.com/', 'AWSServiceRoleForECS', /service-linked role/],
    ['an Identity Center', '/aws-reserved/sso.amazonaws.com/', 'AWSReservedSSO_Admin_0123456789abcdef', /IAM Identity Center role.*revoke the sessions in Identity Center/],
  ])('%s role found by GetRole is refused by name', async (_kind, path, name, reason) => {
    iam.addRole(name, { path });
    const err = await handler(createEvent(props({ RoleArns: [roleArn(name)] })), CONTEXT).catch((e) => e);
    expect(err.message).toMatch(reason);
    expect(err.message).toContain(`${name}: it is`);
    expect(iam.calls('PutRolePolicy')).toBe(0);
  });

  test('a role in another account is refused', async () => {
    const err = await handler(createEvent(props({ RoleArns: ['arn:aws:iam::999999999999:role/app'] })), CONTEXT).catch((e) => e);
    expect(err.message).toMatch(/app: it is in account 999999999999, but this function runs in 111122223333/);
    expect(iam.mock.calls()).toHaveLength(0);
  });
});

describe('retries', () => {
  test('throttling is retried through the pacer, with no backoff sleep, then succeeds', async () => {
    iam.addRole('app');
    const throttle = () => iamError('Throttling', 'Rate exceeded');
    iam.failNext('PutRolePolicy', 'app', throttle(), throttle(), throttle());

    await handler(createEvent(), CONTEXT);

    expect(iam.calls('PutRolePolicy')).toBe(4);
    expect(sleeps).toHaveLength(0);
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('5xx errors back off with growing sleeps', async () => {
    iam.addRole('app');
    const failure = () => iamError('ServiceFailure', 'internal', 500);
    iam.failNext('PutRolePolicy', 'app', failure(), failure(), failure());
    await handler(createEvent(), CONTEXT);
    expect(iam.calls('PutRolePolicy')).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  test('ServiceFailure (5xx) is retried', async () => {
    iam.addRole('app');
    iam.failNext('GetRole', 'app', iamError('ServiceFailure', 'internal', 500));
    await handler(createEvent(), CONTEXT);
    expect(iam.calls('GetRole')).toBe(2);
  });

  test.each([
    ['LimitExceeded', 'PutRolePolicy', 409],
    ['MalformedPolicyDocument', 'PutRolePolicy', 400],
    ['UnmodifiableEntity', 'PutRolePolicy', 400],
    ['NoSuchEntity', 'GetRole', 404],
    ['AccessDenied', 'GetRole', 403],
  ])('%s is not retried and names the role', async (code, command, status) => {
    iam.addRole('app');
    iam.failNext(command, 'app', iamError(code, `${code} from IAM`, status));

    const err = await handler(createEvent(), CONTEXT).catch((e) => e);

    expect(iam.calls(command)).toBe(1);
    expect(sleeps).toHaveLength(0);
    expect(err.message).toBe(code === 'NoSuchEntity'
      ? 'failed to revoke 1 of 1 roles (0 done and kept; a rollback keeps them too): app: the role does not exist (NoSuchEntity); check the ARN, or remove the role from the list'
      : `failed to revoke 1 of 1 roles (0 done and kept; a rollback keeps them too): app: ${code}: ${code} from IAM`);
  });

  test('retries stop at the attempt limit', async () => {
    iam.addRole('app');
    iam.failNext('GetRole', 'app', ...Array.from({ length: 20 }, () => iamError('ServiceFailure', 'internal', 500)));
    const err = await handler(createEvent(), CONTEXT).catch((e) => e);
    expect(iam.calls('GetRole')).toBe(12);
    expect(err.message).toContain('app: ServiceFailure: internal');
  });

  test('throttled retries stop at their own limit', async () => {
    iam.addRole('app');
    iam.failNext('GetRole', 'app', ...Array.from({ length: 120 }, () => iamError('Throttling', 'Rate exceeded')));
    const paced = testHandler({ concurrency: 1 });
    const err = await paced(createEvent(), CONTEXT).catch((e) => e);
    expect(iam.calls('GetRole')).toBe(100);
    expect(err.message).toContain('app: Throttling: Rate exceeded');
  });

  test('no retry starts past the Lambda deadline, and no role starts within 30 s of it', async () => {
    iam.addRole('app');
    iam.failNext('GetRole', 'app', iamError('ServiceFailure', 'internal', 500), iamError('ServiceFailure', 'internal', 500));
    let clock = 60_000;
    // Time runs out between the first attempt and its retry.
    const shrinking = () => { const left = clock; clock = 15_000; return left; };
    const late = await handler(createEvent(), { ...CONTEXT, getRemainingTimeInMillis: shrinking }).catch((e) => e);
    expect(iam.calls('GetRole')).toBe(1);
    expect(late.message).toContain('ServiceFailure');

    const tooLate = await handler(createEvent(), { ...CONTEXT, getRemainingTimeInMillis: () => 44_000 }).catch((e) => e);
    expect(iam.calls('GetRole')).toBe(1);
    expect(tooLate.message).toContain('app: not started before the function ran out of time; deploy again to finish');
  });

  test('a role deleted after GetRole fails alone', async () => {
    iam.addRole('gone');
    iam.addRole('fine');
    iam.failNext('PutRolePolicy', 'gone', iamError('NoSuchEntity', 'The role with name gone cannot be found.', 404));
    const err = await handler(createEvent(props({ RoleArns: [roleArn('gone'), roleArn('fine')] })), CONTEXT).catch((e) => e);
    expect(err.message).toContain('1 of 2 roles');
    expect(iam.document('fine')).toBeDefined();
  });
});

describe('concurrency and failure reports', () => {
  test('never runs more calls at once than the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const names = Array.from({ length: 40 }, (_, i) => `r${i}`);
    names.forEach((n) => iam.addRole(n));
    const slow = testHandler({
      iam: {
        send: async (cmd: any) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 1));
          inFlight--;
          return (iam.mock as any).send(cmd);
        },
      } as any,
    });
    await slow(createEvent(props({ RoleArns: names.map((n) => roleArn(n)) })), CONTEXT);
    expect(peak).toBe(4);
    expect(names.every((n) => iam.document(n) !== undefined)).toBe(true);
  });

  test('a failure message naming hundreds of roles fits the 4 KB response', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `role-with-a-fairly-long-name-${i}`);
    const err = await handler(createEvent(props({ RoleArns: names.map((n) => roleArn(n)) })), CONTEXT).catch((e) => e);
    expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(MAX_REASON_BYTES);
    expect(err.message).toMatch(/^failed to revoke 500 of 500 roles/);
    expect(err.message).toContain('role-with-a-fairly-long-name-0: the role does not exist (NoSuchEntity)');
    expect(err.message).toMatch(/… and \d+ more \(see the function's log\)$/);
    expect(err.stack).toBe(`Error: ${err.message}`);
  });
});

describe('update', () => {
  test('a cutoff bump keeps the physical id; a changed target gets a new one', async () => {
    iam.addRole('app');
    iam.addRole('other');
    const bumped = await handler(updateEvent(props({ IssuedBefore: '2026-11-22T10:10:00Z' }), props()), CONTEXT);
    expect((bumped as HandlerResponse).PhysicalResourceId).toBe(physicalIdOfProps());
    const moved = await handler(updateEvent(props({ RoleArns: [roleArn('other')] }), props()), CONTEXT);
    expect((moved as HandlerResponse).PhysicalResourceId).toBe(physicalIdOfProps(props({ RoleArns: [roleArn('other')] })));
    expect((moved as HandlerResponse).PhysicalResourceId).not.toBe(physicalIdOfProps());
  });

  test('a bump writes the later policy, then deletes the earlier one it supersedes: two writes per role', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    iam.mock.resetHistory();
    const later = props({ IssuedBefore: '2026-11-22T10:10:00Z' });
    const res = await handler(updateEvent(later, props()), CONTEXT);
    expect(Object.keys(iam.roles.get('app')!.policies)).toEqual([ownPolicy(later, '2026-11-22T10:10:00Z')]);
    expect(iam.calls('PutRolePolicy') + iam.calls('DeleteRolePolicy')).toBe(2);
    expect(res.Data!.PoliciesSuperseded).toBe('1');
  });

  test('with DESTROY, a dropped role keeps its policy through the Update and loses it in the cleanup Delete of the replaced generation', async () => {
    iam.addRole('kept');
    iam.addRole('dropped', { policies: { AWSRevokeOlderSessions: consoleDoc('2026-11-20T00:00:00Z') } });
    const both = props({ RoleArns: [roleArn('kept'), roleArn('dropped')], RemovalPolicy: 'destroy' });
    const kept = props({ RoleArns: [roleArn('kept')], RemovalPolicy: 'destroy' });
    await handler(createEvent(both), CONTEXT);

    await handler(updateEvent(kept, both), CONTEXT);
    expect(iam.document('dropped').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(iam.calls('DeleteRolePolicy')).toBe(0);

    await testHandler({ stack: cleanup(physicalIdOfProps(kept)) })(deleteEvent(both), CONTEXT);
    expect(iam.roles.get('dropped')!.policies).toEqual({ AWSRevokeOlderSessions: consoleDoc('2026-11-20T00:00:00Z') });
    expect(iam.document('kept').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(Object.keys(iam.roles.get('kept')!.policies)).toEqual([ownPolicy(kept)]);
  });

  test('with DESTROY, a renamed policy replaces the old one once the update succeeded', async () => {
    iam.addRole('app');
    const old = props({ RemovalPolicy: 'destroy' });
    const renamed = props({ RemovalPolicy: 'destroy', PolicyName: 'Renamed' });
    await handler(createEvent(old), CONTEXT);
    await handler(updateEvent(renamed, old), CONTEXT);
    expect(Object.keys(iam.roles.get('app')!.policies).sort()).toEqual([ownPolicy(old), ownPolicy(renamed)].sort());
    await testHandler({ stack: cleanup(physicalIdOfProps(renamed)) })(deleteEvent(old), CONTEXT);
    expect(Object.keys(iam.roles.get('app')!.policies)).toEqual([ownPolicy(renamed)]);
    expect(iam.document('app', ownPolicy(renamed)).Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('with RETAIN, a dropped role keeps its revocation, and the cleanup Delete removes nothing', async () => {
    iam.addRole('kept');
    iam.addRole('dropped');
    const both = props({ RoleArns: [roleArn('kept'), roleArn('dropped')] });
    const kept = props({ RoleArns: [roleArn('kept')] });
    const retain = testHandler({ grants: () => MONOTONIC, stack: cleanup(physicalIdOfProps(kept)) });
    await retain(createEvent(both), CONTEXT);
    await retain(updateEvent(kept, both), CONTEXT);
    await retain(deleteEvent(both), CONTEXT);
    expect(iam.document('dropped').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(iam.mock.commandCalls(DeleteRolePolicyCommand, { RoleName: 'dropped' })).toHaveLength(0);
  });

  test('without the remove grant, a new generation folds the old one\'s lower policy on a role both target', async () => {
    iam.addRole('app');
    iam.addRole('b');
    const retain = testHandler({ grants: () => MONOTONIC });
    const one = props();
    const two = props({ RoleArns: [roleArn('app'), roleArn('b')], IssuedBefore: '2026-11-22T10:10:00Z' });
    await retain(createEvent(one), CONTEXT);
    await retain(updateEvent(two, one), CONTEXT);
    expect(Object.keys(iam.roles.get('app')!.policies)).toEqual([ownPolicy(two, '2026-11-22T10:10:00Z')]);
  });

  test('a failed removal in the cleanup names the role and keeps its policy', async () => {
    iam.addRole('kept');
    iam.addRole('dropped');
    const both = props({ RoleArns: [roleArn('kept'), roleArn('dropped')], RemovalPolicy: 'destroy' });
    const kept = props({ RoleArns: [roleArn('kept')], RemovalPolicy: 'destroy' });
    await handler(createEvent(both), CONTEXT);
    await handler(updateEvent(kept, both), CONTEXT);
    iam.failNext('DeleteRolePolicy', 'dropped', iamError('AccessDenied', 'denied', 403));

    await expect(testHandler({ stack: cleanup(physicalIdOfProps(kept)) })(deleteEvent(both), CONTEXT))
      .rejects.toThrow('failed to remove the revocation from 1 of 2 roles (1 removed): dropped: AccessDenied: denied');
    expect(iam.document('dropped')).toBeDefined();
  });

  test('malformed old properties do not block the new revocation', async () => {
    iam.addRole('app');
    const res = await handler({ ...updateEvent(props({ RemovalPolicy: 'destroy' }), props()), OldResourceProperties: { RoleArns: 'garbage' } as any }, CONTEXT);
    expect(res.Data!.RolesRevoked).toBe('1');
  });
});

describe('delete', () => {
  test('RETAIN makes no IAM call', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    iam.mock.resetHistory();
    const res = await testHandler({ grants: () => MONOTONIC })(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    expect(iam.mock.calls()).toHaveLength(0);
    expect((res as HandlerResponse).PhysicalResourceId).toBe(physicalIdOfProps(props({ RemovalPolicy: 'destroy' })));
    expect(iam.document('app')).toBeDefined();
  });

  test('DESTROY deletes the policy when it holds only this resource\'s statement', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    expect(iam.document('app')).toBeUndefined();
  });

  test('DESTROY deletes only this resource\'s policy; a console revocation written since stays', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    iam.roles.get('app')!.policies.AWSRevokeOlderSessions = consoleDoc('2026-11-22T10:25:00Z');
    iam.mock.resetHistory();

    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);

    expect(iam.calls('PutRolePolicy')).toBe(0);
    expect(iam.mock).toHaveReceivedCommandWith(DeleteRolePolicyCommand, { RoleName: 'app', PolicyName: OWN_POLICY });
    expect(iam.roles.get('app')!.policies).toEqual({ AWSRevokeOlderSessions: consoleDoc('2026-11-22T10:25:00Z') });
  });

  test('DESTROY keeps another stack\'s statement in the same policy', async () => {
    iam.addRole('app');
    const otherSid = 'CdkRevokeOtherStackabcdef012345';
    iam.roles.get('app')!.policies.AWSRevokeOlderSessions = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...ownStatement('2026-11-22T09:00:00Z'), Sid: otherSid }],
    });
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    expect(iam.document('app', 'AWSRevokeOlderSessions').Statement).toEqual([{ ...ownStatement('2026-11-22T09:00:00Z'), Sid: otherSid }]);
    expect(iam.document('app')).toBeUndefined();
  });

  test('DESTROY treats a missing role or policy as already removed', async () => {
    iam.addRole('nopolicy');
    const p = props({ RemovalPolicy: 'destroy', RoleArns: [roleArn('nopolicy'), roleArn('gone')] });
    await expect(handler(deleteEvent(p), CONTEXT)).resolves.toEqual({ PhysicalResourceId: physicalIdOfProps(p) });
  });

  test('DESTROY with a physical id this handler never issued (a failed Create) keeps everything', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    iam.mock.resetHistory();
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' }), 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), CONTEXT);
    expect(iam.mock.calls()).toHaveLength(0);
    expect(iam.document('app')).toBeDefined();
  });

  test('DESTROY leaves an unreadable document alone', async () => {
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: '{"Statement":[{"Effect":"Allow"}]}' } });
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    expect(iam.calls('PutRolePolicy') + iam.calls('DeleteRolePolicy')).toBe(0);
  });

  test('DESTROY reports a role it could not clean', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    iam.failNext('DeleteRolePolicy', 'app', iamError('AccessDenied', 'not allowed', 403));
    await expect(handler(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT))
      .rejects.toThrow('failed to remove the revocation from 1 of 1 roles (0 removed): app: AccessDenied: not allowed');
  });
});

describe('logging', () => {
  test('logs decisions without policy documents', async () => {
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: consoleDoc('2026-11-21T00:00:00Z') } });
    await handler(createEvent(), CONTEXT);
    const lines = (console.log as jest.Mock).mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => l.includes('"role-revoked"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('"Statement"');
  });
});

describe('a deployed revocation is never lost, lowered or forged away', () => {
  test('a rollback with DESTROY across a policy-name change keeps the later cutoff, and its cleanup removes only the new name', async () => {
    iam.addRole('app');
    const first = props({ RemovalPolicy: 'destroy' });
    const second = props({ RemovalPolicy: 'destroy', PolicyName: 'Renamed', IssuedBefore: '2026-11-22T10:20:00Z' });
    await handler(createEvent(first), CONTEXT);
    await handler(updateEvent(second, first), CONTEXT);

    // The rollback: old and new swapped, then the Delete of the new generation in the rollback's cleanup.
    const res = await handler({ ...updateEvent(first, second) }, CONTEXT);
    await testHandler({ stack: { ...cleanup(physicalIdOfProps(first)), stackStatus: async () => 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' } })(
      deleteEvent(second), CONTEXT);

    expect(Object.keys(iam.roles.get('app')!.policies)).toEqual([ownPolicy(first, '2026-11-22T10:20:00Z')]);
    expect(iam.document('app').Statement).toEqual([ownStatement('2026-11-22T10:20:00Z')]);
    expect(res.Data!.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
  });

  test('an Update never removes: with DESTROY and a dropped selection, it makes no DeleteRolePolicy call', async () => {
    iam.addRole('app');
    iam.addRole('other');
    const { RoleArns: _omit, ...rest } = props({ RemovalPolicy: 'destroy' });
    const old = { ...rest, Selection: 'all-in-account' };
    await handler(createEvent(old), CONTEXT);
    iam.mock.resetHistory();

    const res = await handler(updateEvent(props({ RemovalPolicy: 'destroy' }), old), CONTEXT);

    expect(iam.calls('DeleteRolePolicy')).toBe(0);
    expect(res.Data!.RolesRevoked).toBe('1');
    expect(iam.owned('other')).toHaveLength(1);
  });

  test('a Delete while the stack is not deleting anything (forged, or replayed) removes nothing', async () => {
    iam.addRole('app');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    iam.mock.resetHistory();
    const idle: StackReader = { stackStatus: async () => 'UPDATE_COMPLETE', resource: async () => ({ physicalId: physicalIdOfProps(), status: 'UPDATE_COMPLETE' }) };
    await testHandler({ stack: idle })(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
    expect(iam.mock.calls()).toHaveLength(0);
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('a forged Delete with RemovalPolicy destroy removes nothing for a resource without the remove grant', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    iam.mock.resetHistory();
    const monotonic = testHandler({ grants: () => MONOTONIC });

    await monotonic(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);

    expect(iam.mock.calls()).toHaveLength(0);
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('a forged Update to 1970 with AllowEarlierCutoff lowers nothing for a resource without the lower grant', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    const monotonic = testHandler({ grants: () => MONOTONIC });

    const res = await monotonic(updateEvent(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true', RemovalPolicy: 'destroy' }), props()), CONTEXT);

    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
    expect(res.Data!.EffectiveCutoff).toBe(CUTOFF);
    expect(iam.calls('PutRolePolicy')).toBe(1);
  });

  test('the same Update lowers for a resource granted lowering, and the later policy goes', async () => {
    iam.addRole('app');
    await handler(createEvent(), CONTEXT);
    await handler(updateEvent(props({ IssuedBefore: '2026-11-22T09:00:00Z', AllowEarlierCutoff: 'true' }), props()), CONTEXT);
    expect(iam.document('app').Statement).toEqual([ownStatement('2026-11-22T09:00:00Z')]);
  });

  test('explicit ARNs are deduplicated by partition, account, path and name: a foreign role/app cannot hide the local one', async () => {
    iam.addRole('app');
    const err = await handler(createEvent(props({ RoleArns: ['arn:aws:iam::999999999999:role/app', roleArn('app')] })), CONTEXT).catch((e) => e);
    expect(err.message).toBe('failed to revoke 1 of 2 roles (1 done and kept; a rollback keeps them too): app: it is in account 999999999999, but this function runs in 111122223333; '
      + 'revoke it from a stack deployed to that account');
    expect(iam.document('app').Statement).toEqual([ownStatement(CUTOFF)]);
  });

  test('an ARN of another partition, or with a path IAM does not have, is refused by name', async () => {
    iam.addRole('app', { path: '/team/' });
    iam.addRole('cn');
    const err = await handler(createEvent(props({ RoleArns: ['arn:aws-cn:iam::111122223333:role/cn', roleArn('app', '/other/')] })), CONTEXT).catch((e) => e);
    expect(err.message).toContain('cn: its ARN is in partition aws-cn, but this function runs in aws; use an ARN of this partition');
    expect(err.message).toContain('app: its ARN has path /other/, but IAM has the role at path /team/; correct the ARN');
    expect(iam.calls('PutRolePolicy')).toBe(0);
  });

  test('role names compare case-insensitively against the protected roles', async () => {
    iam.addRole('ProviderRole');
    const guarded = testHandler({ protectedRoles: new Set(['providerrole']) });
    const err = await guarded(createEvent(props({ RoleArns: [roleArn('ProviderRole')] })), CONTEXT).catch((e) => e);
    expect(err.message).toContain('ProviderRole: it is a role this library or its deployment runs as');
  });

  test('a long explicit list reads the account in batches: one write per role and a few reads', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `r${i}`);
    names.forEach((n) => iam.addRole(n));
    const res = await handler(createEvent(props({ RoleArns: names.map((n) => roleArn(n)) })), CONTEXT);
    expect(res.Data!.RolesRevoked).toBe('30');
    expect(iam.calls('GetRole') + iam.calls('GetRolePolicy') + iam.calls('ListRolePolicies')).toBe(0);
    expect(iam.calls('PutRolePolicy')).toBe(30);
    // One read, one verification, and the session durations.
    expect(iam.calls('GetAccountAuthorizationDetails')).toBe(2);
    expect(iam.calls('ListRoles')).toBe(1);
  });
});

describe('dry run', () => {
  test('plans as a real run, writes nothing, and reports the roles it would revoke', async () => {
    iam.addRole('a');
    iam.addRole('b');
    const arns = [roleArn('a'), roleArn('b')];
    const res = await handler(createEvent(props({ RoleArns: arns, DryRun: 'true' })), CONTEXT);
    expect(iam.calls('PutRolePolicy') + iam.calls('DeleteRolePolicy')).toBe(0);
    expect(res.Data).toMatchObject({
      DryRun: 'true',
      RolesRevoked: '0',
      RolesToRevoke: '2',
      RolesToWrite: '2',
      RolesToWriteNames: 'a, b',
      EffectiveCutoff: 'none (dry run: nothing was written, and no targeted role carries a revocation)',
      PlannedCutoff: CUTOFF,
    });
  });

  test('a dry run of a construct that revoked before reports what it has in force, role by role', async () => {
    iam.addRole('a');
    iam.addRole('b');
    await handler(createEvent(props({ RoleArns: [roleArn('a')] })), CONTEXT);
    const dry = props({ RoleArns: [roleArn('a'), roleArn('b')], DryRun: 'true', IssuedBefore: '2026-11-22T10:10:00Z' });
    const res = await handler(updateEvent(dry, props()), CONTEXT);
    expect(res.Data).toMatchObject({
      EffectiveCutoff: `${CUTOFF} on 1 of 2 roles, none on the others (dry run: nothing was written)`,
      RolesRevoked: '1',
      PlannedCutoff: '2026-11-22T10:10:00Z',
      RolesToWrite: '2',
    });
    // Its own generation: the real one is replaced, not updated.
    expect((res as HandlerResponse).PhysicalResourceId).toBe(physicalIdOfProps(dry));
    expect((res as HandlerResponse).PhysicalResourceId).not.toBe(physicalIdOfProps());
  });

  test('the Delete of a replaced dry-run generation removes nothing of the real one', async () => {
    iam.addRole('a');
    const dry = props({ RoleArns: [roleArn('a')], DryRun: 'true', RemovalPolicy: 'destroy' });
    const real = props({ RoleArns: [roleArn('a')], RemovalPolicy: 'destroy' });
    await handler(createEvent(dry), CONTEXT);
    await handler(updateEvent(real, dry), CONTEXT);
    iam.mock.resetHistory();
    await testHandler({ stack: cleanup(physicalIdOfProps(real)) })(deleteEvent(dry), CONTEXT);
    expect(iam.calls('DeleteRolePolicy') + iam.calls('PutRolePolicy')).toBe(0);
    expect(iam.document('a').Statement).toEqual([ownStatement(CUTOFF)]);
  });
});
