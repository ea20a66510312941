/**
 * The pure planner, property-tested: whatever a role already carries (this resource's policies of
 * any generation and prefix, legacy names, a legacy shared statement, foreign documents), the plan
 * never lowers this resource's cutoff without `lower`, writes only an owned name, never deletes
 * the highest owned policy, and removes only what the removal's scope owns.
 */
import * as fc from 'fast-check';
import { ownedName, ownerTag } from '../../src/core/ratchet';
import { buildRevocationDocument, latestCutoff, ownerSid, readRevocationDocument } from '../../src/core/revocation-document';
import {
  ownedPolicies, ownedPolicyName, parseOwnedName, planRemoval, planRevocation, PlanInput, planSupersede, RoleState,
} from '../../src/revoke-older-sessions/plan';
import { PropertySummary } from '../helpers/property-summary';

const summary = new PropertySummary('revocation planner');
afterAll(() => summary.print());

const STACK = 'arn:aws:cloudformation:us-east-1:111122223333:stack/S/00000000-0000-4000-8000-000000000001';
const OWNER = ownerTag(STACK, 'Revoke');
const SID = ownerSid(STACK, 'Revoke');
const OTHER = ownerTag(STACK, 'Other');
const BASE = Date.parse('2026-11-22T10:00:00Z');
const GENERATIONS = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc'];

const instant = fc.integer({ min: -86_400, max: 86_400 }).map((s) => BASE + s * 1000);
const prefix = fc.constantFrom('AWSRevokeOlderSessions', 'IncidentDeny', 'Renamed');
const generation = fc.constantFrom(...GENERATIONS);
const foreign = fc.oneof(
  instant.map((c) => buildRevocationDocument([{ cutoffMs: c }])),
  fc.constant('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'),
  fc.constant('{not json'),
);
const ownedEntry = fc.record({ prefix, generation: fc.option(generation, { nil: undefined }), cutoff: instant });
const role = fc.record({
  owned: fc.array(ownedEntry, { maxLength: 5 }),
  others: fc.array(fc.record({ prefix, generation, cutoff: instant }), { maxLength: 2 }),
  legacy: fc.option(instant, { nil: undefined }),
  console: fc.option(foreign, { nil: undefined }),
}).map(({ owned, others, legacy, console }): RoleState => {
  const policies = new Map<string, string>();
  owned.forEach((o) => policies.set(
    o.generation === undefined ? ownedName(o.prefix, OWNER) : ownedPolicyName(o.prefix, OWNER, o.generation, o.cutoff),
    buildRevocationDocument([{ sid: SID, cutoffMs: o.cutoff }])));
  others.forEach((o) => policies.set(ownedPolicyName(o.prefix, OTHER, o.generation, o.cutoff), buildRevocationDocument([{ cutoffMs: o.cutoff }])));
  if (legacy !== undefined) {
    policies.set('AWSRevokeOlderSessions', buildRevocationDocument([{ sid: SID, cutoffMs: legacy }, { sid: 'CdkRevokeSomeoneElse', cutoffMs: BASE }]));
  } else if (console !== undefined) {
    policies.set('AWSRevokeOlderSessions', console);
  }
  return { name: 'app', path: '/', arn: 'arn:aws:iam::111122223333:role/app', tags: [], policies };
});
const input = fc.record({ policyName: prefix, generation, requestedMs: instant, lower: fc.boolean() })
  .map((i): PlanInput => ({ ...i, owner: OWNER, ownerSid: SID, sid: SID }));

/** This resource's cutoffs on a role: owned policies, and its statements in shared documents. */
function ownCutoffs(r: RoleState): number[] {
  const out: number[] = [];
  for (const [name, text] of r.policies) {
    const read = readRevocationDocument(text);
    if (read.kind !== 'revocation') {
      continue;
    }
    if (parseOwnedName(name, OWNER)) {
      out.push(latestCutoff(read.statements)!);
    } else {
      out.push(...read.statements.filter((s) => s.sid === SID).map((s) => s.cutoffMs));
    }
  }
  return out;
}

const ownedMax = (r: RoleState) => Math.max(-Infinity, ...ownedPolicies(r, OWNER).owned.map((p) => p.cutoffMs));

function withWrite(r: RoleState, write?: { policyName: string; document: string }): RoleState {
  const policies = new Map(r.policies);
  if (write) {
    policies.set(write.policyName, write.document);
  }
  return { ...r, policies };
}

function without(r: RoleState, names: string[]): RoleState {
  return { ...r, policies: new Map([...r.policies].filter(([n]) => !names.includes(n))) };
}

test('the plan puts this resource\'s cutoff in an owned policy of its generation, never earlier than before without lower, and writes nothing else', async () => {
  await summary.check(fc.property(role, input, (r, i) => {
    const plan = planRevocation(r, i);
    expect(plan.kind).toBe('revoke');
    if (plan.kind !== 'revoke') {
      return;
    }
    const before = ownCutoffs(r);
    const after = withWrite(r, plan.write);
    expect(parseOwnedName(plan.target, OWNER)).toEqual({ prefix: i.policyName, generation: i.generation });
    const target = readRevocationDocument(after.policies.get(plan.target)!);
    expect(target.kind === 'revocation' && latestCutoff(target.statements)).toBe(plan.cutoffMs);
    expect(plan.cutoffMs).toBeGreaterThanOrEqual(i.requestedMs);
    if (i.lower) {
      expect(plan.cutoffMs).toBe(i.requestedMs);
    } else {
      expect(plan.cutoffMs).toBeGreaterThanOrEqual(Math.max(...before, -Infinity));
    }
    for (const [name, text] of r.policies) {
      if (name !== plan.target) {
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
    const second = planRevocation(withWrite(r, first.write), i);
    expect(second.kind === 'revoke' && second.write).toBeUndefined();
  }), 500);
});

test('superseding deletes only owned policies below the latest cutoff in place, so this resource\'s cutoff in force never moves', async () => {
  await summary.check(fc.property(role, generation, fc.boolean(), (r, gen, fold) => {
    const deleted = planSupersede(r, { owner: OWNER, generation: gen, foldOtherGenerations: fold });
    const owned = ownedPolicies(r, OWNER).owned;
    expect(deleted.every((n) => owned.some((p) => p.name === n))).toBe(true);
    if (!fold) {
      expect(deleted.every((n) => parseOwnedName(n, OWNER)!.generation === gen)).toBe(true);
    }
    // What may fold keeps exactly its policies at the latest cutoff.
    const foldable = owned.filter((p) => fold || p.generation === gen);
    const top = Math.max(...foldable.map((p) => p.cutoffMs));
    expect(foldable.filter((p) => !deleted.includes(p.name)).every((p) => p.cutoffMs === top)).toBe(true);
    expect(foldable.filter((p) => p.cutoffMs === top).every((p) => !deleted.includes(p.name))).toBe(true);
    expect(ownedMax(without(r, deleted))).toBe(ownedMax(r));
  }), 500);
});

test('two runs folding from their own reads, in any order, always leave the highest policy', async () => {
  // Each run reads a subset of what is there (it read before the other's write landed), and deletes from its read.
  const reads = fc.array(fc.boolean(), { minLength: 10, maxLength: 10 });
  await summary.check(fc.property(role, reads, reads, (r, seenByA, seenByB) => {
    const names = [...r.policies.keys()];
    const view = (seen: boolean[]) => ({ ...r, policies: new Map([...r.policies].filter(([n]) => seen[names.indexOf(n) % seen.length])) });
    const input_ = { owner: OWNER, generation: GENERATIONS[0], foldOtherGenerations: true };
    const deleted = [...planSupersede(view(seenByA), input_), ...planSupersede(view(seenByB), input_)];
    expect(ownedMax(without(r, deleted))).toBe(ownedMax(r));
  }), 300);
});

test('a removal deletes only what its scope owns; a replaced generation first raises the live one on a role both target', async () => {
  await summary.check(fc.property(role, generation, generation, fc.boolean(), (r, gone, live, all) => {
    fc.pre(all || gone !== live);
    const plan = planRemoval(r, OWNER, all ? { kind: 'all' } : { kind: 'generation', generation: gone, live });
    const owned = ownedPolicies(r, OWNER).owned;
    expect(plan.deletes.every((n) => owned.some((p) => p.name === n && (all || p.generation === gone)))).toBe(true);
    expect(plan.deletes.length).toBe(owned.filter((p) => all || p.generation === gone).length);
    if (all || !plan.raise) {
      return;
    }
    expect(parseOwnedName(plan.raise.policyName, OWNER)!.generation).toBe(live);
    const after = without(withWrite(r, plan.raise), plan.deletes);
    const liveMax = Math.max(...ownedPolicies(after, OWNER).owned.filter((p) => p.generation === live).map((p) => p.cutoffMs));
    expect(liveMax).toBeGreaterThanOrEqual(Math.max(...owned.filter((p) => p.generation === gone).map((p) => p.cutoffMs)));
  }), 300);
});
