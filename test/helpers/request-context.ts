/**
 * Request contexts for the IAM evaluation oracle. The oracle does not derive context keys from
 * the principal, so each kind of caller is built here the way AWS builds it; a forgotten
 * `aws:TokenIssueTime` would otherwise read as a false "Allowed".
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export const ACCOUNT = '111122223333';

export interface Caller {
  readonly kind: string;
  /** The ARN the request is signed as. */
  readonly principal: string;
  readonly context: Record<string, string>;
  /** Temporary credentials carry `aws:TokenIssueTime`; long-term keys never do. */
  readonly temporary: boolean;
}

export interface RoleSessionOptions {
  readonly roleName: string;
  readonly path?: string;
  readonly roleId?: string;
  readonly sessionName?: string;
  readonly issuedAt: string;
  readonly sourceIdentity?: string;
  readonly account?: string;
}

/** A session of an assumed role (AssumeRole, an EC2 instance profile, Lambda...). */
export function roleSession(o: RoleSessionOptions): Caller {
  const account = o.account ?? ACCOUNT;
  const session = o.sessionName ?? 'session';
  return {
    kind: 'role session',
    principal: `arn:aws:sts::${account}:assumed-role/${o.roleName}/${session}`,
    temporary: true,
    context: {
      // The role ARN with its path, never the sts assumed-role ARN.
      'aws:PrincipalArn': `arn:aws:iam::${account}:role${o.path ?? '/'}${o.roleName}`,
      'aws:userId': `${o.roleId ?? 'AROAEXAMPLEROLEID0001'}:${session}`,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'AssumedRole',
      'aws:TokenIssueTime': o.issuedAt,
      ...(o.sourceIdentity ? { 'aws:SourceIdentity': o.sourceIdentity } : {}),
    },
  };
}

export interface UserOptions {
  readonly userName: string;
  readonly path?: string;
  readonly userId?: string;
  readonly account?: string;
}

/** An IAM user signing with long-term access keys: no `aws:TokenIssueTime`. */
export function userWithAccessKeys(o: UserOptions): Caller {
  const account = o.account ?? ACCOUNT;
  return {
    kind: 'IAM user (long-term keys)',
    principal: `arn:aws:iam::${account}:user${o.path ?? '/'}${o.userName}`,
    temporary: false,
    context: {
      'aws:PrincipalArn': `arn:aws:iam::${account}:user${o.path ?? '/'}${o.userName}`,
      'aws:userId': o.userId ?? 'AIDAEXAMPLEUSERID0001',
      'aws:username': o.userName,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'User',
    },
  };
}

/** An IAM user's GetSessionToken credentials: the user's keys, plus an issue time. */
export function userSessionToken(o: UserOptions & { readonly issuedAt: string }): Caller {
  const user = userWithAccessKeys(o);
  return { ...user, kind: 'IAM user (session token)', temporary: true, context: { ...user.context, 'aws:TokenIssueTime': o.issuedAt } };
}

/** GetFederationToken credentials. */
export function federatedUser(o: { readonly name: string; readonly issuedAt: string; readonly account?: string }): Caller {
  const account = o.account ?? ACCOUNT;
  const arn = `arn:aws:sts::${account}:federated-user/${o.name}`;
  return {
    kind: 'federated user',
    principal: arn,
    temporary: true,
    context: {
      'aws:PrincipalArn': arn,
      'aws:userId': `${account}:${o.name}`,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'FederatedUser',
      'aws:TokenIssueTime': o.issuedAt,
    },
  };
}

/** Actions of several services, each with a resource the oracle accepts for it. */
export const SAMPLE_REQUESTS: ReadonlyArray<{ action: string; resource: string }> = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::incident-bucket/report.csv' },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` },
  { action: 'ec2:DescribeInstances', resource: '*' },
  // Not KMS: a key policy must allow too, so an identity policy alone never allows it.
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:alerts` },
  { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:user/alice` },
];

export const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface EvaluateOptions {
  readonly action: string;
  readonly resource: string;
  /** Identity policies of the caller, by name. */
  readonly identityPolicies: Record<string, unknown>;
  readonly resourcePolicy?: unknown;
}

/** Evaluates one request with the oracle; throws on a malformed simulation or context. */
export async function evaluate(caller: Caller, o: EvaluateOptions): Promise<Decision> {
  assertContext(caller);
  const result = await runSimulation({
    identityPolicies: Object.entries(o.identityPolicies).map(([name, policy]) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(o.resourcePolicy ? { resourcePolicy: o.resourcePolicy } : {}),
    request: {
      action: o.action,
      principal: caller.principal,
      resource: { resource: o.resource, accountId: ACCOUNT },
      contextVariables: caller.context,
    },
  } as any, {});
  if (result.resultType === 'error') {
    throw new Error(`the oracle refused the simulation: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

function assertContext(caller: Caller): void {
  for (const key of ['aws:PrincipalArn', 'aws:userId', 'aws:PrincipalType']) {
    if (!caller.context[key]) {
      throw new Error(`${caller.kind} context lacks ${key}`);
    }
  }
  if (caller.temporary !== ('aws:TokenIssueTime' in caller.context)) {
    throw new Error(`${caller.kind}: aws:TokenIssueTime must be set exactly for temporary credentials`);
  }
}

/**
 * What the oracle decides for a session of a role issued at `issuedAt`, from the role's side: an
 * allow-all policy beside every inline policy the role carries (as JSON text, by name).
 */
export async function sessionDecision(role: { name: string; path?: string; policies: Iterable<[string, string]> },
  issuedAt: string): Promise<Decision> {
  const identityPolicies: Record<string, unknown> = { Allow: ALLOW_ALL };
  for (const [name, doc] of role.policies) {
    identityPolicies[name] = JSON.parse(doc);
  }
  return evaluate(roleSession({ roleName: role.name, path: role.path, issuedAt }), { action: 's3:GetObject', resource: 'arn:aws:s3:::incident/x', identityPolicies });
}
