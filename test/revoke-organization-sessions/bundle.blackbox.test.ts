/**
 * Black-box review of the BUNDLED organization handler (the `index.js` the construct deploys),
 * loaded with the environment the construct sets and driven as CloudFormation and as an attacker
 * with lambda:InvokeFunction would: forged, replayed and rolled-back events against the loopback
 * Organizations endpoint. The oracle then judges the SCP left in force. The bundle exists after
 * `npx projen bundle` (every build runs it before the tests).
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { ownedName, ownerTag, servedResourceTag } from '../../src/core/ratchet';
import { createEvent, deleteEvent, LOGICAL_ID, STACK_ID, updateEvent } from '../helpers/events';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';
import { every, memberRole, scpDecisions, ssoSession } from '../helpers/scp-oracle';

const BUNDLE = join(__dirname, '../../assets/revoke-organization-sessions/revoke-organization-sessions.lambda/index.js');
const OWN = ownedName('RevokeSessions', ownerTag(STACK_ID, LOGICAL_ID));
const PROVIDER_ROLE = 'arn:aws:iam::111122223333:role/IncidentStack-ProviderOnEventRole-ABC';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const CUTOFF = '2026-11-22T10:00:00Z';
let org: LoopbackOrganizations;

beforeEach(async () => {
  org = new LoopbackOrganizations({ pageSize: 2 });
  await org.start();
  org.addTarget('r-ab12');
  org.addTarget('ou-ab12-cd34ef56');
});
afterEach(() => org.stop());

/** The deployed entry point, as Lambda loads it, with the function's environment. */
function bundled(capabilities: string): (event: unknown) => Promise<any> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    REVOKE_CAPABILITIES: capabilities,
    // As the construct sets them: the capabilities serve this resource of this stack only.
    REVOKE_CAPABLE_STACK: STACK_ID,
    REVOKE_CAPABLE_RESOURCES: servedResourceTag(LOGICAL_ID),
    REVOKE_FUTURE_RESOURCES: '',
    REVOKE_PHASE: 'start',
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
  ExemptRoleArns: [PROVIDER_ROLE],
  CutoffMode: 'fixed',
  IssuedBefore: CUTOFF,
  PolicyNamePrefix: 'RevokeSessions',
  RemovalPolicy: 'retain',
  AllowEarlierCutoff: 'false',
  AllowFutureCutoff: 'false',
  ...o,
});
const scp = () => JSON.parse(org.policyNamed(OWN)!.content);
const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.message);

(existsSync(BUNDLE) ? describe : describe.skip)('the bundled organization handler', () => {
  test('forged events leave the revocation in force, as the oracle judges it', async () => {
    const handler = bundled('');
    await handler(createEvent(props()));
    const outcomes = {
      lowerTo1970: await settle(handler(updateEvent(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }), props()))),
      destroy: await settle(handler(deleteEvent(props({ RemovalPolicy: 'destroy' }), OWN))),
      narrow: await settle(handler(updateEvent(props({ Selections: [{ Kind: 'roles-named', Names: ['nobody'] }] }), props()))),
      dropTarget: await settle(handler(updateEvent(props({ Targets: ['ou-ab12-cd34ef56'] }), props()))),
      breakGlassStar: await settle(handler(updateEvent(props({ BreakGlassRoles: ['*'] }), props()))),
      wildcardExempt: await settle(handler(updateEvent(props({ ExemptRoleArns: ['arn:aws:iam::111122223333:role/*/ci-deploy'] }), props()))),
      smuggledName: await settle(handler(updateEvent(props({ Selections: [{ Kind: 'roles-named', Names: ['x"],"Effect":"Allow'] }] }), props()))),
      arnAsName: await settle(handler(updateEvent(props({ Selections: [{ Kind: 'permission-sets', Names: ['arn:aws:sso:::permissionSet/x'] }] }), props()))),
      replay: await settle(handler(createEvent(props()))),
      future2099: await settle(handler(updateEvent(props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), props()))),
    };
    expect(outcomes).toEqual({
      lowerTo1970: 'ok',
      destroy: 'ok',
      narrow: 'ok',
      dropTarget: 'ok',
      breakGlassStar: expect.stringMatching(/would match nearly every role/),
      wildcardExempt: expect.stringMatching(/without wildcards/),
      smuggledName: expect.stringMatching(/is not a valid IAM role name/),
      arnAsName: expect.stringMatching(/not its ARN/),
      replay: 'ok',
      future2099: expect.stringMatching(/more than 1 hour after the deploy time/),
    });
    // Still attached where it was, to the OU added on the way, and under the same name.
    expect([...org.policyNamed(OWN)!.targets].sort()).toEqual(['ou-ab12-cd34ef56', 'r-ab12']);
    const policy = scp();
    const judged = async (caller: ReturnType<typeof memberRole>) => (await scpDecisions(caller, policy))[0];
    expect(await scpDecisions(memberRole('ci-deploy', '2026-11-22T09:59:59Z', '/pipelines/'), policy)).toEqual(every('ExplicitlyDenied'));
    expect(await scpDecisions(ssoSession('AdministratorAccess', ALICE, '2026-11-22T09:00:00Z'), policy)).toEqual(every('ExplicitlyDenied'));
    expect({
      afterCutoff: await judged(memberRole('ci-deploy', '2026-11-22T10:00:01Z')),
      organizationAccess: await judged(memberRole('OrganizationAccountAccessRole', '2026-11-22T09:00:00Z')),
      stackSets: await judged(memberRole('stacksets-exec-0123456789abcdef0123456789abcdef', '2026-11-22T09:00:00Z')),
      cdkDeploy: await judged(memberRole('cdk-hnb659fds-deploy-role-111122223333-us-east-1', '2026-11-22T09:00:00Z')),
      breakGlass: await judged(memberRole('BreakGlassAdmin', '2026-11-22T09:00:00Z', '/emergency/')),
      provider: await judged(memberRole('IncidentStack-ProviderOnEventRole-ABC', '2026-11-22T09:00:00Z')),
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

  test('with the remove capability, a Delete under DESTROY detaches and deletes only its own SCP', async () => {
    org.addPolicy('TheirDeny', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}');
    const handler = bundled('remove');
    await handler(createEvent(props({ RemovalPolicy: 'destroy' })));
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' }), OWN));
    expect(org.policyNamed(OWN)).toBeUndefined();
    expect(org.policyNamed('TheirDeny')).toBeDefined();
  });
});
