/**
 * The pure planner, property-tested: whatever a role already carries (this resource's policies under
 * any name, a legacy shared statement, foreign documents), the plan never lowers this resource's
 * cutoff without `lower`, always records it in the owned policy, and writes nothing else.
 */
import * as fc from 'fast-check';
import { isOwnedBy, ownedName, ownerTag } from '../../src/core/ratchet';
import { buildRevocationDocument, latestCutoff, ownerSid, readRevocationDocument } from '../../src/core/revocation-document';
import { planRemoval, planRevocation, PlanInput, RoleState } from '../../src/revoke-older-sessions/plan';
import { PropertySummary } from '../helpers/property-summary';

const summary = new PropertySummary('revocation planner');
afterAll(() => summary.print());

const STACK = 'arn:aws:cloudformation:us-east-1:111122223333:stack/S/00000000-0000-4000-8000-000000000001';
const OWNER = ownerTag(STACK, 'Revoke');
const SID = ownerSid(STACK, 'Revoke');
const OTHER = ownerTag(STACK, 'Other');
const BASE = Date.parse('2026-11-22T10:00:00Z');

const instant = fc.integer({ min: -86_400, max: 86_400 }).map((s) => BASE + s * 1000);
const prefix = fc.constantFrom('AWSRevokeOlderSessions', 'IncidentDeny', 'Renamed');
const foreign = fc.oneof(
  instant.map((c) => buildRevocationDocument([{ cutoffMs: c }])),
  fc.constant('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'),
  fc.constant('{not json'),
);
const role = fc.record({
  owned: fc.dictionary(prefix, instant, { maxKeys: 3 }),
  others: fc.dictionary(prefix, instant, { maxKeys: 2 }),
  legacy: fc.option(instant, { nil: undefined }),
  console: fc.option(foreign, { nil: undefined }),
}).map(({ owned, others, legacy, console }): RoleState => {
  const policies = new Map<string, string>();
  Object.entries(owned).forEach(([p, c]) => policies.set(ownedName(p, OWNER), buildRevocationDocument([{ sid: SID, cutoffMs: c }])));
  Object.entries(others).forEach(([p, c]) => policies.set(ownedName(p, OTHER), buildRevocationDocument([{ cutoffMs: c }])));
  if (legacy !== undefined) {
    policies.set('AWSRevokeOlderSessions', buildRevocationDocument([{ sid: SID, cutoffMs: legacy }, { sid: 'CdkRevokeSomeoneElse', cutoffMs: BASE }]));
  } else if (console !== undefined) {
    policies.set('AWSRevokeOlderSessions', console);
  }
  return { name: 'app', path: '/', arn: 'arn:aws:iam::111122223333:role/app', tags: [], policies };
});
const input = fc.record({ policyName: prefix, requestedMs: instant, lower: fc.boolean() })
  .map((i): PlanInput => ({ ...i, owner: OWNER, ownerSid: SID }));

function ownCutoffs(r: RoleState): number[] {
  const out: number[] = [];
  for (const [name, text] of r.policies) {
    const read = readRevocationDocument(text);
    if (read.kind !== 'revocation') {
      continue;
    }
    if (isOwnedBy(name, OWNER)) {
      out.push(latestCutoff(read.statements)!);
    } else {
      out.push(...read.statements.filter((s) => s.sid === SID).map((s) => s.cutoffMs));
    }
  }
  return out;
}

function apply(r: RoleState, writes: { policyName: string; document: string }[]): RoleState {
  const policies = new Map(r.policies);
  writes.forEach((w) => policies.set(w.policyName, w.document));
  return { ...r, policies };
}

test('the plan records this resource\'s cutoff in its owned policy, never earlier than before without lower, and writes only owned names', async () => {
  await summary.check(fc.property(role, input, (r, i) => {
    const plan = planRevocation(r, i);
    expect(plan.kind).toBe('revoke');
    if (plan.kind !== 'revoke') {
      return;
    }
    const before = ownCutoffs(r);
    const after = apply(r, plan.writes);
    expect(plan.writes.every((w) => isOwnedBy(w.policyName, OWNER))).toBe(true);
    const target = readRevocationDocument(after.policies.get(ownedName(i.policyName, OWNER))!);
    expect(target.kind === 'revocation' && latestCutoff(target.statements)).toBe(plan.cutoffMs);
    expect(plan.cutoffMs).toBeGreaterThanOrEqual(i.requestedMs);
    if (!i.lower) {
      expect(plan.cutoffMs).toBeGreaterThanOrEqual(Math.max(...before, -Infinity));
    } else {
      expect(plan.cutoffMs).toBe(i.requestedMs);
      // Lowering reaches every owned policy, so no older name keeps a later cutoff.
      const owned = [...after.policies].filter(([n]) => isOwnedBy(n, OWNER)).map(([, d]) => readRevocationDocument(d));
      expect(owned.every((d) => d.kind === 'revocation' && latestCutoff(d.statements)! <= plan.cutoffMs)).toBe(true);
    }
    // Every foreign policy is exactly as it was.
    for (const [name, text] of r.policies) {
      if (!isOwnedBy(name, OWNER)) {
        expect(after.policies.get(name)).toBe(text);
      }
    }
  }), 500);
});

test('planning is idempotent: a second plan over the first plan\'s result writes nothing', async () => {
  await summary.check(fc.property(role, input, (r, i) => {
    const first = planRevocation(r, i);
    if (first.kind !== 'revoke') {
      return;
    }
    const second = planRevocation(apply(r, first.writes), i);
    expect(second.kind === 'revoke' && second.writes).toEqual([]);
  }), 500);
});

test('a removal deletes only this resource\'s owned policies, and keeps the name still in use', async () => {
  await summary.check(fc.property(role, fc.option(prefix, { nil: undefined }), (r, keep) => {
    const keepName = keep === undefined ? undefined : ownedName(keep, OWNER);
    const deleted = planRemoval(r, OWNER, keepName);
    expect(deleted.every((n) => isOwnedBy(n, OWNER) && n !== keepName && r.policies.has(n))).toBe(true);
    expect([...r.policies.keys()].filter((n) => isOwnedBy(n, OWNER) && n !== keepName).sort()).toEqual(deleted);
  }), 300);
});
