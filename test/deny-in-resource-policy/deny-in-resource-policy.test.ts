import { App, CfnParameter, CliCredentialsStackSynthesizer, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Cutoff, DeniedPrincipal, DenyInResourcePolicy, SessionId } from '../../src';
import { UTC_INSTANT_PATTERN } from '../../src/cutoff/utc-instant-pattern';
import { ACCOUNT, Caller, evaluate, roleSession, userWithAccessKeys } from '../helpers/request-context';
import { concrete, documentsOf } from '../helpers/template-document';

const OTHER = '999988887777';
const CFN_EXEC = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`;
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`;
/** The roles through which StackSets, Organizations and Control Tower deploy in this account: exempt on every resource. */
const ORGANIZATION_ACCESS = ['AWSCloudFormationStackSetAdministrationRole', 'AWSCloudFormationStackSetExecutionRole', 'AWSControlTowerExecution',
  'OrganizationAccountAccessRole', `stacksets-exec-${'?'.repeat(32)}`].map((name) => `arn:aws:iam::${ACCOUNT}:role/${name}`);
const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });
const partnerRole = (name: string, issuedAt = '2026-11-22T09:00:00Z') =>
  roleSession({ account: OTHER, roleName: name, issuedAt });
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function bucketWithDeny(props: Partial<ConstructorParameters<typeof DenyInResourcePolicy>[2]>): { stack: Stack; policy: any } {
  const s = stack();
  const bucket = new s3.Bucket(s, 'Data', { bucketName: 'incident-data' });
  // An existing grant to the partner account, which the deny must override.
  bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')], principals: [new iam.AccountPrincipal(OTHER)] }));
  new DenyInResourcePolicy(s, 'Deny', { resource: bucket, ...props });
  const arn = { [`${s.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn`]: 'arn:aws:s3:::incident-data' };
  return { stack: s, policy: documentsOf(s, 'AWS::S3::BucketPolicy', arn)[0] };
}

const getObject = (caller: Caller, resourcePolicy: unknown) => evaluate(caller, {
  action: 's3:GetObject', resource: 'arn:aws:s3:::incident-data/report.csv', identityPolicies: { Admin: allowAll }, resourcePolicy,
});

describe('S3 bucket', () => {
  test('adds a Principal * deny on the bucket and its objects', () => {
    const { policy } = bucketWithDeny({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`)] });
    expect(policy.Statement).toContainEqual({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::incident-data', 'arn:aws:s3:::incident-data/*'],
      Condition: {
        ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${OTHER}:role/leaked`, `arn:aws:iam::${OTHER}:role/*/leaked`] },
        ArnNotLike: { 'aws:PrincipalArn': [CFN_EXEC, DEPLOY, ...ORGANIZATION_ACCESS] },
      },
    });
  });

  test('oracle: the denied cross-account role is denied despite the bucket\'s Allow; another role of that account is allowed', async () => {
    const { policy } = bucketWithDeny({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`)] });
    expect(await getObject(partnerRole('leaked'), policy)).toBe('ExplicitlyDenied');
    expect(await getObject(partnerRole('healthy'), policy)).toBe('Allowed');
  });

  test('oracle: Identity Center roles matched by a path wildcard', async () => {
    const sso = `arn:aws:iam::${OTHER}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*`;
    const { policy } = bucketWithDeny({ principals: [DeniedPrincipal.fromArn(sso)] });
    const admin = roleSession({ account: OTHER, roleName: 'AWSReservedSSO_Admin_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', issuedAt: '2026-11-22T09:00:00Z' });
    const reader = roleSession({ account: OTHER, roleName: 'AWSReservedSSO_Read_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', issuedAt: '2026-11-22T09:00:00Z' });
    expect(await getObject(admin, policy)).toBe('ExplicitlyDenied');
    expect(await getObject(reader, policy)).toBe('Allowed');
  });

  test('oracle: with a cutoff, only the matched sessions issued before it are denied', async () => {
    const { policy } = bucketWithDeny({
      sessions: [SessionId.of('AROAEXAMPLEROLEID0001:*')],
      issuedBefore: Cutoff.at('2026-11-22T10:00:00Z'),
    });
    expect(await getObject(partnerRole('leaked', '2026-11-22T09:59:59Z'), policy)).toBe('ExplicitlyDenied');
    expect(await getObject(partnerRole('leaked', '2026-11-22T10:00:00Z'), policy)).toBe('Allowed');
  });

  test('a cutoff older than any live session gets the acknowledgeable cutoffRevokesNothing warning', () => {
    const { stack: s } = bucketWithDeny({ sessions: [SessionId.of('AROAEXAMPLEROLEID0001:*')], issuedBefore: Cutoff.at('2025-11-22T10:00:00Z') });
    Annotations.fromStack(s).hasWarning('/Incident/Deny', Match.stringLikeRegexp('issuedBefore 2025-11-22T10:00:00Z .* revokes no live session'));
    const { stack: fresh } = bucketWithDeny({ sessions: [SessionId.of('AROAEXAMPLEROLEID0001:*')], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });
    Annotations.fromStack(fresh).hasNoWarning('/Incident/Deny', Match.stringLikeRegexp('revokes no live session'));
  });

  test('a policy over 20 KB fails synth with its size and the limit', () => {
    const principals = Array.from({ length: 400 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked/role-number-${i}`));
    const { stack: s } = (() => {
      const st = stack();
      new DenyInResourcePolicy(st, 'Deny', { resource: new s3.Bucket(st, 'B'), principals });
      return { stack: st };
    })();
    expect(() => Template.fromStack(s)).toThrow(/the S3 bucket policy is about \d+ characters with the deny, over its 20480-character limit/);
  });

  test('an imported bucket fails synth, saying how to reach it', () => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: s3.Bucket.fromBucketName(s, 'B', 'theirs'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`)] }))
      .toThrow('the deny was not added: this S3 bucket (Incident/B) is imported and its policy cannot be changed from this stack; deploy the deny in the stack '
        + 'that owns it, or deny the principals in a resource control policy; set allowImportedResource to accept that nothing is written');
  });

  test('with allowImportedResource, an imported bucket gets an acknowledgeable warning instead', () => {
    const s = stack();
    new DenyInResourcePolicy(s, 'Deny', { resource: s3.Bucket.fromBucketName(s, 'B', 'theirs'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`)], allowImportedResource: true });
    Annotations.fromStack(s).hasWarning('/Incident/Deny', Match.stringLikeRegexp('the deny was not added: this S3 bucket \\(Incident\\/B\\) is imported.*\\[ack: cdk-revoke-sessions:resourcePolicyNotChanged\\]'));
    Template.fromStack(s).resourceCountIs('AWS::S3::BucketPolicy', 0);
  });
});

describe('KMS key', () => {
  test('never denies the account root or the deployment roles', () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    new DenyInResourcePolicy(s, 'Deny', { resource: key, principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`)] });
    const [keyRes] = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key')) as any[];
    const deny = concrete(keyRes.Properties.KeyPolicy).Statement.find((st: any) => st.Effect === 'Deny');
    expect(deny.Action).toBe('kms:*');
    expect(deny.Resource).toBe('*');
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      `arn:aws:iam::${ACCOUNT}:root`,
      `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`,
      `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`,
      ...ORGANIZATION_ACCESS,
    ]);
  });

  test('oracle: a broad deny leaves the key administrator and deployer working', async () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    const admin = iam.Role.fromRoleName(s, 'Admin', 'key-admin');
    new DenyInResourcePolicy(s, 'Deny', { resource: key, principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`)], keyAdministrators: [DeniedPrincipal.fromRole(admin)] });
    const [keyRes] = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key')) as any[];
    const keyPolicy = concrete(keyRes.Properties.KeyPolicy);
    const decrypt = (caller: Caller) => evaluate(caller, {
      action: 'kms:PutKeyPolicy',
      resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      identityPolicies: { Admin: allowAll },
      resourcePolicy: keyPolicy,
    });
    expect(await decrypt(roleSession({ roleName: 'key-admin', path: '/security/', issuedAt: '2026-11-22T09:00:00Z' }))).toBe('Allowed');
    expect(await decrypt(roleSession({ roleName: `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`, issuedAt: '2026-11-22T09:00:00Z' }))).toBe('Allowed');
    expect(await decrypt(roleSession({ roleName: 'leaked-app', issuedAt: '2026-11-22T09:00:00Z' }))).toBe('ExplicitlyDenied');
  });

  test('refuses to target a key administrator', () => {
    const s = stack();
    const admin = DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/key-admin`);
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new kms.Key(s, 'Key'), principals: [admin], keyAdministrators: [admin] }))
      .toThrow(`principal "arn:aws:iam::${ACCOUNT}:role/key-admin" administers the key, and the deny must never lock it out`);
  });
});

describe('other resource types', () => {
  test.each([
    ['SQS queue', (s: Stack) => new sqs.Queue(s, 'Q'), 'AWS::SQS::QueuePolicy', 'sqs:*'],
    ['SNS topic', (s: Stack) => new sns.Topic(s, 'T'), 'AWS::SNS::TopicPolicy', 'sns:Publish'],
    ['Secrets Manager secret', (s: Stack) => new secretsmanager.Secret(s, 'S'), 'AWS::SecretsManager::ResourcePolicy', 'secretsmanager:*'],
  ])('%s gets its default actions', (_n, make, type, action) => {
    const s = stack();
    new DenyInResourcePolicy(s, 'Deny', { resource: make(s) as any, principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`)] });
    const doc = JSON.stringify(Template.fromStack(s).findResources(type));
    expect(doc).toContain(`"${action}"`);
    expect(doc).toContain('"Deny"');
  });

  test.each([
    ['KMS key', (s: Stack) => new kms.Key(s, 'K'), 32_768],
    ['SNS topic', (s: Stack) => new sns.Topic(s, 'T'), 30_720],
    ['Secrets Manager secret', (s: Stack) => new secretsmanager.Secret(s, 'S'), 20_480],
    ['SQS queue', (s: Stack) => new sqs.Queue(s, 'Q'), 8_192],
  ])('a %s policy over its size limit fails synth with the size and the limit', (name, make, limit) => {
    const s = stack();
    const principals = Array.from({ length: 600 }, (_, i) => DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked/role-number-${i}`));
    new DenyInResourcePolicy(s, 'Deny', { resource: make(s) as any, principals });
    expect(() => Template.fromStack(s)).toThrow(new RegExp(`the ${name} policy is about \\d+ characters with the deny, over its ${limit}-character limit`));
  });

  test('an SQS policy over 20 statements fails synth', () => {
    const s = stack();
    const sessions = Array.from({ length: 21 }, (_, i) => SessionId.ofRoleSession(iam.Role.fromRoleName(s, `R${i}`, `role${i}`), 'leaked'));
    new DenyInResourcePolicy(s, 'Deny', { resource: new sqs.Queue(s, 'Q'), sessions });
    expect(() => Template.fromStack(s)).toThrow(/the SQS queue policy has 21 statements with the deny, over its limit of 20/);
  });

  test.each([
    ['no matchers', {}, 'nothing to deny: give principals, sessions or both'],
    ['a deploy-time cutoff', { principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/x`)], issuedBefore: Cutoff.deployTime({ generation: '1' }) }, 'a deploy-time cutoff cannot be used in a resource policy'],
  ])('refuses %s', (_n, props, message) => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), ...props })).toThrow(message);
  });

  test('a resource of unknown type needs explicit actions and resources', () => {
    const s = stack();
    const repo = { node: { path: 'Incident/Repo' }, addToResourcePolicy: () => ({ statementAdded: true }) } as any;
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: repo, principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/x`)] }))
      .toThrow('no default actions are known for Incident/Repo; pass actions and resourceArns for this kind of resource');
  });
});

describe('the deployment is never locked out', () => {
  test.each([
    ['S3 bucket', (s: Stack) => new s3.Bucket(s, 'B', { bucketName: 'incident-data' }), 'AWS::S3::BucketPolicy', 's3:PutBucketPolicy', 'arn:aws:s3:::incident-data'],
    ['SQS queue', (s: Stack) => new sqs.Queue(s, 'Q', { queueName: 'alerts' }), 'AWS::SQS::QueuePolicy', 'sqs:SetQueueAttributes', `arn:aws:sqs:us-east-1:${ACCOUNT}:alerts`],
    ['SNS topic', (s: Stack) => new sns.Topic(s, 'T', { topicName: 'alerts' }), 'AWS::SNS::TopicPolicy', 'sns:SetTopicAttributes', `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`],
    ['Secrets Manager secret', (s: Stack) => new secretsmanager.Secret(s, 'S'), 'AWS::SecretsManager::ResourcePolicy', 'secretsmanager:PutResourcePolicy', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`],
  ])('oracle: a role/* deny on a %s leaves the CloudFormation execution and deploy roles working', async (_n, make, type, action, resource) => {
    const s = stack();
    const res = make(s);
    new DenyInResourcePolicy(s, 'Deny', { resource: res as any, principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`)] });
    const [policyRes] = Object.values(Template.fromStack(s).findResources(type)) as any[];
    const doc = JSON.parse(JSON.stringify(policyRes.Properties.PolicyDocument ?? policyRes.Properties.ResourcePolicy));
    const statements = doc.Statement.filter((st: any) => st.Effect === 'Deny').map((st: any) => ({ ...st, Resource: '*' }));
    const policy = concrete({ Version: '2012-10-17', Statement: statements });
    const call = (roleName: string) => evaluate(roleSession({ roleName, issuedAt: '2026-11-22T09:00:00Z' }),
      { action, resource, identityPolicies: { Admin: allowAll }, resourcePolicy: policy });
    expect(await call(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`)).toBe('Allowed');
    expect(await call(`cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`)).toBe('Allowed');
    expect(await call('leaked-app')).toBe('ExplicitlyDenied');
  });

  test.each([
    ['the execution role by literal ARN', () => DeniedPrincipal.fromArn(CFN_EXEC), /principal role "cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1" deploys this stack/],
    ['the deploy role by name', (s: Stack) => DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'D', `cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`)), /deploys this stack .*remove it from principals/],
    ['another qualifier\'s bootstrap role', () => DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/cdk-Team_A-cfn-exec-role-${ACCOUNT}-eu-west-1`), /deploys this stack/],
  ])('refuses %s as a named principal on a bucket', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), principals: [make(s)] })).toThrow(message);
  });

  test('KMS: the account root by literal ARN is refused; another account\'s root is denied', () => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new kms.Key(s, 'K'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:root`)] }))
      .toThrow(`principal "arn:aws:iam::${ACCOUNT}:root" administers the key, and the deny must never lock it out`);
    new DenyInResourcePolicy(s, 'Deny2', { resource: new kms.Key(s, 'K2'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:root`)] });
  });

  test('KMS in a stack of unknown account: any literal root is refused (it could be this account\'s)', () => {
    const s = new Stack(new App(), 'Agnostic');
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new kms.Key(s, 'K'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:root`)] }))
      .toThrow(/administers the key/);
  });
});

describe('principals at any path, policy variables, and the roles that run the organization', () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  function keyPolicyWith(props: (s: Stack) => Partial<ConstructorParameters<typeof DenyInResourcePolicy>[2]>): unknown {
    const s = stack();
    new DenyInResourcePolicy(s, 'Deny', { resource: new kms.Key(s, 'Key'), ...props(s) });
    const [keyRes] = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key')) as any[];
    return concrete(keyRes.Properties.KeyPolicy);
  }
  const onKey = (caller: Caller, keyPolicy: unknown) => evaluate(caller, { action: 'kms:PutKeyPolicy', resource: KEY, identityPolicies: { Admin: allowAll }, resourcePolicy: keyPolicy });

  test('oracle: a literal path-less role or user ARN matches that principal at any path, and no namesake suffix', async () => {
    const { policy } = bucketWithDeny({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/leaked`), DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:user/alice`)] });
    expect(await getObject(roleSession({ account: OTHER, roleName: 'leaked', path: '/service/', issuedAt: '2026-11-22T09:00:00Z' }), policy)).toBe('ExplicitlyDenied');
    expect(await getObject(userWithAccessKeys({ account: OTHER, userName: 'alice', path: '/contractors/' }), policy)).toBe('ExplicitlyDenied');
    expect(await getObject(roleSession({ account: OTHER, roleName: 'not-leaked', path: '/service/', issuedAt: '2026-11-22T09:00:00Z' }), policy)).toBe('Allowed');
    expect(await getObject(userWithAccessKeys({ account: OTHER, userName: 'xalice' }), policy)).toBe('Allowed');
  });

  test.each([
    ['fromUser of a user imported by name', (s: Stack) => DeniedPrincipal.fromUser(iam.User.fromUserName(s, 'A', 'key-admin')), userWithAccessKeys({ userName: 'key-admin', path: '/security/' })],
    ['fromArn with a path-less user ARN', () => DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/key-admin`), userWithAccessKeys({ userName: 'key-admin', path: '/security/' })],
    ['fromArn with a path-less role ARN', () => DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/key-admin`), roleSession({ roleName: 'key-admin', path: '/security/', issuedAt: '2026-11-22T09:00:00Z' })],
  ])('oracle: a KMS key administrator given as %s, living at a path, stays exempt from a broad deny', async (_n, admin, caller) => {
    const keyPolicy = keyPolicyWith((s) => ({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`), DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/*`)], keyAdministrators: [admin(s)] }));
    expect(await onKey(caller, keyPolicy)).toBe('Allowed');
    expect(await onKey(userWithAccessKeys({ userName: 'leaked-user', path: '/security/' }), keyPolicy)).toBe('ExplicitlyDenied');
  });

  test('a named principal that a key administrator of the same name exempts at another path is refused: the deny would do nothing', () => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', {
      resource: new kms.Key(s, 'Key'),
      principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/key-admin`)],
      keyAdministrators: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/ops/key-admin`)],
    })).toThrow(`principal "arn:aws:iam::${ACCOUNT}:role/key-admin" administers the key, and the deny must never lock it out`);
    const s2 = stack();
    expect(() => new DenyInResourcePolicy(s2, 'Deny', {
      resource: new kms.Key(s2, 'Key'),
      principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/ops/key-admin`)],
      keyAdministrators: [DeniedPrincipal.fromUser(iam.User.fromUserName(s2, 'A', 'key-admin'))],
    })).toThrow(`principal "arn:aws:iam::${ACCOUNT}:user/ops/key-admin" administers the key`);
  });

  test('a policy variable is refused; the oracle shows why: IAM substitutes it, and an unrelated user is denied', async () => {
    const variable = `arn:aws:iam::${OTHER}:user/\${aws:username}`;
    expect(() => DeniedPrincipal.fromArn(variable)).toThrow(`principal "${variable}" contains "$", "{" or "}": IAM reads \${...} in a policy as a variable`);
    const substituted = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': [variable] } } }] };
    expect(await getObject(userWithAccessKeys({ account: OTHER, userName: 'bob' }), substituted)).toBe('ExplicitlyDenied');
  });

  test('oracle: a broad deny on a bucket leaves the StackSets execution roles of the stack\'s account working, so a StackSet can still update it', async () => {
    const { policy } = bucketWithDeny({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`)] });
    const role = (roleName: string, path = '/') => roleSession({ roleName, path, issuedAt: '2026-11-22T09:00:00Z' });
    for (const name of ['AWSCloudFormationStackSetExecutionRole', 'stacksets-exec-899a82a2cb437e970934262f85c7628a', 'OrganizationAccountAccessRole', 'AWSControlTowerExecution']) {
      expect(await getObject(role(name), policy)).toBe('Allowed');
    }
    // Fixed names and lengths, at the path AWS creates them: nothing else is spared.
    expect(await getObject(role('stacksets-exec-x'), policy)).toBe('ExplicitlyDenied');
    expect(await getObject(role('app', '/stacksets-exec-899a82a2cb437e970934262f85c7628a/'), policy)).toBe('ExplicitlyDenied');
  });

  test('naming an organization-access role of this account is refused unless allowOrganizationAccessRoles, which warns and drops their exemption', () => {
    const org = DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`);
    expect(() => bucketWithDeny({ principals: [org] })).toThrow('principal role "OrganizationAccountAccessRole" administers the organization');
    const { stack: s, policy } = bucketWithDeny({ principals: [org], allowOrganizationAccessRoles: true });
    Annotations.fromStack(s).hasWarning('/Incident/Deny', Match.stringLikeRegexp('allowOrganizationAccessRoles is set.*\\[ack: cdk-revoke-sessions:organizationAccessRolesAllowed\\]'));
    expect(JSON.stringify(policy)).not.toContain(':role/OrganizationAccountAccessRole"]');
    // Another account's organization-access role is no lockout of this stack.
    bucketWithDeny({ principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/OrganizationAccountAccessRole`)] });
  });
});

test('a synthesizer that does not name its deploy roles: an acknowledgeable warning, and only the organization-access exemptions', () => {
  const s = new Stack(new App(), 'Cli', { env: { account: ACCOUNT, region: 'us-east-1' }, synthesizer: new CliCredentialsStackSynthesizer() });
  new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/x`)] });
  Annotations.fromStack(s).hasWarning('/Cli/Deny', Match.stringLikeRegexp('does not name its deploy roles.*\\[ack: cdk-revoke-sessions:unknownDeployRoles\\]'));
  const [policy] = Object.values(Template.fromStack(s).findResources('AWS::S3::BucketPolicy')) as any[];
  const deny = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Effect === 'Deny');
  expect(concrete(deny.Condition.ArnNotLike['aws:PrincipalArn'])).toEqual(ORGANIZATION_ACCESS);
});

describe('cutoffs CloudFormation writes unchecked', () => {
  test('a String parameter is constrained to a UTC instant', () => {
    const s = stack();
    const param = new CfnParameter(s, 'Cutoff', { type: 'String' });
    new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/x`)], issuedBefore: Cutoff.fromParameter(param) });
    Template.fromStack(s).hasParameter('Cutoff', { Type: 'String', AllowedPattern: UTC_INSTANT_PATTERN });
    const pattern = new RegExp(UTC_INSTANT_PATTERN);
    for (const ok of ['2026-11-22T10:00:00Z', '2024-10-10T09:43:48.085Z']) {
      expect(pattern.test(ok)).toBe(true);
    }
    for (const bad of ['2026-11-22T10:00:00', '2026-11-22T10:00:00+01:00', '1732269600', '2026-13-22T10:00:00Z', ' 2026-11-22T10:00:00Z']) {
      expect(pattern.test(bad)).toBe(false);
    }
  });

  test.each([
    ['a Number parameter', (s: Stack) => Cutoff.fromParameter(new CfnParameter(s, 'P', { type: 'Number' })), 'cutoff parameter Incident/P has type Number; make it a String parameter'],
    ['a parameter with its own pattern', (s: Stack) => Cutoff.fromParameter(new CfnParameter(s, 'P', { allowedPattern: '.*' })), 'has its own allowedPattern ".*"'],
    ['an imported value', () => Cutoff.at(Fn.importValue('IncidentCutoff')), 'cannot be checked before it is written into a resource policy'],
  ])('refuses %s', (_n, make, message) => {
    const s = stack();
    expect(() => new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${OTHER}:role/x`)], issuedBefore: make(s) }))
      .toThrow(message);
  });

  test('an IAM user with a cutoff: a warning that access keys are never matched', () => {
    const s = stack();
    new DenyInResourcePolicy(s, 'Deny', { resource: new s3.Bucket(s, 'B'), principals: [DeniedPrincipal.fromUser(iam.User.fromUserName(s, 'U', 'alice'))], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });
    Annotations.fromStack(s).hasWarning('/Incident/Deny', Match.stringLikeRegexp(
      'access keys of user Incident/U are untouched and stay Active: a cutoff on aws:TokenIssueTime never matches requests signed with access keys.*update-access-key --status Inactive.*\\[ack: cdk-revoke-sessions:accessKeysUntouched\\]'));
  });
});
