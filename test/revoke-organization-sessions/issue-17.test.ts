/**
 * The organization writer's items of issues 17 and 18, each reproduced against the loopback
 * Organizations endpoint (a test double) and judged with the IAM oracle from the principal's
 * side: a session of the leaked role in a member account below the targets.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { orgHandler, orgProps, HarnessOptions } from './org-harness';
import { createEvent, deleteEvent, updateEvent } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { LoopbackOrganizations, MANAGEMENT_ACCOUNT } from '../helpers/loopback-organizations';
import { MEMBER, memberRole, scpDecisionsOnPath, ssoSession } from '../helpers/scp-oracle';

const ROOT = 'r-ab12';
const OU = 'ou-ab12-cd34ef56';
const OTHER = '222233334444';
const BEFORE = '2026-11-22T09:59:00Z';
const HASH = 'a1b2c3d4e5f60718';
let org: LoopbackOrganizations;

beforeEach(async () => {
  org = new LoopbackOrganizations({ pageSize: 2 });
  await org.start();
  org.addTarget(ROOT);
  org.addTarget(OU, 1, ROOT);
  org.addTarget(MEMBER, 1, OU);
  org.addTarget(OTHER, 1, ROOT);
  org.addTarget(MANAGEMENT_ACCOUNT, 1, ROOT);
});
afterEach(() => org.stop());

const props = orgProps;

/** The oracle's decision for a caller in `account`, under every SCP attached on its path. */
async function decide(caller: ReturnType<typeof memberRole>, account = MEMBER): Promise<string> {
  const path = org.pathTo(account).map((id) => ({ id, policies: org.attachedTo(id).map((c) => JSON.parse(c)) }));
  const decisions = await scpDecisionsOnPath(caller, path);
  return decisions.every((d) => d === decisions[0]) ? decisions[0] : decisions.join(',');
}

const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.message);

/** A deployment as CloudFormation runs it: the handler with the grant of what was deployed. */
async function deploy(deployed: Record<string, unknown>, o: Partial<HarnessOptions> = {}, previous?: { props: Record<string, unknown>; id: string }) {
  const handler = orgHandler(org, { deployed, ...o });
  const event = previous ? { ...updateEvent(deployed, previous.props), PhysicalResourceId: previous.id } : createEvent(deployed);
  const res = await handler(event as CloudFormationCustomResourceEvent);
  return { props: deployed, id: res.PhysicalResourceId!, data: res.Data ?? {} };
}

/** A forged event sent to the function of a stack that deployed `deployed`. */
function forge(deployed: Record<string, unknown>, o: Partial<HarnessOptions> = {}) {
  return orgHandler(org, { deployed, ...o });
}

describe('item 8: an event cannot grow what the SCP spares', () => {
  test.each([
    ['the leaked role\'s exact ARN as ExemptRoleArns', [{ Kind: 'roles-named', Names: ['ci-deploy'] }], { ExemptRoleArns: [`arn:aws:iam::${MEMBER}:role/ci-deploy`] }],
    ['the leaked role as a break-glass role (all roles selected)', [{ Kind: 'all-roles' }], { BreakGlassRoles: ['ci-deploy'] }],
  ])('a forged update with %s is refused; the leaked session stays denied', async (_name, selections, extra) => {
    const deployed = props({ Selections: selections });
    const live = await deploy(deployed);
    const forged = { ...deployed, ...extra, IssuedBefore: '2026-11-22T10:05:00Z' };
    const outcome = await settle(forge(deployed)({ ...updateEvent(forged, deployed), PhysicalResourceId: live.id }));
    expect(outcome).toMatch(/not what this stack deployed/);
    expect(await decide(memberRole('ci-deploy', BEFORE))).toBe('ExplicitlyDenied');
  });

  test('a forged exact AWSReservedSSO_<set>_<hash> break-glass entry is refused; the permission set session stays denied', async () => {
    const deployed = props({ Selections: [{ Kind: 'permission-sets', Names: ['AdministratorAccess'] }] });
    const live = await deploy(deployed);
    const forged = { ...deployed, BreakGlassRoles: [`AWSReservedSSO_AdministratorAccess_${HASH}`] };
    const outcome = await settle(forge(deployed)({ ...updateEvent(forged, deployed), PhysicalResourceId: live.id }));
    expect(outcome).not.toBe('ok');
    expect(await decide(ssoSession('AdministratorAccess', '906723b4-d071-70a1-3b0a-b19e5a4e0f31', BEFORE, HASH))).toBe('ExplicitlyDenied');
  });

  test('a forged all-roles Exclude naming the leaked role is refused; its session stays denied', async () => {
    const deployed = props({ Selections: [{ Kind: 'all-roles' }] });
    const live = await deploy(deployed);
    const forged = props({ Selections: [{ Kind: 'all-roles', Exclude: ['ci-deploy'] }] });
    expect(await settle(forge(deployed)({ ...updateEvent(forged, deployed), PhysicalResourceId: live.id }))).toMatch(/not what this stack deployed/);
    expect(await decide(memberRole('ci-deploy', BEFORE, '/pipelines/'))).toBe('ExplicitlyDenied');
  });

  test('a policy variable in an exempt ARN path is refused', async () => {
    const arn = `arn:aws:iam::${MEMBER}:role/\${aws:PrincipalTag/team}/ci-deploy`;
    const deployed = props({ ExemptRoleArns: [arn] });
    expect(await settle(forge(deployed)(createEvent(deployed)))).toMatch(/policy variable|\$\{/);
    expect(org.callsOf('CreatePolicy')).toHaveLength(0);
  });
});

test('item 9: a statement kept for a dropped selection keeps its own exemptions (rolesNamed -> allRoles exclude ci-*)', async () => {
  const first = await deploy(props({ Selections: [{ Kind: 'roles-named', Names: ['ci-deployer'] }] }));
  await deploy(props({ Selections: [{ Kind: 'all-roles', Exclude: ['ci-*'] }], IssuedBefore: '2026-11-22T10:05:00Z' }), {}, first);
  expect(await decide(memberRole('ci-deployer', BEFORE))).toBe('ExplicitlyDenied');
  expect(await decide(memberRole('ci-runner', BEFORE))).toBe('Allowed');
  expect(await decide(memberRole('app', BEFORE))).toBe('ExplicitlyDenied');
});

test('item 11: a forged CutoffMode none is refused for a construct deployed with a cutoff', async () => {
  const user = { Kind: 'identity-center-user', UserId: '906723b4-d071-70a1-3b0a-b19e5a4e0f31' };
  const deployed = props({ Selections: [user] });
  const live = await deploy(deployed);
  const forged = { ...deployed, CutoffMode: 'none', IssuedBefore: undefined };
  expect(await settle(forge(deployed)({ ...updateEvent(forged, deployed), PhysicalResourceId: live.id }))).toMatch(/without a cutoff/);
  const session = ssoSession('ReadOnlyAccess', '906723b4-d071-70a1-3b0a-b19e5a4e0f31', '2026-11-22T10:20:00Z');
  expect(await decide(session)).toBe('Allowed');
  for (const text of [...org.policies.values()].map((p) => p.content)) {
    expect(text).toContain('aws:TokenIssueTime');
  }
});

test('item 13: forged prefixes and targets cannot fill the targets\' SCP slots; the next incident\'s SCP still attaches', async () => {
  const live = await deploy(props({ Targets: [ROOT, OU] }));
  const forger = forge(props({ Targets: [ROOT, OU] }));
  for (let i = 0; i < 6; i++) {
    await settle(forger({ ...updateEvent(props({ PolicyNamePrefix: `Forged${i}`, Targets: [ROOT, OU], IssuedBefore: `2026-11-22T10:0${i}:00Z` }), props()), PhysicalResourceId: live.id }));
    await settle(forger({ ...updateEvent(props({ Targets: [ROOT, OU], Selections: [{ Kind: 'roles-named', Names: [`other-${i}`] }] }), props()), PhysicalResourceId: live.id }));
  }
  // Another SCP of the organization (someone else's) still finds a slot on the root.
  const theirs = org.addPolicy('SomeoneElses', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}');
  expect(org.attachedTo(ROOT).length + 1).toBeLessThan(5);
  // And the next legitimate deployment's bump still lands on every target, or names the SCPs in the way.
  const bumped = await settle(deploy(props({ Targets: [ROOT, OU], IssuedBefore: '2026-11-22T10:20:00Z' }), {}, { props: props({ Targets: [ROOT, OU] }), id: live.id }));
  expect(bumped === 'ok' ? bumped : bumped.replace(/^.*(SCPs).*(RevokeSessions-).*$/s, '$1 $2')).toMatch(/^(ok|SCPs RevokeSessions-)$/);
  expect(await decide(memberRole('ci-deploy', '2026-11-22T09:30:00Z'))).toBe('ExplicitlyDenied');
  expect(theirs.targets.size).toBe(0);
});

test('the stale-write race: a bump that read before a later deployment and wrote after it never lowers the cutoff in force', async () => {
  const live = await deploy(props());
  // A one-second bump reads, then stalls before its write until the real 10:20 deployment has finished.
  let release!: () => void;
  const stalled = new Promise<void>((r) => { release = r; });
  let reads = 0;
  const slow = orgHandler(org, {
    deployed: props(),
    around: async (action, call) => {
      if (['CreatePolicy', 'UpdatePolicy', 'AttachPolicy'].includes(action) && reads > 0) {
        await stalled;
      }
      if (action === 'ListPolicies') {
        reads++;
      }
      return call();
    },
  });
  const late = slow({ ...updateEvent(props({ IssuedBefore: '2026-11-22T10:00:01Z' }), props()), PhysicalResourceId: live.id });
  await new Promise((r) => setTimeout(r, 50));
  const real = await deploy(props({ IssuedBefore: '2026-11-22T10:20:00Z' }), {}, live);
  expect(real.data.EffectiveCutoff).toBe('2026-11-22T10:20:00Z');
  release();
  await settle(late);
  expect(await decide(memberRole('ci-deploy', '2026-11-22T10:10:00Z'))).toBe('ExplicitlyDenied');
});

test('item 6: a forged far-future cutoff is bounded by what synth allowed', async () => {
  const deployed = props({ IssuedBefore: '2026-11-22T12:00:00Z', AllowFutureCutoff: 'true' });
  const live = await deploy(deployed, { future: true });
  const forged = props({ IssuedBefore: '9999-12-31T00:00:00Z', AllowFutureCutoff: 'true' });
  expect(await settle(forge(deployed, { future: true })({ ...updateEvent(forged, deployed), PhysicalResourceId: live.id })))
    .toMatch(/more than 1 hour after|later than/);
  expect(await decide(memberRole('ci-deploy', '2026-11-22T13:00:00Z'))).toBe('Allowed');
});

test('item 4: a deploy-time cutoff is computed once per generation: adding a target later keeps it', async () => {
  const dt = { CutoffMode: 'deploy-time', Generation: 'INC-1', IssuedBefore: undefined };
  const live = await deploy(props(dt));
  const later = await deploy(props({ ...dt, Targets: [ROOT, OTHER] }), { now: () => NOW + 3_600_000 }, live);
  expect(later.data.EffectiveCutoff).toBe(new Date(NOW + 30_000).toISOString().replace('.000Z', 'Z'));
  expect(await decide(memberRole('ci-deploy', '2026-11-22T10:45:00Z'))).toBe('Allowed');
});

test('items 1 and 3: an Update never removes; under DESTROY a dropped target goes only in the cleanup phase', async () => {
  const grant = { remove: true };
  const both = props({ Targets: [OU, OTHER], RemovalPolicy: 'destroy' });
  const live = await deploy(both, grant);
  const onlyOu = props({ Targets: [OU], RemovalPolicy: 'destroy' });
  const next = await deploy(onlyOu, { ...grant, stack: { status: 'UPDATE_IN_PROGRESS' } }, live);
  expect(await decide(memberRole('ci-deploy', BEFORE), OTHER)).toBe('ExplicitlyDenied');
  // A Delete of the old id while the stack is idle (forged or replayed) removes nothing.
  await orgHandler(org, { deployed: onlyOu, ...grant, stack: { status: 'UPDATE_COMPLETE', physicalId: next.id } })(deleteEvent(both, live.id));
  expect(await decide(memberRole('ci-deploy', BEFORE), OTHER)).toBe('ExplicitlyDenied');
  // CloudFormation's own cleanup-phase Delete of the replaced generation removes the dropped target only.
  if (next.id !== live.id) {
    await orgHandler(org, { deployed: onlyOu, ...grant, stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', physicalId: next.id } })(deleteEvent(both, live.id));
  }
  expect(await decide(memberRole('ci-deploy', BEFORE), OTHER)).toBe('Allowed');
  expect(await decide(memberRole('ci-deploy', BEFORE))).toBe('ExplicitlyDenied');
});

test('issue 18: a target that is the management account is refused (SCPs never apply there) and never counted as attached', async () => {
  const outcome = await settle(deploy(props({ Targets: [ROOT, MANAGEMENT_ACCOUNT] })));
  expect(outcome).toMatch(new RegExp(`${MANAGEMENT_ACCOUNT} is the organization's management account`));
  expect(org.callsOf('AttachPolicy').filter((c) => c.input.TargetId === MANAGEMENT_ACCOUNT)).toHaveLength(0);
});
