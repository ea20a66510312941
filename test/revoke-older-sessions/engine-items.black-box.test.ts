/**
 * Issue 17, items 1-7, and issue 18's MootAfter item, for `RevokeOlderSessions`: each deployed as
 * CloudFormation would deploy it (`StackDriver`: the synthesized template, the BUNDLED handler
 * with the environment and IAM grant that template gives it, the ServiceToken rule, cleanup and
 * rollback in CloudFormation's order), against the loopback IAM and CloudFormation endpoints
 * (test doubles). Every outcome is judged from the role's side, over all its inline policies, by
 * the IAM oracle.
 */
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { Cutoff, RevokeOlderSessions, RevokeOlderSessionsProps, RoleSelection } from '../../src';
import { ownerTag } from '../../src/core/ratchet';
import { LOOPBACK_ACCOUNT, LoopbackIam, serviceTrust } from '../helpers/loopback-iam';
import { sessionDecision } from '../helpers/request-context';
import { DeployOutcome, StackDriver } from '../helpers/stack-driver';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'revoke-older-sessions', 'revoke-older-sessions.lambda', 'index.js');
const STACK_ID = `arn:aws:cloudformation:us-east-1:${LOOPBACK_ACCOUNT}:stack/Incident/6c7e5f10-0000-4000-8000-0000000000e1`;
const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const BIG = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(10_100)}` }] });

let iamDouble: LoopbackIam;
let driver: StackDriver;

beforeEach(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  iamDouble = new LoopbackIam({ pageSize: 100 });
  await iamDouble.start();
  driver = new StackDriver({ bundle: BUNDLE, stackId: STACK_ID, iam: iamDouble });
  await driver.start();
});

afterEach(async () => {
  await driver.stop();
  await iamDouble.stop();
  jest.restoreAllMocks();
});

const arn = (name: string, p = '/') => `arn:aws:iam::${LOOPBACK_ACCOUNT}:role${p}${name}`;

/** One version of the incident stack: a single revocation, `Revoke`. */
function version(props: (s: Stack) => Partial<RevokeOlderSessionsProps>): Stack {
  const s = new Stack(new App(), 'Incident', { env: { account: LOOPBACK_ACCOUNT, region: 'us-east-1' } });
  new RevokeOlderSessions(s, 'Revoke', { issuedBefore: Cutoff.at(T1), ...props(s) } as RevokeOlderSessionsProps);
  return s;
}

const roles = (s: Stack, ...names: string[]) => names.map((n) => iam.Role.fromRoleArn(s, `R-${n}`, arn(n, iamDouble.roles.get(n)?.path)));

function logicalId(): string {
  return [...driver.state.keys()][0] ?? [...(driver as any).current.resources.keys()][0];
}

async function decision(role: string, issuedAt: string) {
  return sessionDecision(iamDouble.roles.get(role)!, issuedAt);
}

/** A session issued a second before `cutoff` is denied, one issued at it allowed. */
async function expectCutoff(role: string, cutoff: string): Promise<void> {
  expect(await decision(role, new Date(Date.parse(cutoff) - 1000).toISOString())).toBe('ExplicitlyDenied');
  expect(await decision(role, cutoff)).toBe('Allowed');
}

/** The policies any revocation of this stack owns on a role, whatever their name. */
function ownedOn(role: string): string[] {
  const owner = ownerTag(STACK_ID, logicalId());
  return [...iamDouble.roles.get(role)!.policies.keys()].filter((n) => n.includes(`-${owner}`));
}

function expectOk(outcome: DeployOutcome): void {
  expect(outcome.error).toBeUndefined();
  expect(outcome.ok).toBe(true);
}

describe('item 1: a rollback never un-revokes, whatever the removal policy', () => {
  test('a DESTROY selection that drops an exclude, fails on one role, and rolls back keeps the roles it revoked', async () => {
    iamDouble.addRole('app');
    iamDouble.addRole('ci-runner');
    iamDouble.addRole('full', { policies: { Big: BIG } });
    const v1 = () => version(() => ({ selection: RoleSelection.allInAccount({ exclude: ['ci-*', 'full'] }), removalPolicy: RemovalPolicy.DESTROY }));
    const v2 = () => version(() => ({ selection: RoleSelection.allInAccount(), removalPolicy: RemovalPolicy.DESTROY }));
    expectOk(await driver.deploy(v1()));
    await expectCutoff('app', T1);

    const failed = await driver.deploy(v2());

    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/failed to revoke 1 of 3 roles \(2 done and kept; a rollback keeps them too\): full: LimitExceeded/);
    expect(driver.cfn.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    await expectCutoff('ci-runner', T1);
    await expectCutoff('app', T1);
  });
});

describe('item 2: a late, stale write never lowers the cutoff', () => {
  test('an Update raising by one second, read before a 10:20 deployment and written after it verified, leaves 10:20 in force', async () => {
    iamDouble.addRole('app');
    const at = (cutoff: string) => version((s) => ({ roles: roles(s, 'app'), issuedBefore: Cutoff.at(cutoff) }));
    expectOk(await driver.deploy(at(T1)));
    const id = logicalId();
    // The stale run: an invocation of the 10:00:01 Update still running after its caller gave up.
    const staleProps = { ...driver.state.get(id)!.props, IssuedBefore: '2026-11-22T10:00:01Z' };
    const stale = { ...driver.event('Update', id, { ...driver.resource(id), props: staleProps }, driver.state.get(id)) } as CloudFormationCustomResourceEvent;
    let later: Promise<DeployOutcome> | undefined;
    driver.extraFault = (req) => {
      if (req.action === 'PutRolePolicy' && req.params.PolicyDocument.includes('10:00:01') && later === undefined) {
        // The stale run has read; the 10:20 deployment now runs to its end, then the stale write lands.
        later = driver.deploy(at(T2));
        return { kind: 'hold', until: later };
      }
      return undefined;
    };

    const staleRun = await driver.invoke(id, stale).then(() => undefined, (e: Error) => e);

    expect(later).toBeDefined();
    expectOk(await later!);
    expect(staleRun).toBeUndefined();
    await expectCutoff('app', T2);
  });
});

describe('item 3: removal is granted for everything the resource ever wrote', () => {
  test('a role dropped from a DESTROY list loses its policy once the update succeeded, and the stack deletes cleanly', async () => {
    iamDouble.addRole('a');
    iamDouble.addRole('b');
    const destroy = (...names: string[]) => version((s) => ({ roles: roles(s, ...names), removalPolicy: RemovalPolicy.DESTROY }));
    expectOk(await driver.deploy(destroy('a', 'b')));
    await expectCutoff('b', T1);
    const dropped = await driver.deploy(destroy('a'));
    expectOk(dropped);
    // Removed in the cleanup phase, by the Delete of the replaced generation; the update itself removed nothing.
    expect(dropped.events.map((e) => `${e.phase}:${e.requestType}`)).toEqual(['deploy:Update', 'cleanup:Delete']);
    expect(ownedOn('b')).toEqual([]);
    await expectCutoff('a', T1);
    expectOk(await driver.destroy());
    expect([...ownedOn('a'), ...ownedOn('b')]).toEqual([]);
  });

  test('a DESTROY selection moved to another path deletes cleanly, and every role it ever revoked is clean', async () => {
    iamDouble.addRole('api', { path: '/app/' });
    iamDouble.addRole('ops', { path: '/ops/' });
    const at = (prefix: string) => version(() => ({ selection: RoleSelection.pathPrefix(prefix), removalPolicy: RemovalPolicy.DESTROY }));
    expectOk(await driver.deploy(at('/app/')));
    expectOk(await driver.deploy(at('/ops/')));
    await expectCutoff('ops', T1);
    expectOk(await driver.destroy());
    expect([...ownedOn('api'), ...ownedOn('ops')]).toEqual([]);
  });
});

describe('item 4: a deploy-time cutoff is computed once per generation', () => {
  test('adding a role, a Lambda retry and a rollback keep the cutoff the generation put in force', async () => {
    iamDouble.addRole('a');
    iamDouble.addRole('b');
    iamDouble.addRole('full', { policies: { Big: BIG } });
    const deployTime = Cutoff.deployTime({ generation: 'INC-42', buffer: Duration.seconds(30) });
    const v = (...names: string[]) => version((s) => ({ roles: roles(s, ...names), issuedBefore: deployTime }));
    expectOk(await driver.deploy(v('a')));
    const first = driver.state.get(logicalId())!.data.EffectiveCutoff;
    // The clock has moved on by the next deployment.
    await new Promise((r) => setTimeout(r, 20));
    expectOk(await driver.deploy(v('a', 'b')));
    const id = logicalId();
    await driver.invoke(id, driver.event('Update', id, driver.resource(id), driver.state.get(id)));
    // A later update fails on one role and rolls back.
    expect((await driver.deploy(v('a', 'b', 'full'))).ok).toBe(false);
    await expectCutoff('a', first);
    await expectCutoff('b', first);
    expect(driver.state.get(id)!.data.EffectiveCutoff).toBe(first);
  });
});

describe('item 5: a dry run is its own generation, and reports what is in force', () => {
  test('switching a deployed revocation to dryRun reports the cutoff still in force, never "none"', async () => {
    iamDouble.addRole('a');
    const v = (dryRun: boolean) => version((s) => ({ roles: roles(s, 'a'), dryRun }));
    expectOk(await driver.deploy(v(false)));
    expectOk(await driver.deploy(v(true)));
    await expectCutoff('a', T1);
    expect(driver.state.get(logicalId())!.data.EffectiveCutoff).toBe(T1);
  });

  test('with DESTROY, switching to dryRun removes the real policies once the update succeeded, and nothing stays behind', async () => {
    iamDouble.addRole('a');
    const v = (dryRun: boolean) => version((s) => ({ roles: roles(s, 'a'), dryRun, removalPolicy: RemovalPolicy.DESTROY }));
    expectOk(await driver.deploy(v(false)));
    expectOk(await driver.deploy(v(true)));
    expectOk(await driver.destroy());
    expect(ownedOn('a')).toEqual([]);
  });
});

describe('item 6: a future cutoff only as far as synth knew', () => {
  test('a forged Update to 9999-12-31 for a construct deployed with allowFutureCutoff is refused', async () => {
    iamDouble.addRole('a');
    const ahead = '2026-11-22T20:00:00Z';
    expectOk(await driver.deploy(version((s) => ({ roles: roles(s, 'a'), issuedBefore: Cutoff.at(ahead), allowFutureCutoff: true }))));
    const id = logicalId();
    const forged = driver.event('Update', id, { ...driver.resource(id), props: { ...driver.state.get(id)!.props, IssuedBefore: '9999-12-31T00:00:00Z' } },
      driver.state.get(id));
    await expect(driver.invoke(id, forged)).rejects.toThrow(/later than the 2026-11-22T20:00:00Z this construct was deployed with/);
    await expectCutoff('a', ahead);
  });
});

describe('item 7: a deployed construct can change kind and capabilities', () => {
  test.each<[string, (s: Stack) => Partial<RevokeOlderSessionsProps>]>([
    ['roles to a selection', () => ({ selection: RoleSelection.namePattern('a') })],
    ['RETAIN to DESTROY', (s) => ({ roles: roles(s, 'a'), removalPolicy: RemovalPolicy.DESTROY })],
    ['allowEarlierCutoff', (s) => ({ roles: roles(s, 'a'), allowEarlierCutoff: true, issuedBefore: Cutoff.at('2026-11-22T09:00:00Z') })],
    ['dryRun', (s) => ({ roles: roles(s, 'a'), dryRun: true })],
  ])('%s deploys in place (the ServiceToken does not change)', async (_name, next) => {
    iamDouble.addRole('a');
    expectOk(await driver.deploy(version((s) => ({ roles: roles(s, 'a'), issuedBefore: Cutoff.at(T2) }))));
    expectOk(await driver.deploy(version(next)));
  });
});

describe('issue 18: MootAfter for roles a service assumes', () => {
  test('an EC2 instance role gets no MootAfter from MaxSessionDuration', async () => {
    iamDouble.addRole('web', { trustPolicy: serviceTrust('ec2.amazonaws.com'), maxSessionDuration: 3600 });
    iamDouble.addRole('ci', { maxSessionDuration: 3600 });
    expectOk(await driver.deploy(version((s) => ({ roles: roles(s, 'web', 'ci') }))));
    const moot = driver.state.get(logicalId())!.data.MootAfter;
    expect(moot).not.toBe('2026-11-22T11:00:00Z');
    expect(moot).toMatch(/^unknown \(.*ec2\.amazonaws\.com/);
  });
});
