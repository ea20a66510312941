/**
 * Black-box review of the BUNDLED organization handler (the `index.js` the construct deploys),
 * loaded with the environment the construct sets and driven as CloudFormation and as an attacker
 * with lambda:InvokeFunction would: forged, replayed and rolled-back events against the loopback
 * Organizations and CloudFormation endpoints (test doubles). The oracle then judges the SCPs left
 * in force, from a member account below the targets. The bundle exists after `npx projen bundle`
 * (every build runs it before the tests).
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { grantOf } from './org-harness';
import { encodeGrant, resourceTag } from '../../src/core/engine/grants';
import { createEvent, deleteEvent, LOGICAL_ID, OWNER, STACK_ID, updateEvent } from '../helpers/events';
import { LoopbackCloudFormation } from '../helpers/loopback-cloudformation';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';
import { every, MEMBER, memberRole, scpDecisionsOnPath, ssoSession } from '../helpers/scp-oracle';

const BUNDLE = join(__dirname, '../../assets/revoke-organization-sessions/revoke-organization-sessions.lambda/index.js');
const PROVIDER_ROLE = 'IncidentStack-ProviderOnEventRole-ABC';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const CUTOFF = '2026-11-22T10:00:00Z';
const ENV_KEYS = ['AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_ENDPOINT_URL_CLOUDFORMATION', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'REVOKE_STACK', 'REVOKE_GRANTS', 'REVOKE_STACK_ROLES', 'REVOKE_PHASE'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let org: LoopbackOrganizations;
let cfn: LoopbackCloudFormation;

beforeEach(async () => {
  org = new LoopbackOrganizations({ pageSize: 2 });
  await org.start();
  org.addTarget('r-ab12');
  org.addTarget('ou-ab12-cd34ef56', 1, 'r-ab12');
  org.addTarget(MEMBER, 1, 'ou-ab12-cd34ef56');
  cfn = new LoopbackCloudFormation(STACK_ID);
  await cfn.start();
});
afterEach(async () => {
  await org.stop();
  await cfn.stop();
  ENV_KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k])));
});

/** The deployed entry point, as Lambda loads it, with the environment the construct sets for `deployed`. */
function bundled(deployed: Record<string, unknown>, grant: { remove?: boolean } = {}): (event: unknown) => Promise<any> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    // As the provider sets them: this resource of this stack, and the stack's own roles.
    REVOKE_STACK: STACK_ID,
    REVOKE_GRANTS: encodeGrant(resourceTag(LOGICAL_ID), grantOf(deployed, grant)),
    REVOKE_STACK_ROLES: PROVIDER_ROLE,
    REVOKE_PHASE: 'sync',
  });
  let handler: any;
  jest.isolateModules(() => {
    // The bundle is loaded as Lambda loads it: a CommonJS file at a path known only at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  return handler;
}

const props = (o: Record<string, unknown> = {}) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
  Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }, { Kind: 'permission-sets', Names: ['AdministratorAccess'] }],
  Targets: ['r-ab12'],
  BreakGlassRoles: ['BreakGlass*'],
  CutoffMode: 'fixed',
  IssuedBefore: CUTOFF,
  PolicyNamePrefix: 'RevokeSessions',
  RemovalPolicy: 'retain',
  AllowEarlierCutoff: 'false',
  AllowFutureCutoff: 'false',
  ...o,
});
const own = () => [...org.policies.values()].filter((p) => p.name.includes(`-${OWNER}-`));
const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.message);
/** The oracle's decisions for a caller in the member account below the OU, under every SCP on its path. */
const judge = (caller: ReturnType<typeof memberRole>) =>
  scpDecisionsOnPath(caller, org.pathTo(MEMBER).map((id) => ({ id, policies: org.attachedTo(id).map((c) => JSON.parse(c)) })));

(existsSync(BUNDLE) ? describe : describe.skip)('the bundled organization handler', () => {
  test('forged events leave the revocation in force, as the oracle judges it', async () => {
    const handler = bundled(props());
    const created = await handler(createEvent(props()));
    const live = created.PhysicalResourceId;
    const forged = (p: Record<string, unknown>) => handler({ ...updateEvent(p, props()), PhysicalResourceId: live });
    const outcomes = {
      lowerTo1970: await settle(forged(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }))),
      destroy: await settle(handler(deleteEvent(props({ RemovalPolicy: 'destroy' }), live))),
      narrow: await settle(forged(props({ Selections: [{ Kind: 'roles-named', Names: ['nobody'] }] }))),
      dropTarget: await settle(forged(props({ Targets: ['ou-ab12-cd34ef56'] }))),
      exemptLeaked: await settle(forged(props({ ExemptRoleArns: [`arn:aws:iam::${MEMBER}:role/pipelines/ci-deploy`] }))),
      breakGlassStar: await settle(forged(props({ BreakGlassRoles: ['*'] }))),
      wildcardExempt: await settle(forged(props({ ExemptRoleArns: ['arn:aws:iam::111122223333:role/*/ci-deploy'] }))),
      smuggledName: await settle(forged(props({ Selections: [{ Kind: 'roles-named', Names: ['x"],"Effect":"Allow'] }] }))),
      arnAsName: await settle(forged(props({ Selections: [{ Kind: 'permission-sets', Names: ['arn:aws:sso:::permissionSet/x'] }] }))),
      noCutoff: await settle(forged(props({ Selections: [{ Kind: 'identity-center-user', UserId: ALICE }], CutoffMode: 'none', IssuedBefore: undefined }))),
      replay: await settle(handler(createEvent(props()))),
      future2099: await settle(forged(props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }))),
      fillSlots: await settle(forged(props({ Selections: [{ Kind: 'roles-named', Names: ['another'] }] }))),
    };
    expect(outcomes).toEqual({
      lowerTo1970: 'ok',
      destroy: 'ok',
      narrow: 'ok',
      dropTarget: 'ok',
      exemptLeaked: expect.stringMatching(/not what this stack deployed/),
      breakGlassStar: expect.stringMatching(/would match nearly every role/),
      wildcardExempt: expect.stringMatching(/without wildcards/),
      smuggledName: expect.stringMatching(/is not a valid IAM role name/),
      arnAsName: expect.stringMatching(/not its ARN/),
      noCutoff: expect.stringMatching(/only a construct deployed without issuedBefore/),
      replay: 'ok',
      future2099: expect.stringMatching(/more than 1 hour after the deploy time/),
      fillSlots: expect.stringMatching(/already owns 3 SCPs, the most it may hold at once/),
    });
    // The first SCP is still attached where it was; the forged events could only add.
    expect(own().filter((p) => p.targets.has('r-ab12'))).toHaveLength(2);
    expect(own()).toHaveLength(3);
    const judged = async (caller: ReturnType<typeof memberRole>) => (await judge(caller))[0];
    expect(await judge(memberRole('ci-deploy', '2026-11-22T09:59:59Z', '/pipelines/'))).toEqual(every('ExplicitlyDenied'));
    expect(await judge(ssoSession('AdministratorAccess', ALICE, '2026-11-22T09:00:00Z'))).toEqual(every('ExplicitlyDenied'));
    expect({
      afterCutoff: await judged(memberRole('ci-deploy', '2026-11-22T10:00:01Z')),
      organizationAccess: await judged(memberRole('OrganizationAccountAccessRole', '2026-11-22T09:00:00Z')),
      stackSets: await judged(memberRole('stacksets-exec-0123456789abcdef0123456789abcdef', '2026-11-22T09:00:00Z')),
      cdkDeploy: await judged(memberRole('cdk-hnb659fds-deploy-role-111122223333-us-east-1', '2026-11-22T09:00:00Z')),
      breakGlass: await judged(memberRole('BreakGlassAdmin', '2026-11-22T09:00:00Z', '/emergency/')),
      provider: await judged(memberRole(PROVIDER_ROLE, '2026-11-22T09:00:00Z')),
      unselected: await judged(memberRole('app', '2026-11-22T09:00:00Z')),
    }).toEqual({
      afterCutoff: 'Allowed',
      organizationAccess: 'Allowed',
      stackSets: 'Allowed',
      cdkDeploy: 'Allowed',
      breakGlass: 'Allowed',
      provider: 'Allowed',
      unselected: 'Allowed',
    });
  });

  test('under DESTROY, only CloudFormation\'s own Delete removes, and only this resource\'s SCPs', async () => {
    org.addPolicy('TheirDeny', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}');
    const destroy = props({ RemovalPolicy: 'destroy' });
    const handler = bundled(destroy, { remove: true });
    const created = await handler(createEvent(destroy));
    cfn.resources.set(LOGICAL_ID, { physicalId: created.PhysicalResourceId, status: 'CREATE_COMPLETE' });
    // Forged or replayed while the stack is idle: nothing goes.
    await handler(deleteEvent(destroy, created.PhysicalResourceId));
    expect(own()).toHaveLength(1);
    cfn.status = 'DELETE_IN_PROGRESS';
    cfn.resources.set(LOGICAL_ID, { physicalId: created.PhysicalResourceId, status: 'DELETE_IN_PROGRESS' });
    await handler(deleteEvent(destroy, created.PhysicalResourceId));
    expect(own()).toHaveLength(0);
    expect(org.policyNamed('TheirDeny')).toBeDefined();
    expect(cfn.tally()).toMatchObject({ 'DescribeStacks:OK': 2, 'DescribeStackResource:OK': 2 });
  });
});
