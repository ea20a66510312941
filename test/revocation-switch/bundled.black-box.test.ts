/**
 * The BUNDLED switch handler (what the construct deploys, `npx projen bundle`), loaded with the
 * environment the construct sets, driven as the Provider framework, the sweep and anyone holding
 * `lambda:InvokeFunction` would, against the loopback IAM endpoint (a test double), and judged from
 * each role's side by the IAM oracle.
 */
import * as fs from 'fs';
import * as path from 'path';
import { before, create, decide, grantOf, LOGICAL_ID, PROVIDER_ROLE_ARN, revoking, STACK_ID, sweepEvent, switchProps, update } from './harness';
import { encodeGrant, resourceTag } from '../../src/core/engine/grants';
import { LoopbackIam, LOOPBACK_ACCOUNT } from '../helpers/loopback-iam';
import { LoopbackManagedPolicies } from '../helpers/loopback-iam-managed';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'revocation-switch', 'revocation-switch.lambda', 'index.js');
const T1 = '2026-11-22T10:00:00Z';
const CONTEXT = { getRemainingTimeInMillis: () => 900_000 };

let endpoint: LoopbackIam;
let managed: LoopbackManagedPolicies;
const savedEnv = { ...process.env };

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`the bundled handler ${BUNDLE} is missing; run "npx projen bundle" first`);
  }
});
beforeEach(async () => {
  endpoint = new LoopbackIam();
  managed = new LoopbackManagedPolicies(endpoint, LOOPBACK_ACCOUNT);
  await endpoint.start();
  endpoint.addRole('app');
  endpoint.addRole('team-api', { path: '/team/' });
});
afterEach(async () => {
  await endpoint.stop();
  process.env = { ...savedEnv };
});

/** A fresh copy of the bundle with the environment the construct gives the onEvent function. */
function load(grantProps: Record<string, unknown>): (event: unknown, context?: unknown) => Promise<any> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_IAM: endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    REVOKE_PHASE: 'start',
    REVOKE_STACK: STACK_ID,
    REVOKE_GRANTS: encodeGrant(resourceTag(LOGICAL_ID), grantOf(grantProps)),
    REVOKE_PROTECTED_ROLES: PROVIDER_ROLE_ARN,
  });
  let handler: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  return handler;
}

test('armed idle, then one bump: every armed role\'s older sessions are denied', async () => {
  const created = await load(switchProps())(create(switchProps()), CONTEXT);
  expect(created.Data).toMatchObject({ RolesArmed: '2', Complete: 'true' });
  expect(await decide({ endpoint, managed }, 'app', before(T1))).toBe('Allowed');
  const bumped = await load(revoking(T1))(update(revoking(T1), switchProps()), CONTEXT);
  expect(bumped.Data).toMatchObject({ EffectiveCutoff: T1, RolesRevokedBySwitch: '2' });
  expect(await decide({ endpoint, managed }, 'team-api', before(T1))).toBe('ExplicitlyDenied');
});

test('a forged event that excludes roles the stack did not exclude is refused, and the sweep puts a forged default back', async () => {
  await load(revoking(T1))(create(revoking(T1)), CONTEXT);
  await expect(load(revoking(T1))(update(revoking(T1, { Exclude: ['app'] }), revoking(T1)), CONTEXT)).rejects.toThrow(/not what this stack deployed/);
  const policy = [...managed.policies.values()][0];
  policy.versions.set('v9', { id: 'v9', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), createdMs: 1 });
  policy.defaultVersion = 'v9';
  expect(await decide({ endpoint, managed }, 'app', before(T1))).toBe('Allowed');
  const swept = await load(revoking(T1))(sweepEvent(revoking(T1)), CONTEXT);
  expect(swept.tampering).toMatch(/v9 was not written by this switch/);
  expect(await decide({ endpoint, managed }, 'app', before(T1))).toBe('ExplicitlyDenied');
});
