/**
 * The BUNDLED per-role handler against events naming resources the function does not serve
 * (invented LogicalResourceIds): each would be a new owner with an inline policy of its own, and
 * enough of them would fill the role's 10,240 characters, so the deployed construct's bump (revoke
 * again, which writes its new policy before it retires the old one) would fail. They are refused.
 * Loopback IAM (a test double) and the oracle.
 */
import * as path from 'path';
import { generationOf, physicalIdOf } from '../../src/core/engine/generation';
import { encodeGrant, NOTHING_SPARED, resourceTag } from '../../src/core/engine/grants';
import { ownerSid } from '../../src/core/revocation-document';
import { TARGET_KEYS } from '../../src/revoke-older-sessions/properties';
import { LOOPBACK_ACCOUNT, LoopbackIam } from '../helpers/loopback-iam';
import { sessionDecision } from '../helpers/request-context';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'revoke-older-sessions', 'revoke-older-sessions.lambda', 'index.js');
const STACK = `arn:aws:cloudformation:us-east-1:${LOOPBACK_ACCOUNT}:stack/IncidentA/6c7e5f10-0000-4000-8000-00000000000a`;
const LOGICAL = 'RevokeLeaked0A1B2C3D';
const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const CONTEXT = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${LOOPBACK_ACCOUNT}:function:revoke`, getRemainingTimeInMillis: () => 900_000 };
let iam: LoopbackIam;
const saved = { ...process.env };
beforeEach(async () => { iam = new LoopbackIam({ pageSize: 100 }); await iam.start(); });
afterEach(async () => { await iam.stop(); process.env = { ...saved }; });

function load(): (e: any, c?: any) => Promise<any> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    REVOKE_PHASE: 'start',
    REVOKE_PROTECTED_ROLES: '',
    REVOKE_STACK: STACK,
    REVOKE_GRANTS: encodeGrant(resourceTag(LOGICAL), { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED }),
  });
  let h: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    h = require(BUNDLE).handler;
  });
  return h;
}
const props = (cutoff: string) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:x:function:p',
  RoleArns: [`arn:aws:iam::${LOOPBACK_ACCOUNT}:role/app`],
  CutoffMode: 'fixed',
  IssuedBefore: cutoff,
  PolicyName: 'AWSRevokeOlderSessions',
  RemovalPolicy: 'retain',
  AllowEarlierCutoff: 'false',
  AllowFutureCutoff: 'false',
});
const event = (type: string, p: any, logical = LOGICAL, old?: any) => ({
  RequestType: type,
  ServiceToken: p.ServiceToken,
  ResponseURL: 'https://x.invalid',
  StackId: STACK,
  RequestId: `r-${logical}`,
  LogicalResourceId: logical,
  ResourceType: 'Custom::RevokeOlderSessions',
  ResourceProperties: p,
  ...(type === 'Update' ? { OldResourceProperties: old, PhysicalResourceId: physicalIdOf(ownerSid(STACK, logical), generationOf(old, TARGET_KEYS)) } : {}),
});

describe('forged owners (bundled per-role handler)', () => {
  test('forged events of invented resources cannot block the deployed construct from revoking again', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    iam.addRole('app');
    const h = load();
    await h(event('Create', props(T1)), CONTEXT);
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      try {
        await h(event('Create', props(T1), `Forged${i}`), CONTEXT);
        accepted++;
      } catch { break; }
    }
    let bump = 'ok';
    try {
      await h(event('Update', props(T2), LOGICAL, props(T1)), CONTEXT);
    } catch (e) { bump = (e as Error).message.slice(0, 200); }
    const role = iam.roles.get('app')!;
    const report = { accepted, policies: role.policies.size, bump, leakedBetween: await sessionDecision(role, '2026-11-22T10:10:00Z') };
    expect(report.bump).toBe('ok');
    expect(report.leakedBetween).toBe('ExplicitlyDenied');
  }, 120_000);
});

