import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { deployTimeMark, resolveRequestedCutoff } from '../../../src/core/engine/cutoff';
import { generationOf, physicalIdOf, readPhysicalId } from '../../../src/core/engine/generation';
import {
  encodeGrant, grantsFromEnv, NO_GRANT, narrowingDigest, NOTHING_SPARED, resourceTag, ResourceGrant, servedGrant,
} from '../../../src/core/engine/grants';
import { createRevocationHandler, Outcome, RemovalRun, Writer } from '../../../src/core/engine/handler';
import { confirmRemoval, StackReader } from '../../../src/core/engine/removal-gate';
import { fitResponseData, MAX_RESPONSE_BYTES } from '../../../src/core/engine/response';
import { readCutoff, RequestedCutoff } from '../../../src/core/resource-props';
import { ownerSid } from '../../../src/core/revocation-document';

const STACK = 'arn:aws:cloudformation:us-east-1:111122223333:stack/S/0000';
const LOGICAL = 'Revoke1';
const OWNER_ID = ownerSid(STACK, LOGICAL);
const NOW = Date.parse('2026-11-22T10:30:00Z');
const FULL: ResourceGrant = { remove: true, lower: true, noCutoff: false, narrowing: NOTHING_SPARED };

describe('grants', () => {
  test('round-trip through the environment, for the served resource of the own stack only', () => {
    const grant: ResourceGrant = { remove: true, lower: false, noCutoff: true, future: { kind: 'until', epochMs: 1795000000000 }, narrowing: narrowingDigest({ a: ['x'] }) };
    const table = grantsFromEnv({ REVOKE_STACK: STACK, REVOKE_GRANTS: `${encodeGrant(resourceTag(LOGICAL), grant)},junk` });
    expect(servedGrant(table, STACK, LOGICAL)).toEqual(grant);
    expect(servedGrant(table, STACK, 'Other')).toBeUndefined();
    expect(servedGrant(table, STACK.replace('S/', 'T/'), LOGICAL)).toBeUndefined();
    expect(servedGrant(grantsFromEnv({ REVOKE_GRANTS: encodeGrant(resourceTag(LOGICAL), grant) }), '', LOGICAL)).toBeUndefined();
  });

  test('the digest of what is spared ignores order, duplicates and empty lists', () => {
    expect(narrowingDigest({ b: ['2', '1', '1'], a: [] })).toBe(narrowingDigest({ b: ['1', '2'] }));
    expect(narrowingDigest({ b: ['1'] })).not.toBe(narrowingDigest({ b: ['1', '2'] }));
    expect(narrowingDigest({})).toBe(NOTHING_SPARED);
  });
});

describe('requested cutoff', () => {
  const fixed = (iso: string): RequestedCutoff => ({ mode: 'fixed', epochMs: Date.parse(iso) });
  test('more than an hour ahead only up to the literal synth allowed', () => {
    expect(() => resolveRequestedCutoff(fixed('2026-11-22T12:00:00Z'), NOW, NO_GRANT)).toThrow(/more than 1 hour after/);
    const until: ResourceGrant = { ...NO_GRANT, future: { kind: 'until', epochMs: Date.parse('2026-11-23T00:00:00Z') } };
    expect(resolveRequestedCutoff(fixed('2026-11-23T00:00:00Z'), NOW, until)).toBe(Date.parse('2026-11-23T00:00:00Z'));
    expect(() => resolveRequestedCutoff(fixed('9999-12-31T00:00:00Z'), NOW, until)).toThrow(/later than the 2026-11-23T00:00:00Z/);
  });
  test('no cutoff only for a resource deployed without one', () => {
    expect(() => resolveRequestedCutoff({ mode: 'none' }, NOW, NO_GRANT)).toThrow(/only a construct deployed without issuedBefore/);
    expect(resolveRequestedCutoff({ mode: 'none' }, NOW, { ...NO_GRANT, noCutoff: true })).toBe(Infinity);
  });
  test('a deploy-time cutoff keeps what its generation put in force; the clock only for a new generation', () => {
    const dt = readCutoff({ CutoffMode: 'deploy-time', Generation: 'inc-1' }, false);
    expect(resolveRequestedCutoff(dt, NOW, NO_GRANT)).toBe(NOW + 30_000);
    expect(resolveRequestedCutoff(dt, NOW + 3_600_000, NO_GRANT, NOW + 30_000)).toBe(NOW + 30_000);
    expect(deployTimeMark(dt)).toBe(deployTimeMark(readCutoff({ CutoffMode: 'deploy-time', Generation: 'inc-1', BufferSeconds: '30' }, false)));
    expect(deployTimeMark(dt)).not.toBe(deployTimeMark(readCutoff({ CutoffMode: 'deploy-time', Generation: 'inc-2' }, false)));
    expect(() => resolveRequestedCutoff(readCutoff({ CutoffMode: 'deploy-time', Generation: 'g', BufferSeconds: '7200' }, false), NOW, NO_GRANT))
      .toThrow(/buffer of 7200 seconds/);
  });
});

describe('generations and physical ids', () => {
  test('what is targeted names the generation, whatever the order', () => {
    const a = generationOf({ RoleArns: ['b', 'a'], IssuedBefore: '1' }, ['RoleArns']);
    expect(a).toBe(generationOf({ RoleArns: ['a', 'b'], IssuedBefore: '2' }, ['RoleArns']));
    expect(a).not.toBe(generationOf({ RoleArns: ['a'] }, ['RoleArns']));
    expect(readPhysicalId(physicalIdOf(OWNER_ID, a), OWNER_ID)).toEqual({ kind: 'live', generation: a });
    expect(readPhysicalId(`pending-${physicalIdOf(OWNER_ID, a)}`, OWNER_ID)).toEqual({ kind: 'pending' });
    expect(readPhysicalId(physicalIdOf('Other', a), OWNER_ID)).toEqual({ kind: 'foreign' });
  });
});

describe('the removal gate', () => {
  const reader = (status: string | undefined, physicalId?: string, resourceStatus = 'UPDATE_COMPLETE'): StackReader => ({
    stackStatus: async () => status,
    resource: async () => (physicalId === undefined ? undefined : { physicalId, status: resourceStatus }),
  });
  const gen1 = physicalIdOf(OWNER_ID, 'aaaaaaaa');
  const gen2 = physicalIdOf(OWNER_ID, 'bbbbbbbb');
  const ev = { StackId: STACK, LogicalResourceId: LOGICAL, PhysicalResourceId: gen1 };
  test('a Delete while the stack is not removing resources removes nothing', async () => {
    expect((await confirmRemoval(reader('UPDATE_COMPLETE', gen1), ev, OWNER_ID)).kind).toBe('refused');
    expect((await confirmRemoval(reader('UPDATE_IN_PROGRESS', gen1), ev, OWNER_ID)).kind).toBe('refused');
    // A rollback updates resources back first; what the failed update created goes only in its cleanup.
    expect((await confirmRemoval(reader('UPDATE_ROLLBACK_IN_PROGRESS', gen2), ev, OWNER_ID)).kind).toBe('refused');
  });
  test('a Delete of the live id during another resource\'s cleanup or a rollback, while CloudFormation is not deleting this one, removes nothing', async () => {
    expect((await confirmRemoval(reader('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', gen1, 'UPDATE_COMPLETE'), ev, OWNER_ID)).kind).toBe('refused');
    expect((await confirmRemoval(reader('UPDATE_ROLLBACK_IN_PROGRESS', gen1, 'UPDATE_COMPLETE'), ev, OWNER_ID)).kind).toBe('refused');
    // Removed from the template in an update: CloudFormation deletes it in the cleanup phase.
    expect((await confirmRemoval(reader('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', gen1, 'DELETE_IN_PROGRESS'), ev, OWNER_ID)).kind).toBe('final');
  });
  test('the stack deleting this very id is final; a replaced generation keeps the live one', async () => {
    expect(await confirmRemoval(reader('DELETE_IN_PROGRESS', gen1, 'DELETE_IN_PROGRESS'), ev, OWNER_ID)).toEqual({ kind: 'final' });
    expect(await confirmRemoval(reader('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', gen2), ev, OWNER_ID)).toEqual({ kind: 'replaced', live: 'bbbbbbbb' });
  });
  test('a Delete of the current id while the stack removes something else (a rollback, another resource\'s cleanup) removes nothing', async () => {
    // Anyone may invoke the function; CloudFormation deletes this very id only with the resource in DELETE_IN_PROGRESS.
    expect((await confirmRemoval(reader('UPDATE_ROLLBACK_IN_PROGRESS', gen1, 'UPDATE_IN_PROGRESS'), ev, OWNER_ID)).kind).toBe('refused');
    expect((await confirmRemoval(reader('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', gen1, 'UPDATE_COMPLETE'), ev, OWNER_ID)).kind).toBe('refused');
    expect(await confirmRemoval(reader('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', gen1, 'DELETE_IN_PROGRESS'), ev, OWNER_ID)).toEqual({ kind: 'final' });
  });

  test('a failing CloudFormation call removes nothing', async () => {
    const failing: StackReader = { stackStatus: async () => { throw new Error('AccessDenied'); }, resource: async () => undefined };
    expect((await confirmRemoval(failing, ev, OWNER_ID)).kind).toBe('refused');
  });
});

describe('the handler', () => {
  interface Req { targets: string[]; spared: string[]; cutoff: RequestedCutoff }
  const calls: Array<{ kind: string; run: unknown }> = [];
  const writer: Writer<Req> = {
    construct: 'Test',
    targetKeys: ['Targets'],
    readRequest: (p) => {
      const props = p as Record<string, unknown>;
      return { targets: props.Targets as string[], spared: (props.Spared as string[]) ?? [], cutoff: readCutoff(props, false) };
    },
    cutoffOf: (r) => r.cutoff,
    spared: (r) => ({ spared: r.spared }),
    apply: async (run): Promise<Outcome> => {
      calls.push({ kind: 'apply', run });
      return { complete: true, data: { Cutoff: String(run.requestedCutoff()) } };
    },
    remove: async (run: RemovalRun<Req>): Promise<Outcome> => {
      calls.push({ kind: 'remove', run });
      return { complete: true, data: {} };
    },
  };
  // While the stack is deleted, CloudFormation reports each resource it deletes as DELETE_IN_PROGRESS.
  const stack = (status: string, physicalId: string): StackReader => ({
    stackStatus: async () => status,
    resource: async () => ({ physicalId, status: status === 'DELETE_IN_PROGRESS' ? 'DELETE_IN_PROGRESS' : 'UPDATE_COMPLETE' }),
  });
  const handler = (grant: ResourceGrant, reader: StackReader = stack('UPDATE_COMPLETE', '')) => createRevocationHandler(writer, {
    now: () => NOW, phase: 'sync', grants: () => grant, stack: reader, log: () => undefined,
  });
  const base = { StackId: STACK, LogicalResourceId: LOGICAL, RequestId: 'r', ResponseURL: '', ServiceToken: '', ResourceType: 'Custom::T' };
  const props = (targets: string[], extra: Record<string, unknown> = {}) => ({ ServiceToken: '', Targets: targets, IssuedBefore: '2026-11-22T10:00:00Z', ...extra });
  beforeEach(() => calls.splice(0));

  test('an Update that changes the targets gets a new physical id; a cutoff bump keeps it', async () => {
    const created = await handler(NO_GRANT)({ ...base, RequestType: 'Create', ResourceProperties: props(['a']) } as CloudFormationCustomResourceEvent);
    const bumped = await handler(NO_GRANT)({
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId!,
      ResourceProperties: props(['a'], { IssuedBefore: '2026-11-22T10:10:00Z' }),
      OldResourceProperties: props(['a']),
    } as CloudFormationCustomResourceEvent);
    const moved = await handler(NO_GRANT)({
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId!,
      ResourceProperties: props(['b']),
      OldResourceProperties: props(['a']),
    } as CloudFormationCustomResourceEvent);
    expect(bumped.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(moved.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
  });

  test('an event that spares more than the stack deployed is refused before anything runs', async () => {
    await expect(handler(NO_GRANT)({ ...base, RequestType: 'Create', ResourceProperties: props(['a'], { Spared: ['leaked-role'] }) } as CloudFormationCustomResourceEvent))
      .rejects.toThrow(/spares spared \["leaked-role"\], which is not what this stack deployed/);
    expect(calls).toEqual([]);
  });

  test('a Delete removes only with the grant, for a completed generation, while CloudFormation removes it', async () => {
    const id = physicalIdOf(OWNER_ID, generationOf({ Targets: ['a'] }, ['Targets']));
    const del = { ...base, RequestType: 'Delete', PhysicalResourceId: id, ResourceProperties: props(['a']) } as CloudFormationCustomResourceEvent;
    await handler(NO_GRANT, stack('DELETE_IN_PROGRESS', id))(del);
    await handler(FULL, stack('UPDATE_COMPLETE', id))(del);
    await handler(FULL, stack('DELETE_IN_PROGRESS', id))({ ...del, PhysicalResourceId: `pending-${id}` } as CloudFormationCustomResourceEvent);
    expect(calls).toEqual([]);
    await handler(FULL, stack('DELETE_IN_PROGRESS', id))(del);
    await handler(FULL, stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalIdOf(OWNER_ID, 'cccccccc')))(del);
    expect(calls.map((c) => (c.run as RemovalRun<Req>).scope)).toEqual([{ kind: 'all' }, { kind: 'generation', live: 'cccccccc' }]);
  });
});

test('a long report is clipped so the whole response fits 4,096 bytes', () => {
  const event = { StackId: STACK, RequestId: 'x'.repeat(36), LogicalResourceId: LOGICAL };
  const fitted = fitResponseData({ Names: 'n'.repeat(3000), More: 'm'.repeat(1500), Small: 'ok' }, event, 'p'.repeat(200));
  expect(Buffer.byteLength(JSON.stringify({ Data: fitted, ...event, PhysicalResourceId: 'p'.repeat(200) })) + 400).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  expect(fitted.Small).toBe('ok');
  expect(fitted.Names).toMatch(/clipped/);
});
