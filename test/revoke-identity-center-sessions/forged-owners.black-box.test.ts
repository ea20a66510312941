/**
 * The BUNDLED Identity Center handler against events naming resources the function does not serve
 * (invented LogicalResourceIds): each would be a new owner, and enough of them would fill the
 * permission set's 32,768-character inline policy, so a later revocation would be refused. They are
 * refused instead. Loopback SSO Admin (a test double) and the oracle.
 */
import { join } from 'path';
import { encodeGrant, NOTHING_SPARED, resourceTag } from '../../src/core/engine/grants';
import { createEvent, LOGICAL_ID, STACK_ID } from '../helpers/events';
import { LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';
import { ALICE, decide, icProps } from '../revoke-identity-center-sessions/harness';

const BUNDLE = join(__dirname, '../../assets/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda/index.js');
const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:30:00Z';
let sso: LoopbackSsoAdmin;
let admin: string;
beforeEach(async () => {
  sso = new LoopbackSsoAdmin(2);
  await sso.start();
  admin = sso.addPermissionSet('AdministratorAccess', ['222233334444'], '').arn;
});
afterEach(() => sso.stop());

function bundled(phase: 'start' | 'continue'): (e: unknown) => Promise<any> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSO_ADMIN: sso.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    REVOKE_STACK: STACK_ID,
    // The construct serves one resource: LOGICAL_ID, deployed with RETAIN and a literal cutoff.
    REVOKE_GRANTS: [LOGICAL_ID, 'RevokeAlice'].map((id) => encodeGrant(resourceTag(id), { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED })).join(','),
    REVOKE_PHASE: phase,
  });
  let h: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    h = require(BUNDLE).handler;
  });
  return h;
}
async function run(event: any): Promise<string> {
  const [start, poll] = [bundled('start'), bundled('continue')];
  try {
    const started = await start(event);
    for (let i = 0; i < 10; i++) {
      const done = await poll({ ...event, PhysicalResourceId: started.PhysicalResourceId, Data: started.Data });
      if (done.IsComplete) return 'ok';
    }
    return 'never complete';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('forged owners (bundled Identity Center handler)', () => {
  test('forged events of invented resources cannot block the deployed construct from revoking again', async () => {
    const props = (cutoff: string) => icProps([admin], { IssuedBefore: cutoff });
    expect(await run(createEvent(props(T1)))).toBe('ok');
    // The attacker (lambda:InvokeFunction): Creates that name resources the function does not serve.
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      const r = await run({ ...createEvent(props(T1)), LogicalResourceId: `Forged${i}`, RequestId: `f${i}` });
      if (r !== 'ok') break;
      accepted++;
    }
    // The legitimate bump: CloudFormation's Update of the deployed resource to a later cutoff.
    const bump = await run({ ...createEvent(props(T2)), RequestType: 'Update', PhysicalResourceId: 'unused', OldResourceProperties: props(T1) });
    // The responder adds a second construct for one user (a new served resource) in the same stack.
    const second = await run({ ...createEvent(icProps([admin], { IssuedBefore: T2, UserIds: [ALICE] })), LogicalResourceId: 'RevokeAlice' });
    const leakedBetween = await decide(sso, admin, ALICE, '2026-11-22T10:15:00Z');
    const report = {
      accepted, policyChars: sso.permissionSets.get(admin)!.inlinePolicy.length, bump: bump.slice(0, 99), second: second.slice(0, 200), leakedBetween,
    };
    // What the design promises: an unserved resource's events may add, never keep the served one from raising.
    expect(report.bump).toBe('ok');
    expect(report.second).toBe('ok');
    expect(report.leakedBetween).toBe('ExplicitlyDenied');
  }, 120_000);
});
