import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { SessionId } from '../../src';
import { parseRoleArn, protectedRoleReason } from '../../src/core/role-target';
import { PropertySummary } from '../helpers/property-summary';

const summary = new PropertySummary('names and ARNs');
afterAll(() => summary.print());

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-'.split('');
const name = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: min, maxLength: max });
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov');
const account = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
const path = fc.array(name(1, 20), { maxLength: 4 }).map((segments) => `/${segments.map((s) => `${s}/`).join('')}`);

test('every valid role ARN, in every partition and at any path, parses back to its parts', async () => {
  await summary.check(fc.property(partition, account, path, name(1, 64), (p, a, pth, n) => {
    const parts = parseRoleArn(`arn:${p}:iam::${a}:role${pth}${n}`);
    return parts !== undefined && parts.partition === p && parts.account === a && parts.path === pth && parts.name === n;
  }), 2000);
});

test('a role name over 64 characters, a bad character, an sts ARN or a short account is refused', async () => {
  const bad = fc.oneof(
    fc.tuple(partition, account, path, name(65, 80)).map(([p, a, pth, n]) => `arn:${p}:iam::${a}:role${pth}${n}`),
    fc.tuple(partition, account, name(1, 10), fc.constantFrom('!', '#', ' ', '*', '%', '"', '\n')).map(([p, a, n, c]) => `arn:${p}:iam::${a}:role/${n}${c}x`),
    fc.tuple(partition, account, name(1, 20), name(2, 20)).map(([p, a, n, s]) => `arn:${p}:sts::${a}:assumed-role/${n}/${s}`),
    fc.tuple(partition, fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 11 }), name(1, 20)).map(([p, a, n]) => `arn:${p}:iam::${a}:role/${n}`),
  );
  await summary.check(fc.property(bad, (arn) => {
    summary.rejected++;
    return parseRoleArn(arn) === undefined;
  }), 2000);
});

test('service-linked and Identity Center roles are always refused, other paths never', async () => {
  await summary.check(fc.property(path, name(1, 64), (pth, n) => {
    const other = protectedRoleReason(pth, n) === undefined || n.startsWith('AWSReservedSSO_');
    const serviceLinked = protectedRoleReason(`/aws-service-role/${pth.slice(1)}`, n);
    const sso = protectedRoleReason(`/aws-reserved/sso.amazonaws.com/${pth.slice(1)}`, n);
    return other && serviceLinked !== undefined && sso !== undefined;
  }), 1000);
});

test('session names: 2 to 64 valid characters are accepted; anything else is refused with the value shown', async () => {
  const role = iam.Role.fromRoleName(new Stack(new App(), 'S'), 'R', 'app');
  const candidate = fc.oneof(name(2, 64), name(65, 80), name(0, 1), fc.string({ maxLength: 70 }));
  await summary.check(fc.property(candidate, (session) => {
    const valid = /^[\w+=,.@-]{2,64}$/.test(session);
    try {
      SessionId.ofRoleSession(role, session);
      return valid;
    } catch (err) {
      summary.rejected++;
      return !valid && (err as Error).message.startsWith(`session name "${session}"`);
    }
  }), 2000);
});
