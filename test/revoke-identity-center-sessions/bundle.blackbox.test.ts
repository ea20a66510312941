/**
 * Black-box review of the BUNDLED Identity Center handler (the `index.js` the construct deploys,
 * loaded once per phase with the environment the construct sets), driven as CloudFormation and as
 * an attacker with lambda:InvokeFunction would against the loopback SSO Admin endpoint. The oracle
 * then judges the inline policy left in force for Identity Center sessions. The bundle exists
 * after `npx projen bundle` (every build runs it before the tests).
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { ALICE, BOB, CAROL, decide, icProps } from './harness';
import { encodeGrant, NOTHING_SPARED, resourceTag, ResourceGrant } from '../../src/core/engine/grants';
import { ownerTag } from '../../src/core/ratchet';
import { ownSidPrefix } from '../../src/revoke-identity-center-sessions/statements';
import { createEvent, deleteEvent, LOGICAL_ID, STACK_ID } from '../helpers/events';
import { LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';

const BUNDLE = join(__dirname, '../../assets/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda/index.js');
const OWN = ownSidPrefix(ownerTag(STACK_ID, LOGICAL_ID));
/** What the construct grants a default (RETAIN) resource: to add and raise only. */
const DEFAULT: ResourceGrant = { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED };
const CUTOFF = '2026-11-22T10:00:00Z';
const LATER = '2026-11-22T10:30:00Z';
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
function bundled(phase: 'start' | 'continue', grant = DEFAULT, stackId = STACK_ID, served: readonly string[] = [LOGICAL_ID]): Handler {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSO_ADMIN: sso.url,
    // Nothing listens there: the removal gate cannot reach CloudFormation, so it removes nothing.
    AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    // As the construct sets them: the grant serves this resource of this stack only.
    REVOKE_STACK: stackId,
    REVOKE_GRANTS: served.map((id) => encodeGrant(resourceTag(id), grant)).join(','),
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

let physicalId = '';

/**
 * onEvent, then isComplete until done, as the Provider framework runs them, by the function of the
 * event's stack (serving `served`); an Update carries the physical id the resource has.
 */
async function deploy(event: any, served: readonly string[] = [LOGICAL_ID]): Promise<string> {
  const [start, poll] = [bundled('start', DEFAULT, event.StackId, served), bundled('continue', DEFAULT, event.StackId, served)];
  const sent = event.RequestType === 'Update' ? { ...event, PhysicalResourceId: physicalId } : event;
  try {
    const started = await start(sent);
    for (let i = 0; i < 10; i++) {
      const done = await poll({ ...sent, PhysicalResourceId: started.PhysicalResourceId, Data: started.Data });
      if (done.IsComplete) {
        physicalId = done.PhysicalResourceId ?? started.PhysicalResourceId;
        return 'ok';
      }
    }
    return 'never complete';
  } catch (e) {
    return (e as Error).message;
  }
}

const update = (p: Record<string, unknown>, old: Record<string, unknown>) => ({
  ...createEvent(p), RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: old,
});
const props = (o: Record<string, unknown> = {}) => icProps([admin], { UserIds: [ALICE], ...o });
const policy = () => JSON.parse(sso.permissionSets.get(admin)!.inlinePolicy);
const at = (userId: string, issuedAt: string) => decide(sso, admin, userId, issuedAt);

(existsSync(BUNDLE) ? describe : describe.skip)('the bundled Identity Center handler', () => {
  test('forged events leave the revocation in force, as the oracle judges it', async () => {
    expect(await deploy(createEvent(props()))).toBe('ok');
    const outcomes = {
      lowerTo1970: await deploy(update(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }), props())),
      destroy: await deploy(deleteEvent(props({ RemovalPolicy: 'destroy' }), physicalId)),
      noCutoff: await deploy(update(props({ CutoffMode: 'none', IssuedBefore: undefined }), props())),
      farFuture: await deploy(update(props({ IssuedBefore: '2099-01-01T00:00:00Z', AllowFutureCutoff: 'true' }), props())),
      swapUser: await deploy(update(props({ UserIds: [CAROL] }), props())),
      wildcardUser: await deploy(update(props({ UserIds: ['*'] }), props())),
      otherInstance: await deploy(update(props({ PermissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-aaaaaaaaaaaaaaaa/ps-0000000000000001'] }), props())),
      smuggled: await deploy(update(props({ Statement: [{ Effect: 'Allow' }] }), props())),
      replay: await deploy(createEvent(props())),
    };
    expect(outcomes).toEqual({
      lowerTo1970: 'ok',
      destroy: 'ok',
      noCutoff: expect.stringMatching(/only a construct deployed without issuedBefore may write one/),
      farFuture: expect.stringMatching(/more than 1 hour after the deploy time/),
      swapUser: 'ok',
      wildcardUser: expect.stringMatching(/identity store user id "\*" is not valid/),
      otherInstance: expect.stringMatching(/belongs to instance ssoins-aaaaaaaaaaaaaaaa/),
      smuggled: expect.stringMatching(/unexpected property "Statement"/),
      replay: 'ok',
    });
    // The swapped user is a new generation beside the first: an Update never removes.
    expect(policy().Statement.map((s: any) => String(s.Sid).startsWith(OWN) ? 'own' : s.Sid)).toEqual(['DenyBilling', 'own', 'own']);
    expect({
      aliceBefore: await at(ALICE, '2026-11-22T09:59:59Z'),
      aliceAfter: await at(ALICE, '2026-11-22T10:00:01Z'),
      bobBefore: await at(BOB, '2026-11-22T09:59:59Z'),
      carolBefore: await at(CAROL, '2026-11-22T09:59:59Z'),
    }).toEqual({ aliceBefore: 'ExplicitlyDenied', aliceAfter: 'Allowed', bobBefore: 'Allowed', carolBefore: 'ExplicitlyDenied' });
  });

  test('two stacks writing one permission set at once: both deploys succeed with their statements in force', async () => {
    const theirs = { ...createEvent(props()), StackId: STACK_ID.replace('IncidentStack', 'OtherIncident') };
    const outcomes = await Promise.all([deploy(createEvent(props())), deploy(theirs)]);
    expect(outcomes).toEqual(['ok', 'ok']);
    const prefixes = [OWN, ownSidPrefix(ownerTag(theirs.StackId, LOGICAL_ID))];
    const sids = policy().Statement.map((s: any) => String(s.Sid));
    prefixes.forEach((p) => expect(sids.filter((s: string) => s.startsWith(p))).toHaveLength(1));
    expect(sids).toContain('DenyBilling');
  });
});

describe('forged owners', () => {
  test('events naming resources the function does not serve are refused, so they cannot fill the permission set and block the next revocation', async () => {
    const served = [LOGICAL_ID, 'RevokeAlice'];
    const cut = (cutoff: string, o: Record<string, unknown> = {}) => icProps([admin], { IssuedBefore: cutoff, ...o });
    expect(await deploy(createEvent(cut(CUTOFF)), served)).toBe('ok');
    // Each would be a new owner with a statement of its own: 186 of them filled the 32,768 characters.
    const forged = await deploy({ ...createEvent(cut(CUTOFF)), LogicalResourceId: 'Forged0', RequestId: 'f0' }, served);
    expect(forged).toMatch(/resource "Forged0" .* is not one this function serves/);
    // CloudFormation's real bump, and a second construct the responder adds for one user, both write.
    expect(await deploy(update(cut(LATER), cut(CUTOFF)), served)).toBe('ok');
    expect(await deploy({ ...createEvent(cut(LATER, { UserIds: [ALICE] })), LogicalResourceId: 'RevokeAlice' }, served)).toBe('ok');
    expect(await decide(sso, admin, ALICE, '2026-11-22T10:15:00Z')).toBe('ExplicitlyDenied');
  });
});
