/**
 * What the handler-built documents mean, checked by the IAM evaluation oracle
 * (@cloud-copilot/iam-simulate, a devDependency used only here).
 */
import { CONTEXT, createEvent, encodedConsoleDocument, props, roleArn } from '../helpers/events';
import { FakeIam } from '../helpers/fake-iam';
import { testHandler } from '../helpers/handler';
import {
  ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, SAMPLE_REQUESTS, userSessionToken, userWithAccessKeys,
} from '../helpers/request-context';

const CUTOFF = '2026-11-22T10:00:00Z';
let iam: FakeIam;

beforeEach(() => {
  iam = new FakeIam();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  iam.restore();
  jest.restoreAllMocks();
});

/** Runs the real handler and returns the document it wrote to role `app`. */
async function writtenDocument(issuedBefore = CUTOFF, existing?: string): Promise<unknown> {
  iam.addRole('app', { path: '/team/', policies: existing ? { AWSRevokeOlderSessions: existing } : {} });
  const handler = testHandler();
  await handler(createEvent(props({ RoleArns: [roleArn('app', '/team/')], IssuedBefore: issuedBefore })), CONTEXT);
  return iam.document('app');
}

const appSession = (issuedAt: string, sessionName = 'ci-run') =>
  roleSession({ roleName: 'app', path: '/team/', issuedAt, sessionName });

async function decisions(caller: Caller, doc: unknown): Promise<string[]> {
  return Promise.all(SAMPLE_REQUESTS.map((r) => evaluate(caller, {
    ...r, identityPolicies: { AdministratorAccess: ALLOW_ALL, AWSRevokeOlderSessions: doc },
  })));
}

const everyAction = (d: string) => SAMPLE_REQUESTS.map(() => d);

test.each([
  ['a role session issued 1 s before the cutoff', 'ExplicitlyDenied', appSession('2026-11-22T09:59:59Z')],
  ['a role session issued long before the cutoff', 'ExplicitlyDenied', appSession('2026-11-21T03:00:00Z')],
  ['an EC2 instance session issued before the cutoff', 'ExplicitlyDenied', roleSession({ roleName: 'app', path: '/team/', sessionName: 'i-0123456789abcdef0', issuedAt: '2026-11-22T09:00:00Z' })],
  ['a role session issued exactly at the cutoff', 'Allowed', appSession(CUTOFF)],
  ['a role session issued after the cutoff', 'Allowed', appSession('2026-11-22T10:00:01Z')],
  ['a session token issued before the cutoff (same document on a user)', 'ExplicitlyDenied', userSessionToken({ userName: 'alice', issuedAt: '2026-11-22T09:00:00Z' })],
  ['a federated user issued before the cutoff (same document)', 'ExplicitlyDenied', federatedUser({ name: 'bob', issuedAt: '2026-11-22T09:00:00Z' })],
  ['a request signed with long-term user keys (same document)', 'Allowed', userWithAccessKeys({ userName: 'alice' })],
])('%s: %s on s3, dynamodb, ec2, sqs and iam', async (_name, expected, caller) => {
  const doc = await writtenDocument();
  expect(await decisions(caller, doc)).toEqual(everyAction(expected));
});

test('millisecond cutoffs are exact: .084 is denied, .085 is allowed', async () => {
  const doc = await writtenDocument('2026-11-22T10:00:00.085Z');
  expect(await decisions(appSession('2026-11-22T10:00:00.084Z'), doc)).toEqual(everyAction('ExplicitlyDenied'));
  expect(await decisions(appSession('2026-11-22T10:00:00.085Z'), doc)).toEqual(everyAction('Allowed'));
});

test('an offset cutoff means the same instant as its UTC form', async () => {
  const doc = await writtenDocument('2026-11-22T11:00:00+01:00');
  expect(await decisions(appSession('2026-11-22T09:59:59Z'), doc)).toEqual(everyAction('ExplicitlyDenied'));
  expect(await decisions(appSession('2026-11-22T10:00:00Z'), doc)).toEqual(everyAction('Allowed'));
});

test('a console revocation kept beside this resource\'s own policy: together they deny up to the later cutoff', async () => {
  const doc = await writtenDocument(CUTOFF, decodeURIComponent(encodedConsoleDocument('2026-11-21T00:00:00Z')));
  const both = (caller: Caller) => Promise.all(SAMPLE_REQUESTS.map((r) => evaluate(caller, {
    ...r, identityPolicies: { AdministratorAccess: ALLOW_ALL, ...rolePolicies() },
  })));
  expect((doc as any).Statement).toHaveLength(1);
  expect(Object.keys(rolePolicies())).toHaveLength(2);
  expect(await both(appSession('2026-11-21T12:00:00Z'))).toEqual(everyAction('ExplicitlyDenied'));
  expect(await both(appSession('2026-11-20T12:00:00Z'))).toEqual(everyAction('ExplicitlyDenied'));
  expect(await both(appSession('2026-11-22T10:00:00Z'))).toEqual(everyAction('Allowed'));
});

function rolePolicies(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(iam.roles.get('app')!.policies).map(([n, d]) => [n, JSON.parse(d)]));
}

test('without the revocation, the same sessions are allowed (the deny is what changes the outcome)', async () => {
  const caller = appSession('2026-11-22T09:59:59Z');
  const allowed = await Promise.all(SAMPLE_REQUESTS.map((r) => evaluate(caller, { ...r, identityPolicies: { AdministratorAccess: ALLOW_ALL } })));
  expect(allowed).toEqual(everyAction('Allowed'));
});

test('the helper refuses a temporary caller without aws:TokenIssueTime', async () => {
  const broken = { ...appSession(CUTOFF), context: { 'aws:PrincipalArn': 'x', 'aws:userId': 'y', 'aws:PrincipalType': 'AssumedRole' } };
  await expect(evaluate(broken, { ...SAMPLE_REQUESTS[0], identityPolicies: {} })).rejects.toThrow('aws:TokenIssueTime must be set exactly for temporary credentials');
});
