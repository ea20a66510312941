/**
 * The switch's guarantees over random histories (fast-check): deployments that bump, lower or
 * narrow the cutoff, CloudFormation rollbacks and cleanup-phase deletes, Lambda retries, stale
 * events landing late, forged events, a run dying right after a write landed, someone setting an
 * older default version or writing a foreign one, the sweep, and a second switch on the same roles.
 * Every IAM call of every run lands and answers at a point the scheduler picks, so the runs of one
 * step interleave at every await. After each history the IAM oracle judges each role's sessions
 * from its own side; and the policy in force is read back.
 *
 * Properties: the cutoff in force for each generation is never below the highest a legitimate
 * deployment reached (once the sweep has run after a dying run or tampering, and at once
 * otherwise); no exemption comes from an event; an Update never removes a statement; no statement
 * lacks its time condition.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as fc from 'fast-check';
import { before, FakeStack, grantOf, LOGICAL_ID, NOW, PROVIDER_ROLE, PROVIDER_ROLE_ARN, revoking, STACK_ID, switchProps } from './harness';
import { MemoryIam } from './memory-iam';
import { generationOf } from '../../src/core/engine/generation';
import { ResourceGrant } from '../../src/core/engine/grants';
import { createRevocationHandler } from '../../src/core/engine/handler';
import { ownerTag } from '../../src/core/ratchet';
import { ownerSid, readRevocationDocument } from '../../src/core/revocation-document';
import { exemptPatterns, readSwitchDocument, switchPolicyArn, SwitchStatement } from '../../src/revocation-switch/document';
import { readSwitchRequest, SWITCH_TARGET_KEYS } from '../../src/revocation-switch/properties';
import { sweepSwitch, switchWriter, SwitchContext } from '../../src/revocation-switch/switch';
import { PropertySummary } from '../helpers/property-summary';
import { ALLOW_ALL, Decision, evaluate, roleSession } from '../helpers/request-context';

const summary = new PropertySummary('revocation switch versions');
/** What the histories held, so the summary shows the property saw every kind of disturbance. */
const seen = {
  histories: 0,
  steps: 0,
  runs: 0,
  concurrent: 0,
  lowering: 0,
  stale: 0,
  forged: 0,
  died: 0,
  tampered: 0,
  rollbacks: 0,
  cleanups: 0,
  sweptAfterDisturbance: 0,
  checks: 0,
};
afterAll(() => {
  summary.print();
  process.stdout.write(`histories: ${Object.entries(seen).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
});

const SECOND_ID = 'SecondSwitch9F8E7D6C';
const T0 = Date.parse('2026-11-22T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const TEAM = { Narrow: 'path-prefix', NarrowPathPrefix: '/team/' };

interface Resource {
  readonly logicalId: string;
  readonly owner: string;
  readonly arn: string;
  readonly destroy: boolean;
  props: Record<string, unknown>;
  physicalId?: string;
  /** Earlier properties, for stale events and rollbacks. */
  readonly history: Array<Record<string, unknown>>;
  /** Per generation, the highest cutoff a legitimate deployment put in force (and completed). */
  readonly reached: Map<string, number>;
  /** The generation a completed update replaced, awaiting CloudFormation's cleanup. */
  replaced?: Record<string, unknown>;
}

const generation = (p: Record<string, unknown>) => generationOf(p, SWITCH_TARGET_KEYS);
const physicalIdOf = (r: Resource, p: Record<string, unknown>) => `${ownerSid(STACK_ID, r.logicalId)}-g${generation(p)}`;

function resource(logicalId: string, destroy: boolean): Resource {
  const owner = ownerTag(STACK_ID, logicalId);
  return {
    logicalId,
    owner,
    arn: switchPolicyArn('aws', '111122223333', owner),
    destroy,
    props: switchProps({ RemovalPolicy: destroy ? 'destroy' : 'retain' }),
    history: [],
    reached: new Map(),
  };
}

function event(r: Resource, type: 'Create' | 'Update' | 'Delete', p: Record<string, unknown>, old?: Record<string, unknown>, physicalId?: string):
CloudFormationCustomResourceEvent {
  const base = { ServiceToken: 'x', ResponseURL: 'x', StackId: STACK_ID, RequestId: 'r', LogicalResourceId: r.logicalId, ResourceType: 'Custom::RevocationSwitch' };
  if (type === 'Create') {
    return { ...base, RequestType: 'Create', ResourceProperties: p as any };
  }
  if (type === 'Update') {
    return { ...base, RequestType: 'Update', PhysicalResourceId: physicalId ?? physicalIdOf(r, old!), ResourceProperties: p as any, OldResourceProperties: old as any };
  }
  return { ...base, RequestType: 'Delete', PhysicalResourceId: physicalId ?? physicalIdOf(r, p), ResourceProperties: p as any };
}

function context(iam: ReturnType<MemoryIam['view']>): SwitchContext {
  return { iam, log: () => undefined, protectedArns: [PROVIDER_ROLE_ARN], concurrency: 2, outOfTime: () => false };
}

function runEvent(mem: MemoryIam, s: fc.Scheduler, label: string, ev: CloudFormationCustomResourceEvent, grant: ResourceGrant, stack: FakeStack,
  diesAfter?: number) {
  return createRevocationHandler(switchWriter(context(mem.view(s, label, diesAfter))), {
    now: () => NOW, phase: 'sync', grants: () => grant, stack, log: () => undefined,
  })(ev);
}

/** One step of a history: a legitimate change, and what else runs at the same time. */
interface Step {
  readonly change: { kind: 'bump'; minutes: number } | { kind: 'narrow'; minutes: number } | { kind: 'rollback'; minutes: number } | { kind: 'cleanup' };
  readonly retry: boolean;
  /** Replays the event of this many steps ago, late. */
  readonly stale?: number;
  readonly forged?: { kind: 'exclude' } | { kind: 'raise'; minutes: number } | { kind: 'delete' } | { kind: 'narrow' };
  readonly tamper?: 'older-default' | 'foreign-default' | 'detach';
  readonly dies?: number;
  readonly sweep: boolean;
  /** The second switch deploys a bump too. */
  readonly second?: number;
}

/** `undefined` three times in four: most steps run without that disturbance. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  change: fc.oneof(
    fc.record({ kind: fc.constant('bump' as const), minutes: fc.integer({ min: -20, max: 25 }) }),
    fc.record({ kind: fc.constant('narrow' as const), minutes: fc.integer({ min: -5, max: 15 }) }),
    fc.record({ kind: fc.constant('rollback' as const), minutes: fc.integer({ min: 1, max: 20 }) }),
    fc.constant({ kind: 'cleanup' as const }),
  ),
  retry: fc.boolean(),
  stale: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 3 })),
  forged: sometimes(fc.oneof(
    fc.constant({ kind: 'exclude' as const }), fc.constant({ kind: 'delete' as const }), fc.constant({ kind: 'narrow' as const }),
    fc.record({ kind: fc.constant('raise' as const), minutes: fc.integer({ min: -60, max: 30 }) }),
  )),
  tamper: sometimes(fc.constantFrom('older-default' as const, 'foreign-default' as const, 'detach' as const)),
  dies: sometimes(fc.integer({ min: 1, max: 10 })),
  sweep: fc.boolean(),
  second: sometimes(fc.integer({ min: -10, max: 20 })),
});

function account(): MemoryIam {
  const mem = new MemoryIam();
  mem.addRole('app-1');
  mem.addRole('team-api', '/team/');
  const full = mem.addRole('full-quota');
  full.attached = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/Filler${i}`);
  mem.addRole(PROVIDER_ROLE);
  return mem;
}

function cutoffOf(p: Record<string, unknown>): number {
  return p.CutoffMode === 'fixed' ? Date.parse(p.IssuedBefore as string) : 0;
}

/** The next legitimate properties of a step. */
function nextProps(r: Resource, change: Step['change']): Record<string, unknown> {
  const current = cutoffOf(r.props) || T0;
  const clamp = (ms: number) => Math.min(NOW + 20 * 60_000, Math.max(T0 - 60 * 60_000, ms));
  const narrowing = (p: Record<string, unknown>) => (p.Narrow === 'path-prefix' ? TEAM : {});
  switch (change.kind) {
    case 'bump':
    case 'rollback':
      return revoking(iso(clamp(current + change.minutes * 60_000)), { RemovalPolicy: r.props.RemovalPolicy, ...narrowing(r.props) });
    case 'narrow':
      return revoking(iso(clamp(current + change.minutes * 60_000)), { RemovalPolicy: r.props.RemovalPolicy, ...(r.props.Narrow === 'path-prefix' ? {} : TEAM) });
    case 'cleanup':
      return r.props;
  }
}

/** Waits until every run of a step has settled, however the scheduler orders their calls. */
async function drive(s: fc.Scheduler, runs: Array<Promise<unknown>>): Promise<Array<{ ok: boolean; value?: any }>> {
  let pending = runs.length;
  const settled = runs.map((p) => p.then((value) => ({ ok: true, value }), (value) => ({ ok: false, value })).finally(() => pending--));
  while (pending > 0) {
    await s.waitAll();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Promise.all(settled);
}

function recordReached(r: Resource, p: Record<string, unknown>): void {
  const gen = generation(p);
  r.reached.set(gen, Math.max(r.reached.get(gen) ?? 0, cutoffOf(p)));
}

/** Runs one step; returns whether someone tampered or a run died (then only the sweep restores the guarantee). */
async function runStep(mem: MemoryIam, s: fc.Scheduler, r: Resource, second: Resource, step: Step, index: number): Promise<boolean> {
  const stack = new FakeStack();
  const runs: Array<Promise<unknown>> = [];
  const legit: Array<{ index: number; props: Record<string, unknown> }> = [];
  let disturbed = false;
  const grantNow = () => grantOf(r.props);
  const add = (p: Promise<unknown>) => runs.push(p) - 1;

  if (step.change.kind === 'cleanup') {
    if (r.replaced === undefined) {
      return false;
    }
    // CloudFormation's cleanup-phase Delete of the replaced generation's physical id.
    stack.status = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    stack.physicalId = r.physicalId;
    const old = r.replaced;
    r.replaced = undefined;
    seen.cleanups++;
    await drive(s, [runEvent(mem, s, `cleanup${index}`, event(r, 'Delete', old), grantNow(), stack)]);
    if (r.destroy && generation(old) !== generation(r.props)) {
      const live = generation(r.props);
      r.reached.set(live, Math.max(r.reached.get(live) ?? 0, r.reached.get(generation(old)) ?? 0));
      r.reached.delete(generation(old));
    }
    return false;
  }

  const first = r.physicalId === undefined;
  const next = nextProps(r, step.change);
  const old = r.props;
  const ev = first ? event(r, 'Create', next) : event(r, 'Update', next, old, r.physicalId);
  r.history.push(old);
  r.props = next;
  legit.push({ index: add(runEvent(mem, s, `deploy${index}`, ev, grantNow(), stack)), props: next });
  if (step.retry) {
    legit.push({ index: add(runEvent(mem, s, `retry${index}`, ev, grantNow(), stack)), props: next });
  }
  if (step.stale !== undefined && r.history.length >= step.stale) {
    const then = r.history[r.history.length - step.stale];
    const staleEvent = event(r, 'Update', then, next, r.physicalId ?? physicalIdOf(r, then));
    add(runEvent(mem, s, `stale${index}`, staleEvent, grantNow(), stack, step.dies));
    disturbed ||= step.dies !== undefined;
  }
  if (step.forged) {
    const f = step.forged;
    const forged = f.kind === 'exclude' ? event(r, 'Update', { ...next, Exclude: ['app-*'] }, next)
      : f.kind === 'narrow' ? event(r, 'Update', { ...next, ...(next.Narrow === 'all' ? TEAM : { Narrow: 'all', NarrowPathPrefix: undefined }) }, next)
        : f.kind === 'delete' ? event(r, 'Delete', next, undefined, r.physicalId ?? physicalIdOf(r, next))
          : event(r, 'Update', revoking(iso(NOW + f.minutes * 60_000), { RemovalPolicy: next.RemovalPolicy, ...(next.Narrow === 'path-prefix' ? TEAM : {}) }), next);
    add(runEvent(mem, s, `forged${index}`, forged, grantNow(), stack));
  }
  if (step.sweep && mem.policies.has(r.arn)) {
    add(sweepSwitch(context(mem.view(s, `sweep${index}`)), r.owner, r.arn, readSwitchRequest(r.props)));
  }
  if (step.second !== undefined) {
    const p2 = revoking(iso(T0 + step.second * 60_000));
    const e2 = second.physicalId === undefined ? event(second, 'Create', p2) : event(second, 'Update', p2, second.props, second.physicalId);
    const i2 = add(runEvent(mem, s, `second${index}`, e2, grantOf(p2), stack));
    const results2 = runs[i2].then((res: any) => {
      second.physicalId = res.PhysicalResourceId;
      second.props = p2;
      recordReached(second, p2);
    }, () => undefined);
    runs.push(results2);
  }

  seen.steps++;
  seen.runs += runs.length;
  seen.concurrent += runs.length > 1 ? 1 : 0;
  seen.lowering += cutoffOf(next) < (r.reached.get(generation(next)) ?? 0) ? 1 : 0;
  seen.stale += step.stale !== undefined ? 1 : 0;
  seen.forged += step.forged ? 1 : 0;
  seen.died += step.dies !== undefined && step.stale !== undefined ? 1 : 0;
  seen.tampered += step.tamper ? 1 : 0;
  seen.rollbacks += step.change.kind === 'rollback' ? 1 : 0;
  const results = await drive(s, runs);
  if (step.tamper && mem.policies.has(r.arn)) {
    // Someone with IAM rights, once the deployment is done.
    disturbed = true;
    tamper(mem, r.arn, step.tamper);
  }
  const succeeded = legit.filter((l) => results[l.index].ok);
  if (succeeded.length > 0) {
    const res = results[succeeded[0].index].value;
    if (!first && res.PhysicalResourceId !== r.physicalId) {
      r.replaced = old;
    }
    r.physicalId = res.PhysicalResourceId;
    recordReached(r, next);
  } else if (first) {
    r.props = old;
  }
  if (step.change.kind === 'rollback' && succeeded.length > 0 && !first) {
    // Another resource failed: CloudFormation rolls this one back to the old properties.
    const back = await drive(s, [runEvent(mem, s, `rollback${index}`, event(r, 'Update', old, next, r.physicalId), grantOf(old), stack)]);
    if (back[0].ok) {
      r.replaced = generation(old) !== generation(next) ? next : undefined;
      r.physicalId = back[0].value.PhysicalResourceId;
      r.props = old;
      recordReached(r, old);
    }
  }
  return disturbed;
}

function tamper(mem: MemoryIam, arn: string, kind: NonNullable<Step['tamper']>): void {
  const p = mem.policies.get(arn)!;
  if (kind === 'detach') {
    const app = mem.roles.get('app-1')!;
    app.attached = app.attached.filter((a) => a !== arn);
    return;
  }
  if (p.versions.size >= 5) {
    return;
  }
  // A copy of the version in force with every cutoff back at 1970 (looks like the switch's own), or a foreign one.
  const document = kind === 'older-default'
    ? mem.defaultDocument(arn)!.replace(/"aws:TokenIssueTime":"[^"]+"/g, '"aws:TokenIssueTime":"1970-01-01T00:00:00Z"')
    : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const id = `v${p.nextVersion++}`;
  p.versions.set(id, { document, createdMs: 10_000 });
  p.defaultVersion = id;
}

function inForce(mem: MemoryIam, r: Resource): SwitchStatement[] {
  const text = mem.defaultDocument(r.arn);
  if (text === undefined) {
    return [];
  }
  const read = readSwitchDocument(text, r.owner);
  if (read.kind !== 'owned') {
    throw new Error(`the default version is foreign: ${read.reason}`);
  }
  return [...read.statements];
}

async function decision(mem: MemoryIam, roleName: string, issuedAt: string): Promise<Decision> {
  const role = mem.roles.get(roleName)!;
  const policies: Record<string, unknown> = { AllowAll: ALLOW_ALL };
  role.attached.forEach((arn, i) => {
    const text = mem.defaultDocument(arn);
    if (text) {
      policies[`managed${i}`] = JSON.parse(text);
    }
  });
  [...role.inline.values()].forEach((text, i) => {
    policies[`inline${i}`] = JSON.parse(text);
  });
  return evaluate(roleSession({ roleName, path: role.path, issuedAt }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', identityPolicies: policies });
}

/** Read back: every reached generation at least at its cutoff, every exemption one the function grants, never one of an event. */
function checkReached(mem: MemoryIam, r: Resource, label: string): SwitchStatement[] {
  const statements = inForce(mem, r);
  const allowed = new Set(exemptPatterns([PROVIDER_ROLE_ARN], []));
  for (const st of statements) {
    if (!st.exempt.every((e) => allowed.has(e))) {
      throw new Error(`${label}: generation ${st.generation} exempts ${st.exempt.filter((e) => !allowed.has(e)).join(', ')}, which no deployment granted`);
    }
  }
  for (const [gen, cutoff] of r.reached) {
    if (cutoff > 0) {
      const st = statements.find((x) => x.generation === gen);
      if ((st?.cutoffMs ?? 0) < cutoff) {
        throw new Error(`${label}: generation ${gen} is at ${st ? iso(st.cutoffMs) : 'nothing'}, below the ${iso(cutoff)} a deployment reached`);
      }
    }
  }
  return statements;
}

/** Every guarantee, read back and judged by the oracle from each role's side. */
async function judge(mem: MemoryIam, r: Resource, label: string): Promise<void> {
  const statements = checkReached(mem, r, label);
  // From each role's side: the highest cutoff any reached generation covering it holds.
  const covering = (roleName: string) => Math.max(0, ...[...r.reached].filter(([gen]) => {
    const st = statements.find((x) => x.generation === gen);
    return st !== undefined && (st.narrowing.kind === 'all' || mem.roles.get(roleName)!.path.startsWith('/team/'));
  }).map(([, c]) => c));
  for (const roleName of ['app-1', 'team-api', 'full-quota']) {
    const c = covering(roleName);
    if (c > 0) {
      expect(`${label} ${roleName} ${await decision(mem, roleName, before(iso(c)))}`).toBe(`${label} ${roleName} ExplicitlyDenied`);
    }
  }
  expect(await decision(mem, PROVIDER_ROLE, '2020-01-01T00:00:00Z')).toBe('Allowed');
  for (const role of mem.roles.values()) {
    for (const text of role.inline.values()) {
      expect(readRevocationDocument(text).kind).toBe('revocation');
    }
  }
}

test('no interleaving of deployments, rollbacks, retries, stale, dying, forged and second writes leaves an earlier default version in force', async () => {
  await summary.check(fc.asyncProperty(fc.scheduler(), fc.boolean(), fc.array(stepArb, { minLength: 2, maxLength: 6 }), async (s, destroy, steps) => {
    const mem = account();
    const r = resource(LOGICAL_ID, destroy);
    const second = resource(SECOND_ID, false);
    // The lockout role carries the switch, as if someone attached it by hand: every version must exempt it.
    let attachedLockout = false;
    for (const [i, step] of steps.entries()) {
      if (await runStep(mem, s, r, second, step, i)) {
        // Someone tampered, or a run died right after a write: the sweep is what restores the guarantee.
        seen.sweptAfterDisturbance++;
        await drive(s, [sweepSwitch(context(mem.view(s, `sweep after ${i}`)), r.owner, r.arn, readSwitchRequest(r.props))]);
      }
      if (!attachedLockout && mem.policies.has(r.arn)) {
        mem.roles.get(PROVIDER_ROLE)!.attached.push(r.arn);
        attachedLockout = true;
      }
      if (mem.policies.has(r.arn)) {
        seen.checks++;
        checkReached(mem, r, `after step ${i + 1}`);
      }
      if (mem.policies.has(second.arn)) {
        checkReached(mem, second, `second switch after step ${i + 1}`);
      }
    }
    seen.histories++;
    if (!mem.policies.has(r.arn)) {
      return;
    }
    await judge(mem, r, 'at the end');
    if (mem.policies.has(second.arn)) {
      await judge(mem, second, 'second switch');
    }
  }), 60);
});
