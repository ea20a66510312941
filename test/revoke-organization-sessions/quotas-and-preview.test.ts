/**
 * The SCP quotas the checks use are settable (documented 5,120 / 5 by default, up to the 10,240
 * / 10 reported in May 2026), and the SCP synth shows in the template is the one the handler
 * writes: the bundled handler's logic, run against the loopback Organizations endpoint (a test
 * double), with the template's own properties.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { orgHandler } from './org-harness';
import {
  Cutoff, OrganizationSelection, OrganizationTarget, RevokeIdentityCenterSessions, RevokeOlderSessions, RevokeOrganizationSessions,
  RevokeOrganizationSessionsProps,
} from '../../src';
import { ownerTag } from '../../src/core/ratchet';
import { STACK_ROLES_ENV } from '../../src/revoke-organization-sessions/properties';
import { SCP_PREVIEW_METADATA } from '../../src/revoke-organization-sessions/scp-preview';
import { ACCOUNT, createEvent, LOGICAL_ID, STACK_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';

const CUTOFF = '2026-11-22T10:00:00Z';
const USER = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';

function stack(): Stack {
  return new Stack(new App(), 'OrgIncident', { env: { account: ACCOUNT, region: 'us-east-1' } });
}

/** Names enough to pass 5,120 characters but stay under 10,240. */
const MANY_NAMES = Array.from({ length: 40 }, (_, i) => `service-role-number-${String(i).padStart(2, '0')}`.padEnd(50, '-x'));

function revoke(s: Stack, props: Partial<RevokeOrganizationSessionsProps> = {}): RevokeOrganizationSessions {
  return new RevokeOrganizationSessions(s, 'Revoke', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
    targets: [OrganizationTarget.root('r-ab12')],
    issuedBefore: Cutoff.at(CUTOFF),
    ...props,
  });
}

/** One selection of each kind. */
const everySelection = () => [
  OrganizationSelection.rolesNamed(['ci-deploy']),
  OrganizationSelection.permissionSets(['AdministratorAccess']),
  OrganizationSelection.identityCenterUser(USER),
  OrganizationSelection.allRoles({ exclude: ['monitoring-*'] }),
];

const resourceProps = (s: Stack) => Object.values(Template.fromStack(s).findResources('Custom::RevokeOrganizationSessions'))[0].Properties;

describe('SCP quotas', () => {
  test('by default an SCP over 5,120 characters is refused at synth, naming the setting that admits the reported quota', () => {
    expect(() => revoke(stack(), { selections: [OrganizationSelection.rolesNamed(MANY_NAMES)] }))
      .toThrow(/over Organizations' 5120; .*set scpQuotas.maxCharacters/);
  });

  test('maxCharacters 10,240 admits it and tells the handler', () => {
    const s = stack();
    revoke(s, { selections: [OrganizationSelection.rolesNamed(MANY_NAMES)], scpQuotas: { maxCharacters: 10_240 } });
    expect(resourceProps(s).MaxScpCharacters).toBe('10240');
  });

  test('without scpQuotas the property is absent (the handler takes 5,120)', () => {
    const s = stack();
    revoke(s);
    expect(resourceProps(s).MaxScpCharacters).toBeUndefined();
  });

  test('the slot note names the quota in use', () => {
    for (const [quotas, figure] of [[undefined, 'one of the 5 SCP slots (the default quota)'], [{ maxPerTarget: 10 }, 'one of the 10 SCP slots (scpQuotas.maxPerTarget)']] as const) {
      const s = stack();
      revoke(s, { scpQuotas: quotas });
      Annotations.fromStack(s).hasInfo('*', Match.stringLikeRegexp(figure.replace(/[()]/g, '\\$&')));
    }
  });

  test.each([
    [{ maxCharacters: 20_480 }, 'scpQuotas.maxCharacters 20480 must be a whole number from 1 to 10240'],
    [{ maxCharacters: 0 }, 'scpQuotas.maxCharacters 0 must be a whole number'],
    [{ maxPerTarget: 11 }, 'scpQuotas.maxPerTarget 11 must be a whole number from 1 to 10'],
    [{ maxPerTarget: 2.5 }, 'scpQuotas.maxPerTarget 2.5 must be a whole number'],
  ])('refuses %j', (scpQuotas, message) => {
    expect(() => revoke(stack(), { scpQuotas })).toThrow(message);
  });

  test('refuses a token', () => {
    const s = stack();
    const max = new CfnParameter(s, 'Max', { type: 'Number' }).valueAsNumber;
    expect(() => revoke(s, { scpQuotas: { maxCharacters: max } })).toThrow('scpQuotas must be plain numbers known at synth');
  });
});

test('each provider role counts in the synth estimate: roles added after the construct that push the SCP past the quota fail synth, not the deploy', () => {
  const s = stack();
  // Three selections fit with this construct's own roles; the four of a later provider do not.
  revoke(s, {
    selections: everySelection().slice(0, 3),
    breakGlassRoles: ['BreakGlass*'],
  });
  new RevokeIdentityCenterSessions(s, 'RevokeAdmins', {
    instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
    permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
    issuedBefore: Cutoff.at(CUTOFF),
  });
  expect(() => Template.fromStack(s)).toThrow(/the revocation SCP would be about \d+ characters .* over Organizations' 5120/);
});

describe('the handler uses the quota it is given', () => {
  let org: LoopbackOrganizations;
  beforeEach(async () => {
    // An organization with the quota of the May 2026 reports.
    org = new LoopbackOrganizations({ maxPolicyCharacters: 10_240 });
    await org.start();
    org.addTarget('r-ab12');
  });
  afterEach(() => org.stop());
  const props = (extra: Record<string, unknown> = {}) => ({
    Selections: [{ Kind: 'roles-named', Names: MANY_NAMES }], Targets: ['r-ab12'], CutoffMode: 'fixed', IssuedBefore: CUTOFF, ...extra,
  });
  // The function of a stack that deployed these properties.
  const handler = () => orgHandler(org, { deployed: props() });
  const own = () => `RevokeSessions-${ownerTag(STACK_ID, LOGICAL_ID)}-`;

  test('5,120 without MaxScpCharacters: the SCP is refused before anything is written', async () => {
    await expect(handler()(createEvent(props()))).rejects.toThrow(/over Organizations' 5120/);
    expect(org.policyNamed(own())).toBeUndefined();
  });

  test('MaxScpCharacters 10240: written', async () => {
    await handler()(createEvent(props({ MaxScpCharacters: '10240' })));
    expect(org.policyNamed(own())!.content.length).toBeGreaterThan(5120);
  });

  test.each(['20480', 'lots', '0'])('refuses MaxScpCharacters %s', async (value) => {
    await expect(handler()(createEvent(props({ MaxScpCharacters: value })))).rejects.toThrow(/MaxScpCharacters/);
  });
});

describe('the SCP in the template is the one the handler writes', () => {
  let org: LoopbackOrganizations;
  beforeEach(async () => {
    org = new LoopbackOrganizations({ maxPolicyCharacters: 10_240 });
    await org.start();
    ['r-ab12', 'ou-ab12-cd34ef56', '222233334444'].forEach((t) => org.addTarget(t));
  });
  afterEach(() => org.stop());

  /** What CloudFormation would pass for each `<...>` placeholder and intrinsic, the same on both sides. */
  const VALUES: Record<string, string> = {
    'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': 'us-east-1', 'AWS::URLSuffix': 'amazonaws.com', 'IssuedBefore': CUTOFF,
  };
  // A role's name is at most 64 characters: the ends of the logical ids keep them distinct.
  const valueOf = (name: string) => VALUES[name] ?? (name.endsWith('.Arn') ? `arn:aws:iam::${ACCOUNT}:role/${name.slice(0, -4).slice(-64)}` : `v-${name.slice(-60)}`);
  function resolve(v: unknown): unknown {
    if (Array.isArray(v)) {
      return v.map(resolve);
    }
    if (typeof v !== 'object' || v === null) {
      return v;
    }
    const o = v as Record<string, any>;
    if ('Ref' in o) {
      return valueOf(o.Ref);
    }
    if ('Fn::GetAtt' in o) {
      return valueOf(o['Fn::GetAtt'].join('.'));
    }
    if ('Fn::Join' in o) {
      return (resolve(o['Fn::Join'][1]) as string[]).join(o['Fn::Join'][0]);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  }

  async function written(s: Stack, extraEventProps: Record<string, unknown> = {}): Promise<{ preview: string; content: string }> {
    const template = Template.fromStack(s).toJSON();
    const [logicalId, resource] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'Custom::RevokeOrganizationSessions')!;
    const preview = resource.Metadata[SCP_PREVIEW_METADATA] as string;
    const { ServiceToken: _token, ...properties } = resolve(resource.Properties) as Record<string, unknown>;
    // The stack's own roles, as the function's environment carries them.
    const env = Object.values<any>(template.Resources)
      .map((r) => r.Properties?.Environment?.Variables?.[STACK_ROLES_ENV]).find((v) => v !== undefined);
    const handler = orgHandler(org, { deployed: properties, stackRoles: String(resolve(env)).split(',') });
    await handler({ ...createEvent({ ...properties, ...extraEventProps }), LogicalResourceId: logicalId });
    const content = org.policyNamed(`RevokeSessions-${ownerTag(STACK_ID, logicalId)}-`)!.content;
    return { preview, content: canonical(content) };
  }
  const filled = (preview: string, extra: Record<string, string> = {}) =>
    canonical(preview.replace(/<([^>]+)>/g, (_m, name: string) => extra[name] ?? valueOf(name)));
  // The handler sorts the exemptions by their deployed names, which synth does not know: compare them as sets.
  const canonical = (text: string) => JSON.stringify(JSON.parse(text).Statement.map((st: any) => {
    const exempt = st.Condition?.ArnNotLike?.['aws:PrincipalArn'];
    return exempt ? { ...st, Condition: { ...st.Condition, ArnNotLike: { 'aws:PrincipalArn': [...exempt].sort() } } } : st;
  }));

  test('every selection kind, break-glass roles, this stack\'s provider roles and deploy roles, a literal cutoff', async () => {
    const s = stack();
    revoke(s, {
      selections: everySelection(),
      targets: [OrganizationTarget.root('r-ab12'), OrganizationTarget.organizationalUnit('ou-ab12-cd34ef56'), OrganizationTarget.account('222233334444')],
      breakGlassRoles: ['BreakGlass*'],
      // Eight provider and deploy roles to exempt in four statements: past 5,120 characters.
      scpQuotas: { maxCharacters: 10_240 },
    });
    // A provider added after the construct is exempt too: the preview is computed at synth.
    new RevokeIdentityCenterSessions(s, 'RevokeAdmins', {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
      issuedBefore: Cutoff.at(CUTOFF),
    });
    const { preview, content } = await written(s);
    expect(preview).toContain('<CdkRevokeIdentityCenterSessionsProviderOnEventServiceRole');
    expect(preview).not.toContain('${');
    expect(preview).toContain(`"aws:TokenIssueTime":"${CUTOFF}"`);
    expect(filled(preview)).toBe(content);
  });

  test('a parameter cutoff shows as <IssuedBefore>', async () => {
    const s = stack();
    revoke(s, { issuedBefore: Cutoff.fromContextOrParameter(s) });
    const { preview, content } = await written(s);
    expect(preview).toContain('"aws:TokenIssueTime":"<IssuedBefore>"');
    expect(filled(preview)).toBe(content);
  });

  test('a deploy-time cutoff shows as <DeployTime+30s>', async () => {
    const s = stack();
    revoke(s, { issuedBefore: Cutoff.deployTime({ generation: 'INC-42' }) });
    const { preview, content } = await written(s);
    expect(preview).toContain('"aws:TokenIssueTime":"<DeployTime+30s>"');
    expect(filled(preview, { 'DeployTime+30s': new Date(NOW + 30_000).toISOString().replace('.000Z', 'Z') })).toBe(content);
  });

  test('users without a cutoff', async () => {
    const s = stack();
    revoke(s, { selections: [OrganizationSelection.identityCenterUser(USER)], issuedBefore: undefined });
    const { preview, content } = await written(s);
    expect(preview).not.toContain('TokenIssueTime');
    expect(filled(preview)).toBe(content);
  });
});

describe('readable stack outputs', () => {
  const outputs = (s: Stack) => Object.keys(Template.fromStack(s).toJSON().Outputs ?? {});

  test('RevokeOrganizationSessions: <id> or <outputPrefix>, no hash', () => {
    const s = stack();
    revoke(s, { stackOutputs: true });
    new RevokeOrganizationSessions(s, 'Second', {
      selections: [OrganizationSelection.identityCenterUser(USER)], targets: [OrganizationTarget.root('r-ab12')], stackOutputs: true, outputPrefix: 'IR42',
    });
    expect(outputs(s)).toEqual(['RevokePolicyId', 'RevokePolicyName', 'RevokeEffectiveCutoff', 'IR42PolicyId', 'IR42PolicyName', 'IR42EffectiveCutoff']);
  });

  test('RevokeIdentityCenterSessions: cutoff, accounts and the owned statement', () => {
    const s = stack();
    const r = new RevokeIdentityCenterSessions(s, 'RevokeAdminSessions', {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
      issuedBefore: Cutoff.at(CUTOFF),
      stackOutputs: true,
    });
    expect(outputs(s)).toEqual(['RevokeAdminSessionsEffectiveCutoff', 'RevokeAdminSessionsAccountsProvisioned', 'RevokeAdminSessionsOwnedStatementSidPrefix']);
    expect(s.resolve(r.ownedStatementSidPrefix)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^RevokeAdminSessions/), 'OwnedSidPrefix'] });
  });

  test('two prefixes whose output names meet are refused, naming both constructs', () => {
    const s = stack();
    new RevokeOlderSessions(s, 'Revoke', { roles: [iam.Role.fromRoleName(s, 'App', 'app')], issuedBefore: Cutoff.at(CUTOFF), stackOutputs: true });
    // `Revoke` + `OwnedPolicyName` and `RevokeOwned` + `PolicyName`.
    expect(() => new RevokeOrganizationSessions(s, 'RevokeOwned', {
      selections: [OrganizationSelection.rolesNamed(['ci-deploy'])], targets: [OrganizationTarget.root('r-ab12')], issuedBefore: Cutoff.at(CUTOFF), stackOutputs: true,
    })).toThrow('stack output RevokeOwnedPolicyName of OrgIncident/RevokeOwned is already an output of OrgIncident/Revoke in stack OrgIncident');
  });

  test('a prefix two constructs share is refused, whatever their kind', () => {
    const s = stack();
    revoke(s, { stackOutputs: true, outputPrefix: 'IR42' });
    expect(() => new RevokeIdentityCenterSessions(s, 'Ic', {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
      issuedBefore: Cutoff.at(CUTOFF),
      stackOutputs: true,
      outputPrefix: 'IR42',
    })).toThrow('outputPrefix "IR42" of OrgIncident/Ic is already used by OrgIncident/Revoke');
  });

  test('outputPrefix without stackOutputs is refused', () => {
    expect(() => revoke(stack(), { outputPrefix: 'IR42' })).toThrow('outputPrefix "IR42" is set but stackOutputs is not');
  });
});
