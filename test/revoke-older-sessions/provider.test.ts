/**
 * The provider's function as a target of misuse: what it may do, and what it logs.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions, RoleSelection } from '../../src';
import { CONTEXT, createEvent, deleteEvent, OWNER, props } from '../helpers/events';
import { FakeIam } from '../helpers/fake-iam';
import { testHandler } from '../helpers/handler';

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
    expect(written).toEqual([`Admin-${OWNER}`, `Admin-${OWNER}`]);
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
