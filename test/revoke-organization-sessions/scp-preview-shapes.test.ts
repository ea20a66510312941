/**
 * The SCP `cdk synth` shows (`cdk-revoke-sessions:Scp` metadata) against what the
 * BUNDLED organization handler writes (loopback Organizations, a test double) for stack shapes the
 * project's own preview test does not cover: several RevokeOrganizationSessions, every other
 * provider of the library in the stack, other synthesizers, token names, milliseconds, offsets.
 */
import { join } from 'path';
import { App, CfnParameter, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Cutoff, OrganizationSelection, OrganizationTarget, RevocationSwitch, RevokeIdentityCenterSessions, RevokeOlderSessions,
  RevokeOrganizationSessions, RoleSelection,
} from '../../src';
import { ownerTag } from '../../src/core/ratchet';
import { SCP_PREVIEW_METADATA } from '../../src/revoke-organization-sessions/scp-preview';
import { ACCOUNT, STACK_ID } from '../helpers/events';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';

const BUNDLE = join(__dirname, '../../assets/revoke-organization-sessions/revoke-organization-sessions.lambda/index.js');
const NOW_ISO = '2026-11-22T11:50:00Z';
const ENV_KEYS = ['AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'REVOKE_STACK', 'REVOKE_GRANTS', 'REVOKE_STACK_ROLES', 'REVOKE_PHASE'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let org: LoopbackOrganizations;
beforeEach(async () => {
  org = new LoopbackOrganizations({ maxPolicyCharacters: 10_240, maxPerTarget: 10 });
  await org.start();
  org.addTarget('r-ab12');
});
afterEach(async () => {
  await org.stop();
  ENV_KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k])));
});

const PARAMS: Record<string, string> = { RoleParam: 'ci-deploy-from-param' };
const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': 'us-east-1', 'AWS::StackId': STACK_ID, 'AWS::URLSuffix': 'amazonaws.com' };
const valueOf = (name: string) => pseudo[name] ?? PARAMS[name] ?? (name.endsWith('.Arn') ? `arn:aws:iam::${ACCOUNT}:role/${name.slice(0, -4).slice(-64)}` : `v-${name.slice(-60)}`);
function resolve(v: any): any {
  if (Array.isArray(v)) return v.map(resolve);
  if (typeof v !== 'object' || v === null) return v;
  if ('Ref' in v) return valueOf(v.Ref);
  if ('Fn::GetAtt' in v) return valueOf(v['Fn::GetAtt'].join('.'));
  if ('Fn::Join' in v) return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
  if ('Fn::Sub' in v) return String(v['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_m, n) => valueOf(n));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
}
/** Exemptions compared as a set: the handler sorts them by deployed names. */
const canonical = (text: string) => JSON.stringify(JSON.parse(text).Statement.map((st: any) => {
  const exempt = st.Condition?.ArnNotLike?.['aws:PrincipalArn'];
  return exempt ? { ...st, Condition: { ...st.Condition, ArnNotLike: { 'aws:PrincipalArn': [...exempt].sort() } } } : st;
}));
const filled = (preview: string) => canonical(preview.replace(/<([^>]+)>/g, (_m, n: string) => valueOf(n)));

/** For each RevokeOrganizationSessions of the stack: the preview, and what the bundled handler wrote. */
async function previewsAndWrites(s: Stack): Promise<Array<{ id: string; preview: string; written: string }>> {
  const t = Template.fromStack(s).toJSON();
  const fnEnv = Object.values<any>(t.Resources).map((r) => r.Properties?.Environment?.Variables).find((v) => v?.REVOKE_STACK_ROLES !== undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'x',
    REVOKE_STACK: STACK_ID,
    REVOKE_GRANTS: resolve(fnEnv.REVOKE_GRANTS),
    REVOKE_STACK_ROLES: resolve(fnEnv.REVOKE_STACK_ROLES),
    REVOKE_PHASE: 'sync',
  });
  let handler: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  const out = [];
  for (const [id, r] of Object.entries<any>(t.Resources).filter(([, res]) => res.Type === 'Custom::RevokeOrganizationSessions')) {
    const { ServiceToken: _t, ...props } = resolve(r.Properties);
    await handler({
      RequestType: 'Create',
      ServiceToken: 'x',
      ResponseURL: 'https://x.invalid',
      StackId: STACK_ID,
      RequestId: 'r',
      LogicalResourceId: id,
      ResourceType: 'Custom::RevokeOrganizationSessions',
      ResourceProperties: { ServiceToken: 'x', ...props },
    });
    const p = [...org.policies.values()].find((x) => x.name.includes(`-${ownerTag(STACK_ID, id)}-`))!;
    out.push({ id, preview: r.Metadata[SCP_PREVIEW_METADATA], written: p.content });
  }
  return out;
}

const stack = (synthesizer?: any) => new Stack(new App(), 'IncidentStack', { env: { account: ACCOUNT, region: 'us-east-1' }, synthesizer });
const org1 = (scope: any, id: string, extra: any = {}) => new RevokeOrganizationSessions(scope, id, {
  selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
  targets: [OrganizationTarget.root('r-ab12')],
  issuedBefore: Cutoff.at(NOW_ISO),
  breakGlassRoles: ['BreakGlassAdmin'],
  scpQuotas: { maxCharacters: 10_240 },
  ...extra,
});

describe('preview == what the bundled handler writes', () => {
  test('two organization constructs and every other provider kind in one stack', async () => {
    const s = stack();
    org1(s, 'First');
    new RevokeOlderSessions(s, 'Roles', { selection: RoleSelection.namePattern('svc-*'), issuedBefore: Cutoff.at(NOW_ISO) });
    new RevokeIdentityCenterSessions(s, 'Ic', {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
      issuedBefore: Cutoff.at(NOW_ISO),
    });
    new RevocationSwitch(s, 'Sw', { selection: RoleSelection.pathPrefix('/svc/'), issuedBefore: Cutoff.at(NOW_ISO) });
    org1(s, 'Second', { selections: [OrganizationSelection.allRoles({ exclude: ['monitoring-role'] })] });
    for (const r of await previewsAndWrites(s)) {
      expect([r.id, filled(r.preview)]).toEqual([r.id, canonical(r.written)]);
    }
  });

  test.each([
    ['CliCredentialsStackSynthesizer', () => new CliCredentialsStackSynthesizer()],
    ['a deploy role with a path', () => new DefaultStackSynthesizer({ deployRoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk/ops/deployer' })],
  ])('%s', async (_n, synth) => {
    const s = stack(synth());
    org1(s, 'Only');
    const [r] = await previewsAndWrites(s);
    expect(filled(r.preview)).toBe(canonical(r.written));
  });

  test('a role name from a parameter, a cutoff with milliseconds and an offset', async () => {
    const s = stack();
    const p = new CfnParameter(s, 'RoleParam');
    const ms = new Date(Date.parse(NOW_ISO) + 123).toISOString();
    org1(s, 'A', { selections: [OrganizationSelection.rolesNamed([p.valueAsString])], issuedBefore: Cutoff.at(ms) });
    const local = NOW_ISO.replace('Z', '+00:00').replace(/T(\d\d)/, (_m, h) => `T${String((Number(h) + 2) % 24).padStart(2, '0')}`).replace('+00:00', '+02:00');
    org1(s, 'B', { issuedBefore: Cutoff.at(local) });
    for (const r of await previewsAndWrites(s)) {
      expect([r.id, filled(r.preview)]).toEqual([r.id, canonical(r.written)]);
    }
  });

  test('a construct inside a nested stack', async () => {
    const s = stack();
    const nested = new NestedStack(s, 'Nested');
    new iam.Role(nested, 'Unrelated', { assumedBy: new iam.AccountRootPrincipal() });
    org1(nested, 'InNested');
    const [r] = await previewsAndWrites(nested as unknown as Stack);
    expect(filled(r.preview)).toBe(canonical(r.written));
  });
});

describe('an event for a resource the function does not serve', () => {
  test('is refused by the organization writer, as by every writer on the engine', async () => {
    const s = stack();
    org1(s, 'Only');
    await previewsAndWrites(s);
    let h: any;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      h = require(BUNDLE).handler;
    });
    const props = {
      ServiceToken: 'x',
      Selections: [{ Kind: 'roles-named', Names: ['nobody-x'] }],
      Targets: ['r-ab12'],
      CutoffMode: 'fixed',
      IssuedBefore: NOW_ISO,
      PolicyNamePrefix: 'RevokeSessions',
      RemovalPolicy: 'retain',
      AllowEarlierCutoff: 'false',
      AllowFutureCutoff: 'false',
    };
    await expect(h({
      RequestType: 'Create',
      ServiceToken: 'x',
      ResponseURL: 'https://x.invalid',
      StackId: STACK_ID,
      RequestId: 'r',
      LogicalResourceId: 'Forged0',
      ResourceType: 'Custom::RevokeOrganizationSessions',
      ResourceProperties: props,
    })).rejects.toThrow(/resource "Forged0" .* is not one this function serves/);
  });
});

describe('a forged MaxScpCharacters for the deployed resource', () => {
  test('can only make the write fail loudly, never skip or weaken what is in force', async () => {
    const s = stack();
    org1(s, 'Only', { scpQuotas: undefined });
    const [first] = await previewsAndWrites(s);
    const before = [...org.policies.values()].map((p) => p.content);
    let h: any;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      h = require(BUNDLE).handler;
    });
    const t = Template.fromStack(s).toJSON();
    const { ServiceToken: _t, ...props } = resolve(t.Resources[first.id].Properties);
    const send = (extra: any) => h({
      RequestType: 'Update',
      ServiceToken: 'x',
      ResponseURL: 'https://x.invalid',
      StackId: STACK_ID,
      RequestId: 'r',
      LogicalResourceId: first.id,
      PhysicalResourceId: 'p',
      ResourceType: 'Custom::RevokeOrganizationSessions',
      ResourceProperties: { ServiceToken: 'x', ...props, ...extra },
      OldResourceProperties: { ServiceToken: 'x', ...props },
    })
      .then(() => 'ok', (e: Error) => e.message.slice(0, 90));
    const outcomes: Record<string, string> = {};
    for (const v of ['1', '0', '-1', '99999', '5120.5', ' 10240', '1e4', '010240']) {
      outcomes[v] = await send({ MaxScpCharacters: v, IssuedBefore: '2026-11-22T11:55:00Z' });
    }
    // Whatever happened, every SCP in force before is still there and attached.
    const after = [...org.policies.values()].map((p) => p.content);
    expect(before.every((c) => after.includes(c)) || after.some((c) => c.includes('2026-11-22T11:55:00Z'))).toBe(true);
    expect(outcomes['1']).toMatch(/would be \d+ characters, over Organiza/);
    expect(outcomes['99999']).toMatch(/from 1 to 10240/);
  });
});
