import { Annotations, CfnResource, DefaultStackSynthesizer, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { PER_ROLE_READ_MAX } from './properties';
import { RevokeOlderSessionsFunction } from './revoke-older-sessions-function';
import { Capabilities } from '../core/ratchet';
import { BoundSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { UNKNOWN_DEPLOY_ROLES_WARNING } from '../synth/deploy-roles';
import { isLibraryProviderPart, knownProtectedRoleArns, LibraryProvider, providerId } from '../synth/library-provider';
import { suppressNag } from '../synth/nag-suppressions';

/** What the handler reads of one role when it reads role by role. */
const READ_ACTIONS = ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy'];
/** The batched reads: no resource type to scope by, and they only read. */
const BATCHED_READ_ACTIONS = ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'];

/** The IAM actions a function with these capabilities needs on a role, and nothing else. */
export function handlerActions(capabilities: Capabilities): string[] {
  return [...READ_ACTIONS, ...writeActions(capabilities)];
}

function writeActions(capabilities: Capabilities): string[] {
  // Only a function that may remove holds DeleteRolePolicy: the default one cannot un-revoke whatever it is sent.
  return capabilities.remove ? ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'] : ['iam:PutRolePolicy'];
}

/**
 * The most characters the exact-ARN statement may take, whitespace not counted. Past it the grant
 * becomes `role/*`: CDK moves what overflows the role's 10,240-character inline policy into managed
 * policies of at most 6,144 characters, and one statement cannot be split across them.
 */
export const MAX_EXACT_GRANT_CHARS = 5_500;
/** What an unresolved role ARN (a token) is counted as: a long path and name. */
const TOKEN_ARN_CHARS = 120;
export const BROAD_GRANT_WARNING = 'cdk-revoke-sessions:broadGrant';

const SYNC_ID = 'CdkRevokeSessionsProvider';
const ASYNC_ID = 'CdkRevokeSessionsAsyncProvider';
const NONE: Capabilities = { remove: false, lower: false };

/**
 * A custom resource provider for `RevokeOlderSessions`; one of each kind per stack. The
 * synchronous one serves explicit role lists. The asynchronous one serves selections: its
 * `isComplete` continues a run that one 15-minute invocation cannot finish.
 */
export class RevokeSessionsProvider extends LibraryProvider {
  /**
   * Returns the stack's provider of this kind and capability set, creating it on first use. The
   * default (no capability) can only add or raise revocations, whatever event it is sent.
   */
  public static of(scope: Construct, asynchronous = false, capabilities: Capabilities = NONE): RevokeSessionsProvider {
    const stack = Stack.of(scope);
    const id = providerId(asynchronous ? ASYNC_ID : SYNC_ID, capabilities);
    const existing = stack.node.tryFindChild(id);
    return (existing as RevokeSessionsProvider | undefined) ?? new RevokeSessionsProvider(stack, id, asynchronous, capabilities);
  }

  /** Whether a construct belongs to one of this library's providers, of any kind (organization and Identity Center too). */
  public static isProviderPart(construct: IConstruct): boolean {
    return isLibraryProviderPart(construct);
  }

  private exact?: iam.CfnPolicy;
  private readonly exactArns = new Set<string>();
  private exactChars = 0;
  private broad = false;
  private batchedRead = false;

  private constructor(scope: Construct, id: string, asynchronous: boolean, private readonly capabilities: Capabilities) {
    super(scope, id, {
      capabilities,
      createFunction: (s, i, p) => new RevokeOlderSessionsFunction(s, i, p),
      description: 'attaches and refreshes session revocation policies',
      // IAM's rate limit, not compute, bounds a large run.
      timeout: Duration.minutes(15),
      onEventPhase: asynchronous ? 'start' : 'sync',
      queryInterval: asynchronous ? Duration.seconds(10) : undefined,
    });
    if (asynchronous) {
      // isComplete continues Create, Update and large DESTROY deletes: it reads in batches.
      this.grantBatchedRead();
    }

    // The handler refuses these roles by name, whichever selection or event it is given.
    const protectedRoles = Lazy.string({ produce: () => knownProtectedRoleArns(this).join(',') });
    this.handlers.forEach((fn) => fn.addEnvironment('REVOKE_PROTECTED_ROLES', protectedRoles));
    const stack = Stack.of(this);
    if (!(stack.synthesizer instanceof DefaultStackSynthesizer)) {
      Annotations.of(this).addWarningV2(UNKNOWN_DEPLOY_ROLES_WARNING, `the stack's synthesizer (${stack.synthesizer.constructor.name}) does not `
        + 'name the roles that deploy it, so the revocation cannot refuse them by name; it still refuses the CDK bootstrap roles and this '
        + 'library\'s own roles. Make sure no role that deploys this stack is in a selection, or exclude it');
    }
  }

  /** Lets the function read whole-account pages: for selections and explicit lists read in batches. */
  public grantBatchedRead(): void {
    if (!this.batchedRead) {
      this.batchedRead = true;
      this.grant(BATCHED_READ_ACTIONS, ['*']);
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
    if (this.exactArns.size > PER_ROLE_READ_MAX) {
      this.grantBatchedRead();
    }
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
            Statement: [{ Effect: 'Allow', Action: handlerActions(this.capabilities), Resource: resources.length === 1 ? resources[0] : resources }],
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
    this.grantBatchedRead();
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
    this.grant(writeActions(this.capabilities), resources, condition);
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
        + 'role/* for tag and account selections or when exact ARNs would overflow the policy size; Resource * only for '
        + 'iam:GetAccountAuthorizationDetails and iam:ListRoles, which read only and have no resource type',
      appliesTo: [{ regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):iam::(<AWS::AccountId>|\\d{12}):role\\/.*$/g' }, 'Resource::*'],
    }]);
  }

  private roleArnPattern(resourceName: string): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName });
  }
}
