import { Annotations, CfnResource, CustomResource, DefaultStackSynthesizer, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { RevokeOlderSessionsFunction } from './revoke-older-sessions-function';
import { ResourceGrant } from '../core/engine/grants';
import { BoundSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { deploymentRoleArns, UNKNOWN_DEPLOY_ROLES_WARNING } from '../synth/deploy-roles';
import { isLibraryProviderPart, LibraryProvider } from '../synth/library-provider';
import { suppressNag } from '../synth/nag-suppressions';

/** What the handler reads of one role when it reads role by role. */
const READ_ACTIONS = ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy'];
/** The batched reads: no resource type to scope by, and they only read. */
const BATCHED_READ_ACTIONS = ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'];
/**
 * What the function writes on its targets: a new policy per cutoff, and the deletion of this
 * resource's own policies that a later one it has just verified supersedes (the code can delete
 * nothing else outside the removal CloudFormation confirms).
 */
const WRITE_ACTIONS = ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'];

/** The IAM actions the function needs on an explicit target role, and nothing else. */
export const HANDLER_ACTIONS = [...READ_ACTIONS, ...WRITE_ACTIONS];

/**
 * The most characters the exact-ARN statement may take, whitespace not counted. Past it the grant
 * becomes `role/*`: CDK moves what overflows the role's 10,240-character inline policy into managed
 * policies of at most 6,144 characters, and one statement cannot be split across them.
 */
export const MAX_EXACT_GRANT_CHARS = 5_500;
/** What an unresolved role ARN (a token) is counted as: a long path and name. */
const TOKEN_ARN_CHARS = 120;
export const BROAD_GRANT_WARNING = 'cdk-revoke-sessions:broadGrant';
/**
 * The functions' memory (MB). `npm run bench -- memory`: 5,000 realistic roles peak at about 150 MB,
 * over half of 256 MB, and need 14 s of CPU, about 100 s at 256 MB's 0.14 vCPU; 512 MB halves both shares.
 */
export const FUNCTION_MEMORY_MB = 512;

const PROVIDER_ID = 'CdkRevokeSessionsProvider';

/**
 * The one custom resource provider of every `RevokeOlderSessions` in a stack, whatever its kind
 * (roles or a selection), removal policy, `allowEarlierCutoff` or `dryRun`: a deployed construct
 * can switch any of them without changing its ServiceToken, which CloudFormation refuses. It is
 * asynchronous: `isComplete` continues a run that one 15-minute invocation cannot finish, and a
 * run that finishes in `onEvent` (most explicit lists) says so. What each resource may weaken
 * lives in the function's environment, per resource (`serveResource`).
 */
export class RevokeSessionsProvider extends LibraryProvider {
  /** Returns the stack's provider, creating it on first use. */
  public static of(scope: Construct): RevokeSessionsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return (existing as RevokeSessionsProvider | undefined) ?? new RevokeSessionsProvider(stack, PROVIDER_ID);
  }

  /** Whether a construct belongs to one of this library's providers, of any kind (organization and Identity Center too). */
  public static isProviderPart(construct: IConstruct): boolean {
    return isLibraryProviderPart(construct);
  }

  private exact?: iam.CfnPolicy;
  private readonly exactArns = new Set<string>();
  private exactChars = 0;
  private broad = false;
  private removeAnywhere = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      createFunction: (s, i, p) => new RevokeOlderSessionsFunction(s, i, p),
      description: 'attaches and refreshes session revocation policies',
      // IAM's rate limit, not compute, bounds a large run.
      timeout: Duration.minutes(15),
      onEventPhase: 'start',
      queryInterval: Duration.seconds(10),
      memorySize: FUNCTION_MEMORY_MB,
    });
    // Selections, long lists and every removal read in batches.
    this.grant(BATCHED_READ_ACTIONS, ['*']);

    // The handler refuses these roles by name, whichever selection or event it is given.
    const protectedRoles = Lazy.string({ produce: () => knownProtectedRoleNames(this).join(',') });
    this.handlers.forEach((fn) => fn.addEnvironment('REVOKE_PROTECTED_ROLES', protectedRoles));
    const stack = Stack.of(this);
    if (!(stack.synthesizer instanceof DefaultStackSynthesizer)) {
      Annotations.of(this).addWarningV2(UNKNOWN_DEPLOY_ROLES_WARNING, `the stack's synthesizer (${stack.synthesizer.constructor.name}) does not `
        + 'name the roles that deploy it, so the revocation cannot refuse them by name; it still refuses the CDK bootstrap roles and this '
        + 'library\'s own roles. Make sure no role that deploys this stack is in a selection, or exclude it');
    }
  }

  /**
   * Routes a revocation here with its grant. A resource that may remove (`DESTROY`) must be able
   * to delete every policy it ever wrote, on roles it no longer targets too (a dropped role, a
   * changed selection, a role untagged since), and IAM has no condition key for an inline
   * policy's name: so the function of a stack with any `DESTROY` revocation may delete inline
   * policies on every role of the account. Its code deletes only policies its resources own,
   * only once CloudFormation confirms the removal.
   */
  public serveRevocation(resource: CustomResource, grant: ResourceGrant): void {
    this.serveResource(resource, grant);
    if (grant.remove && !this.removeAnywhere) {
      this.removeAnywhere = true;
      this.grant(['iam:DeleteRolePolicy'], [this.roleArnPattern('*')]);
    }
  }

  /**
   * Lets the function read and write inline policies of these roles, by exact ARN while the
   * statement fits IAM's policy sizes, else on `role/*` with a warning.
   */
  public grantRoles(roleArns: string[]): void {
    if (this.broad) {
      return;
    }
    const added = roleArns.filter((arn) => !this.exactArns.has(arn));
    added.forEach((arn) => {
      this.exactArns.add(arn);
      // Each ARN as rendered: quoted, comma-separated.
      this.exactChars += (Token.isUnresolved(arn) ? TOKEN_ARN_CHARS : arn.length) + 3;
    });
    if (this.exactChars > MAX_EXACT_GRANT_CHARS) {
      this.broad = true;
      Annotations.of(this).addWarningV2(BROAD_GRANT_WARNING, `the stack revokes ${this.exactArns.size} role ARNs, whose exact grant `
        + `(about ${this.exactChars} characters) would not fit IAM's policy size limits, so the function may change inline policies `
        + 'of every role in this account (it still writes only to the roles listed); split the roles across stacks to keep exact grants');
    }
    this.exact ??= this.exactGrant();
  }

  /**
   * The exact grant, in its own inline policy rendered at synth: the ARNs, or `role/*` once they
   * no longer fit (a statement cannot shrink after it is added to the default policy).
   */
  private exactGrant(): iam.CfnPolicy {
    const fn = this.onEventFunction;
    const policy = new iam.CfnPolicy(this, 'OnEventRoleGrant', {
      policyName: 'RevokeTargetRoles',
      roles: [fn.role!.roleName],
      policyDocument: Lazy.any({
        produce: () => {
          const resources = this.broad ? [this.roleArnPattern('*')] : [...this.exactArns];
          return {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: HANDLER_ACTIONS, Resource: resources.length === 1 ? resources[0] : resources }],
          };
        },
      }),
    });
    // The grant must be in place before the first write: the function (which the resource waits for) waits for it.
    // Construct-level: CfnResource.addDependency is deprecated in newer aws-cdk-lib and warns in every app.
    (fn.node.defaultChild as CfnResource).node.addDependency(policy);
    this.suppressGrantFindings(policy);
    return policy;
  }

  /** Grants what a deploy-time selection needs, as narrowly as the selection allows. */
  public grantSelection(selection: BoundSelection): void {
    const resources = selection.kind === SelectionKind.pathPrefix
      ? [this.roleArnPattern(`${selection.pathPrefix!.slice(1)}*`)]
      : selection.kind === SelectionKind.namePattern
        ? [this.roleArnPattern(selection.namePattern!), this.roleArnPattern(`*/${selection.namePattern!}`)]
        : [this.roleArnPattern('*')];
    const condition: Record<string, Record<string, string>> | undefined = selection.kind === SelectionKind.tagged
      ? (selection.tagValue === undefined
        ? { Null: { [`aws:ResourceTag/${selection.tagKey}`]: 'false' } }
        : { StringEquals: { [`aws:ResourceTag/${selection.tagKey}`]: selection.tagValue } })
      : undefined;
    this.grant(WRITE_ACTIONS, resources, condition);
  }

  private grant(actions: string[], resources: string[], conditions?: Record<string, Record<string, string>>): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({ actions, resources, conditions });
    this.onEventFunction.addToRolePolicy(statement);
    const policy = this.onEventFunction.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      this.suppressGrantFindings(policy);
    }
    return statement;
  }

  private suppressGrantFindings(policy: IConstruct): void {
    suppressNag(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'role ARN patterns are as narrow as IAM allows: role/*/<name> for a role imported by name (IAM authorizes '
        + 'against the real ARN, path included), role/<path>/* for a path selection, role/<glob> for a name selection, '
        + 'role/* for tag and account selections, when exact ARNs would overflow the policy size, and for iam:DeleteRolePolicy in a '
        + 'stack with a DESTROY revocation (it must reach every role the revocation ever wrote to; IAM has no condition key for an '
        + 'inline policy\'s name, and the code deletes only the policies its resources own); Resource * only for '
        + 'iam:GetAccountAuthorizationDetails and iam:ListRoles, which read only and have no resource type',
      appliesTo: [{ regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):iam::(<AWS::AccountId>|\\d{12}):role\\/.*$/g' }, 'Resource::*'],
    }]);
  }

  private roleArnPattern(resourceName: string): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName });
  }
}

/**
 * The role names no revocation may deny: every role of every provider of this library in the
 * stack (functions, framework, waiter) and the stack's deploy roles. Names, not ARNs: the
 * handler compares names, and they keep the function's 4 KB environment small.
 */
function knownProtectedRoleNames(scope: IConstruct): string[] {
  const stack = Stack.of(scope);
  const providerRoles = stack.node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole && isLibraryProviderPart(c)).map((r) => r.ref);
  return [...new Set([...providerRoles, ...deploymentRoleArns(scope).map((arn) => arn.slice(arn.lastIndexOf('/') + 1))])];
}
