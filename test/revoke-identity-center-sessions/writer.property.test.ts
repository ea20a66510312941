/**
 * The Identity Center writer over random histories, on a pure model of the SSO Admin API (a test
 * double, not AWS) whose every call is an await point that fast-check's scheduler interleaves:
 * deployments (Creates, cutoff bumps, user and permission-set changes, deploy-time cutoffs),
 * rollbacks of every kind with CloudFormation's cleanup Deletes, Lambda retries of onEvent, stale
 * replays of an older onEvent, forged events, and a second resource writing the same permission
 * sets, all interleaved with each other at every call. Puts may land late: the response is lost
 * (a timeout, retried) and the write lands at a point the scheduler picks.
 *
 * The model's one timing assumption, the same the writer's design rests on: a Put lands at most
 * one request timeout (10 s) after the read it was planned from, and isComplete runs at least one
 * poll interval (15 s) after the writes it checks. It is modelled as: before each isComplete of a
 * run, every write planned from a read made before that run's last landed write has landed. Writes
 * planned later may still be in flight, and land whenever the scheduler says.
 *
 * After each history (every late write landed), the oracle judges Identity Center sessions of each
 * user in each permission set: a session issued just before the highest cutoff a successful
 * deployment of a resource reached for that user (less what a confirmed cleanup legitimately freed)
 * is ExplicitlyDenied. At every write: no statement of another writer was changed, an Update never
 * dropped an own statement it did not dominate, and no statement without a cutoff came from a
 * resource deployed with one, nor without any condition at all.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as fc from 'fast-check';
import { NOTHING_SPARED, ResourceGrant } from '../../src/core/engine/grants';
import { createRevocationHandler } from '../../src/core/engine/handler';
import { StackReader } from '../../src/core/engine/removal-gate';
import { ownerTag } from '../../src/core/ratchet';
import { DEFAULT_RETRY, withRetries } from '../../src/core/retry';
import { ownSidPrefix } from '../../src/revoke-identity-center-sessions/statements';
import { IdentityCenterApi, identityCenterWriter } from '../../src/revoke-identity-center-sessions/writer';
import { STACK_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { INSTANCE_ARN } from '../helpers/loopback-sso-admin';
import { PropertySummary } from '../helpers/property-summary';
import { ALLOW_ALL, evaluate } from '../helpers/request-context';
import { ssoSession } from '../helpers/scp-oracle';

const summary = new PropertySummary('Identity Center writer histories: the highest cutoff reached stays in force');
afterAll(() => summary.print());

const U1 = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const U2 = '11111111-2222-3333-4444-555555555555';
/** A user no revocation names: "every user" reaches them. */
const U3 = '22222222-3333-4444-5555-666666666666';
const USERS = [U1, U2, U3];
const PS_A = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-000000000000000a';
const PS_B = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-000000000000000b';
const ACCOUNTS = ['222233334444', '333344445555'];
const FOREIGN = { Sid: 'DenyBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' };
const POLL_MS = 5 * 60_000;
/** The waiter gives up after 55 minutes: 11 polls of 5 minutes. */
const MAX_POLLS = 11;
const OURS = 'RevokeLeakedSessions';
const THEIRS = 'OtherRevocation';
const OTHER_STACK = STACK_ID.replace('IncidentStack', 'OtherIncident');
const own = (stackId: string, logicalId: string) => ownSidPrefix(ownerTag(stackId, logicalId));

// ---------------------------------------------------------------- the model of the SSO Admin API

interface ModelSet { text: string; version: number; readonly accounts: Map<string, number>; failNext: boolean }
interface ModelRequest { readonly id: string; readonly arn: string; stepsLeft: number; status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED'; failAt?: string }
interface Write {
  readonly arn: string;
  readonly text: string;
  /** The read it was planned from, and what that read returned. */
  readonly readSeq: number;
  readonly read: string;
  readonly by: Invocation;
  landed: boolean;
}

/** Who is calling: one invocation of the handler, for the checks made at each write. */
interface Invocation {
  readonly run: RunContext;
  readonly removal: boolean;
}

/** One CloudFormation operation of one resource (onEvent and its isComplete calls): its last landed write, for the timing assumption. */
interface RunContext {
  /** The Sid prefix of what the resource writes. */
  readonly prefix: string;
  readonly grant: ResourceGrant;
  lastLanded: number;
}

class Model {
  public seq = 0;
  public readonly sets = new Map<string, ModelSet>();
  public readonly requests = new Map<string, ModelRequest>();
  public readonly inflight: Write[] = [];
  /** Reads whose plan is not written yet: the invocation has made no later call for that permission set. */
  public readonly openReads = new Set<{ readonly by: Invocation; readonly arn: string; readonly seq: number }>();
  public readonly violations: string[] = [];
  private nextId = 1;

  constructor(public steps: number) {
    for (const arn of [PS_A, PS_B]) {
      this.sets.set(arn, { text: JSON.stringify({ Version: '2012-10-17', Statement: [FOREIGN] }), version: 1, accounts: new Map(ACCOUNTS.map((a) => [a, 1])), failNext: false });
    }
  }

  /** Every call moves provisioning on: it runs whether anyone reads its status or not. */
  public tick(): number {
    this.seq++;
    for (const r of this.requests.values()) {
      if (r.status === 'IN_PROGRESS' && r.stepsLeft-- <= 0) {
        const ps = this.sets.get(r.arn)!;
        for (const a of ps.accounts.keys()) {
          if (a !== r.failAt) {
            ps.accounts.set(a, ps.version);
          }
        }
        r.status = r.failAt ? 'FAILED' : 'SUCCEEDED';
      }
    }
    return this.seq;
  }

  public provision(arn: string): string | undefined {
    if ([...this.requests.values()].some((r) => r.arn === arn && r.status === 'IN_PROGRESS')) {
      return undefined;
    }
    const ps = this.sets.get(arn)!;
    const id = `req-${this.nextId++}`;
    this.requests.set(id, { id, arn, stepsLeft: this.steps, status: 'IN_PROGRESS', ...(ps.failNext ? { failAt: ACCOUNTS[1] } : {}) });
    ps.failNext = false;
    return id;
  }

  public land(w: Write): void {
    if (w.landed) {
      return;
    }
    w.landed = true;
    this.check(w);
    const ps = this.sets.get(w.arn)!;
    ps.text = w.text;
    ps.version++;
    w.by.run.lastLanded = Math.max(w.by.run.lastLanded, this.tick());
  }

  /**
   * The timing assumption: whatever was planned from a read made before `seq` (a run's last landed
   * write) has landed by that run's next isComplete; a plan still being made is waited for.
   */
  public async landPlannedBefore(seq: number, point: () => Promise<unknown>): Promise<void> {
    while ([...this.openReads].some((r) => r.seq < seq)) {
      await point();
    }
    this.inflight.filter((w) => !w.landed && w.readSeq < seq).forEach((w) => this.land(w));
  }

  public closeRead(by: Invocation, arn?: string): void {
    [...this.openReads].filter((r) => r.by === by && (arn === undefined || r.arn === arn)).forEach((r) => this.openReads.delete(r));
  }

  public landAll(): void {
    this.inflight.forEach((w) => this.land(w));
  }

  /** The checks made at each write, against the read it was planned from. */
  private check(w: Write): void {
    const prefix = w.by.run.prefix;
    const before = statements(w.read);
    const after = statements(w.text);
    const key = (s: unknown) => JSON.stringify(s);
    const afterKeys = new Set(after.map(key));
    for (const s of before.filter((st) => !String(st.Sid).startsWith(prefix))) {
      if (!afterKeys.has(key(s))) {
        this.violations.push(`${prefix} changed another writer's statement ${String(s.Sid)}`);
      }
    }
    const mine = (list: Statement[]) => list.filter((st) => String(st.Sid).startsWith(prefix));
    if (!w.by.removal) {
      for (const s of mine(before).filter((st) => !afterKeys.has(key(st)))) {
        if (!USERS.every((u) => !covers(s, u) || (coverage(mine(after), u) ?? -Infinity) >= cutoffOf(s))) {
          this.violations.push(`an Update by ${prefix} dropped ${String(s.Sid)}, which it did not dominate`);
        }
      }
    }
    const beforeKeys = new Set(before.map(key));
    for (const s of after.filter((st) => String(st.Sid).startsWith('CdkRevokeSessions'))) {
      const c = s.Condition ?? {};
      if (!c.DateLessThan && !c.StringEquals) {
        this.violations.push(`a deny without any condition was written: ${key(s)}`);
      }
      if (!c.DateLessThan && !beforeKeys.has(key(s)) && !w.by.run.grant.noCutoff && !w.by.removal) {
        this.violations.push(`${prefix}, deployed with a cutoff, wrote a statement without one: ${key(s)}`);
      }
    }
  }
}

type Statement = Record<string, any>;
const statements = (text: string): Statement[] => (text === '' ? [] : JSON.parse(text).Statement);
const usersOf = (s: Statement): string[] | 'all' => {
  const v = s.Condition?.StringEquals?.['identitystore:UserId'];
  return v === undefined ? 'all' : [v].flat();
};
const covers = (s: Statement, u: string) => s.Effect === 'Deny' && (usersOf(s) === 'all' || (usersOf(s) as string[]).includes(u));
const cutoffOf = (s: Statement) => {
  const v = s.Condition?.DateLessThan?.['aws:TokenIssueTime'];
  return v === undefined ? Infinity : Date.parse(v);
};
const coverage = (list: Statement[], u: string) => {
  const c = list.filter((s) => covers(s, u)).map(cutoffOf);
  return c.length === 0 ? undefined : Math.max(...c);
};

const RETRY = { ...DEFAULT_RETRY, sleep: async () => undefined, remainingMs: () => Infinity };

/** The SSO Admin API on the model: every call is one await point, a Put two (it may land after its response). */
function modelApi(m: Model, s: fc.Scheduler, by: Invocation, late: () => boolean): IdentityCenterApi {
  const lastRead = new Map<string, { seq: number; text: string }>();
  const point = () => s.schedule(Promise.resolve());
  return {
    permissionSetName: async (_i, arn) => {
      await point();
      return arn.endsWith('a') ? 'AdministratorAccess' : 'ReadOnlyAccess';
    },
    inlinePolicy: async (_i, arn) => {
      await point();
      m.closeRead(by, arn);
      const text = m.sets.get(arn)!.text;
      const seq = m.tick();
      lastRead.set(arn, { seq, text });
      m.openReads.add({ by, arn, seq });
      return text;
    },
    putInlinePolicy: async (_i, arn, text) => {
      await point();
      const read = lastRead.get(arn) ?? { seq: 0, text: m.sets.get(arn)!.text };
      const w: Write = { arn, text, readSeq: read.seq, read: read.text, by, landed: false };
      m.inflight.push(w);
      m.closeRead(by, arn);
      if (late()) {
        // The response is lost; the write lands whenever the scheduler says, within the assumption.
        void s.schedule(Promise.resolve()).then(() => m.land(w));
        const err = new Error('Request timed out');
        err.name = 'TimeoutError';
        throw err;
      }
      m.land(w);
      await point();
    },
    deleteInlinePolicy: async (i, arn) => modelApi(m, s, by, () => false).putInlinePolicy(i, arn, ''),
    provision: async (_i, arn) => {
      await point();
      m.closeRead(by, arn);
      m.tick();
      return m.provision(arn);
    },
    provisioningStatus: async (_i, id) => {
      await point();
      m.tick();
      const r = m.requests.get(id);
      return { status: r?.status ?? 'FAILED', failureReason: r?.failAt ? `not authorized in ${r.failAt}` : undefined };
    },
    accounts: async (_i, arn, latest) => {
      await point();
      m.closeRead(by, arn);
      m.tick();
      const ps = m.sets.get(arn)!;
      return [...ps.accounts].filter(([, v]) => (v === ps.version) === latest).map(([a]) => a);
    },
  };
}

// ---------------------------------------------------------------- CloudFormation, as the histories drive it

interface Props { readonly users: 'all' | readonly string[]; readonly cutoff: string; readonly sets: readonly string[]; readonly destroy: boolean }

function resourceProps(p: Props): Record<string, unknown> {
  const cutoff = p.cutoff === 'none' ? { CutoffMode: 'none' }
    : p.cutoff.startsWith('inc-') ? { CutoffMode: 'deploy-time', Generation: p.cutoff, BufferSeconds: '30' }
      : { CutoffMode: 'fixed', IssuedBefore: p.cutoff };
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    InstanceArn: INSTANCE_ARN,
    PermissionSetArns: p.sets,
    ...(p.users === 'all' ? {} : { UserIds: p.users }),
    ...cutoff,
    RemovalPolicy: p.destroy ? 'destroy' : 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
  };
}

const grantOf = (props: Record<string, unknown>): ResourceGrant => ({
  remove: props.RemovalPolicy === 'destroy', lower: false, noCutoff: props.CutoffMode === 'none', narrowing: NOTHING_SPARED,
});

/** What one resource's successful deployments reached, per permission set and user, and what a confirmed cleanup freed. */
class Reached {
  private readonly byGeneration = new Map<string, Map<string, number>>();

  /** A deployment of this generation succeeded, asking for `cutoffMs`. */
  public add(generation: string, p: Props, cutoffMs: number): void {
    const map = this.byGeneration.get(generation) ?? new Map<string, number>();
    for (const arn of p.sets) {
      for (const u of USERS.filter((x) => p.users === 'all' || p.users.includes(x))) {
        map.set(`${arn} ${u}`, Math.max(map.get(`${arn} ${u}`) ?? -Infinity, cutoffMs));
      }
    }
    this.byGeneration.set(generation, map);
  }

  /** A confirmed cleanup of `old` while `live` (with these properties) stays: what live does not target is freed, the rest carries over. */
  public replace(old: string, live: string, liveProps: Props): void {
    const gone = this.byGeneration.get(old);
    this.byGeneration.delete(old);
    const kept = this.byGeneration.get(live) ?? new Map<string, number>();
    for (const [k, v] of gone ?? []) {
      const [arn, u] = k.split(' ');
      if (liveProps.sets.includes(arn) && (liveProps.users === 'all' || liveProps.users.includes(u))) {
        kept.set(k, Math.max(kept.get(k) ?? -Infinity, v));
      }
    }
    this.byGeneration.set(live, kept);
  }

  public clear(): void {
    this.byGeneration.clear();
  }

  public expected(): Map<string, number> {
    const out = new Map<string, number>();
    for (const map of this.byGeneration.values()) {
      for (const [k, v] of map) {
        out.set(k, Math.max(out.get(k) ?? -Infinity, v));
      }
    }
    return out;
  }
}

/** One resource as CloudFormation keeps it, in a stack of its own. */
class Resource {
  public physicalId?: string;
  public deployed?: Props;
  public stackStatus = 'CREATE_IN_PROGRESS';
  public readonly reached = new Reached();
  public rollbacksFailed: string[] = [];

  constructor(public readonly logicalId: string, public readonly stackId: string) {}
}

interface World {
  readonly m: Model;
  readonly s: fc.Scheduler;
  readonly resources: Map<string, Resource>;
  readonly lateEvery: number;
  puts: number;
}

/** What CloudFormation answers about the resource's stack and current physical id. */
function stackOf(r: Resource): StackReader {
  return {
    stackStatus: async () => r.stackStatus,
    // While CloudFormation deletes the resource itself, it reports it DELETE_IN_PROGRESS.
    resource: async () => (r.physicalId === undefined ? undefined
      : { physicalId: r.physicalId, status: /^(DELETE|ROLLBACK)_IN_PROGRESS$/.test(r.stackStatus) ? 'DELETE_IN_PROGRESS' : 'UPDATE_COMPLETE' }),
  };
}

/** onEvent, then isComplete until done: `ok` with the response, or the failure. */
async function operate(w: World, r: Resource, event: CloudFormationCustomResourceEvent, grant: ResourceGrant, startMs: number, pollsOnly = true)
  : Promise<{ outcome: string; physicalId?: string; data?: Record<string, string> }> {
  const run: RunContext = { prefix: own(r.stackId, r.logicalId), grant, lastLanded: 0 };
  let clock = startMs;
  const invoke = (phase: 'start' | 'continue') => {
    const by: Invocation = { run, removal: event.RequestType === 'Delete' };
    const api = modelApi(w.m, w.s, by, () => w.lateEvery > 0 && ++w.puts % w.lateEvery === 0);
    const stack = stackOf(r);
    // As the function does: a failed read-plan-write is retried whole.
    const handler = createRevocationHandler(identityCenterWriter({ api, retry: (fn) => withRetries(fn, RETRY), stack, log: () => undefined }), {
      now: () => clock, phase, grants: () => grant, stack, log: () => undefined,
    });
    // An invocation that ends has no plan left to write.
    return (e: CloudFormationCustomResourceEvent) => handler(e).finally(() => w.m.closeRead(by));
  };
  try {
    const started = await invoke('start')(event);
    if (!pollsOnly) {
      return { outcome: 'started' };
    }
    for (let i = 0; i < MAX_POLLS; i++) {
      clock += POLL_MS;
      await w.m.landPlannedBefore(run.lastLanded, () => w.s.schedule(Promise.resolve()));
      const done = await invoke('continue')({ ...event, PhysicalResourceId: started.PhysicalResourceId!, Data: started.Data } as any);
      if (done.IsComplete) {
        return { outcome: 'ok', physicalId: done.PhysicalResourceId ?? started.PhysicalResourceId, data: { ...started.Data, ...done.Data } };
      }
    }
    return { outcome: 'timed out' };
  } catch (err) {
    return { outcome: (err as Error).message };
  }
}

const base = (r: Resource) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
  ResponseURL: 'https://example.invalid/response',
  StackId: r.stackId,
  RequestId: 'req',
  LogicalResourceId: r.logicalId,
  ResourceType: 'Custom::RevokeIdentityCenterSessions',
});

function applyEvent(r: Resource, props: Record<string, unknown>, old: Record<string, unknown> | undefined, physicalId = r.physicalId)
  : CloudFormationCustomResourceEvent {
  return physicalId === undefined
    ? { ...base(r), RequestType: 'Create', ResourceProperties: props as any }
    : { ...base(r), RequestType: 'Update', PhysicalResourceId: physicalId, ResourceProperties: props as any, OldResourceProperties: (old ?? props) as any };
}

const deleteEvent = (r: Resource, props: Record<string, unknown>, physicalId: string): CloudFormationCustomResourceEvent =>
  ({ ...base(r), RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: props as any });

const generationOfId = (id: string) => id.slice(-8);
const reachedCutoff = (data?: Record<string, string>) => (data?.RequestedCutoff?.startsWith('none') ? Infinity : Date.parse(data?.RequestedCutoff ?? ''));

type Outcome = 'ok' | 'otherFails' | 'provisioningFails';
type Forged = 'noCutoff' | 'farFuture' | 'lower' | 'exempt' | 'delete' | 'addUser';

/** One deployment of our resource (and CloudFormation's rollback and cleanup), with what runs beside it. */
async function deployment(w: World, r: Resource, p: Props, outcome: Outcome, startMs: number): Promise<void> {
  const props = resourceProps(p);
  const old = r.deployed ? resourceProps(r.deployed) : undefined;
  const before = r.physicalId;
  r.stackStatus = 'UPDATE_IN_PROGRESS';
  if (outcome === 'provisioningFails') {
    w.m.sets.get(p.sets[0])!.failNext = true;
  }
  const forward = await operate(w, r, applyEvent(r, props, old), grantOf(props), startMs);
  if (forward.outcome !== 'ok' || outcome === 'otherFails') {
    if (!r.deployed) {
      // A failed Create: CloudFormation deletes what onEvent returned (a pending id) and the resource is gone.
      return;
    }
    // The rollback: the old properties as the new, the function's grant rolled back with them.
    r.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    const sentId = forward.outcome === 'ok' ? forward.physicalId : before;
    const back = await operate(w, r, applyEvent(r, old!, props, sentId), grantOf(old!), startMs + 60 * 60_000);
    if (back.outcome !== 'ok') {
      r.rollbacksFailed.push(back.outcome);
      return;
    }
    r.physicalId = back.physicalId;
    if (forward.outcome === 'ok') {
      // What the failed update reached for this resource is kept; a cleanup of its generation frees only what the old one does not target.
      r.reached.add(generationOfId(forward.physicalId!), p, reachedCutoff(forward.data));
      if (forward.physicalId !== back.physicalId) {
        r.stackStatus = 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS';
        // Whatever it reports: a confirmed cleanup that failed half way keeps what it removed.
        await operate(w, r, deleteEvent(r, props, forward.physicalId!), grantOf(old!), startMs + 2 * 60 * 60_000);
        if (grantOf(old!).remove) {
          r.reached.replace(generationOfId(forward.physicalId!), generationOfId(back.physicalId!), r.deployed);
        }
      }
    }
    r.stackStatus = 'UPDATE_ROLLBACK_COMPLETE';
    return;
  }
  r.physicalId = forward.physicalId;
  r.reached.add(generationOfId(forward.physicalId!), p, reachedCutoff(forward.data));
  r.deployed = p;
  if (before !== undefined && before !== r.physicalId) {
    r.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    await operate(w, r, deleteEvent(r, old!, before), grantOf(props), startMs + 60 * 60_000);
    if (grantOf(props).remove) {
      r.reached.replace(generationOfId(before), generationOfId(r.physicalId!), p);
    }
  }
  r.stackStatus = 'UPDATE_COMPLETE';
}

/** An event anyone with lambda:InvokeFunction could send, under the grant the stack deployed for the resource. */
async function forge(w: World, r: Resource, kind: Forged, startMs: number): Promise<void> {
  if (!r.deployed) {
    return;
  }
  const props = resourceProps(r.deployed);
  const grant = grantOf(props);
  const forged: Record<Exclude<Forged, 'delete'>, Record<string, unknown>> = {
    noCutoff: { ...props, UserIds: [U1], CutoffMode: 'none', IssuedBefore: undefined },
    farFuture: { ...props, CutoffMode: 'fixed', IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' },
    lower: { ...props, CutoffMode: 'fixed', IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' },
    exempt: { ...props, ExemptUserIds: [U1] },
    addUser: { ...props, UserIds: [U2], CutoffMode: 'fixed', IssuedBefore: '2026-11-22T10:05:00Z' },
  };
  const event = kind === 'delete' ? deleteEvent(r, props, r.physicalId ?? 'x') : applyEvent(r, forged[kind], props);
  await operate(w, r, event, grant, startMs);
}

// ---------------------------------------------------------------- histories

const propsArb: fc.Arbitrary<Omit<Props, 'destroy'>> = fc.record({
  users: fc.constantFrom<'all' | readonly string[]>('all', [U1], [U2], [U1, U2]),
  cutoff: fc.constantFrom('2026-11-22T09:00:00Z', '2026-11-22T10:00:00Z', '2026-11-22T10:20:00Z', 'inc-1', 'inc-2', 'none'),
  sets: fc.constantFrom<readonly string[]>([PS_A], [PS_B], [PS_A, PS_B]),
}).map((p) => (p.cutoff === 'none' && p.users === 'all' ? { ...p, cutoff: '2026-11-22T10:00:00Z' } : p));

const roundArb = fc.record({
  props: propsArb,
  outcome: fc.constantFrom<Outcome>('ok', 'ok', 'otherFails', 'provisioningFails'),
  /** onEvent invoked twice at once (a Lambda retry). */
  retry: fc.boolean(),
  /** An earlier round's onEvent still running, or replayed. */
  stale: fc.boolean(),
  forged: fc.option(fc.constantFrom<Forged>('noCutoff', 'farFuture', 'lower', 'exempt', 'delete', 'addUser'), { nil: undefined }),
  /** The other resource deploys at the same time. */
  other: fc.option(propsArb, { nil: undefined }),
});

const historyArb = fc.record({
  destroy: fc.boolean(),
  rounds: fc.array(roundArb, { minLength: 1, maxLength: 4 }),
  deleteAtEnd: fc.boolean(),
  lateEvery: fc.constantFrom(0, 0, 2, 3),
  steps: fc.integer({ min: 0, max: 3 }),
  scheduler: fc.scheduler(),
});

async function runHistory(h: typeof historyArb extends fc.Arbitrary<infer T> ? T : never): Promise<World> {
  const w: World = { m: new Model(h.steps), s: h.scheduler, resources: new Map(), lateEvery: h.lateEvery, puts: 0 };
  const ours = new Resource(OURS, STACK_ID);
  const theirs = new Resource(THEIRS, OTHER_STACK);
  w.resources.set(OURS, ours);
  w.resources.set(THEIRS, theirs);
  const events: Array<{ event: CloudFormationCustomResourceEvent; grant: ResourceGrant }> = [];
  for (const [i, round] of h.rounds.entries()) {
    const startMs = NOW + i * 3 * 60 * 60_000;
    const p: Props = { ...round.props, destroy: h.destroy };
    const props = resourceProps(p);
    const beside: Array<Promise<unknown>> = [];
    if (round.retry) {
      const retried = applyEvent(ours, props, ours.deployed ? resourceProps(ours.deployed) : undefined);
      beside.push(operate(w, ours, retried, grantOf(props), startMs, false));
    }
    if (round.stale && events.length > 0) {
      const stale = events[events.length - 1];
      beside.push(operate(w, ours, stale.event, stale.grant, startMs, false));
    }
    if (round.forged) {
      beside.push(forge(w, ours, round.forged, startMs));
    }
    if (round.other) {
      beside.push(deployment(w, theirs, { ...round.other, destroy: false }, 'ok', startMs));
    }
    events.push({ event: applyEvent(ours, props, ours.deployed ? resourceProps(ours.deployed) : undefined), grant: grantOf(props) });
    await w.s.waitFor(Promise.all([deployment(w, ours, p, round.outcome, startMs), ...beside]));
  }
  if (h.deleteAtEnd && ours.physicalId !== undefined && ours.deployed) {
    ours.stackStatus = 'DELETE_IN_PROGRESS';
    const final = deleteEvent(ours, resourceProps(ours.deployed), ours.physicalId);
    await w.s.waitFor(operate(w, ours, final, grantOf(resourceProps(ours.deployed)), NOW + 24 * 60 * 60_000));
    if (h.destroy) {
      ours.reached.clear();
    }
  }
  w.m.landAll();
  return w;
}

/** The oracle, from the principal's side: a session of each user issued just before the highest cutoff reached is denied. */
async function judge(w: World): Promise<string[]> {
  const problems = [...w.m.violations];
  for (const r of w.resources.values()) {
    problems.push(...r.rollbacksFailed.map((o) => `a rollback of ${r.logicalId} failed: ${o}`));
    for (const [k, cutoffMs] of r.reached.expected()) {
      const [arn, user] = k.split(' ');
      const issuedAt = cutoffMs === Infinity ? '2030-01-01T00:00:00Z' : new Date(cutoffMs - 1000).toISOString();
      const text = w.m.sets.get(arn)!.text;
      const decision = await evaluate(ssoSession('AdministratorAccess', user, issuedAt), {
        action: 's3:GetObject', resource: 'arn:aws:s3:::data/report.csv', identityPolicies: { Admin: ALLOW_ALL, ...(text ? { Inline: JSON.parse(text) } : {}) },
      });
      if (decision !== 'ExplicitlyDenied') {
        problems.push(`${r.logicalId}: a session of ${user} issued at ${issuedAt} in ${arn} is ${decision}, though a deployment reached ${issuedAt} + 1 s`);
      }
    }
  }
  return problems;
}

test('over random histories the highest cutoff a deployment reached stays in force, and every write keeps the rules', async () => {
  await summary.check(fc.asyncProperty(historyArb, async (h) => {
    const w = await runHistory(h);
    expect(await judge(w)).toEqual([]);
  }), 150);
});
