import { parseRoleArn, policyNameProblem, protectedRoleReason } from '../../src/core/role-target';

describe('parseRoleArn', () => {
  test.each([
    ['arn:aws:iam::111122223333:role/app', { partition: 'aws', account: '111122223333', path: '/', name: 'app' }],
    ['arn:aws:iam::111122223333:role/team/a/app', { partition: 'aws', account: '111122223333', path: '/team/a/', name: 'app' }],
    ['arn:aws-cn:iam::111122223333:role/x+=,.@_-y', { partition: 'aws-cn', account: '111122223333', path: '/', name: 'x+=,.@_-y' }],
    ['arn:aws-us-gov:iam::111122223333:role/gov', { partition: 'aws-us-gov', account: '111122223333', path: '/', name: 'gov' }],
  ])('parses %s', (arn, parts) => {
    expect(parseRoleArn(arn)).toEqual(parts);
  });

  test.each([
    'arn:aws:iam::111122223333:user/app',
    'arn:aws:sts::111122223333:assumed-role/app/session',
    'arn:aws:iam::11112222333:role/app',
    'arn:aws:iam::111122223333:role/',
    `arn:aws:iam::111122223333:role/${'a'.repeat(65)}`,
    'arn:aws:iam::111122223333:role/a b',
    'arn:aws:iam::111122223333:role/app"',
    'arn:aws:iam:us-east-1:111122223333:role/app',
    // A policy variable IAM would substitute per request: the path would match roles nobody named.
    'arn:aws:iam::111122223333:role/${aws:username}/app',
    'arn:aws:iam::111122223333:role/a{b}/app',
    'arn:aws:iam::111122223333:role/a$/app',
  ])('refuses %s', (arn) => {
    expect(parseRoleArn(arn)).toBeUndefined();
  });
});

describe('protectedRoleReason', () => {
  test('service-linked by path', () => {
    expect(protectedRoleReason('/aws-service-role/ecs.amazonaws.com/', 'AWSServiceRoleForECS')).toMatch(/^it is a service-linked role/);
  });
  test('Identity Center by path or by name', () => {
    expect(protectedRoleReason('/aws-reserved/sso.amazonaws.com/eu-west-1/', 'X')).toMatch(/Identity Center/);
    expect(protectedRoleReason(undefined, 'AWSReservedSSO_Admin_abc')).toMatch(/Identity Center/);
  });
  test('ordinary roles pass', () => {
    expect(protectedRoleReason('/', 'app')).toBeUndefined();
    expect(protectedRoleReason('/aws-reserved-not/', 'AWSReserved')).toBeUndefined();
    expect(protectedRoleReason(undefined, undefined)).toBeUndefined();
  });
});

test('policyNameProblem', () => {
  expect(policyNameProblem('AWSRevokeOlderSessions')).toBeUndefined();
  expect(policyNameProblem('a'.repeat(128))).toBeUndefined();
  expect(policyNameProblem('a'.repeat(129))).toMatch(/use 1 to 128 characters/);
  expect(policyNameProblem('')).toMatch(/^policyName "" is not a valid IAM policy name/);
});
