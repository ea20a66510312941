/**
 * The fault suite: the real handler and SDK client, unmocked, against the loopback IAM endpoint
 * (a test double). Each case injects one fault, then checks the invariants of DESIGN.md §3 from
 * the endpoint's recorded state:
 *   - no policy but the resource's own was touched (the console's AWSRevokeOlderSessions included),
 *     and no policy was created but the owned policies of this library's resources;
 *   - no owned cutoff moved earlier;
 *   - every role carries the requested cutoff (or a later one) in its owned policy, or is named in the error.
 */
import { physicalIdOf } from '../../src/core/engine/generation';
import { Pacer } from '../../src/core/pacer';
import { ownerTag } from '../../src/core/ratchet';
import { latestCutoff, ownerSid, readRevocationDocument } from '../../src/core/revocation-document';
import { HandlerDeps } from '../../src/revoke-older-sessions/revoke-older-sessions.lambda';
import { AnyEvent, CONTEXT, createEvent, deleteEvent, generationOfProps, OWNER, props, roleArn, STACK_ID, updateEvent } from '../helpers/events';
import { testHandler } from '../helpers/handler';
import { LoopbackIam, LoopbackOptions } from '../helpers/loopback-iam';

const POLICY = 'AWSRevokeOlderSessions';
/** Any resource's owned policy: the only kind a handler may create. */
const OWNED = /\/AWSRevokeOlderSessions-[0-9a-f]{10}(-[0-9a-f]{8}-[0-9T.Z]+)?$/;
/** The events' resource's own policies, under any generation. */
const OURS = new RegExp(`/AWSRevokeOlderSessions-${OWNER}(-[0-9a-f]{8}-[0-9T.Z]+)?$`);
const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const OTHER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const ROLES = Array.from({ length: 24 }, (_, i) => `role-${String(i).padStart(2, '0')}`);

const summary = { faults: 0, checks: 0, violations: [] as string[] };
let iam: LoopbackIam;

afterEach(async () => {
  await iam?.stop();
  jest.restoreAllMocks();
});

afterAll(() => {
  // The one line the issue asks for; it must read "0 violations".
  process.stdout.write(`\nfault suite: ${summary.faults} faults injected, ${summary.checks} invariant checks, `
    + `${summary.violations.length} violations${summary.violations.length ? `: ${summary.violations.join('; ')}` : ''}\n`);
});

async function endpoint(options: LoopbackOptions = {}, roles = ROLES): Promise<LoopbackIam> {
  iam = new LoopbackIam(options);
  await iam.start();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  roles.forEach((name, i) => iam.addRole(name, {
    // Every role carries a policy the handler must never touch; some carry an earlier console cutoff.
    policies: { Other: OTHER, ...(i % 3 === 0 ? { [POLICY]: consoleDocument('2026-11-22T09:00:00.123Z') } : {}) },
  }));
  return iam;
}

function consoleDocument(cutoff: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': [cutoff] } } }],
  });
}

function handler(overrides: Partial<HandlerDeps> = {}) {
  return testHandler({
    iam: iam.client(),
    // Backoff sleeps shortened tenfold: the suite tests outcomes, not waiting.
    sleep: (ms) => new Promise((r) => setTimeout(r, ms / 10)),
    // The real pacer and the deployed concurrency: throttling is one of the faults.
    pacer: () => new Pacer(),
    concurrency: 8,
    ...overrides,
  });
}

function cutoffOf(doc: string | undefined): number | undefined {
  if (doc === undefined) {
    return undefined;
  }
  const read = readRevocationDocument(doc);
  return read.kind === 'unrecognized' ? undefined : latestCutoff(read.statements);
}

/** The latest cutoff the events' resource has in force on a role, over every policy it owns there. */
function ownCutoff(snapshot: Map<string, string>, role: string): number | undefined {
  const cutoffs = [...snapshot].filter(([k]) => k.startsWith(`${role}/`) && OURS.test(k)).map(([, d]) => cutoffOf(d))
    .filter((c): c is number => c !== undefined);
  return cutoffs.length > 0 ? Math.max(...cutoffs) : undefined;
}

/** Checks the three invariants; returns nothing, records every check and violation. */
function checkInvariants(fault: string, before: Map<string, string>, roles: string[], requested: string, error?: Error): void {
  summary.faults++;
  const after = iam.snapshot();
  const violation = (what: string) => summary.violations.push(`${fault}: ${what}`);
  for (const [key, doc] of before) {
    // A role deleted during the run took its policies with it: that is IAM, not the handler.
    if (!OWNED.test(key) && iam.roles.has(key.split('/')[0])) {
      summary.checks++;
      if (after.get(key) !== doc) {
        violation(`${key} was changed`);
      }
    }
  }
  for (const key of after.keys()) {
    if (!OWNED.test(key) && !before.has(key)) {
      summary.checks++;
      violation(`${key} was created`);
    }
  }
  for (const name of roles) {
    const was = ownCutoff(before, name);
    const now = ownCutoff(after, name);
    summary.checks += 2;
    if (was !== undefined && (now === undefined || now < was)) {
      violation(`${name}: cutoff moved earlier`);
    }
    const carries = now !== undefined && now >= Date.parse(requested);
    const named = error !== undefined && new RegExp(`(^|[:;] )${name}: \\S`).test(error.message);
    if (iam.roles.has(name) && !carries && !named) {
      violation(`${name}: neither revoked nor named in the error`);
    }
  }
}

async function run(fault: string, make: () => ReturnType<typeof handler>,
  event: AnyEvent = createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)) })), requested = T1): Promise<Error | undefined> {
  const before = iam.snapshot();
  const error = await make()(event, CONTEXT).then(() => undefined, (e: Error) => e);
  checkInvariants(fault, before, ROLES, requested, error);
  return error;
}

const seeded = (seed: number) => () => {
  // A small deterministic generator: each fault run injects the same pattern every time.
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('faults', () => {
  test('a throttling storm: a 15 requests/s limit, then 2 s in which every call is throttled; every role revoked', async () => {
    await endpoint({ ratePerSecond: 15, burst: 3, latencyMs: [5, 15] });
    let stormFrom: number | undefined;
    iam.inject = () => {
      stormFrom ??= performance.now() + 1000;
      const now = performance.now();
      return now >= stormFrom && now < stormFrom + 2000 ? { kind: 'error', code: 'Throttling', status: 400, message: 'Rate exceeded' } : undefined;
    };
    const error = await run('throttling storm', () => handler());
    expect(error).toBeUndefined();
    expect(Object.entries(iam.tally()).filter(([k]) => k.endsWith(':Throttling')).length).toBeGreaterThan(0);
  }, 30_000);

  test('ServiceFailure and other 5xx answers are retried', async () => {
    await endpoint();
    const random = seeded(2);
    iam.inject = () => {
      const r = random();
      return r < 0.15 ? { kind: 'error', code: 'ServiceFailure', status: 500 } : r < 0.3 ? { kind: 'error', code: 'ServiceUnavailable', status: 503 } : undefined;
    };
    expect(await run('5xx', () => handler())).toBeUndefined();
  });

  test('latency spikes past the SDK timeout are retried, and a write that landed late is harmless', async () => {
    await endpoint();
    const random = seeded(3);
    let arrived = 0;
    let delayed = 0;
    iam.inject = () => {
      arrived++;
      return random() < 0.15 && ++delayed ? { kind: 'delay', ms: 600 } : undefined;
    };
    const error = await run('latency spikes', () => handler({ iam: iam.client({ requestTimeoutMs: 250 }) }));
    expect(error).toBeUndefined();
    // Every delayed request timed out in the SDK and was sent again: a fault-free run takes 1 + 1 + 24 + 1 requests.
    // (The endpoint records the abandoned answers only when their delay ends, possibly after the run.)
    expect(delayed).toBeGreaterThan(0);
    expect(arrived).toBeGreaterThanOrEqual(27 + delayed);
  }, 30_000);

  test('dropped connections are retried', async () => {
    await endpoint();
    const random = seeded(4);
    iam.inject = () => (random() < 0.2 ? { kind: 'drop' } : undefined);
    expect(await run('dropped connections', () => handler())).toBeUndefined();
    expect(iam.calls.filter((c) => c.code === 'Dropped').length).toBeGreaterThan(0);
  });

  test('a role deleted halfway through fails alone, by name', async () => {
    await endpoint();
    let writes = 0;
    iam.afterWrite = (req) => {
      if (req.action === 'PutRolePolicy' && ++writes === 5) {
        iam.roles.delete('role-23');
      }
    };
    const error = await run('role deleted', () => handler({ concurrency: 2 }));
    expect(error?.message).toMatch(/^failed to revoke 1 of 24 roles \(23 done and kept; a rollback keeps them too\): role-23: NoSuchEntity/);
  });

  test('UnmodifiableEntity fails that role alone, by name', async () => {
    await endpoint();
    iam.inject = (req) => (req.action === 'PutRolePolicy' && req.params.RoleName === 'role-05'
      ? { kind: 'error', code: 'UnmodifiableEntity', status: 400, message: 'Cannot perform the operation on the protected role' } : undefined);
    const error = await run('UnmodifiableEntity', () => handler());
    expect(error?.message).toContain('role-05: UnmodifiableEntity: Cannot perform the operation on the protected role');
    expect(iam.calls.filter((c) => c.code === 'UnmodifiableEntity')).toHaveLength(1);
  });

  test('LimitExceeded, when other inline policies use the 10,240-character budget, is not retried and touches nothing', async () => {
    await endpoint();
    const full = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(10_100), Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    iam.roles.get('role-07')!.policies.set('Big', full);
    const error = await run('LimitExceeded', () => handler());
    expect(error?.message).toMatch(/role-07: LimitExceeded: Maximum policy size of 10240 bytes exceeded/);
    expect(iam.calls.filter((c) => c.code === 'LimitExceeded')).toHaveLength(1);
    expect(iam.roles.get('role-07')!.policies.get('Big')).toBe(full);
  });

  test('a malformed existing AWSRevokeOlderSessions document is left untouched, and the role still revoked', async () => {
    await endpoint();
    iam.roles.get('role-09')!.policies.set(POLICY, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
    const error = await run('malformed document', () => handler());
    expect(error).toBeUndefined();
    expect(iam.roles.get('role-09')!.policies.get(POLICY)).toContain('"Allow"');
  });

  test('a Delete racing a write: the other stack\'s DESTROY, from a stale read, lands after our write and verification, and our revocation holds', async () => {
    await endpoint({ latencyMs: [5, 15] });
    const otherStack = STACK_ID.replace('IncidentStack', 'OtherStack');
    const otherOwner = ownerTag(otherStack, 'Revoke');
    const arns = ROLES.map((n) => roleArn(n));
    const otherProps = props({ RoleArns: arns, RemovalPolicy: 'destroy' });
    await handler()({ ...createEvent(otherProps), StackId: otherStack, LogicalResourceId: 'Revoke' }, CONTEXT);
    // The worst interleaving: the other stack's Delete runs entirely after our run, having read before it.
    const error = await run('delete racing a write', () => handler(), createEvent(props({ RoleArns: arns, IssuedBefore: T2 })), T2);
    const del = await handler()({
      ...deleteEvent(otherProps),
      StackId: otherStack,
      LogicalResourceId: 'Revoke',
      PhysicalResourceId: physicalIdOf(ownerSid(otherStack, 'Revoke'), generationOfProps(otherProps)),
    }, CONTEXT).then(() => undefined, (e) => e);
    expect([error, del]).toEqual([undefined, undefined]);
    for (const name of ROLES) {
      expect([...iam.roles.get(name)!.policies.keys()].filter((n) => n.includes(`-${otherOwner}`))).toEqual([]);
      expect(ownCutoff(iam.snapshot(), name)).toBe(Date.parse(T2));
    }
  });

  test('an owned policy deleted by someone else right after our write is found by the verification read and rewritten', async () => {
    await endpoint({ latencyMs: [5, 15] });
    const deleted = new Set<string>();
    iam.afterWrite = (req) => {
      const role = iam.roles.get(req.params.RoleName ?? '');
      if (req.action === 'PutRolePolicy' && role && !deleted.has(role.name)) {
        deleted.add(role.name);
        role.policies.delete(req.params.PolicyName);
      }
    };
    const error = await run('owned policy deleted after write', () => handler(), createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)), IssuedBefore: T2 })), T2);
    expect(error).toBeUndefined();
    expect(deleted.size).toBe(ROLES.length);
    for (const name of ROLES) {
      expect(ownCutoff(iam.snapshot(), name)).toBe(Date.parse(T2));
    }
  });

  test('two real handlers from two stacks, at once, both leave a cutoff no earlier than their own', async () => {
    await endpoint({ latencyMs: [5, 15] });
    const other = createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)), IssuedBefore: T1 }));
    const otherEvent = { ...other, StackId: STACK_ID.replace('IncidentStack', 'OtherStack') };
    const before = iam.snapshot();
    const [a, b] = await Promise.all([
      handler()(createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)), IssuedBefore: T2 })), CONTEXT).then(() => undefined, (e) => e),
      handler()(otherEvent, CONTEXT).then(() => undefined, (e) => e),
    ]);
    checkInvariants('two handlers at once', before, ROLES, T1, a ?? b);
    expect([a, b]).toEqual([undefined, undefined]);
  });

  test('a rollback Update with swapped properties keeps the later cutoff', async () => {
    await endpoint();
    const later = props({ RoleArns: ROLES.map((n) => roleArn(n)), IssuedBefore: T2 });
    const earlier = props({ RoleArns: ROLES.map((n) => roleArn(n)), IssuedBefore: T1 });
    await handler()(createEvent(later), CONTEXT);
    const error = await run('rollback update', () => handler(), updateEvent(earlier, later), T2);
    expect(error).toBeUndefined();
    expect(iam.calls.filter((c) => c.action === 'PutRolePolicy')).toHaveLength(ROLES.length);
  });

  test('a Delete after a failed Create touches nothing', async () => {
    await endpoint();
    await handler()(createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)), RemovalPolicy: 'destroy' })), CONTEXT);
    const writes = iam.calls.length;
    const error = await run('delete after failed create', () => handler(),
      deleteEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)), RemovalPolicy: 'destroy' }), 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'));
    expect(error).toBeUndefined();
    expect(iam.calls.length).toBe(writes);
  });

  test('a Lambda retry of the same event is idempotent: no second write, same state', async () => {
    await endpoint();
    const event = createEvent(props({ RoleArns: ROLES.map((n) => roleArn(n)) }));
    await handler()(event, CONTEXT);
    const state = iam.snapshot();
    const puts = iam.calls.filter((c) => c.action === 'PutRolePolicy').length;
    const error = await run('lambda retry', () => handler(), event);
    expect(error).toBeUndefined();
    expect(iam.snapshot()).toEqual(state);
    expect(iam.calls.filter((c) => c.action === 'PutRolePolicy')).toHaveLength(puts);
  });
});

test('the suite found no violation', () => {
  expect(summary.violations).toEqual([]);
});
