/**
 * Roles that look like a real account's, for the loopback IAM (a test double): a trust policy of
 * about 600 characters, three inline policies of about 7 KB together, 10 tags, two managed
 * policies, a permissions boundary, a last use, and an instance profile for every third role.
 * Deterministic: the same index gives the same role.
 */
import { LOOPBACK_ACCOUNT, LoopbackIam, RoleInit } from './loopback-iam';

/** Inline policy sizes (JSON characters) of each role: about 7 KB together. */
const INLINE_SIZES = { data: 2_800, queue: 2_400, keys: 1_500 } as const;
const TRUST_SIZE = 600;

/** The services whose principal trusts a role without an instance profile, in turn. */
const SERVICES = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'];

/** Adds `count` realistic roles named `<prefix><index, five digits>`; returns their names. */
export function addRealisticRoles(iam: LoopbackIam, count: number, prefix = 'svc-'): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}${String(i).padStart(5, '0')}`;
    iam.addRole(name, realisticRole(name, i));
    names.push(name);
  }
  return names;
}

/** One realistic role's definition. */
export function realisticRole(name: string, index: number): RoleInit {
  const ec2 = index % 3 === 0;
  return {
    path: '/workloads/',
    maxSessionDuration: 3600,
    trustPolicy: trustPolicy(name, ec2 ? 'ec2.amazonaws.com' : SERVICES[index % SERVICES.length]),
    instanceProfiles: ec2 ? [name] : [],
    managedPolicies: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy', `arn:aws:iam::${LOOPBACK_ACCOUNT}:policy/workloads/baseline-read`],
    permissionsBoundary: `arn:aws:iam::${LOOPBACK_ACCOUNT}:policy/boundaries/workload-boundary`,
    lastUsed: { date: '2026-11-20T08:15:00Z', region: 'eu-west-1' },
    tags: {
      'team': `team-${index % 40}`,
      'cost-center': `cc-${1000 + (index % 97)}`,
      'environment': index % 2 === 0 ? 'production' : 'staging',
      'owner': `owner-${index % 211}@example.com`,
      'application': `app-${index % 300}`,
      'data-classification': 'confidential',
      'backup': 'daily',
      'compliance': 'pci-dss',
      'managed-by': 'cloudformation',
      'service': name,
    },
    policies: {
      [`${name}-data`]: inlinePolicy(name, 's3', INLINE_SIZES.data),
      [`${name}-queue`]: inlinePolicy(name, 'sqs', INLINE_SIZES.queue),
      [`${name}-keys`]: inlinePolicy(name, 'kms', INLINE_SIZES.keys),
    },
  };
}

/** A service trust with the confused-deputy conditions, plus a deploy role, padded to about 600 characters. */
function trustPolicy(name: string, service: string): string {
  const doc = (externalId: string) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ServiceAssumesRole',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': LOOPBACK_ACCOUNT } },
      },
      {
        Sid: 'DeployRoleAssumesRole',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${LOOPBACK_ACCOUNT}:role/platform/ci-deploy` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  });
  const bare = doc(name);
  return doc(`${name}-${'0123456789abcdef'.repeat(40).slice(0, Math.max(0, TRUST_SIZE - bare.length - 1))}`);
}

/** Allow statements over per-role resources until the document reaches `size` characters. */
function inlinePolicy(name: string, service: 's3' | 'sqs' | 'kms', size: number): string {
  const statements: object[] = [];
  const text = () => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  for (let n = 0; text().length < size; n++) {
    statements.push({
      Sid: `${service.toUpperCase()}Access${n}`,
      Effect: 'Allow',
      Action: ACTIONS[service],
      Resource: [0, 1, 2].map((k) => resource(service, name, n * 3 + k)),
    });
  }
  return text();
}

const ACTIONS = {
  s3: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
  sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  kms: ['kms:Decrypt', 'kms:GenerateDataKey'],
};

function resource(service: 's3' | 'sqs' | 'kms', name: string, n: number): string {
  switch (service) {
    case 's3': return `arn:aws:s3:::${name}-bucket-${n}/*`;
    case 'sqs': return `arn:aws:sqs:eu-west-1:${LOOPBACK_ACCOUNT}:${name}-queue-${n}`;
    case 'kms': return `arn:aws:kms:eu-west-1:${LOOPBACK_ACCOUNT}:key/${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
  }
}
