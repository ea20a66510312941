/**
 * The organization writer over random histories (fast-check): legitimate creates, cutoff bumps,
 * target and selection changes with CloudFormation's cleanup Deletes, rollbacks (the Update with
 * old and new swapped, and the Delete of the new id in the rollback cleanup), Lambda retries,
 * late-landing stale runs, forged events (any properties, any physical id, Deletes while the stack
 * is idle) and a second writer, every Organizations call interleaved at the moment it lands and at
 * the moment it answers. Organizations is a pure model (the loopback double's `handle`, no HTTP).
 *
 * Judged from the principal's side: while any run that is not CloudFormation's own gated removal
 * detaches or deletes, no probe session may go from denied to allowed (checked at every such call
 * with an evaluator written here); after each history the IAM oracle must deny every legitimate
 * (target, selection) pair's session issued just before the highest cutoff a legitimate run
 * reported, and allow the exempt roles; no SCP without a time condition is ever created; nothing
 * touches another writer's SCPs.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as fc from 'fast-check';
import { grantOf, stackReader } from './org-harness';
import { ResourceGrant } from '../../src/core/engine/grants';
import { createOrganizationHandler } from '../../src/revoke-organization-sessions/revoke-organization-sessions.lambda';
import { MAX_OWNED_SCPS } from '../../src/revoke-organization-sessions/scp-plan';
import { createEvent, deleteEvent, OWNER, STACK_ID, updateEvent } from '../helpers/events';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';
import { PropertySummary } from '../helpers/property-summary';
import { roleSession, SAMPLE_REQUESTS } from '../helpers/request-context';
import { MEMBER, scpDecisionsOnPath } from '../helpers/scp-oracle';

const ROOT = 'r-ab12';
const OU = 'ou-ab12-cd34ef56';
const OTHER = '222233334444';
const NOW = Date.parse('2026-11-22T10:30:00Z');
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const PROVIDER_ROLE = 'IncidentStack-ProviderOnEventRole-ABC';
const LOGICAL_B = 'SecondRevocation5E6F7A8B';
const summary = new PropertySummary('organization writer');

// ---- the world ----

const SELECTIONS = {
  ci: { Kind: 'roles-named', Names: ['ci-deploy'] },
  admin: { Kind: 'permission-sets', Names: ['AdministratorAccess'] },
  all: { Kind: 'all-roles', Exclude: ['monitoring-*'] },
} as const;
type SelKey = keyof typeof SELECTIONS;
const TARGET_SETS: readonly string[][] = [[ROOT], [OU], [OU, OTHER], [ROOT, OU]];
const CUTOFFS = ['2026-11-22T09:00:00Z', '2026-11-22T10:00:00Z', '2026-11-22T10:00:01Z', '2026-11-22T10:20:00Z', '2026-11-22T11:00:00Z'];

interface Spec {
  readonly selections: readonly SelKey[];
  readonly targets: readonly string[];
  /** An ISO cutoff, or `deploy-time` (`Generation: INC-1`). */
  readonly cutoff: string;
}

function propsOf(spec: Spec, destroy: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    Selections: spec.selections.map((k) => SELECTIONS[k]),
    Targets: [...spec.targets],
    BreakGlassRoles: ['BreakGlass*'],
    ...(spec.cutoff === 'deploy-time' ? { CutoffMode: 'deploy-time', Generation: 'INC-1' } : { CutoffMode: 'fixed', IssuedBefore: spec.cutoff }),
    PolicyNamePrefix: 'RevokeSessions',
    RemovalPolicy: destroy ? 'destroy' : 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...extra,
  };
}

/** A probe session: who, in which account, issued when. */
interface Probe {
  readonly who: string;
  readonly account: string;
  readonly issuedMs: number;
}

const PRINCIPALS: Record<string, (account: string) => { arn: string; userId?: string }> = {
  ci: (a) => ({ arn: `arn:aws:iam::${a}:role/pipelines/ci-deploy` }),
  admin: (a) => ({ arn: `arn:aws:iam::${a}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`, userId: ALICE }),
  all: (a) => ({ arn: `arn:aws:iam::${a}:role/team/app` }),
  monitoring: (a) => ({ arn: `arn:aws:iam::${a}:role/monitoring-agent` }),
  breakGlass: (a) => ({ arn: `arn:aws:iam::${a}:role/emergency/BreakGlassAdmin` }),
  orgAccess: (a) => ({ arn: `arn:aws:iam::${a}:role/OrganizationAccountAccessRole` }),
  provider: (a) => ({ arn: `arn:aws:iam::${a}:role/${PROVIDER_ROLE}` }),
};
const ACCOUNTS = [MEMBER, OTHER];
const PROBE_TIMES = [...CUTOFFS.map((c) => Date.parse(c) - 1000), NOW + 29_000, NOW + 2 * 3_600_000];
const PROBES: Probe[] = Object.keys(PRINCIPALS)
  .flatMap((who) => ACCOUNTS.flatMap((account) => PROBE_TIMES.map((issuedMs) => ({ who, account, issuedMs }))));

function newWorld(ouOthers: number): LoopbackOrganizations {
  const org = new LoopbackOrganizations({ maxPerTarget: 5 });
  org.addTarget(ROOT);
  // Other SCPs there: a bump beside an earlier generation kept by RETAIN can run out of slots.
  org.addTarget(OU, ouOthers, ROOT);
  org.addTarget(MEMBER, 1, OU);
  org.addTarget(OTHER, 1, ROOT);
  // Someone else's SCP: nothing may touch it.
  org.addPolicy('TheirGuardrail', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}').targets.add(ROOT);
  return org;
}

/** An evaluator for the SCPs this library writes, written here from IAM's rules, independent of the code under test. */
function denies(text: string, probe: Probe): boolean {
  const who = PRINCIPALS[probe.who](probe.account);
  const doc = JSON.parse(text);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const like = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);
  const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [String(v)]);
  return statements.some((st: any) => {
    if (st.Effect !== 'Deny') {
      return false;
    }
    const c = st.Condition ?? {};
    const before = c.DateLessThan === undefined || probe.issuedMs < Date.parse(c.DateLessThan['aws:TokenIssueTime']);
    const selected = (c.ArnLike === undefined || list(c.ArnLike['aws:PrincipalArn']).some((p) => like(p, who.arn)))
      && (c.StringEquals === undefined || list(c.StringEquals['identitystore:UserId']).includes(who.userId ?? ''));
    const spared = list(c.ArnNotLike?.['aws:PrincipalArn']).some((p) => like(p, who.arn));
    return before && selected && !spared;
  });
}

function deniedSet(org: LoopbackOrganizations): Set<string> {
  const out = new Set<string>();
  for (const probe of PROBES) {
    if (org.pathTo(probe.account).some((t) => org.attachedTo(t).some((text) => denies(text, probe)))) {
      out.add(JSON.stringify(probe));
    }
  }
  return out;
}

// ---- runs: the handler against the model, every call scheduled ----

interface Run {
  readonly event: CloudFormationCustomResourceEvent;
  readonly grant: ResourceGrant;
  /** CloudFormation's view while this run is in flight. */
  readonly stack: { status: string; physicalId?: string };
  readonly nowMs: number;
  readonly label: string;
}

const REMOVING = new Set(['DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);

interface Judge {
  readonly violations: string[];
  readonly created: string[];
}

type Result = { ok: boolean; data?: Record<string, string>; id?: string };

function launch(org: LoopbackOrganizations, s: fc.Scheduler, run: Run, judge: Judge): Promise<Result> {
  // The only runs allowed to take a revocation away: CloudFormation's own Delete while the stack deletes, for a DESTROY grant.
  const mayRemove = run.event.RequestType === 'Delete' && run.grant.remove && REMOVING.has(run.stack.status);
  const client = {
    send: async (cmd: any) => {
      const action = cmd.constructor.name.replace(/Command$/, '');
      TALLY.calls++;
      await s.schedule(Promise.resolve(), `${run.label}:${action}`);
      const shrinks = action === 'DetachPolicy' || action === 'DeletePolicy' || action === 'UpdatePolicy';
      const before = shrinks && !mayRemove ? deniedSet(org) : undefined;
      let result: unknown;
      let error: unknown;
      try {
        result = org.handle(action, JSON.parse(JSON.stringify(cmd.input)));
      } catch (err) {
        error = err;
      }
      if ((error as { code?: string } | undefined)?.code === 'ConstraintViolation') {
        TALLY.slotRefusals++;
      }
      if (action === 'CreatePolicy' && error === undefined) {
        judge.created.push(cmd.input.Content);
      }
      if (before) {
        const after = deniedSet(org);
        const freed = [...before].filter((p) => !after.has(p));
        if (freed.length > 0) {
          judge.violations.push(`${run.label} ${action} ${JSON.stringify(cmd.input)} freed ${freed.slice(0, 3).join(' ')}`);
        }
      }
      await s.schedule(Promise.resolve(), `${run.label}:${action}:answer`);
      if (error !== undefined) {
        throw error;
      }
      return JSON.parse(JSON.stringify(result));
    },
  };
  const handler = createOrganizationHandler({
    org: client as any,
    now: () => run.nowMs,
    sleep: async () => undefined,
    grants: () => run.grant,
    stack: stackReader(run.stack),
    stackRoles: [PROVIDER_ROLE],
    stackArn: STACK_ID,
    log: (e) => {
      if (e.event === 'scp-raised') {
        TALLY.raised++;
      } else if (e.event === 'scp-deleted') {
        TALLY.deleted++;
      }
    },
  });
  TALLY.runs++;
  return handler(run.event).then((r) => ({ ok: true, data: r.Data, id: r.PhysicalResourceId }), () => {
    TALLY.refused++;
    return { ok: false };
  });
}

// ---- histories ----

type Step =
  | {
    readonly kind: 'deploy';
    readonly spec: Spec;
    readonly failElsewhere: boolean;
    readonly retry: boolean;
    /** What changes from the live deployment: only the cutoff, only the targets, only the selections, or everything. */
    readonly change: 'cutoff' | 'targets' | 'selections' | 'all';
    /** A bump of the live generation to this cutoff, still running from an earlier attempt: its calls land whenever the scheduler says. */
    readonly stale?: string;
    readonly forged?: Forged;
  }
  | { readonly kind: 'forged'; readonly forged: Forged }
  | { readonly kind: 'second' }
  | { readonly kind: 'delete' };

interface Forged {
  readonly type: 'Create' | 'Update' | 'Delete';
  readonly spec: Spec;
  readonly extra: Record<string, unknown>;
  /** 0: the live id, 1: an earlier id, 2: junk. */
  readonly id: 0 | 1 | 2;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  selections: fc.subarray(['ci', 'admin', 'all'] as SelKey[], { minLength: 1 }),
  targets: fc.constantFrom(...TARGET_SETS),
  cutoff: fc.constantFrom(...CUTOFFS, 'deploy-time'),
});
const forgedArb: fc.Arbitrary<Forged> = fc.record({
  type: fc.constantFrom('Create', 'Update', 'Delete'),
  spec: specArb,
  extra: fc.constantFrom<Record<string, unknown>>(
    {},
    { IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' },
    { IssuedBefore: '9999-12-31T00:00:00Z', AllowFutureCutoff: 'true' },
    { BreakGlassRoles: ['ci-deploy'] },
    { ExemptRoleArns: [`arn:aws:iam::${MEMBER}:role/pipelines/ci-deploy`] },
    { Selections: [{ Kind: 'all-roles', Exclude: ['ci-*', 'app'] }] },
    { PolicyNamePrefix: 'Forged' },
    { Selections: [{ Kind: 'identity-center-user', UserId: ALICE }], CutoffMode: 'none', IssuedBefore: undefined },
    { RemovalPolicy: 'destroy' },
  ),
  id: fc.constantFrom(0, 1, 2),
}) as fc.Arbitrary<Forged>;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deploy' as const),
      spec: specArb,
      change: fc.constantFrom('cutoff', 'targets', 'selections', 'all'),
      failElsewhere: fc.boolean(),
      retry: fc.boolean(),
      stale: fc.option(fc.constantFrom(...CUTOFFS), { nil: undefined }),
      forged: fc.option(forgedArb, { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('forged' as const), forged: forgedArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'second' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
);

/** What legitimate runs reported: the latest cutoff per target and selection, and which pairs a gated removal may drop. */
class Required {
  public readonly cutoffs = new Map<string, number>();

  public reached(spec: Spec, effective: string | undefined): void {
    const ms = effective === undefined ? NaN : Date.parse(effective);
    if (!Number.isFinite(ms)) {
      return;
    }
    for (const t of spec.targets) {
      for (const k of spec.selections) {
        const key = `${t}|${k}`;
        this.cutoffs.set(key, Math.max(this.cutoffs.get(key) ?? -Infinity, ms));
      }
    }
  }

  /** A gated removal of `gone` while `live` stays may drop the pairs `live` does not ask for. */
  public released(gone: Spec, live: Spec | undefined): void {
    for (const t of gone.targets) {
      for (const k of gone.selections) {
        if (!live || !live.targets.includes(t) || !live.selections.includes(k)) {
          this.cutoffs.delete(`${t}|${k}`);
        }
      }
    }
  }
}

/** An account whose path from the root passes through `target`. */
const accountBelow = (target: string) => (target === OTHER ? OTHER : MEMBER);

async function runHistory(s: fc.Scheduler, destroy: boolean, ouOthers: number, steps: readonly Step[]): Promise<void> {
  TALLY.histories++;
  const org = newWorld(ouOthers);
  const judge: Judge = { violations: [], created: [] };
  const required = new Required();
  let clock = NOW;
  let label = 0;
  // CloudFormation's record of resource A: what is deployed and its physical id.
  let live: { spec: Spec; id: string } | undefined;
  const ids: string[] = [];
  const run = (event: CloudFormationCustomResourceEvent, spec: Spec | undefined, stack: Run['stack'], grantSpec = spec) => {
    const props = grantSpec ? propsOf(grantSpec, destroy) : propsOf({ selections: ['ci'], targets: [ROOT], cutoff: CUTOFFS[1] }, destroy);
    const grant = grantOf(props, { remove: destroy });
    return launch(org, s, { event, grant, stack, nowMs: clock, label: `r${label++}` }, judge);
  };
  const settle = async <T>(ps: Array<Promise<T>>): Promise<T[]> => {
    const all = Promise.all(ps);
    await s.waitFor(all);
    return all;
  };
  const forgedRun = (f: Forged, stack: Run['stack']) => {
    const p = { ...propsOf(f.spec, destroy), ...f.extra };
    const physicalId = f.id === 0 ? live?.id ?? 'x' : f.id === 1 ? ids[0] ?? 'x' : 'junk-id';
    const event = f.type === 'Create' ? createEvent(p)
      : f.type === 'Update' ? { ...updateEvent(p, p), PhysicalResourceId: physicalId } : deleteEvent(p, physicalId);
    // The stack's grant: whatever is deployed now.
    return run(event as CloudFormationCustomResourceEvent, undefined, stack, live?.spec);
  };

  for (const step of steps) {
    clock += 60_000;
    if (step.kind === 'forged') {
      await settle([forgedRun(step.forged, { status: 'UPDATE_COMPLETE', physicalId: live?.id })]);
      continue;
    }
    if (step.kind === 'second') {
      // A second resource of the same stack, with its own SCP on the root.
      const p = propsOf({ selections: ['admin'], targets: [ROOT], cutoff: CUTOFFS[1] }, false);
      await settle([launch(org, s, { event: { ...createEvent(p), LogicalResourceId: LOGICAL_B }, grant: grantOf(p), stack: { status: 'UPDATE_IN_PROGRESS' }, nowMs: clock, label: `b${label++}` }, judge)]);
      continue;
    }
    if (step.kind === 'delete') {
      if (!live) {
        continue;
      }
      const stack = { status: 'DELETE_IN_PROGRESS', physicalId: live.id };
      const [res] = await settle([run(deleteEvent(propsOf(live.spec, destroy), live.id), live.spec, stack)]);
      if (res.ok && destroy) {
        required.cutoffs.clear();
      }
      live = undefined;
      continue;
    }
    // A legitimate deployment, with whatever runs beside it.
    const spec: Spec = !live || step.change === 'all' ? step.spec
      : step.change === 'cutoff' ? { ...live.spec, cutoff: step.spec.cutoff }
        : step.change === 'targets' ? { ...live.spec, targets: step.spec.targets } : { ...live.spec, selections: step.spec.selections };
    const props = propsOf(spec, destroy);
    const event = live ? { ...updateEvent(props, propsOf(live.spec, destroy)), PhysicalResourceId: live.id } : createEvent(props);
    const stack = { status: live ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS', physicalId: live?.id };
    const beside: Array<Promise<Result>> = [];
    const stale = step.stale && live ? { ...live.spec, cutoff: step.stale } : undefined;
    if (stale && live) {
      const staleEvent = { ...updateEvent(propsOf(stale, destroy), propsOf(live.spec, destroy)), PhysicalResourceId: live.id };
      beside.push(run(staleEvent as CloudFormationCustomResourceEvent, live.spec, { status: 'UPDATE_IN_PROGRESS', physicalId: live.id }));
    }
    if (step.forged) {
      beside.push(forgedRun(step.forged, stack));
    }
    const cfnEvent = event as CloudFormationCustomResourceEvent;
    // A Lambda retry sends the same event again while the first is still running.
    const mine = [run(cfnEvent, spec, stack), ...(step.retry ? [run(cfnEvent, spec, stack)] : [])];
    const results = await settle([...mine, ...beside]);
    if (stale && results[mine.length].ok) {
      // It was a legitimate deployment of the live generation: what it reported counts.
      required.reached(stale, results[mine.length].data?.EffectiveCutoff);
    }
    const done = results.slice(0, mine.length).find((r) => r.ok);
    results.slice(0, mine.length).filter((r) => r.ok).forEach((r) => required.reached(spec, r.data?.EffectiveCutoff));
    if (!done || (step.failElsewhere && live)) {
      // Our Update failed, or another resource did: CloudFormation rolls back, with the old properties.
      if (!live) {
        if (done?.id) {
          // A failed stack create deletes what was created.
          await settle([run(deleteEvent(props, done.id), spec, { status: 'ROLLBACK_IN_PROGRESS', physicalId: done.id })]);
          if (destroy) {
            required.released(spec, undefined);
          }
        }
        continue;
      }
      const current = done?.id ?? live.id;
      const back = { ...updateEvent(propsOf(live.spec, destroy), props), PhysicalResourceId: current };
      const [rolled] = await settle([run(back as CloudFormationCustomResourceEvent, live.spec, { status: 'UPDATE_ROLLBACK_IN_PROGRESS', physicalId: current })]);
      if (rolled.ok) {
        required.reached(live.spec, rolled.data?.EffectiveCutoff);
        if (current !== rolled.id) {
          const cleanup = { status: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: rolled.id };
          const [removed] = await settle([run(deleteEvent(props, current), live.spec, cleanup)]);
          if (removed.ok && destroy) {
            required.released(spec, live.spec);
          }
        }
        live = { spec: live.spec, id: rolled.id! };
        ids.push(rolled.id!);
      }
      continue;
    }
    const previous = live;
    live = { spec: spec, id: done.id! };
    ids.push(done.id!);
    if (previous && previous.id !== done.id) {
      const cleanup = { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: done.id };
      const [removed] = await settle([run(deleteEvent(propsOf(previous.spec, destroy), previous.id), spec, cleanup)]);
      if (removed.ok && destroy) {
        required.released(previous.spec, spec);
      }
    }
  }

  // ---- the verdict ----
  expect(judge.violations).toEqual([]);
  for (const text of judge.created) {
    for (const st of JSON.parse(text).Statement) {
      expect(st.Condition.DateLessThan?.['aws:TokenIssueTime']).toBeDefined();
      expect(st.Condition.ArnLike ?? st.Condition.StringEquals).toBeDefined();
    }
  }
  const theirs = [...org.policies.values()].find((p) => p.name === 'TheirGuardrail')!;
  expect([...theirs.targets]).toEqual([ROOT]);
  const own = [...org.policies.values()].filter((p) => p.name.includes(`-${OWNER}-`) || p.name.endsWith(`-${OWNER}`));
  // The cap holds but for runs that checked it at the same moment (a retry, a stale run, a forged one beside a deploy).
  expect(own.length).toBeLessThanOrEqual(MAX_OWNED_SCPS + 3);
  const judged: Array<[Probe, string]> = [];
  for (const [key, cutoffMs] of required.cutoffs) {
    const [target, who] = key.split('|');
    judged.push([{ who, account: accountBelow(target), issuedMs: cutoffMs - 1000 }, 'ExplicitlyDenied']);
  }
  for (const who of ['breakGlass', 'orgAccess', 'provider', 'monitoring']) {
    judged.push([{ who, account: MEMBER, issuedMs: Date.parse(CUTOFFS[0]) - 1000 }, 'Allowed']);
  }
  // No event may put a cutoff more than an hour ahead, or none at all.
  judged.push([{ who: 'ci', account: MEMBER, issuedMs: NOW + 2 * 3_600_000 }, 'Allowed']);
  for (const [probe, expected] of judged) {
    const decision = await oracle(org, probe);
    expect({ probe, decision }).toEqual({ probe, decision: expected });
  }
}

/** The IAM oracle's decision for one probe, under every SCP on its account's path. */
async function oracle(org: LoopbackOrganizations, probe: Probe): Promise<string> {
  const who = PRINCIPALS[probe.who](probe.account);
  const [, path, name] = /:role(\/(?:.*\/)?)([^/]+)$/.exec(who.arn)!;
  const session = roleSession({ roleName: name, path, issuedAt: new Date(probe.issuedMs).toISOString(), account: probe.account });
  const caller = who.userId ? { ...session, context: { ...session.context, 'identitystore:UserId': who.userId } } : session;
  const levels = org.pathTo(probe.account).map((id) => ({ id, policies: org.attachedTo(id).map((t) => JSON.parse(t)) }));
  const [decision] = await scpDecisionsOnPath(caller, levels, SAMPLE_REQUESTS.slice(0, 1));
  return decision;
}

/** What the histories exercised, printed beside the summary (counts, not timings). */
const TALLY = { histories: 0, runs: 0, refused: 0, calls: 0, slotRefusals: 0, deleted: 0, raised: 0 };
afterAll(() => {
  summary.print();
  process.stdout.write(`properties: organization writer: ${TALLY.histories} histories, ${TALLY.runs} handler runs (${TALLY.refused} refused or `
    + `failed), ${TALLY.calls} Organizations calls interleaved, ${TALLY.slotRefusals} slot refusals, ${TALLY.deleted} SCPs retired, ${TALLY.raised} live SCPs raised\n`);
});

test.each([['RETAIN', false], ['DESTROY', true]])('histories under %s: no run but CloudFormation\'s own removal frees a session; legitimate cutoffs stay in force', async (_name, destroy) => {
  await summary.check(fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 4 }), fc.array(stepArb, { minLength: 1, maxLength: 6 }),
    async (s, ouOthers, steps) => {
      await runHistory(s, destroy as boolean, ouOthers, steps);
    }), 40);
});
