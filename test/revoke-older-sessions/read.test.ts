/**
 * The batched read keeps, page by page, only what the plan needs: against the loopback IAM (a
 * test double) answering realistic, URL-encoded `GetAccountAuthorizationDetails` pages.
 */
import { Pacer } from '../../src/core/pacer';
import { IamIo } from '../../src/revoke-older-sessions/io';
import { readAccount, readRole, trustedServicesOf } from '../../src/revoke-older-sessions/read';
import { OWN_POLICY } from '../helpers/events';
import { LoopbackIam } from '../helpers/loopback-iam';
import { addRealisticRoles } from '../helpers/realistic-roles';

const OWNED = '{"Version":"2012-10-17","Statement":[{"Sid":"Own","Effect":"Deny","Action":"*","Resource":"*"}]}';
const LEGACY = '{"Version":"2012-10-17","Statement":[{"Sid":"Console","Effect":"Deny","Action":"*","Resource":"*"}]}';

let iam: LoopbackIam;
let io: IamIo;

beforeEach(async () => {
  // Two roles a page: the read must follow Marker and keep nothing of a page but its roles' essentials.
  iam = new LoopbackIam({ pageSize: 2 });
  await iam.start();
  io = new IamIo(iam.client(), 4, () => 900_000, async () => undefined, new Pacer(), () => undefined);
  addRealisticRoles(iam, 5, 'svc-');
  iam.roles.get('svc-00001')!.policies.set(OWN_POLICY, OWNED);
  iam.roles.get('svc-00003')!.policies.set('AWSRevokeOlderSessions', LEGACY);
});

afterEach(async () => {
  await iam.stop();
});

const wanted = (name: string) => name === OWN_POLICY || name === 'AWSRevokeOlderSessions';

test('keeps only the wanted inline documents (decoded), the trust policy\'s services, and the role\'s identity and tags', async () => {
  const roles = await readAccount(io, wanted, false);
  expect(roles.map((r) => r.name)).toEqual(['svc-00000', 'svc-00001', 'svc-00002', 'svc-00003', 'svc-00004']);
  expect(roles.map((r) => [...r.policies])).toEqual([[], [[OWN_POLICY, OWNED]], [], [['AWSRevokeOlderSessions', LEGACY]], []]);
  // Every third role has an instance profile (EC2); the others trust Lambda or ECS tasks.
  expect(roles.map((r) => r.trustedServices)).toEqual([
    ['ec2.amazonaws.com'], ['ecs-tasks.amazonaws.com'], ['lambda.amazonaws.com'], ['ec2.amazonaws.com'], ['lambda.amazonaws.com'],
  ]);
  const first = roles[0];
  expect(first).toMatchObject({ path: '/workloads/', arn: 'arn:aws:iam::111122223333:role/workloads/svc-00000' });
  expect(first.tags).toHaveLength(10);
  expect(first.tags).toContainEqual({ Key: 'service', Value: 'svc-00000' });
  // Nothing else of the page survives: no raw details, no foreign documents, no instance profiles.
  expect(Object.keys(first).sort()).toEqual(['arn', 'name', 'path', 'policies', 'tags', 'trustedServices']);
  expect(first.tags.every((t) => Object.keys(t).sort().join() === 'Key,Value')).toBe(true);
  expect(iam.tally()).toEqual({ 'GetAccountAuthorizationDetails:OK': 3 });
});

test('with sessions, adds each role\'s MaxSessionDuration from ListRoles', async () => {
  const roles = await readAccount(io, () => false, true);
  expect(roles.map((r) => r.maxSessionSeconds)).toEqual([3600, 3600, 3600, 3600, 3600]);
  expect(roles.every((r) => r.policies.size === 0)).toBe(true);
});

test('one role read by name carries its trust policy\'s services too', async () => {
  const role = await readRole(io, 'svc-00003', wanted);
  expect(role).toMatchObject({ trustedServices: ['ec2.amazonaws.com'], policies: new Map([['AWSRevokeOlderSessions', LEGACY]]) });
});

test('trust services: Allow statements only, a string or a list, encoded or not, `*` for any principal; anything unreadable gives none', () => {
  const doc = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
    ],
  });
  // Anyone may assume it: no service list bounds how long its credentials live.
  expect(trustedServicesOf(encodeURIComponent(doc))).toEqual(['*', 'edgelambda.amazonaws.com', 'lambda.amazonaws.com']);
  expect(trustedServicesOf(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } } }))).toEqual(['ec2.amazonaws.com']);
  expect(trustedServicesOf(undefined)).toBeUndefined();
  expect(trustedServicesOf('%7Bnot json')).toBeUndefined();
  expect(trustedServicesOf(JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' } }] }))).toEqual([]);
});
