/**
 * The organization writer's pure decisions: names, dominance, what a plan puts in force, and
 * what the removal of a replaced generation must raise first.
 */
import { readOrganizationRequest } from '../../src/revoke-organization-sessions/properties';
import {
  buildScp, exemptPatterns, raiseScpCutoff, readScp, scpDominates, selectedPermissionSetProblem, ScpSelection, ScpStatement,
} from '../../src/revoke-organization-sessions/scp-document';
import {
  generationRemoval, OwnedScp, planScp, readScpName, scpName, stackRoleArns, trustedExemptions,
} from '../../src/revoke-organization-sessions/scp-plan';
import { STACK_ID } from '../helpers/events';

const OWNER = '0123456789';
const T10 = Date.parse('2026-11-22T10:00:00Z');
const T11 = Date.parse('2026-11-22T11:00:00Z');
const CI: ScpSelection = { kind: 'roles-named', names: ['ci-deploy'] };
const statements = (selections: ScpSelection[], cutoffMs: number | undefined, extraExempt: string[] = []): readonly ScpStatement[] => {
  const read = readScp(buildScp({ selections, exempt: exemptPatterns(['BreakGlass*'], extraExempt), cutoffMs }));
  if (!read.ok) {
    throw new Error(read.reason);
  }
  return read.statements;
};
const owned = (name: string, content: string, generation?: string): OwnedScp => ({ name, prefix: 'RevokeSessions', id: `p-${name.length}`, content, read: readScp(content), generation });

test('names: one per content, generation and owner; the single name of earlier versions is recognized as owned', () => {
  const a = scpName('RevokeSessions', OWNER, 'aaaaaaaa', '{"x":1}');
  expect(a).toMatch(/^RevokeSessions-0123456789-gaaaaaaaa-[0-9a-f]{10}$/);
  expect(scpName('RevokeSessions', OWNER, 'aaaaaaaa', '{"x":2}')).not.toBe(a);
  expect(readScpName(a, OWNER)).toEqual({ prefix: 'RevokeSessions', generation: 'aaaaaaaa' });
  expect(readScpName(`RevokeSessions-${OWNER}`, OWNER)).toEqual({ prefix: 'RevokeSessions' });
  expect(readScpName(a, '9876543210')).toBeUndefined();
  expect(scpName('x'.repeat(100), OWNER, 'aaaaaaaa', '{}').length).toBeLessThanOrEqual(128);
});

test('dominance: the same selector, a cutoff at least as late, no exemption wider but the trusted ones', () => {
  const trusted = trustedExemptions(['arn:aws:iam::111122223333:role/Provider']);
  const base = statements([CI], T10);
  expect(scpDominates(statements([CI], T11), base, trusted)).toBe(true);
  expect(scpDominates(statements([CI], T10 - 1), base, trusted)).toBe(false);
  // Lowering, granted and asked for, ignores the cutoff only.
  expect(scpDominates(statements([CI], T10 - 1), base, trusted, true)).toBe(true);
  // No cutoff denies more than any cutoff.
  expect(scpDominates(statements([CI], undefined), base, trusted)).toBe(true);
  // A wider exemption from an event never dominates; the stack's own role (trusted) does.
  expect(scpDominates(statements([CI], T11, ['arn:aws:iam::111122223333:role/ci-deploy']), base, trusted)).toBe(false);
  expect(scpDominates(statements([CI], T11, ['arn:aws:iam::111122223333:role/Provider']), base, trusted)).toBe(true);
  // Another selector, or a selection dropped, never.
  expect(scpDominates(statements([{ kind: 'roles-named', names: ['other'] }], T11), base, trusted)).toBe(false);
  expect(scpDominates(statements([CI], T11), statements([CI, { kind: 'permission-sets', names: ['Admin'] }], T10), trusted)).toBe(false);
  // An all-roles exclude is an exemption: a wider one does not dominate.
  expect(scpDominates(statements([{ kind: 'all-roles', exclude: ['ci-*'] }], T11), statements([{ kind: 'all-roles', exclude: [] }], T10), trusted)).toBe(false);
});

test('a plan keeps the latest cutoff in force for its selections, and marks a deploy-time cutoff in every Sid', () => {
  const request = readOrganizationRequest({ Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }], Targets: ['r-ab12'], CutoffMode: 'deploy-time', Generation: 'INC-1' });
  const inForce = owned('RevokeSessions-x', buildScp({ selections: [CI], exempt: exemptPatterns([], []), cutoffMs: T11 }), 'aaaaaaaa');
  const unrelated = owned('RevokeSessions-y', buildScp({ selections: [{ kind: 'roles-named', names: ['z'] }], exempt: [], cutoffMs: T11 + 1 }), 'bbbbbbbb');
  const plan = planScp({ request, owned: [inForce, unrelated], stackRoles: [], requestedMs: T10, lower: false, owner: OWNER, generation: 'cccccccc' });
  expect(plan.cutoffMs).toBe(T11);
  expect(JSON.parse(plan.content).Statement[0].Sid).toMatch(/^RevokeSessions1Dt[0-9a-f]{8}$/);
  expect(planScp({ request, owned: [inForce], stackRoles: [], requestedMs: T10, lower: true, owner: OWNER, generation: 'cccccccc' }).cutoffMs).toBe(T10);
});

test('the same request in another order is the same SCP', () => {
  const a = readOrganizationRequest({ Selections: [{ Kind: 'roles-named', Names: ['b', 'a'] }, { Kind: 'all-roles' }], Targets: ['r-ab12'], IssuedBefore: '2026-11-22T10:00:00Z' });
  const b = readOrganizationRequest({ Selections: [{ Kind: 'all-roles' }, { Kind: 'roles-named', Names: ['a', 'b', 'a'] }], Targets: ['r-ab12'], IssuedBefore: '2026-11-22T10:00:00Z' });
  const plan = (r: typeof a) => planScp({ request: r, owned: [], stackRoles: [], requestedMs: T10, lower: false, owner: OWNER, generation: 'cccccccc' }).content;
  expect(plan(a)).toBe(plan(b));
});

test('the stack\'s own roles are exact ARNs in the function\'s account; anything else in the environment grants nothing', () => {
  expect(stackRoleArns(STACK_ID, ['Stack-Provider-ABC', 'ops/Deployer', 'bad*', '${aws:username}', ''])).toEqual([
    'arn:aws:iam::111122223333:role/Stack-Provider-ABC', 'arn:aws:iam::111122223333:role/ops/Deployer',
  ]);
  expect(stackRoleArns('', ['Stack-Provider-ABC'])).toEqual([]);
});

test('removing a replaced generation raises the live SCP first where it holds an earlier cutoff for the same principals', () => {
  const old = owned('old', buildScp({ selections: [CI, { kind: 'permission-sets', names: ['Admin'] }], exempt: [], cutoffMs: T11 }), 'aaaaaaaa');
  const live = owned('live', buildScp({ selections: [CI], exempt: [], cutoffMs: T10 }), 'bbbbbbbb');
  expect([...generationRemoval([old], [live], false).raise.entries()]).toEqual([[live, T11]]);
  expect(generationRemoval([old], [live], true).raise.size).toBe(0);
  const later = owned('later', buildScp({ selections: [CI], exempt: [], cutoffMs: T11 }), 'bbbbbbbb');
  expect(generationRemoval([old], [later], false).raise.size).toBe(0);
  const raised = readScp(raiseScpCutoff(live.content, T11));
  expect(raised.ok && raised.statements.map((s) => s.cutoffMs)).toEqual([T11]);
});

test.each([
  ['AWSReservedSSO_AdministratorAccess_a1b2c3d4e5f60718', 'AdministratorAccess', true],
  ['AWSReservedSSO_AdministratorAccess_*', 'AdministratorAccess', true],
  ['AWSReservedSSO_Admin?stratorAccess_*', 'AdministratorAccess', true],
  ['AWSReservedSSO_AdministratorAccess_zzzz', 'AdministratorAccess', false],
  ['AWSReservedSSO_BreakGlass_*', 'AdministratorAccess', false],
  ['BreakGlass*', 'AdministratorAccess', false],
  ['*-admin', 'AdministratorAccess', false],
])('a break-glass role %s of the permission set %s\'s roles is refused: %s', (glob, set, refused) => {
  expect(selectedPermissionSetProblem(set, [glob]) !== undefined).toBe(refused);
});
