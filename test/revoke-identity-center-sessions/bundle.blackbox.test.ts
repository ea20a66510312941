/**
 * Black-box review of the BUNDLED Identity Center handler (the `index.js` the construct deploys,
 * loaded once per phase with the environment the construct sets), driven as CloudFormation and as
 * an attacker with lambda:InvokeFunction would against the loopback SSO Admin endpoint. The oracle
 * then judges the inline policy left in force for Identity Center sessions. The bundle exists
 * after `npx projen bundle` (every build runs it before the tests).
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { ownerTag, servedResourceTag } from '../../src/core/ratchet';
import { ownStatementSid } from '../../src/revoke-identity-center-sessions/inline-policy';
import { createEvent, deleteEvent, LOGICAL_ID, STACK_ID, updateEvent } from '../helpers/events';
import { INSTANCE_ARN, LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';
import { ALLOW_ALL, evaluate } from '../helpers/request-context';
import { ssoSession } from '../helpers/scp-oracle';

const BUNDLE = join(__dirname, '../../assets/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda/index.js');
const SID = ownStatementSid(ownerTag(STACK_ID, LOGICAL_ID));
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const BOB = '11111111-2222-3333-4444-555555555555';
const CAROL = '22222222-3333-4444-5555-666666666666';
const OTHER = { Sid: 'DenyBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' };
let sso: LoopbackSsoAdmin;
let admin: string;

beforeEach(async () => {
  sso = new LoopbackSsoAdmin(2);
  await sso.start();
  admin = sso.addPermissionSet('AdministratorAccess', ['222233334444', '333344445555'], JSON.stringify({ Version: '2012-10-17', Statement: [OTHER] })).arn;
});
afterEach(() => sso.stop());

type Handler = (event: unknown) => Promise<any>;

/** The deployed entry point of one phase, as Lambda loads it, with the function's environment. */
function bundled(phase: 'start' | 'continue', capabilities = ''): Handler {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSO_ADMIN: sso.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    REVOKE_CAPABILITIES: capabilities,
    // As the construct sets them: the capabilities serve this resource of this stack only.
    REVOKE_CAPABLE_STACK: STACK_ID,
    REVOKE_CAPABLE_RESOURCES: servedResourceTag(LOGICAL_ID),
    REVOKE_FUTURE_RESOURCES: '',
    REVOKE_PHASE: phase,
  });
  let handler: any;
  jest.isolateModules(() => {
    // The bundle is loaded as Lambda loads it: a CommonJS file at a path known only at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  return handler;
}

/** onEvent, then isComplete until done, as the Provider framework runs them. */
async function deploy(event: any, capabilities = ''): Promise<string> {
  const [start, poll] = [bundled('start', capabilities), bundled('continue', capabilities)];
  try {
    const started = await start(event);
    for (let i = 0; i < 10; i++) {
      if ((await poll({ ...event, PhysicalResourceId: started.PhysicalResourceId, Data: started.Data })).IsComplete) {
        return 'ok';
      }
    }
    return 'never complete';
  } catch (e) {
    return (e as Error).message;
  }
}

const props = (o: Record<string, unknown> = {}) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
  InstanceArn: INSTANCE_ARN,
  PermissionSetArns: [admin],
  UserIds: [ALICE],
  CutoffMode: 'fixed',
  IssuedBefore: '2026-11-22T10:00:00Z',
  RemovalPolicy: 'retain',
  AllowEarlierCutoff: 'false',
  AllowFutureCutoff: 'false',
  ...o,
});
const policy = () => JSON.parse(sso.permissionSets.get(admin)!.inlinePolicy);
const decide = (userId: string, issuedAt: string) => evaluate(ssoSession('AdministratorAccess', userId, issuedAt), {
  action: 's3:GetObject', resource: 'arn:aws:s3:::data/report.csv', identityPolicies: { AdministratorAccess: ALLOW_ALL, Inline: policy() },
});

(existsSync(BUNDLE) ? describe : describe.skip)('the bundled Identity Center handler', () => {
  test('forged events leave the revocation in force, as the oracle judges it', async () => {
    expect(await deploy(createEvent(props()))).toBe('ok');
    const outcomes = {
      lowerTo1970: await deploy(updateEvent(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }), props())),
      destroy: await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), SID)),
      swapUser: await deploy(updateEvent(props({ UserIds: [CAROL] }), props())),
      wildcardUser: await deploy(updateEvent(props({ UserIds: ['*'] }), props())),
      otherInstance: await deploy(updateEvent(props({ PermissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-aaaaaaaaaaaaaaaa/ps-0000000000000001'] }), props())),
      smuggled: await deploy(updateEvent(props({ Statement: [{ Effect: 'Allow' }] }), props())),
      replay: await deploy(createEvent(props())),
    };
    expect(outcomes).toEqual({
      lowerTo1970: 'ok',
      destroy: 'ok',
      swapUser: 'ok',
      wildcardUser: expect.stringMatching(/identity store user id "\*" is not valid/),
      otherInstance: expect.stringMatching(/belongs to instance ssoins-aaaaaaaaaaaaaaaa/),
      smuggled: expect.stringMatching(/unexpected property "Statement"/),
      replay: 'ok',
    });
    expect(policy().Statement.map((s: any) => s.Sid)).toEqual(['DenyBilling', SID]);
    expect({
      aliceBefore: await decide(ALICE, '2026-11-22T09:59:59Z'),
      aliceAfter: await decide(ALICE, '2026-11-22T10:00:01Z'),
      bobBefore: await decide(BOB, '2026-11-22T09:59:59Z'),
    }).toEqual({ aliceBefore: 'ExplicitlyDenied', aliceAfter: 'Allowed', bobBefore: 'Allowed' });
  });

  test('two stacks writing one permission set at once: no deploy reports success without its statement in force', async () => {
    const theirs = { ...createEvent(props()), StackId: STACK_ID.replace('IncidentStack', 'OtherIncident') };
    const outcomes = await Promise.all([deploy(createEvent(props())), deploy(theirs)]);
    const sids = [SID, ownStatementSid(ownerTag(theirs.StackId, LOGICAL_ID))];
    outcomes.forEach((outcome, i) => {
      expect(outcome === 'ok' ? policy().Statement.map((s: any) => s.Sid) : outcome)
        .toEqual(outcome === 'ok' ? expect.arrayContaining([sids[i], 'DenyBilling']) : expect.stringMatching(/no longer holds statement/));
    });
    // A redeploy of a failed one converges: both statements in force.
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome !== 'ok') {
        expect(await deploy(i === 0 ? createEvent(props()) : theirs)).toBe('ok');
      }
    }
    expect(policy().Statement.map((s: any) => s.Sid)).toEqual(expect.arrayContaining([...sids, 'DenyBilling']));
  });
});
