/**
 * The pure plans of the Identity Center writer: statements keyed by content, the merge planned
 * from one read, the ratchet per statement, and what a confirmed removal may take.
 */
import { readInlinePolicy } from '../../src/revoke-identity-center-sessions/inline-policy';
import { holds, ownStatements, planApply, planRemoval, ReadablePolicy } from '../../src/revoke-identity-center-sessions/plan';
import {
  dominated, effectiveCutoff, ownStatement, OwnStatement, readOwnStatement, renderStatement, Revocation,
} from '../../src/revoke-identity-center-sessions/statements';

const OWNER = '0123456789';
const T1 = Date.parse('2026-11-22T10:00:00Z');
const T2 = Date.parse('2026-11-22T10:20:00Z');
const U1 = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const U2 = '11111111-2222-3333-4444-555555555555';
const G1 = 'aaaaaaaa';
const G2 = 'bbbbbbbb';
const FOREIGN = { Sid: 'DenyBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' };
const st = (generation: string, r: Revocation, mark?: string) => ownStatement(OWNER, generation, r, mark);
const policy = (...own: OwnStatement[]): ReadablePolicy => readInlinePolicy(JSON.stringify({
  Version: '2012-10-17', Statement: [FOREIGN, ...own.map(renderStatement)],
})) as ReadablePolicy;
const revocations = (text: string) => ownStatements(readInlinePolicy(text) as ReadablePolicy, OWNER)
  .map((o) => ({ g: o.generation, cutoffMs: o.cutoffMs, users: o.users }));

describe('own statements', () => {
  test('are read back as written, and only for their owner', () => {
    const s = st(G1, { cutoffMs: T1, users: [U2, U1, U1] }, 'cafe0123');
    expect(readOwnStatement(renderStatement(s), OWNER)).toEqual({ ...s, users: [U2, U1].sort() });
    expect(readOwnStatement(renderStatement(s), '9876543210')).toBeUndefined();
    expect(s.sid).toMatch(/^CdkRevokeSessions0123456789gaaaaaaaak[0-9a-f]{8}mcafe0123$/);
  });

  test('one whose content changed since (its key no longer matches) is another writer\'s now, and left alone', () => {
    const s = renderStatement(st(G1, { cutoffMs: T2, users: 'all' })) as any;
    const edited = { ...s, Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-22T09:00:00Z' } } };
    expect(readOwnStatement(edited, OWNER)).toBeUndefined();
    expect(readOwnStatement({ ...s, Effect: 'Allow' }, OWNER)).toBeUndefined();
    expect(readOwnStatement({ ...s, Condition: {} }, OWNER)).toBeUndefined();
    const p = readInlinePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [edited] })) as ReadablePolicy;
    expect(planApply(p, OWNER, st(G1, { cutoffMs: T2, users: 'all' }), false).text).toContain('2026-11-22T09:00:00Z');
    expect(planRemoval(p, OWNER, { kind: 'all' }).changed).toBe(false);
  });

  test('a deny of every session of every user, with no condition, is never rendered', () => {
    expect(() => renderStatement(st(G1, { cutoffMs: Infinity, users: 'all' }))).toThrow(/no condition; this library never writes one/);
  });
});

test('domination is per user, over every statement together', () => {
  const everyone = { cutoffMs: T1, users: 'all' as const };
  expect(dominated({ cutoffMs: T1, users: [U1] }, [everyone])).toBe(true);
  expect(dominated(everyone, [{ cutoffMs: Infinity, users: [U1] }])).toBe(false);
  expect(dominated({ cutoffMs: T2, users: [U1, U2] }, [{ cutoffMs: T2, users: [U1] }, { cutoffMs: Infinity, users: [U2] }])).toBe(true);
  expect(dominated({ cutoffMs: T2, users: [U1] }, [everyone])).toBe(false);
  expect(effectiveCutoff([U1, U2], [everyone, { cutoffMs: T2, users: [U1] }])).toBe(T1);
  expect(effectiveCutoff('all', [{ cutoffMs: T2, users: [U1] }])).toBeUndefined();
});

describe('planApply', () => {
  test('"every user before T1" then "[U1], no cutoff": both stay, the foreign statement first and untouched', () => {
    const plan = planApply(policy(st(G1, { cutoffMs: T1, users: 'all' })), OWNER, st(G2, { cutoffMs: Infinity, users: [U1] }), false);
    expect(JSON.parse(plan.text).Statement[0]).toEqual(FOREIGN);
    expect(revocations(plan.text)).toEqual([{ g: G1, cutoffMs: T1, users: 'all' }, { g: G2, cutoffMs: Infinity, users: [U1] }]);
  });

  test('a later cutoff replaces what it dominates in the same write; a deploy-time statement of another mark stays', () => {
    const marked = st(G1, { cutoffMs: T1 - 1000, users: 'all' }, 'cafe0123');
    const plan = planApply(policy(st(G1, { cutoffMs: T1, users: 'all' }), marked), OWNER, st(G1, { cutoffMs: T2, users: 'all' }), false);
    expect(revocations(plan.text)).toEqual([{ g: G1, cutoffMs: T1 - 1000, users: 'all' }, { g: G1, cutoffMs: T2, users: 'all' }]);
  });

  test('nothing is written when the generation\'s statements already dominate the request (a rollback, a retry)', () => {
    const read = policy(st(G1, { cutoffMs: T2, users: 'all' }));
    expect(planApply(read, OWNER, st(G1, { cutoffMs: T1, users: [U1] }), false).changed).toBe(false);
    // Another generation's statement does not count: each generation keeps its own, so its cleanup cannot take this one's away.
    expect(planApply(read, OWNER, st(G2, { cutoffMs: T1, users: [U1] }), false).changed).toBe(true);
  });

  test('lowering (granted and asked) replaces the generation\'s later statements, and only the generation\'s', () => {
    const read = policy(st(G1, { cutoffMs: T2, users: 'all' }), st(G2, { cutoffMs: T2, users: [U1] }));
    const plan = planApply(read, OWNER, st(G1, { cutoffMs: T1, users: 'all' }), true);
    expect(revocations(plan.text)).toEqual([{ g: G2, cutoffMs: T2, users: [U1] }, { g: G1, cutoffMs: T1, users: 'all' }]);
  });

  test('holds checks what the generation asked for against what is in force', () => {
    const read = policy(st(G1, { cutoffMs: T2, users: 'all' }));
    expect(holds(read, OWNER, G1, { cutoffMs: T1, users: [U1] })).toBe(true);
    expect(holds(read, OWNER, G1, { cutoffMs: T2 + 1, users: [U1] })).toBe(false);
    expect(holds(read, OWNER, G2, { cutoffMs: T1, users: [U1] })).toBe(false);
  });
});

describe('planRemoval', () => {
  test('all: every own statement of any generation, nothing else', () => {
    const plan = planRemoval(policy(st(G1, { cutoffMs: T1, users: 'all' }), st(G2, { cutoffMs: T2, users: [U1] })), OWNER, { kind: 'all' });
    expect(JSON.parse(plan.text).Statement).toEqual([FOREIGN]);
  });

  test('a replaced generation: its users the live one does not target go; those it does keep their cutoff under the live generation', () => {
    const read = policy(st(G1, { cutoffMs: T2, users: [U1, U2] }), st(G2, { cutoffMs: T1, users: [U1] }));
    const plan = planRemoval(read, OWNER, { kind: 'generation', generation: G1, live: G2 });
    expect(revocations(plan.text)).toEqual([{ g: G2, cutoffMs: T2, users: [U1] }]);
    // A live generation that already dominates: the replaced statement simply goes.
    const dominating = policy(st(G1, { cutoffMs: T1, users: [U1] }), st(G2, { cutoffMs: T2, users: 'all' }));
    expect(revocations(planRemoval(dominating, OWNER, { kind: 'generation', generation: G1, live: G2 }).text)).toEqual([{ g: G2, cutoffMs: T2, users: 'all' }]);
  });
});
