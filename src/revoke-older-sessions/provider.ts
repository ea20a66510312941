import { Annotations, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { RevokeOlderSessionsFunction } from './revoke-older-sessions-function';
import { BoundSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { deploymentRoleArns } from '../shared/deploy-roles';
import { suppressNag } from '../shared/nag-suppressions';

/** The IAM actions the handler needs on a role, and nothing else. */
export const HANDLER_ACTIONS = ['iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'];
const READ_ACTIONS = ['iam:GetRole', 'iam:GetRolePolicy'];
const WRITE_ACTIONS = ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'];

/**
 * Past this many exact role ARNs in one stack, the function's grant becomes `role/*` in the
 * stack's account: the grant lives in the function role's inline policy, and IAM caps a role's
 * inline policies at 10,240 characters (about 100 ARNs with the rest of the policy).
 */
export const MAX_EXACT_GRANTS = 100;
export const BROAD_GRANT_WARNING = 'cdk-revoke-sessions:broadGrant';

const SYNC_ID = 'CdkRevokeSessionsProvider';
const ASYNC_ID = 'CdkRevokeSessionsAsyncProvider';

/**
 * A custom resource provider for `RevokeOlderSessions`; one of each kind per stack. The
 * synchronous one serves explicit role lists. The asynchronous one serves selections: its
 * `isComplete` continues a run that one 15-minute invocation cannot finish.
 */
export class RevokeSessionsProvider extends Construct {
  /** Returns the stack's provider of this kind, creating it on first use. */
  public static of(scope: Construct, asynchronous = false): RevokeSessionsProvider {
    const stack = Stack.of(scope);
    const id = asynchronous ? ASYNC_ID : SYNC_ID;
    const existing = stack.node.tryFindChild(id);
    return (existing as RevokeSessionsProvider | undefined) ?? new RevokeSessionsProvider(stack, id, asynchronous);
  }

  /** Whether a construct belongs to one of this library's providers. */
  public static isProviderPart(construct: IConstruct): boolean {
    return construct.node.scopes.some((s) => s instanceof RevokeSessionsProvider);
  }

  public readonly serviceToken: string;
  public readonly onEventFunction: RevokeOlderSessionsFunction;
  private exact?: iam.PolicyStatement;
  private readonly exactArns = new Set<string>();
  private broad = false;

  private constructor(scope: Construct, id: string, asynchronous: boolean) {
    super(scope, id);
    this.onEventFunction = this.handlerFunction('OnEvent', asynchronous ? 'start' : 'sync');
    // The framework's functions get known roles, so the handler can refuse to revoke them.
    const frameworkRole = (roleId: string) => new iam.Role(this, roleId, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    const handlers = [this.onEventFunction];
    let provider: cr.Provider;
    if (asynchronous) {
      const isComplete = this.handlerFunction('IsComplete', 'continue', this.onEventFunction.role);
      handlers.push(isComplete);
      provider = new cr.Provider(this, 'Provider', {
        onEventHandler: this.onEventFunction,
        isCompleteHandler: isComplete,
        queryInterval: Duration.seconds(10),
        // Inside CloudFormation's default one-hour custom resource timeout.
        totalTimeout: Duration.minutes(55),
        // Separate roles: one role for all three would make a dependency cycle through the waiter.
        frameworkOnEventRole: frameworkRole('FrameworkRole'),
        frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkWaiterRole'),
      });
    } else {
      provider = new cr.Provider(this, 'Provider', { onEventHandler: this.onEventFunction, frameworkOnEventRole: frameworkRole('FrameworkRole') });
    }
    this.serviceToken = provider.serviceToken;

    this.suppressFrameworkFindings();

    // Every role of this provider (functions, framework, waiter) and the stack's deploy roles.
    const ownRoles = this.node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole).map((r) => r.attrArn);
    const protectedRoles = [...ownRoles, ...deploymentRoleArns(this)].join(',');
    handlers.forEach((fn) => fn.addEnvironment('REVOKE_PROTECTED_ROLES', protectedRoles));
  }

  /** Lets the function read and write inline policies of these roles, by exact ARN while that fits. */
  public grantRoles(roleArns: string[]): void {
    if (this.broad) {
      return;
    }
    roleArns.forEach((arn) => this.exactArns.add(arn));
    if (this.exactArns.size > MAX_EXACT_GRANTS) {
      this.broad = true;
      this.grant(HANDLER_ACTIONS, [this.roleArnPattern('*')]);
      Annotations.of(this).addWarningV2(BROAD_GRANT_WARNING, `the stack revokes more than ${MAX_EXACT_GRANTS} roles by ARN, `
        + 'which would overflow the function role\'s 10,240-character inline policy, so the function may change inline policies '
        + 'of every role in this account (it still writes only to the roles listed); split the roles across stacks to keep exact grants');
      return;
    }
    if (!this.exact) {
      this.exact = this.grant(HANDLER_ACTIONS, [...this.exactArns]);
    } else {
      this.exact.addResources(...roleArns.filter((arn) => !this.exact!.resources.includes(arn)));
    }
  }

  /** Grants what a deploy-time selection needs, as narrowly as the selection allows. */
  public grantSelection(selection: BoundSelection): void {
    // ListRoles has no resource to scope by; it is read-only.
    this.grant(['iam:ListRoles'], ['*']);
    const resources = selection.kind === SelectionKind.pathPrefix
      ? [this.roleArnPattern(`${selection.pathPrefix!.slice(1)}*`)]
      : selection.kind === SelectionKind.namePattern
        ? [this.roleArnPattern(selection.namePattern!), this.roleArnPattern(`*/${selection.namePattern!}`)]
        : [this.roleArnPattern('*')];
    this.grant(READ_ACTIONS, resources);
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
      suppressNag(policy, [{
        id: 'AwsSolutions-IAM5',
        reason: 'role ARN patterns are as narrow as IAM allows: role/*/<name> for a role imported by name (IAM authorizes '
          + 'against the real ARN, path included), role/<path>/* for a path selection, role/<glob> for a name selection, '
          + 'role/* for tag and account selections or past 100 roles; Resource * only for iam:ListRoles, which has no resource type',
        appliesTo: [{ regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):iam::(<AWS::AccountId>|\\d{12}):role\\/.*$/g' }, 'Resource::*'],
      }]);
    }
    return statement;
  }

  /** The Provider framework's own choices, which this library does not control. */
  private suppressFrameworkFindings(): void {
    for (const child of this.node.findAll()) {
      if (child instanceof iam.CfnRole) {
        suppressNag(child, [{
          id: 'AwsSolutions-IAM4',
          reason: 'AWSLambdaBasicExecutionRole lets the provider\'s functions write their own logs, nothing else',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        }]);
      } else if (child instanceof iam.CfnPolicy && !child.node.path.includes('/OnEvent/')) {
        suppressNag(child, [{
          id: 'AwsSolutions-IAM5',
          reason: 'aws-cdk-lib\'s Provider framework grants lambda:InvokeFunction on its functions and their versions (<arn>:*), '
            + 'and its waiter state machine the log delivery actions that take no resource',
          appliesTo: [{ regex: '/^Resource::(<[A-Za-z0-9]+\\.Arn>:\\*|\\*)$/g' }],
        }]);
      } else if (child instanceof CfnResource && child.cfnResourceType === 'AWS::Lambda::Function' && child.node.path.includes('/framework-')) {
        suppressNag(child, [{
          id: 'CdkNagValidationFailure',
          reason: 'the Provider framework picks the latest Node.js runtime per region with Fn::FindInMap, which cdk-nag cannot resolve (AwsSolutions-L1)',
          appliesTo: ['AwsSolutions-L1'],
        }]);
      } else if (child instanceof CfnResource && child.cfnResourceType === 'AWS::StepFunctions::StateMachine') {
        suppressNag(child, [
          { id: 'AwsSolutions-SF1', reason: 'the waiter only polls isComplete; the handler logs every decision, and the framework logs errors' },
          { id: 'AwsSolutions-SF2', reason: 'each waiter step is one Lambda invocation whose log carries the outcome; tracing adds nothing' },
        ]);
      }
    }
  }

  private roleArnPattern(resourceName: string): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName });
  }

  private handlerFunction(id: string, phase: string, role?: iam.IRole): RevokeOlderSessionsFunction {
    return new RevokeOlderSessionsFunction(this, id, {
      description: `cdk-revoke-sessions: attaches and refreshes session revocation policies (${phase})`,
      // IAM's rate limit, not compute, bounds a large run.
      timeout: Duration.minutes(15),
      memorySize: 256,
      role,
      environment: { REVOKE_PHASE: phase },
    });
  }
}
