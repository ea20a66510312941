/**
 * The per-role writer over random histories (issue 17's property test): legitimate deployments as
 * CloudFormation sends them (create, cutoff bumps, target changes, dry runs, DESTROY and RETAIN,
 * the cleanup Delete of a replaced generation, an update that fails and rolls back, a stack that
 * fails after the update and rolls it back with its own cleanup), Lambda retries and stale
 * invocations that land late, forged events of any properties and physical id, the console and a
 * second stack writing the same roles. Every IAM and CloudFormation call of every invocation is a
 * task of fast-check's scheduler, so the invocations interleave at every await, in any order.
 *
 * After each history, judged from each role's side over all its inline policies, by the IAM
 * oracle: a session issued just before the highest cutoff a legitimate, successful deployment put
 * on the role (and that no legitimate removal took back since) is denied; no exemption came from an
 * event; no Create or Update removed anything (no delete by one lowered the resource's own cutoff in
 * force at that instant); every statement written has its time condition.
 */
import { IAMServiceException } from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as fc from 'fast-check';
import { generationOf, physicalIdOf } from '../../src/core/engine/generation';
import { NO_GRANT, narrowingDigest, ResourceGrant } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { formatInstant } from '../../src/core/instant';
import { ownerTag } from '../../src/core/ratchet';
import { latestCutoff, ownerSid, readRevocationDocument } from '../../src/core/revocation-document';
import { ownedPolicies } from '../../src/revoke-older-sessions/plan';
import { TARGET_KEYS } from '../../src/revoke-older-sessions/properties';
import { ACCOUNT, CONTEXT, iamError } from '../helpers/events';
import { NOW, testHandler } from '../helpers/handler';
import { ACCOUNT_TRUST } from '../helpers/loopback-iam';
import { PropertySummary } from '../helpers/property-summary';
import { sessionDecision } from '../helpers/request-context';

const summary = new PropertySummary('RevokeOlderSessions histories');
let histories = 0;
afterAll(() => {
  summary.print();
  process.stdout.write(`histories: ${histories} judged by the oracle\n`);
});

const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Incident/6c7e5f10-0000-4000-8000-0000000000f1`;
const OTHER_STACK = STACK.replace('Incident', 'Other');
const R = 'RevokeLeaked0A1B2C3D';
const OWNER = ownerTag(STACK, R);
const OWNER_ID = ownerSid(STACK, R);
const ROLES = ['r1', 'r2', 'r3'];
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

// ---------------------------------------------------------------- what a history is made of

interface Target { readonly roles?: readonly string[]; readonly exclude?: readonly string[] }
interface Deployment {
  readonly target: Target;
  readonly cutoff: { fixed: string } | { deployTime: string };
  readonly policyName: string;
  readonly dryRun: boolean;
  readonly destroy: boolean;
}

type Step =
  | { readonly kind: 'deploy'; readonly d: Deployment; readonly outcome: 'ok' | 'fails' | 'stack-fails'; readonly retry: boolean }
  | {
    readonly kind: 'forged';
    readonly type: 'Create' | 'Update' | 'Delete';
    readonly props: Record<string, unknown>;
    readonly physicalId: 'live' | 'old' | 'junk';
    readonly delay: number;
    /** `window`: sent when CloudFormation next removes something (a cleanup or a rollback), while the gate's reads say it does. */
    readonly when: 'now' | 'window';
  }
  | { readonly kind: 'console'; readonly role: string; readonly cutoff: string }
  | { readonly kind: 'other-stack'; readonly roles: string[]; readonly cutoff: string };

const FIXED = ['2026-11-22T09:00:00Z', '2026-11-22T10:00:00Z', '2026-11-22T10:20:00Z', '2026-11-22T10:40:00Z'];
const roleSubset = fc.subarray(ROLES, { minLength: 1 });
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 3, arbitrary: roleSubset.map((roles) => ({ roles })) },
  { weight: 1, arbitrary: fc.constantFrom([], ['r3']).map((exclude) => ({ exclude })) },
);
const deployment: fc.Arbitrary<Deployment> = fc.record({
  target,
  cutoff: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIXED).map((fixed) => ({ fixed })) },
    { weight: 1, arbitrary: fc.constantFrom('INC-1', 'INC-2').map((deployTime) => ({ deployTime })) }),
  policyName: fc.constantFrom('AWSRevokeOlderSessions', 'Incident'),
  dryRun: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  destroy: fc.boolean(),
});
const forgedProps = fc.record({
  d: deployment,
  issuedBefore: fc.constantFrom('1970-01-01T00:00:00Z', '2099-01-01T00:00:00Z', ...FIXED),
  exclude: fc.constantFrom(undefined, ['r1'], ['r1', 'r2', 'r3']),
}).map(({ d, issuedBefore, exclude }) => ({
  ...propsOf(d),
  CutoffMode: 'fixed',
  IssuedBefore: issuedBefore,
  Generation: undefined,
  AllowEarlierCutoff: 'true',
  AllowFutureCutoff: 'true',
  RemovalPolicy: 'destroy',
  ...(exclude && d.target.roles === undefined ? { Exclude: exclude } : {}),
}));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deploy' as const), d: deployment, outcome: fc.constantFrom('ok', 'ok', 'fails', 'stack-fails', 'stack-fails') as fc.Arbitrary<'ok' | 'fails' | 'stack-fails'>, retry: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('forged' as const),
      type: fc.constantFrom('Create', 'Update', 'Delete', 'Delete') as fc.Arbitrary<'Create' | 'Update' | 'Delete'>,
      props: forgedProps,
      physicalId: fc.constantFrom('live', 'live', 'old', 'junk') as fc.Arbitrary<'live' | 'old' | 'junk'>,
      // How many scheduled steps of later deployments pass before it is sent.
      delay: fc.oneof(fc.constant(0), fc.nat(40)),
      when: fc.constantFrom('now', 'window') as fc.Arbitrary<'now' | 'window'>,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('console' as const), role: fc.constantFrom(...ROLES), cutoff: fc.constantFrom(...FIXED) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other-stack' as const), roles: roleSubset, cutoff: fc.constantFrom(...FIXED) }) },
);
const history = fc.array(step, { minLength: 2, maxLength: 6 });

function propsOf(d: Deployment): Record<string, unknown> {
  return {
    ...(d.target.roles ? { RoleArns: d.target.roles.map(arn) } : { Selection: 'all-in-account', ...(d.target.exclude!.length ? { Exclude: d.target.exclude } : {}) }),
    ...('fixed' in d.cutoff ? { CutoffMode: 'fixed', IssuedBefore: d.cutoff.fixed } : { CutoffMode: 'deploy-time', Generation: d.cutoff.deployTime }),
    PolicyName: d.policyName,
    RemovalPolicy: d.destroy ? 'destroy' : 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...(d.dryRun ? { DryRun: 'true' } : {}),
  };
}

const targetsOf = (d: Deployment) => d.target.roles ?? ROLES.filter((r) => !d.target.exclude!.includes(r));
const grantOf = (d: Deployment): ResourceGrant => ({
  remove: d.destroy, lower: false, noCutoff: false, narrowing: narrowingDigest({ exclude: d.target.roles ? undefined : d.target.exclude }),
});

// ---------------------------------------------------------------- the world: IAM and CloudFormation, every call a scheduled task

class World {
  public readonly roles = new Map(ROLES.map((r) => [r, new Map<string, string>()]));
  public readonly violations: string[] = [];
  public stackStatus = 'CREATE_IN_PROGRESS';
  public live?: { physicalId: string; props: Record<string, unknown> };
  /** The physical id CloudFormation holds for R now (it changes as soon as an Update returns a new one). */
  public cfnPhysicalId?: string;
  /** The grant in the function's environment for R, as the deployed template sets it. */
  public grant: ResourceGrant = NO_GRANT;
  /** A one-shot LimitExceeded on the next PutRolePolicy to this role: a deployment that fails on one role. */
  public failNextPut?: string;
  public clock = NOW;

  constructor(private readonly s: fc.Scheduler) {}

  /** An IAM client for one invocation; `applying`: a Create or Update, which must never remove. */
  public iam(label: string, applying: boolean): any {
    return {
      send: async (cmd: any) => {
        await this.s.schedule(Promise.resolve(), `${label} ${cmd.constructor.name}`);
        return this.apply(cmd.constructor.name.replace(/Command$/, ''), cmd.input, label, applying);
      },
    };
  }

  public stack(label: string): StackReader {
    return {
      stackStatus: async () => { await this.s.schedule(Promise.resolve(), `${label} DescribeStacks`); return this.stackStatus; },
      resource: async () => {
        await this.s.schedule(Promise.resolve(), `${label} DescribeStackResource`);
        return this.cfnPhysicalId ? { physicalId: this.cfnPhysicalId, status: this.stackStatus === 'DELETE_IN_PROGRESS' ? 'DELETE_IN_PROGRESS' : 'UPDATE_COMPLETE' } : undefined;
      },
    };
  }

  /** R's own cutoff in force on a role, over every policy it owns there. */
  public ownCutoff(role: string): number {
    const state = { name: role, path: '/', arn: arn(role), tags: [], policies: this.roles.get(role)! };
    return Math.max(-Infinity, ...ownedPolicies(state, OWNER).owned.map((p) => p.cutoffMs));
  }

  private apply(action: string, input: any, label: string, applying: boolean): any {
    const policies = input.RoleName === undefined ? undefined : this.roles.get(input.RoleName);
    if (input.RoleName !== undefined && !policies) {
      throw iamError('NoSuchEntity', `The role with name ${input.RoleName} cannot be found.`, 404);
    }
    const role = (name: string) => ({
      RoleName: name,
      Path: '/',
      Arn: arn(name),
      RoleId: 'AROAEXAMPLE',
      CreateDate: new Date(0),
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: encodeURIComponent(ACCOUNT_TRUST),
    });
    switch (action) {
      case 'GetRole':
        return { Role: { ...role(input.RoleName), Tags: [] } };
      case 'ListRoles':
        return { IsTruncated: false, Roles: ROLES.map(role) };
      case 'GetAccountAuthorizationDetails':
        return {
          IsTruncated: false,
          RoleDetailList: ROLES.map((r) => ({
            ...role(r),
            Tags: [],
            RolePolicyList: [...this.roles.get(r)!].map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: encodeURIComponent(d) })),
          })),
        };
      case 'ListRolePolicies':
        return { IsTruncated: false, PolicyNames: [...policies!.keys()].sort() };
      case 'GetRolePolicy': {
        const doc = policies!.get(input.PolicyName);
        if (doc === undefined) {
          throw iamError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`, 404);
        }
        return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
      }
      case 'PutRolePolicy': {
        if (this.failNextPut === input.RoleName) {
          this.failNextPut = undefined;
          throw iamError('LimitExceeded', `Maximum policy size of 10240 bytes exceeded for role ${input.RoleName}`, 409);
        }
        const read = readRevocationDocument(input.PolicyDocument);
        if (read.kind !== 'revocation' || read.statements.length === 0) {
          this.violations.push(`${label} wrote a document that is not a time-conditioned deny to ${input.RoleName}`);
        }
        policies!.set(input.PolicyName, input.PolicyDocument);
        return {};
      }
      case 'DeleteRolePolicy': {
        if (!policies!.has(input.PolicyName)) {
          throw iamError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`, 404);
        }
        const before = this.ownCutoff(input.RoleName);
        policies!.delete(input.PolicyName);
        if (applying && this.ownCutoff(input.RoleName) < before) {
          this.violations.push(`${label} removed ${input.PolicyName} from ${input.RoleName}, lowering its cutoff from ${formatInstant(before)}`);
        }
        return {};
      }
      default:
        throw new IAMServiceException({ name: 'InvalidAction', $fault: 'client', $metadata: {}, message: action });
    }
  }
}

// ---------------------------------------------------------------- running a history

function event(type: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>, o: {
  old?: Record<string, unknown>;
  physicalId?: string;
  stack?: string;
  logical?: string;
} = {}): CloudFormationCustomResourceEvent {
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    ResponseURL: 'https://example.invalid/response',
    StackId: o.stack ?? STACK,
    RequestId: 'req',
    LogicalResourceId: o.logical ?? R,
    ResourceType: 'Custom::RevokeOlderSessions',
    ResourceProperties: { ServiceToken: 'token', ...props } as any,
    ...(type === 'Create' ? {} : { PhysicalResourceId: o.physicalId! }),
    ...(type === 'Update' ? { OldResourceProperties: { ServiceToken: 'token', ...(o.old ?? props) } as any } : {}),
  } as CloudFormationCustomResourceEvent;
}

async function runHistory(s: fc.Scheduler, steps: Step[]): Promise<{ world: World; bars: Map<string, number>; refusedExemptions: string[] }> {
  const world = new World(s);
  const bars = new Map<string, number>();
  const background: Array<Promise<unknown>> = [];
  const refusedExemptions: string[] = [];
  let n = 0;
  let liveDeployment: Deployment | undefined;
  let oldIds: string[] = [];

  /** One invocation of the function, with the environment it starts with. */
  const invoke = (ev: CloudFormationCustomResourceEvent, label: string, grant: ResourceGrant) => {
    const now = world.clock;
    const handler = testHandler({
      iam: world.iam(label, ev.RequestType !== 'Delete'),
      stack: world.stack(label),
      phase: 'start',
      concurrency: 2,
      now: () => now,
      grants: (stackId, logical) => (stackId === STACK && logical === R ? grant : stackId === OTHER_STACK ? { ...NO_GRANT } : NO_GRANT),
    });
    return handler(ev, CONTEXT) as Promise<any>;
  };
  const idOf = (props: Record<string, unknown>) => physicalIdOf(OWNER_ID, generationOf(props, TARGET_KEYS));
  const inWindow: Array<() => void> = [];
  /** CloudFormation enters a phase in which it removes: the forged events waiting for one are sent now. */
  const removing = (status: string) => {
    world.stackStatus = status;
    inWindow.splice(0).forEach((send) => send());
  };
  /** Resolves after `ticks` scheduled tasks of its own: what follows in the history may run meanwhile. */
  const later = async (ticks: number) => {
    for (let i = 0; i < ticks; i++) {
      await s.schedule(Promise.resolve(), 'wait');
    }
  };

  for (const st of steps) {
    const label = `#${n++} ${st.kind}`;
    world.clock += 60_000;
    if (st.kind === 'deploy') {
      const next = propsOf(st.d);
      const old = world.live;
      const oldGrant = world.grant;
      world.stackStatus = old ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS';
      world.grant = grantOf(st.d);
      if (st.outcome === 'fails') {
        world.failNextPut = targetsOf(st.d)[targetsOf(st.d).length - 1];
      }
      const ev = old ? event('Update', next, { old: old.props, physicalId: old.physicalId }) : event('Create', next);
      const started = invoke(ev, label, world.grant);
      if (st.retry) {
        // A Lambda retry of the same event, or an invocation its caller gave up on: it runs on, interleaved with what follows.
        background.push(invoke(ev, `${label} (retry)`, world.grant).catch(() => undefined));
      }
      const res = await s.waitFor(started.then((r) => ({ ok: true as const, r }), (e: Error) => ({ ok: false as const, e })));
      world.failNextPut = undefined;
      if (res.ok) {
        world.cfnPhysicalId = res.r.PhysicalResourceId;
      }
      if (!res.ok || st.outcome === 'stack-fails') {
        // CloudFormation rolls back: the functions first (their old environment), then the resource, with the old properties.
        removing(old ? 'UPDATE_ROLLBACK_IN_PROGRESS' : 'ROLLBACK_IN_PROGRESS');
        world.grant = oldGrant;
        if (!old) {
          // A failed Create: its Delete removes nothing (the physical id is pending, or the framework's marker).
          world.stackStatus = 'ROLLBACK_COMPLETE';
          world.live = undefined;
          world.cfnPhysicalId = undefined;
          continue;
        }
        const currentId = res.ok ? res.r.PhysicalResourceId : old.physicalId;
        const back = await s.waitFor(invoke(event('Update', old.props, { old: next, physicalId: currentId }), `${label} rollback`, world.grant)
          .then((r) => r, (e: Error) => { world.violations.push(`${label}: the rollback Update failed: ${e.message}`); return undefined; }));
        world.live = { physicalId: back?.PhysicalResourceId ?? old.physicalId, props: old.props };
        world.cfnPhysicalId = world.live.physicalId;
        if (back && back.PhysicalResourceId !== currentId) {
          removing('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
          await s.waitFor(invoke(event('Delete', next, { physicalId: currentId }), `${label} rollback cleanup`, world.grant).catch(() => undefined));
        }
        world.stackStatus = 'UPDATE_ROLLBACK_COMPLETE';
        continue;
      }
      world.live = { physicalId: res.r.PhysicalResourceId, props: next };
      const reached = Date.parse(res.r.Data.RequestedCutoff);
      if (!st.d.dryRun) {
        targetsOf(st.d).forEach((r) => bars.set(r, Math.max(bars.get(r) ?? -Infinity, reached)));
      }
      if (old && old.physicalId !== world.live.physicalId) {
        oldIds.push(old.physicalId);
        removing('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
        await s.waitFor(invoke(event('Delete', old.props, { physicalId: old.physicalId }), `${label} cleanup`, world.grant).catch(() => undefined));
        if (world.grant.remove) {
          // A legitimate removal: what the live generation does not target may go.
          ROLES.filter((r) => st.d.dryRun || !targetsOf(st.d).includes(r)).forEach((r) => bars.delete(r));
        }
      }
      liveDeployment = st.d;
      world.stackStatus = old ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
    } else if (st.kind === 'forged') {
      const physicalId = st.physicalId === 'live' ? world.live?.physicalId ?? 'none' : st.physicalId === 'old' ? oldIds[0] ?? idOf(st.props) : 'junk-id';
      const ev = event(st.type, st.props, { old: world.live?.props, physicalId });
      const spared = narrowingDigest({ exclude: st.props.Selection ? (st.props.Exclude as string[] | undefined) : undefined });
      const grant = world.grant;
      const send = () => background.push(later(st.delay).then(() => invoke(ev, label, grant)).then(() => {
        if (st.type !== 'Delete' && spared !== grant.narrowing) {
          refusedExemptions.push(`${label} spared ${JSON.stringify(st.props.Exclude)} and was accepted`);
        }
      }, () => undefined));
      if (st.when === 'window') {
        inWindow.push(send);
      } else {
        send();
      }
    } else if (st.kind === 'console') {
      background.push(s.schedule(Promise.resolve(), label).then(() => world.roles.get(st.role)!.set('AWSRevokeOlderSessions', JSON.stringify({
        Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': [st.cutoff] } } }],
      }))));
    } else {
      const props = { ...propsOf({ target: { roles: st.roles }, cutoff: { fixed: st.cutoff }, policyName: 'AWSRevokeOlderSessions', dryRun: false, destroy: false }) };
      background.push(invoke(event('Create', props, { stack: OTHER_STACK }), label, NO_GRANT).catch(() => undefined));
    }
  }
  await s.waitIdle();
  await Promise.allSettled(background);
  void liveDeployment;
  return { world, bars, refusedExemptions };
}

async function decision(world: World, role: string, issuedAt: string) {
  return sessionDecision({ name: role, policies: world.roles.get(role)! }, issuedAt);
}

test('over random interleaved histories, every role keeps the highest cutoff a legitimate deployment put in force', async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await summary.check(fc.asyncProperty(fc.scheduler(), history, async (s, steps) => {
    const { world, bars, refusedExemptions } = await runHistory(s, steps);
    expect(world.violations).toEqual([]);
    expect(refusedExemptions).toEqual([]);
    for (const [role, bar] of bars) {
      const before = new Date(bar - 1000).toISOString();
      expect(`${role} ${before}: ${await decision(world, role, before)}`).toBe(`${role} ${before}: ExplicitlyDenied`);
    }
    // Every policy of R left on a role is a readable time-conditioned deny.
    for (const [role, policies] of world.roles) {
      for (const [name, doc] of policies) {
        const read = readRevocationDocument(doc);
        expect(`${role}/${name}: ${read.kind === 'revocation' && latestCutoff(read.statements) !== undefined}`).toBe(`${role}/${name}: true`);
      }
    }
    histories++;
  }), 150);
  jest.restoreAllMocks();
}, 120_000);

