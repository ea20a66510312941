/**
 * Malformed and hostile CloudFormation events. The handler must fail cleanly (one lowercase
 * message that names the problem) and write nothing; when a mutated event happens to be valid,
 * the only document it may write is the deny it builds itself.
 */
import 'aws-sdk-client-mock-jest';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import * as fc from 'fast-check';
import { readRevocationDocument } from '../../src/core/revocation-document';
import { CONTEXT, createEvent, deleteEvent, props, roleArn, updateEvent } from '../helpers/events';
import { FakeIam } from '../helpers/fake-iam';
import { testHandler } from '../helpers/handler';
import { PropertySummary } from '../helpers/property-summary';

const summary = new PropertySummary('event fuzzing');
let iam: FakeIam;

beforeAll(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  summary.print();
  jest.restoreAllMocks();
});
beforeEach(() => {
  iam = new FakeIam();
  iam.addRole('app', { policies: { Admin: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
});
afterEach(() => iam.restore());

const handler = () => testHandler({ protectedRoles: new Set(['provider-role']) });

const INJECTIONS = [
  'app"}],"Effect":"Allow', '../../admin', 'app%00', 'app\nAdmin', '${AWS::AccountId}', '<xml>', 'app;rm -rf /',
  'Admin', '*', 'arn:aws:iam::111122223333:role/*', '{"Statement":[]}', ' ', '', 'a'.repeat(10_000),
];
const junk = fc.oneof(
  fc.constantFrom(...INJECTIONS), fc.string(), fc.integer(), fc.boolean(), fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const KEYS = ['RoleArns', 'CutoffMode', 'IssuedBefore', 'Generation', 'BufferSeconds', 'PolicyName', 'RemovalPolicy',
  'AllowEarlierCutoff', 'AllowFutureCutoff', 'Selection', 'PathPrefix', 'TagKey', 'TagValue', 'NamePattern', 'Exclude'];

/** A valid property set with one to three keys removed, replaced by junk, or added. */
const mutated = fc.tuple(
  fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), op: fc.constantFrom('drop', 'set'), value: junk }), { minLength: 1, maxLength: 3 }),
  fc.option(fc.constantFrom(...INJECTIONS).map((n) => [roleArn(n)]), { nil: undefined }),
).map(([edits, roleArns]) => {
  const p: Record<string, unknown> = props(roleArns ? { RoleArns: roleArns } : {});
  for (const { key, op, value } of edits) {
    if (op === 'drop') {
      delete p[key];
    } else {
      p[key] = value;
    }
  }
  return p;
});

/** Every write is a document this library built: only time-based denies, only on the target. */
function writesAreOwnDenies(): boolean {
  return iam.mock.commandCalls(PutRolePolicyCommand).every((call) => {
    const input = call.args[0].input;
    return input.PolicyName !== 'Admin' && readRevocationDocument(input.PolicyDocument ?? '').kind !== 'unrecognized';
  });
}

test('mutated Create and Update events fail cleanly and write nothing, or write only the handler\'s own deny', async () => {
  await summary.check(fc.asyncProperty(mutated, fc.boolean(), async (p, asUpdate) => {
    iam.mock.resetHistory();
    const event = asUpdate ? updateEvent(p, props()) : createEvent(p);
    const error = await handler()(event, CONTEXT).then(() => undefined, (e: Error) => e);
    const admin = iam.roles.get('app')!.policies.Admin;
    if (error) {
      summary.rejected++;
      const writes = iam.calls('PutRolePolicy') + iam.calls('DeleteRolePolicy');
      return writes === 0 && /^[a-z"]/.test(error.message) && Buffer.byteLength(error.message) <= 3000 && admin.includes('"Allow"');
    }
    return writesAreOwnDenies() && admin.includes('"Allow"');
  }), 600);
});

test('properties that are not an object, oversized lists and unknown kinds are refused before any call', async () => {
  const hostile = fc.oneof(
    junk,
    fc.constant(props({ RoleArns: Array.from({ length: 5001 }, (_, i) => roleArn(`r${i}`)) })),
    fc.constant(props({ RoleArns: [] })),
    fc.constantFrom(...INJECTIONS).map((v) => props({ Selection: v, RoleArns: undefined })),
    fc.constant(props({ Exclude: Array.from({ length: 101 }, () => 'x'), Selection: 'all-in-account', RoleArns: undefined })),
  );
  await summary.check(fc.asyncProperty(hostile, async (p) => {
    iam.mock.resetHistory();
    const clean = p && typeof p === 'object' && !Array.isArray(p) ? JSON.parse(JSON.stringify(p)) : p;
    const error = await handler()(createEvent(clean as Record<string, unknown>), CONTEXT).then(() => undefined, (e: Error) => e);
    summary.rejected += error ? 1 : 0;
    return error !== undefined && iam.mock.calls().length === 0 && /^[a-z"]/.test(error.message);
  }), 300);
});

test('a crafted Delete never removes a policy the handler did not write', async () => {
  await summary.check(fc.asyncProperty(mutated, fc.constantFrom('Admin', 'AWSRevokeOlderSessions'), async (p, policyName) => {
    iam.mock.resetHistory();
    await handler()(deleteEvent({ ...p, PolicyName: policyName, RemovalPolicy: 'destroy' }), CONTEXT).catch(() => undefined);
    return iam.roles.get('app')!.policies.Admin !== undefined && iam.calls('PutRolePolicy') === 0;
  }), 300);
});
