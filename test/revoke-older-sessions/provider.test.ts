/**
 * The provider's function as a target of misuse: what it may do, and what it logs.
 */
import { App, CfnResource, CliCredentialsStackSynthesizer, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions, RoleSelection } from '../../src';
import { grantsFromEnv, narrowingDigest, resourceTag, ResourceGrant, servedGrant } from '../../src/core/engine/grants';
import { CONTEXT, createEvent, deleteEvent, LOGICAL_ID, OWN_POLICY, OWNER, props, STACK_ID, updateEvent } from '../helpers/events';
import { FakeIam } from '../helpers/fake-iam';
import { ALL_CAPABILITIES, MONOTONIC, testHandler } from '../helpers/handler';

const WRITE_ACTIONS = ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'];

function statementsOf(make: (s: Stack) => void): any[] {
  const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'us-east-1' } });
  make(s);
  const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
  return Object.entries(policies).filter(([id]) => id.includes('OnEvent')).flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement);
}

const asList = (v: unknown) => (Array.isArray(v) ? v : [v]);

test.each([
  ['explicit roles', (s: Stack) => new RevokeOlderSessions(s, 'R', { roles: [iam.Role.fromRoleName(s, 'A', 'app')], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') })],
  ['a path selection', (s: Stack) => new RevokeOlderSessions(s, 'R', { selection: RoleSelection.pathPrefix('/app/'), issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') })],
  ['a tag selection', (s: Stack) => new RevokeOlderSessions(s, 'R', { selection: RoleSelection.tagged('incident'), issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') })],
  ['every role', (s: Stack) => new RevokeOlderSessions(s, 'R', { selection: RoleSelection.allInAccount(), issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') })],
])('with %s the function has no wildcard action, and Resource * only for the batched reads', (_name, make) => {
  const statements = statementsOf(make);
  expect(statements.length).toBeGreaterThan(0);
  for (const st of statements) {
    const actions = asList(st.Action);
    if (actions.some((a: string) => a.startsWith('cloudformation:'))) {
      // The removal gate reads its own stack, and nothing else.
      expect([actions, st.Resource]).toEqual([['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'], { Ref: 'AWS::StackId' }]);
      continue;
    }
    expect(actions.every((a: string) => a.startsWith('iam:') && !a.includes('*'))).toBe(true);
    if (asList(st.Resource).includes('*')) {
      expect(actions).toEqual(['iam:GetAccountAuthorizationDetails', 'iam:ListRoles']);
    }
    if (actions.some((a: string) => WRITE_ACTIONS.includes(a))) {
      expect(JSON.stringify(st.Resource)).toContain(':role/');
    }
  }
});

test('every cdk-nag suppression the library adds carries a specific reason, and IAM5 ones name what they cover', () => {
  const s = new Stack(new App(), 'S');
  new RevokeOlderSessions(s, 'R', { selection: RoleSelection.allInAccount(), issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });
  const suppressions = Object.values(Template.fromStack(s).toJSON().Resources)
    .flatMap((r: any) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []);
  expect(suppressions.length).toBeGreaterThan(0);
  for (const sup of suppressions) {
    expect(sup.reason.length).toBeGreaterThan(40);
    if (sup.id === 'AwsSolutions-IAM5' || sup.id === 'AwsSolutions-IAM4') {
      expect(sup.applies_to?.length).toBeGreaterThan(0);
    }
  }
});

describe('a hostile or careless caller of the function', () => {
  let fake: FakeIam;
  let lines: string[];
  const handler = () => testHandler({ concurrency: 8 });

  beforeEach(() => {
    fake = new FakeIam();
    lines = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    fake.addRole('app', { policies: { Admin: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
  });
  afterEach(() => {
    fake.restore();
    jest.restoreAllMocks();
  });

  test('cannot make the handler overwrite another inline policy by naming it', async () => {
    const admin = fake.roles.get('app')!.policies.Admin;
    await handler()(createEvent(props({ PolicyName: 'Admin', RemovalPolicy: 'destroy' })), CONTEXT);
    await handler()(deleteEvent(props({ PolicyName: 'Admin', RemovalPolicy: 'destroy' })), CONTEXT);
    // The handler writes and deletes only names it owns (`Admin-<owner tag>`), never the name it is given.
    expect(fake.roles.get('app')!.policies).toEqual({ Admin: admin });
    const written = fake.mock.calls().filter((c) => /^(Put|Delete)RolePolicy/.test(c.args[0].constructor.name)).map((c) => (c.args[0].input as any).PolicyName);
    expect(written).toEqual([expect.stringMatching(new RegExp(`^Admin-${OWNER}-[0-9a-f]{8}-20261122T100000Z$`)), expect.stringMatching(/^Admin-/)]);
    expect(new Set(written).size).toBe(1);
  });

  test('cannot pass policy text: a document-shaped property is refused before any call', async () => {
    const err = await handler()(createEvent(props({ PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' })), CONTEXT).catch((e) => e);
    expect(err.message).toMatch(/^unexpected property "PolicyDocument"/);
    expect(fake.mock.calls()).toHaveLength(0);
  });

  test('logs are one JSON line per decision, with no policy documents and no credentials', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    process.env.AWS_SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';
    try {
      await handler()(createEvent(), CONTEXT);
      await handler()(createEvent(props({ PolicyName: 'Admin' })), CONTEXT).catch(() => undefined);
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_SESSION_TOKEN;
    }
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toMatch(/Statement|"Effect"|PolicyDocument|EXAMPLEKEY|EXAMPLETOKEN|AKIA|ASIA/);
    }
  });
});

describe('one provider per stack, and a grant per resource', () => {
  const CUTOFF = Cutoff.at('2026-11-22T10:00:00Z');
  const synth = (make: (s: Stack) => void) => {
    const s = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'us-east-1' } });
    make(s);
    return { s, t: Template.fromStack(s) };
  };
  const envOf = (t: Template, idPattern: RegExp) => Object.entries(t.findResources('AWS::Lambda::Function'))
    .filter(([id]) => idPattern.test(id)).map(([, fn]: [string, any]) => fn.Properties.Environment.Variables);
  const idOf = (s: Stack, path: string) => s.resolve((s.node.findChild(path).node.findChild('Resource').node.defaultChild as CfnResource).logicalId);

  test('every kind and capability shares one ServiceToken, and each resource gets only its own grant', () => {
    const { s, t } = synth((st) => {
      const role = iam.Role.fromRoleName(st, 'A', 'app');
      new RevokeOlderSessions(st, 'Default', { roles: [role], issuedBefore: CUTOFF });
      new RevokeOlderSessions(st, 'Destroy', { roles: [role], issuedBefore: CUTOFF, removalPolicy: RemovalPolicy.DESTROY });
      new RevokeOlderSessions(st, 'Lower', { roles: [role], issuedBefore: CUTOFF, allowEarlierCutoff: true });
      new RevokeOlderSessions(st, 'Selection', { selection: RoleSelection.allInAccount({ exclude: ['breakglass'] }), issuedBefore: CUTOFF });
      new RevokeOlderSessions(st, 'Dry', { roles: [role], issuedBefore: CUTOFF, dryRun: true });
    });
    const services = Object.values(t.findResources('Custom::RevokeOlderSessions')).map((r: any) => JSON.stringify(r.Properties.ServiceToken));
    expect(services).toHaveLength(5);
    expect(new Set(services).size).toBe(1);
    const [env] = envOf(t, /^CdkRevokeSessionsProviderOnEvent/);
    expect(env.REVOKE_STACK).toEqual({ Ref: 'AWS::StackId' });
    expect(env.REVOKE_CAPABILITIES).toBeUndefined();
    const table = grantsFromEnv({ REVOKE_STACK: 'stack', REVOKE_GRANTS: env.REVOKE_GRANTS });
    const grant = (path: string) => servedGrant(table, 'stack', idOf(s, path));
    expect(grant('Default')).toEqual(MONOTONIC);
    expect(grant('Destroy')).toEqual({ ...MONOTONIC, remove: true });
    expect(grant('Lower')).toEqual({ ...MONOTONIC, lower: true });
    expect(grant('Selection')).toEqual({ ...MONOTONIC, narrowing: narrowingDigest({ exclude: ['breakglass'] }) });
    expect(grant('Dry')).toEqual(MONOTONIC);
  });

  test('a future cutoff is granted only to the resource deployed with allowFutureCutoff, and only up to its literal', () => {
    const { s, t } = synth((st) => {
      const role = iam.Role.fromRoleName(st, 'A', 'app');
      new RevokeOlderSessions(st, 'Now', { roles: [role], issuedBefore: CUTOFF });
      new RevokeOlderSessions(st, 'Ahead', { roles: [role], issuedBefore: Cutoff.at('2026-11-22T18:00:00Z'), allowFutureCutoff: true });
    });
    const [env] = envOf(t, /^CdkRevokeSessionsProviderOnEvent/);
    const table = grantsFromEnv({ REVOKE_STACK: 'stack', REVOKE_GRANTS: env.REVOKE_GRANTS });
    expect(servedGrant(table, 'stack', idOf(s, 'Now'))!.future).toBeUndefined();
    expect(servedGrant(table, 'stack', idOf(s, 'Ahead'))!.future).toEqual({ kind: 'until', epochMs: Date.parse('2026-11-22T18:00:00Z') });
  });

  test('the default function may delete only on its targets; a stack with a DESTROY revocation may delete inline policies on every role', () => {
    const deletes = (t: Template) => Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => asList(st.Action).includes('iam:DeleteRolePolicy')).map((st: any) => JSON.stringify(st.Resource));
    const retain = synth((st) => new RevokeOlderSessions(st, 'R', { roles: [iam.Role.fromRoleArn(st, 'A', 'arn:aws:iam::111122223333:role/app')], issuedBefore: CUTOFF }));
    expect(deletes(retain.t)).toEqual(['["arn:aws:iam::111122223333:role/app","arn:aws:iam::111122223333:role/*/app"]']);
    const destroy = synth((st) => new RevokeOlderSessions(st, 'R', {
      roles: [iam.Role.fromRoleArn(st, 'A', 'arn:aws:iam::111122223333:role/app')], issuedBefore: CUTOFF, removalPolicy: RemovalPolicy.DESTROY,
    }));
    expect(deletes(destroy.t)).toContain(JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/*']] }));
  });

  test('a forged event for a resource the function does not serve cannot remove or lower', async () => {
    const fake = new FakeIam();
    try {
      fake.addRole('app');
      await testHandler()(createEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
      // The function serves another resource of this stack, and this resource in no other stack.
      const grants = (g: ResourceGrant) => ({ stackId: STACK_ID, resources: new Map([[resourceTag('SomeOtherResource'), g]]) });
      for (const table of [grants(ALL_CAPABILITIES), { stackId: STACK_ID.replace('IncidentStack', 'OtherStack'), resources: new Map([[resourceTag(LOGICAL_ID), ALL_CAPABILITIES]]) }]) {
        const h = testHandler({ grants: table });
        await expect(h(updateEvent(props({ IssuedBefore: '1970-01-01T00:00:00Z', AllowEarlierCutoff: 'true' }), props()), CONTEXT))
          .rejects.toThrow(/is not one this function serves/);
        // A Delete of it succeeds, removing nothing.
        await h(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
        expect(fake.document('app', OWN_POLICY).Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:00:00Z');
      }
      // Served, the same Delete removes it.
      await testHandler({ grants: { stackId: STACK_ID, resources: new Map([[resourceTag(LOGICAL_ID), ALL_CAPABILITIES]]) } })(deleteEvent(props({ RemovalPolicy: 'destroy' })), CONTEXT);
      expect(fake.owned('app')).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  test('the protected roles travel as names, not ARNs', () => {
    const { t } = synth((s) => new RevokeOlderSessions(s, 'R', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF }));
    const [env] = envOf(t, /^CdkRevokeSessionsProviderOnEvent/);
    const text = JSON.stringify(env.REVOKE_PROTECTED_ROLES);
    expect(text).not.toContain('Arn');
    expect(text).not.toContain(':role/');
    expect(text).toContain('cfn-exec-role-111122223333-us-east-1');
  });

  test('every provider protects the roles of every provider of the library in the stack', () => {
    const { t } = synth((s) => {
      new RevokeOlderSessions(s, 'Explicit', { roles: [iam.Role.fromRoleName(s, 'A', 'app')], issuedBefore: CUTOFF });
      new RevokeOlderSessions(s, 'Selection', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF });
    });
    const roleIds = Object.keys(t.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('CdkRevokeSessions'));
    expect(roleIds.length).toBeGreaterThanOrEqual(3);
    const fns = envOf(t, /^CdkRevokeSessionsProvider(OnEvent|IsComplete)/);
    expect(fns).toHaveLength(2);
    for (const env of fns) {
      const protectedRoles = JSON.stringify(env.REVOKE_PROTECTED_ROLES);
      for (const id of roleIds) {
        expect(protectedRoles).toContain(`{"Ref":"${id}"}`);
      }
    }
  });

  test('a synthesizer that does not name the deploy roles draws an acknowledgeable warning', () => {
    const s = new Stack(new App(), 'S', { synthesizer: new CliCredentialsStackSynthesizer() });
    new RevokeOlderSessions(s, 'R', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF });
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp('CliCredentialsStackSynthesizer.*does not name the roles that deploy it.*'
      + '\\[ack: cdk-revoke-sessions:unknownDeployRoles\\]'));
  });

  test('dryRun sends DryRun, and with stackOutputs adds outputs that say nothing was revoked', () => {
    const { t } = synth((s) => new RevokeOlderSessions(s, 'R', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF, dryRun: true, stackOutputs: true }));
    t.hasResourceProperties('Custom::RevokeOlderSessions', { DryRun: 'true' });
    const outputs = Object.values(t.findOutputs('*')).map((o: any) => o.Description);
    expect(outputs.filter((d: string) => d.startsWith('DRY RUN, nothing was revoked'))).toHaveLength(2);
  });
});
