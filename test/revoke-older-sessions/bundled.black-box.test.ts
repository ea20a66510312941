/**
 * Black-box review: the BUNDLED handler (what the construct deploys, `npx projen bundle`), loaded
 * with the environment the construct sets, driven as CloudFormation and as anyone holding
 * `lambda:InvokeFunction` would, against the loopback IAM endpoint (a test double). Each scenario
 * is judged from the endpoint's final state by the IAM evaluation oracle: a session of the role
 * issued before the cutoff must still be denied, one issued at the cutoff allowed.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { generationOf, physicalIdOf } from '../../src/core/engine/generation';
import { encodeGrant, NOTHING_SPARED, resourceTag, ResourceGrant } from '../../src/core/engine/grants';
import { ownerTag } from '../../src/core/ratchet';
import { ownerSid } from '../../src/core/revocation-document';
import { TARGET_KEYS } from '../../src/revoke-older-sessions/properties';
import { LoopbackCloudFormation } from '../helpers/loopback-cloudformation';
import { LOOPBACK_ACCOUNT, LoopbackIam } from '../helpers/loopback-iam';
import { sessionDecision } from '../helpers/request-context';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'revoke-older-sessions', 'revoke-older-sessions.lambda', 'index.js');
const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const STACK_A = `arn:aws:cloudformation:us-east-1:${LOOPBACK_ACCOUNT}:stack/IncidentA/6c7e5f10-0000-4000-8000-00000000000a`;
const STACK_B = `arn:aws:cloudformation:us-east-1:${LOOPBACK_ACCOUNT}:stack/IncidentB/6c7e5f10-0000-4000-8000-00000000000b`;
const LOGICAL = 'RevokeLeaked0A1B2C3D';
const CONTEXT: Partial<Context> = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${LOOPBACK_ACCOUNT}:function:revoke`,
  getRemainingTimeInMillis: () => 900_000,
};
const CONSOLE_DOC = (cutoff: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': [cutoff] } } }],
});
const OTHER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

type Handler = (event: CloudFormationCustomResourceEvent, context?: Partial<Context>) => Promise<any>;

const MONOTONIC: ResourceGrant = { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED };
const REMOVE: ResourceGrant = { ...MONOTONIC, remove: true };
const REMOVE_LOWER: ResourceGrant = { ...MONOTONIC, remove: true, lower: true };

let iam: LoopbackIam;
let cfn: LoopbackCloudFormation;
const savedEnv = { ...process.env };

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`the bundled handler ${BUNDLE} is missing; run "npx projen bundle" first`);
  }
});

beforeEach(async () => {
  iam = new LoopbackIam({ pageSize: 100 });
  await iam.start();
  // CloudFormation, as the removal gate asks it: both stacks are being deleted, so only the grant decides.
  cfn = new LoopbackCloudFormation(STACK_A);
  await cfn.start();
  cfn.stackStatus = 'DELETE_IN_PROGRESS';
  cfn.others.set(STACK_B, { status: 'DELETE_IN_PROGRESS', resources: new Map() });
});

afterEach(async () => {
  await iam.stop();
  await cfn.stop();
  process.env = { ...savedEnv };
});

/**
 * A fresh copy of the bundle, with the environment the construct gives its stack's function: the
 * stack, and the grant of each resource it serves (by logical id; `LOGICAL` only grants nothing more by default).
 */
function load(env: { phase?: 'sync' | 'start' | 'continue'; protectedRoles?: string; stack?: string; grants?: Record<string, ResourceGrant> } = {}): Handler {
  process.env.AWS_ENDPOINT_URL_IAM = iam.url;
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cfn.url;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_ACCESS_KEY_ID = 'AKIALOOPBACKTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'loopback';
  process.env.REVOKE_PHASE = env.phase ?? 'start';
  process.env.REVOKE_PROTECTED_ROLES = env.protectedRoles ?? '';
  process.env.REVOKE_STACK = env.stack ?? STACK_A;
  process.env.REVOKE_GRANTS = Object.entries(env.grants ?? { [LOGICAL]: MONOTONIC }).map(([id, g]) => encodeGrant(resourceTag(id), g)).join(',');
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  return handler!;
}

function arn(name: string, p = '/'): string {
  return `arn:aws:iam::${LOOPBACK_ACCOUNT}:role${p}${name}`;
}

function props(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: `arn:aws:lambda:us-east-1:${LOOPBACK_ACCOUNT}:function:provider`,
    RoleArns: [arn('app')],
    CutoffMode: 'fixed',
    IssuedBefore: T1,
    PolicyName: 'AWSRevokeOlderSessions',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...o,
  };
}

function ev(type: 'Create' | 'Update' | 'Delete', p: Record<string, unknown>, o: { old?: Record<string, unknown>; stack?: string; logical?: string; physicalId?: string } = {}): CloudFormationCustomResourceEvent {
  const stack = o.stack ?? STACK_A;
  const logical = o.logical ?? LOGICAL;
  return {
    RequestType: type,
    ServiceToken: p.ServiceToken as string,
    ResponseURL: 'https://example.invalid/response',
    StackId: stack,
    RequestId: `req-${type}`,
    LogicalResourceId: logical,
    ResourceType: 'Custom::RevokeOlderSessions',
    ResourceProperties: p as any,
    // The physical id CloudFormation holds: that of the generation of the current (old) properties.
    ...(type === 'Create' ? {} : { PhysicalResourceId: o.physicalId ?? physicalIdOf(ownerSid(stack, logical), generationOf(o.old ?? p, TARGET_KEYS)) }),
    ...(type === 'Update' ? { OldResourceProperties: (o.old ?? p) as any } : {}),
  } as CloudFormationCustomResourceEvent;
}

/** What the oracle says of a session of `role` issued at `issuedAt`, given every inline policy the endpoint holds for it. */
async function judge(role: string, issuedAt: string) {
  return sessionDecision(iam.roles.get(role)!, issuedAt);
}

/** A session issued a second before `cutoff` is denied, one issued at it allowed. */
async function expectCutoff(role: string, cutoff: string): Promise<void> {
  const before = new Date(Date.parse(cutoff) - 1000).toISOString();
  expect(await judge(role, before)).toBe('ExplicitlyDenied');
  expect(await judge(role, cutoff)).toBe('Allowed');
}

const quiet = () => jest.spyOn(console, 'log').mockImplementation(() => undefined);

/** The policies one resource owns on a role, whatever their prefix and generation. */
const ownedBy = (role: string, stack: string, logical = LOGICAL) => [...iam.roles.get(role)!.policies.keys()].filter((n) => n.includes(`-${ownerTag(stack, logical)}`));

describe('forged events for a resource deployed without opt-ins', () => {
  test('Delete with destroy while the stack deletes, Update to 1970 with AllowEarlierCutoff, a new PolicyName, and a replayed Create leave the cutoff in force', async () => {
    quiet();
    iam.addRole('app', { policies: { Other: OTHER } });
    const h = load();
    await h(ev('Create', props()), CONTEXT);
    await expectCutoff('app', T1);

    const forged = props({ RemovalPolicy: 'destroy', AllowEarlierCutoff: 'true', IssuedBefore: '1970-01-01T00:00:00Z' });
    await h(ev('Update', forged, { old: props() }), CONTEXT);
    await h(ev('Update', { ...forged, PolicyName: 'Decoy' }, { old: forged }), CONTEXT);
    await h(ev('Delete', forged), CONTEXT);
    await h(ev('Delete', { ...forged, PolicyName: 'Decoy' }), CONTEXT);
    await h(ev('Create', forged), CONTEXT);
    await expectCutoff('app', T1);
    expect(iam.roles.get('app')!.policies.get('Other')).toBe(OTHER);
    // Nothing was deleted, and each forged generation only added a policy at the cutoff already in force.
    expect(iam.calls.filter((c) => c.action === 'DeleteRolePolicy')).toHaveLength(0);
    expect(ownedBy('app', STACK_A).map((n) => JSON.parse(iam.roles.get('app')!.policies.get(n)!).Statement[0].Condition.DateLessThan['aws:TokenIssueTime']))
      .toEqual(ownedBy('app', STACK_A).map(() => T1));
  });
});

describe('rollbacks of a DESTROY resource', () => {
  test.each(['retain', 'destroy'])('a rollback Update (old and new swapped, policy name changed, %s) keeps the later cutoff', async (removal) => {
    quiet();
    iam.addRole('app');
    const h = load({ grants: { [LOGICAL]: removal === 'destroy' ? REMOVE : MONOTONIC } });
    const first = props({ RemovalPolicy: removal });
    const second = props({ RemovalPolicy: removal, PolicyName: 'IncidentRevoke', IssuedBefore: T2 });
    await h(ev('Create', first), CONTEXT);
    await h(ev('Update', second, { old: first }), CONTEXT);
    await expectCutoff('app', T2);
    await h(ev('Update', first, { old: second }), CONTEXT);
    await expectCutoff('app', T2);
    // A replay of the first Create changes nothing either.
    await h(ev('Create', first), CONTEXT);
    await expectCutoff('app', T2);
  });

  test('a Delete for the pending id of a failed asynchronous Create removes nothing', async () => {
    quiet();
    iam.addRole('app');
    iam.addRole('full', { policies: { Big: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(10_100)}` }] }) } });
    const start = load({ phase: 'start', grants: { [LOGICAL]: REMOVE } });
    const p = props({ RemovalPolicy: 'destroy', RoleArns: [arn('app'), arn('full')] });
    await expect(start(ev('Create', p), CONTEXT)).rejects.toThrow(/full/);
    await expectCutoff('app', T1);
    // CloudFormation's rollback Delete: the framework's marker, the pending id, or the owner id forged by hand.
    await start(ev('Delete', p, { physicalId: `pending-${physicalIdOf(ownerSid(STACK_A, LOGICAL), generationOf(p, TARGET_KEYS))}` }), CONTEXT);
    await start(ev('Delete', p, { physicalId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' }), CONTEXT);
    await expectCutoff('app', T1);
  });
});

describe('two stacks on one role', () => {
  test('stack B (destroy) deleting while stack A writes never erases A\'s revocation', async () => {
    quiet();
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: CONSOLE_DOC('2026-11-22T09:00:00.123Z') } });
    const a = load();
    const b = load({ stack: STACK_B, grants: { [LOGICAL]: REMOVE } });
    const pb = props({ RemovalPolicy: 'destroy', IssuedBefore: T2 });
    await b(ev('Create', pb, { stack: STACK_B }), CONTEXT);
    let fired = false;
    let deleted: Promise<unknown> | undefined;
    iam.afterWrite = (req) => {
      // B's Delete lands right after A's write, before A verifies.
      if (!fired && req.action === 'PutRolePolicy' && req.params.PolicyName.includes(`-${ownerTag(STACK_A, LOGICAL)}-`)) {
        fired = true;
        deleted = b(ev('Delete', pb, { stack: STACK_B }), CONTEXT);
      }
    };
    await a(ev('Create', props()), CONTEXT);
    await deleted;
    expect(fired).toBe(true);
    expect(ownedBy('app', STACK_B)).toEqual([]);
    await expectCutoff('app', T1);
    // The console's document is nobody's to touch.
    expect(iam.roles.get('app')!.policies.get('AWSRevokeOlderSessions')).toBe(CONSOLE_DOC('2026-11-22T09:00:00.123Z'));
  });
});

describe('the console\'s policy and a legacy shared document', () => {
  test('the console\'s later cutoff is reported, never rewritten, and a destroy Delete leaves it; a legacy statement keeps ratcheting', async () => {
    quiet();
    const legacy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: ownerSid(STACK_A, LOGICAL), Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': T2 } } }],
    });
    iam.addRole('app', { policies: { AWSRevokeOlderSessions: CONSOLE_DOC('2026-11-22T10:10:00.085Z') } });
    iam.addRole('old', { policies: { SharedRevocation: legacy } });
    const h = load({ grants: { [LOGICAL]: REMOVE } });
    const p = props({ RemovalPolicy: 'destroy', RoleArns: [arn('app'), arn('old')], PolicyName: 'SharedRevocation' });
    const res = await h(ev('Create', p), CONTEXT);
    expect(iam.roles.get('app')!.policies.get('AWSRevokeOlderSessions')).toBe(CONSOLE_DOC('2026-11-22T10:10:00.085Z'));
    expect(iam.roles.get('old')!.policies.get('SharedRevocation')).toBe(legacy);
    // The resource's own policy on the legacy role keeps the legacy statement's later cutoff.
    const [own] = ownedBy('old', STACK_A);
    expect(own).toMatch(/^SharedRevocation-/);
    expect(JSON.parse(iam.roles.get('old')!.policies.get(own)!).Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe(T2);
    expect(res.Data.EffectiveCutoff).toBe('2026-11-22T10:10:00.085Z');
    await h(ev('Delete', p), CONTEXT);
    expect([...iam.roles.get('app')!.policies.keys()]).toEqual(['AWSRevokeOlderSessions']);
    await expectCutoff('app', '2026-11-22T10:10:00.085Z');
  });
});

describe('malformed and hostile properties', () => {
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['too many roles', { RoleArns: Array.from({ length: 5001 }, (_, i) => arn(`r${i}`)) }, /at most 5000/],
    ['a zero-width space in a name', { RoleArns: [arn('app\u200b')] }, /not an IAM role ARN/],
    ['a right-to-left override in a name', { RoleArns: [arn('\u202eppa')] }, /not an IAM role ARN/],
    ['an sts assumed-role ARN', { RoleArns: [`arn:aws:sts::${LOOPBACK_ACCOUNT}:assumed-role/app/leaked`] }, /not an IAM role ARN/],
    ['a role name with surrounding spaces', { RoleArns: [arn(' app ')] }, /not an IAM role ARN/],
    ['another partition', { RoleArns: [`arn:aws-cn:iam::${LOOPBACK_ACCOUNT}:role/app`] }, /partition aws-cn/],
    ['another account', { RoleArns: ['arn:aws:iam::999988887777:role/app'] }, /account 999988887777/],
    ['a path IAM does not have', { RoleArns: [arn('app', '/team/')] }, /path \/team\//],
    ['a policy document as policy name', { PolicyName: '{"Statement":[]}' }, /policy name|PolicyName/i],
    ['an unknown property', { PolicyDocument: '{}' }, /unexpected property/],
    ['a non-string flag', { AllowEarlierCutoff: { 'Fn::If': [] } }, /must be "true" or "false"/],
  ];
  test.each(refused)('%s is refused and nothing is written', async (_name, o, message) => {
    quiet();
    iam.addRole('app');
    const h = load();
    await expect(h(ev('Create', props(o)), CONTEXT)).rejects.toThrow(message);
    expect(iam.calls.filter((c) => c.action === 'PutRolePolicy' || c.action === 'DeleteRolePolicy')).toHaveLength(0);
  });

  test('duplicate names with different paths: the wrong path fails alone, the role is still revoked', async () => {
    quiet();
    iam.addRole('app', { path: '/team/' });
    iam.addRole('db');
    const h = load();
    await expect(h(ev('Create', props({ RoleArns: [arn('app', '/team/'), arn('app', '/other/'), arn('db')] })), CONTEXT))
      .rejects.toThrow(/failed to revoke 1 of 3 roles .*app: its ARN has path \/other\//);
    await expectCutoff('app', T1);
    await expectCutoff('db', T1);
  });
});

describe('the lockout guard', () => {
  test('a selection never revokes bootstrap or provider roles, whatever their case', async () => {
    quiet();
    const protectedArn = arn('IncidentA-ProviderframeworkonEventServiceRole-ABC');
    ['app', 'cdk-Team_a-1-cfn-exec-role-111122223333-us-east-1', 'CDK-hnb659fds-DEPLOY-role-111122223333-eu-west-1',
      'incidenta-providerframeworkoneventservicerole-abc'].forEach((n) => iam.addRole(n));
    const h = load({ protectedRoles: protectedArn });
    const res = await h(ev('Create', props({ RoleArns: undefined, Selection: 'all-in-account' })), CONTEXT);
    expect([...iam.snapshot().keys()].map((k) => k.split('/')[0])).toEqual(['app']);
    expect(res.Data.SkippedReasons).toBe('cdk-bootstrap=2, provider=1');
  });
});

describe('the stack\'s function forged into acting for another resource', () => {
  // The stack: X (retain) and Y (destroy + allowEarlierCutoff) share role app, and the one function.
  const Y = 'RevokeWideY0A1B2C3D';
  const capable = { grants: { [LOGICAL]: MONOTONIC, [Y]: REMOVE_LOWER } };

  test.each([
    ['a Delete with destroy', (x: Record<string, unknown>) => ev('Delete', { ...x, RemovalPolicy: 'destroy' })],
    ['an Update to 1970 with AllowEarlierCutoff', (x: Record<string, unknown>) =>
      ev('Update', { ...x, IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }, { old: x })],
    ['a Create for another stack\'s resource', (x: Record<string, unknown>) =>
      ev('Create', { ...x, IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }, { stack: STACK_B })],
  ])('%s naming the retained resource leaves its revocation in force', async (_name, forge) => {
    quiet();
    iam.addRole('app');
    const x = props();
    await load()(ev('Create', x), CONTEXT);
    await load({ stack: STACK_B })(ev('Create', x, { stack: STACK_B }), CONTEXT);
    const wide = load(capable);
    await wide(ev('Create', props({ RemovalPolicy: 'destroy', AllowEarlierCutoff: 'true', IssuedBefore: '2026-11-22T09:00:00Z' }), { logical: Y }), CONTEXT);
    // Refused outright when it names a resource the function does not serve; either way nothing is lowered.
    await wide(forge(x), CONTEXT).catch((e: Error) => expect(e.message).toMatch(/is not one this function serves/));
    await expectCutoff('app', T1);
    // Each stack's X keeps its own cutoff: neither is covered by the other.
    for (const stack of [STACK_A, STACK_B]) {
      const docs = ownedBy('app', stack).map((n) => JSON.parse(iam.roles.get('app')!.policies.get(n)!).Statement[0].Condition.DateLessThan['aws:TokenIssueTime']);
      expect(docs).toEqual([T1]);
    }
    // The resource the function serves still has its capabilities.
    await wide(ev('Delete', props({ RemovalPolicy: 'destroy', AllowEarlierCutoff: 'true' }), { logical: Y }), CONTEXT);
    expect(ownedBy('app', STACK_A, Y)).toEqual([]);
  });
});

describe('a future cutoff forged into an event', () => {
  test('AllowFutureCutoff from the event cannot make the default function deny every new session until 2099', async () => {
    quiet();
    iam.addRole('app');
    const h = load();
    await h(ev('Create', props()), CONTEXT);
    await expect(h(ev('Update', props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), { old: props() }), CONTEXT))
      .rejects.toThrow(/more than 1 hour after the deploy time.*allowFutureCutoff/);
    await expect(h(ev('Create', props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), { logical: 'Forged' }), CONTEXT))
      .rejects.toThrow(/resource "Forged" of stack .* is not one this function serves/);
    await expectCutoff('app', T1);
    // A resource deployed with allowFutureCutoff: true and this cutoff has it in its grant, and may.
    const future = new Date(Date.now() + 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const listed = load({ grants: { [LOGICAL]: { ...MONOTONIC, future: { kind: 'until', epochMs: Date.parse(future) } } } });
    await listed(ev('Update', props({ IssuedBefore: future, AllowFutureCutoff: 'true' }), { old: props() }), CONTEXT);
    await expectCutoff('app', future);
  });
});

describe('a forged continuation (isComplete) of the asynchronous provider', () => {
  test('what the forged Data claims decides nothing, and forged properties get only the grant', async () => {
    quiet();
    iam.addRole('app');
    const p = props({ RoleArns: undefined, Selection: 'name-pattern', NamePattern: 'app' });
    await load({ phase: 'start' })(ev('Create', p), CONTEXT);
    await expectCutoff('app', T1);
    const isComplete = load({ phase: 'continue' });
    const forged = (o: Record<string, unknown> = {}) => ({ ...ev('Update', { ...p, ...o }, { old: p }), Data: { Complete: 'false', RequestedCutoff: '1970-01-01T00:00:00Z' } } as any);
    await isComplete(forged({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }), CONTEXT);
    await expect(isComplete(forged({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), CONTEXT)).rejects.toThrow(/allowFutureCutoff/);
    await expectCutoff('app', T1);
  });
});

describe('forged owners', () => {
  test('events naming resources the function does not serve are refused, so they cannot fill the role and block the next revocation', async () => {
    quiet();
    iam.addRole('app');
    const h = load();
    await h(ev('Create', props()), CONTEXT);
    // Each would be a new owner with a policy of its own: 48 of them filled the role's 10,240 characters.
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      try {
        await h({ ...ev('Create', props(), { logical: `Forged${i}` }), RequestId: `f${i}` }, CONTEXT);
        accepted++;
      } catch (e) {
        expect((e as Error).message).toMatch(/is not one this function serves/);
        break;
      }
    }
    expect(accepted).toBe(0);
    // CloudFormation's real bump still writes, and a session issued between the two cutoffs is denied.
    await h(ev('Update', props({ IssuedBefore: T2 }), { old: props() }), CONTEXT);
    expect(await judge('app', '2026-11-22T10:10:00Z')).toBe('ExplicitlyDenied');
  });
});
