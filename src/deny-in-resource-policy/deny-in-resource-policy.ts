import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { constrainCutoffParameter } from './cutoff-parameter';
import { CDK_BOOTSTRAP_ROLE, ORGANIZATION_ACCESS_ROLES, organizationAccessRole, roleNameSet } from '../core/lockout';
import { TOKEN_ISSUE_TIME_KEY } from '../core/revocation-document';
import { parseRoleArn } from '../core/role-target';
import { Cutoff } from '../cutoff/cutoff';
import { warnIfCutoffRevokesNothing } from '../cutoff/revokes-nothing';
import { DeniedPrincipal } from '../deny-principals/denied-principal';
import { SessionId } from '../deny-sessions/session-id';
import { PRINCIPAL_ARN_KEY } from '../synth/condition-keys';
import { ConditionClause, DenyStatement, denyStatements, documentSize } from '../synth/deny-document';
import { deploymentRoleArns, UNKNOWN_DEPLOY_ROLES_WARNING } from '../synth/deploy-roles';
import { warnAboutAccessKeys } from '../synth/identity-deny';
import { organizationAccessWarning } from '../synth/opt-in-warnings';
import { futureBound } from '../synth/revocation-grant';
import { describeRole } from '../synth/target-roles';

/**
 * Properties for `DenyInResourcePolicy`.
 */
export interface DenyInResourcePolicyProps {
  /**
   * The resource whose policy receives the deny: an S3 bucket, KMS key, SQS queue, SNS topic or
   * Secrets Manager secret (default actions are known for these), or any other resource with
   * a policy when `actions` and `resourceArns` are given.
   */
  readonly resource: iam.IResourceWithPolicy;

  /**
   * Principals all of whose requests to the resource are denied.
   *
   * @default - none; give `principals`, `sessions` or both
   */
  readonly principals?: DeniedPrincipal[];

  /**
   * Sessions whose requests to the resource are denied.
   *
   * @default - none; give `principals`, `sessions` or both
   */
  readonly sessions?: SessionId[];

  /**
   * Deny only the matched sessions issued before this instant (`aws:TokenIssueTime`).
   * A deploy-time cutoff is not supported here: resource policies are written by
   * CloudFormation, not by the revocation handler, so nothing checks the value at deploy but
   * CloudFormation itself. `Cutoff.fromParameter` therefore needs a `String` parameter, which
   * receives an `AllowedPattern` for a UTC instant (`...Z`); any other token is refused.
   * Requests signed with an IAM user's access keys carry no issue time and are never matched.
   *
   * @default - the matched principals and sessions are denied whenever they were issued
   */
  readonly issuedBefore?: Cutoff;

  /**
   * The actions to deny.
   *
   * @default - every action of the resource's service (`s3:*`, `kms:*`, `sqs:*`, `secretsmanager:*`,
   * and the SNS topic actions); required for other resources
   */
  readonly actions?: string[];

  /**
   * The resources the statement names.
   *
   * @default - the bucket and its objects, the queue, the topic, or `*` for key and secret
   * policies; required for other resources
   */
  readonly resourceArns?: string[];

  /**
   * KMS key policies only: principals never denied, so the key cannot be locked out. The
   * account root and the stack's deployment roles are always exempt.
   *
   * @default - only the account root and the deployment roles
   */
  readonly keyAdministrators?: DeniedPrincipal[];

  /**
   * Accept a resource this stack imports. Its policy cannot be changed from here, so the deny
   * is not written: synth fails unless this is set, and then warns
   * (`cdk-revoke-sessions:resourcePolicyNotChanged`). Deny the principals in the stack that owns
   * the resource, or in a resource control policy, instead.
   *
   * @default false
   */
  readonly allowImportedResource?: boolean;

  /**
   * Let the deny match the roles that run the organization in this stack's account
   * (`AWSCloudFormationStackSetExecutionRole`, `AWSCloudFormationStackSetAdministrationRole`,
   * `stacksets-exec-<hash>`, `OrganizationAccountAccessRole`, `AWSControlTowerExecution`). Without
   * it they are exempt (a StackSet deploying this stack runs as them, and must be able to update
   * and remove the deny), and naming one of them is refused. It warns
   * (`cdk-revoke-sessions:organizationAccessRolesAllowed`).
   *
   * @default false
   */
  readonly allowOrganizationAccessRoles?: boolean;
}

interface ResourceKind {
  readonly name: string;
  readonly actions: string[];
  readonly resourceArns: string[];
  /** Size limit of the whole resource policy. */
  readonly limit: number;
  readonly maxStatements?: number;
  readonly isKey?: boolean;
}


const SNS_TOPIC_ACTIONS = [
  'sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes',
  'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic', 'sns:ListSubscriptionsByTopic',
];

/**
 * Adds explicit `Deny` statements to a resource-based policy, for principals whose own identity
 * policies cannot be edited: roles of other accounts, IAM Identity Center roles. An explicit deny
 * in the resource policy wins over every Allow, in the resource policy and in identity policies.
 *
 * The stack's deploy and CloudFormation execution roles, and the roles through which StackSets,
 * Organizations and Control Tower deploy in this account, are exempt on every resource type, so
 * a broad pattern never stops CloudFormation from updating or removing the deny; naming one of
 * them is refused. A literal role or user ARN without a path matches that principal at any
 * path. An imported resource, whose policy this stack cannot change, is refused unless
 * `allowImportedResource` is set, so the deny never goes missing silently.
 */
export class DenyInResourcePolicy extends Construct {
  /** The statements added to the resource policy. */
  public readonly statements: iam.PolicyStatement[];

  constructor(scope: Construct, id: string, props: DenyInResourcePolicyProps) {
    super(scope, id);
    const clauses = [...(props.principals ?? []), ...(props.sessions ?? [])].map((m) => m._clause());
    if (clauses.length === 0) {
      throw new Error('nothing to deny: give principals, sessions or both; a resource-policy deny that matches everyone would lock out every caller');
    }
    const kind = resourceKind(props.resource, props.actions, props.resourceArns);
    const extra: ConditionClause = {};
    if (props.issuedBefore) {
      const spec = props.issuedBefore._spec();
      if (spec.mode !== 'fixed' || spec.issuedBefore === undefined) {
        throw new Error('a deploy-time cutoff cannot be used in a resource policy; use Cutoff.at(...) or Cutoff.fromParameter(...)');
      }
      constrainCutoffParameter(this, spec.issuedBefore);
      warnIfCutoffRevokesNothing(this, props.issuedBefore);
      // The same refusal as every revocation construct; CloudFormation writes this cutoff as given.
      futureBound(props.issuedBefore, false);
      extra.DateLessThan = { [TOKEN_ISSUE_TIME_KEY]: [spec.issuedBefore] };
    }
    const matchers = [...(props.principals ?? []), ...(props.sessions ?? [])];
    const allowOrganizationAccess = props.allowOrganizationAccessRoles ?? false;
    const exempt = exemptions(this, kind.isKey ? props.keyAdministrators ?? [] : undefined, allowOrganizationAccess);
    refuseExempt(this, matchers, exempt, kind.isKey ?? false, allowOrganizationAccess);
    organizationAccessWarning(this, allowOrganizationAccess);
    if (deploymentRoleArns(this).length === 0) {
      Annotations.of(this).addWarningV2(UNKNOWN_DEPLOY_ROLES_WARNING, 'this stack\'s synthesizer does not name its deploy roles, '
        + 'so they cannot be exempted from the deny; make sure no principal or pattern here matches the role you deploy with');
    }
    if (exempt.length > 0) {
      // CloudFormation must always be able to update and remove the deny it wrote.
      extra.ArnNotLike = { [PRINCIPAL_ARN_KEY]: exempt };
    }
    const statements: DenyStatement[] = denyStatements(clauses, {
      Principal: { AWS: '*' },
      Action: props.actions ?? kind.actions,
      Resource: props.resourceArns ?? kind.resourceArns,
    }).map((st) => ({ ...st, Condition: { ...st.Condition, ...extra } }));

    this.statements = statements.map((st) => iam.PolicyStatement.fromJson(st));
    let added = true;
    for (const st of this.statements) {
      added = props.resource.addToResourcePolicy(st).statementAdded && added;
    }
    if (!added) {
      const message = `the deny was not added: this ${kind.name} (${props.resource.node.path}) is imported and its policy cannot be `
        + 'changed from this stack; deploy the deny in the stack that owns it, or deny the principals in a resource control policy';
      if (!props.allowImportedResource) {
        throw new Error(`${message}; set allowImportedResource to accept that nothing is written`);
      }
      Annotations.of(this).addWarningV2('cdk-revoke-sessions:resourcePolicyNotChanged', message);
    }
    const users = matchers.flatMap((m) => m._reach().users ?? []).map((u) => `user ${u.node.path}`);
    warnAboutAccessKeys(this, users, props.issuedBefore
      ? 'a cutoff on aws:TokenIssueTime never matches requests signed with access keys'
      : 'this deny stops requests signed with their access keys only while it is deployed');
    this.node.addValidation({ validate: () => validateSize(this, props.resource, kind, statements) });
  }
}

function resourceKind(resource: iam.IResourceWithPolicy, actions?: string[], resourceArns?: string[]): ResourceKind {
  const r = resource as unknown as Record<string, string | undefined>;
  if (r.bucketArn) {
    return { name: 'S3 bucket', actions: ['s3:*'], resourceArns: [r.bucketArn, `${r.bucketArn}/*`], limit: 20_480 };
  }
  if (r.keyArn) {
    return { name: 'KMS key', actions: ['kms:*'], resourceArns: ['*'], limit: 32_768, isKey: true };
  }
  if (r.queueArn) {
    return { name: 'SQS queue', actions: ['sqs:*'], resourceArns: [r.queueArn], limit: 8_192, maxStatements: 20 };
  }
  if (r.topicArn) {
    return { name: 'SNS topic', actions: SNS_TOPIC_ACTIONS, resourceArns: [r.topicArn], limit: 30_720 };
  }
  if (r.secretArn) {
    return { name: 'Secrets Manager secret', actions: ['secretsmanager:*'], resourceArns: ['*'], limit: 20_480 };
  }
  if (!actions?.length || !resourceArns?.length) {
    throw new Error(`no default actions are known for ${resource.node.path}; pass actions and resourceArns for this kind of resource`);
  }
  return { name: 'resource', actions, resourceArns, limit: Number.MAX_SAFE_INTEGER };
}

/**
 * Principals the deny must never match: the stack's deployment roles and its account's
 * organization-access roles on every resource type; for a key policy also the account root and
 * the key administrators, or the key is locked out.
 */
function exemptions(scope: Construct, administrators: DeniedPrincipal[] | undefined, allowOrganizationAccess: boolean): string[] {
  const stack = Stack.of(scope);
  const exempt = administrators ? [`arn:${stack.partition}:iam::${stack.account}:root`] : [];
  exempt.push(...deploymentRoleArns(stack));
  if (!allowOrganizationAccess) {
    exempt.push(...ORGANIZATION_ACCESS_ROLES.map((glob) => `arn:${stack.partition}:iam::${stack.account}:role/${glob}`));
  }
  for (const admin of administrators ?? []) {
    exempt.push(...Object.values(admin._clause()).flatMap((byKey) => byKey[PRINCIPAL_ARN_KEY] ?? []));
  }
  return [...new Set(exempt)];
}

/**
 * A named principal that is also exempt would be matched and exempted at once, so the deny
 * would silently do nothing: refused. Literal ARNs are compared by account, kind and name (a
 * path-less ARN matches at any path), because the exemptions usually hold the stack's account
 * and partition as tokens and may name the principal at another path.
 */
function refuseExempt(scope: Construct, matchers: ReadonlyArray<Pick<DeniedPrincipal, '_clause' | '_reach'>>, exempt: string[],
  isKey: boolean, allowOrganizationAccess: boolean): void {
  const stack = Stack.of(scope);
  const deployNames = roleNameSet(deploymentRoleArns(stack).map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).filter((n) => !Token.isUnresolved(n)));
  const named = matchers.flatMap((m) => Object.values(m._clause()).flatMap((byKey) => byKey[PRINCIPAL_ARN_KEY] ?? []))
    .filter((arn) => !Token.isUnresolved(arn));
  const roleNames = matchers.flatMap((m) => [
    ...(m._reach().roles ?? []).map((r) => describeRole(r).name),
    ...named.map((arn) => parseRoleArn(arn)?.name),
  ]).filter((n): n is string => n !== undefined);
  const deployRole = roleNames.find((n) => CDK_BOOTSTRAP_ROLE.test(n) || deployNames.has(n.toLowerCase()));
  if (deployRole) {
    throw new Error(`principal role "${deployRole}" deploys this stack (a CDK bootstrap, deploy or CloudFormation execution role); `
      + 'a resource-policy deny on it would stop CloudFormation from updating or removing the deny: remove it from principals');
  }
  const local = (account: string | undefined) => account === undefined || Token.isUnresolved(account)
    || Token.isUnresolved(stack.account) || account === stack.account;
  const localRoleNames = matchers.flatMap((m) => [
    ...(m._reach().roles ?? []).filter((r) => local(r.env.account)).map((r) => describeRole(r).name),
    ...named.map(identityOf).filter((id) => id?.kind === 'role' && local(id.account)).map((id) => id!.name),
  ]).filter((n): n is string => n !== undefined);
  const organizationRole = allowOrganizationAccess ? undefined : localRoleNames.find((n) => organizationAccessRole(n) !== undefined);
  if (organizationRole) {
    throw new Error(`principal role "${organizationRole}" administers the organization (StackSets, Organizations or Control Tower `
      + 'deploy through it); a deny on it can stop CloudFormation from updating or removing this deny when a StackSet deploys the stack: '
      + 'remove it from principals, or set allowOrganizationAccessRoles: true if it leaked');
  }
  const exemptIds = new Set(exempt.map(identityOf).filter((id) => id !== undefined).map((id) => id!.key));
  const clash = named.find((arn) => exempt.includes(arn) || exemptIds.has(identityOf(arn)?.key ?? '')
    || (isKey && isLocalRoot(arn, stack.account)));
  if (clash) {
    throw new Error(`principal "${clash}" ${isKey ? 'administers the key' : 'deploys this stack'}, and the deny must never lock it out; `
      + 'remove it from principals, or deny it in its own identity policy');
  }
}

/** The account, kind and name a literal role or user ARN (or its any-path form `role/*\/name`) names. */
function identityOf(arn: string): { kind: string; account: string; name: string; key: string } | undefined {
  // The partition may be a token (`Role.fromRoleName`); the account must be known to compare.
  const m = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { kind: m[2], account: m[1], name: m[3], key: `${m[1]}:${m[2]}:${m[3].toLowerCase()}` } : undefined;
}

/** The account root of this stack's account, or of any account when the stack's is unknown. */
function isLocalRoot(arn: string, stackAccount: string): boolean {
  const m = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(arn);
  return m !== null && (Token.isUnresolved(stackAccount) || m[1] === stackAccount);
}

/** The whole resource policy (when reachable) must fit the service's limit. */
function validateSize(scope: Construct, resource: iam.IResourceWithPolicy, kind: ResourceKind, ours: DenyStatement[]): string[] {
  const document = policyDocumentOf(resource);
  const statements = document ? Stack.of(scope).resolve(document.toJSON())?.Statement ?? [] : ours;
  const size = documentSize(scope, statements);
  const errors: string[] = [];
  if (size > kind.limit) {
    errors.push(`the ${kind.name} policy is about ${size} characters with the deny, over its ${kind.limit}-character limit; `
      + 'deny fewer principals or sessions here, or deny them in an SCP');
  }
  if (kind.maxStatements !== undefined && statements.length > kind.maxStatements) {
    errors.push(`the ${kind.name} policy has ${statements.length} statements with the deny, over its limit of ${kind.maxStatements}; `
      + 'merge the principals into fewer matchers');
  }
  return errors;
}

function policyDocumentOf(resource: iam.IResourceWithPolicy): iam.PolicyDocument | undefined {
  const policy = (resource as unknown as { policy?: unknown }).policy;
  if (policy instanceof iam.PolicyDocument) {
    return policy;
  }
  const document = (policy as { document?: unknown } | undefined)?.document;
  return document instanceof iam.PolicyDocument ? document : undefined;
}
