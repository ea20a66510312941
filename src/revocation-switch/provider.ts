import { Annotations, Aws, DefaultStackSynthesizer, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SWITCH_POLICY_PATH } from './document';
import { RevocationSwitchFunction } from './revocation-switch-function';
import { BoundSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { UNKNOWN_DEPLOY_ROLES_WARNING } from '../synth/deploy-roles';
import { knownProtectedRoleArns, LibraryProvider } from '../synth/library-provider';
import { suppressNag } from '../synth/nag-suppressions';

const ID = 'CdkRevocationSwitchProvider';
/** The switch's own policy: created, versioned, listed. Deleting it is a removal, granted apart. */
const POLICY_ACTIONS = [
  'iam:CreatePolicy', 'iam:GetPolicy', 'iam:ListPolicyVersions', 'iam:GetPolicyVersion', 'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:ListEntitiesForPolicy',
];
/**
 * On the selected roles: attach the switch (and nothing else, by `iam:PolicyARN`), read one new
 * role, and the inline fallback (write-once per cutoff; `DeleteRolePolicy` deletes only an owned
 * policy lower than one just verified).
 */
const ROLE_ACTIONS = ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'];

/**
 * The stack's one provider for every `RevocationSwitch`, whatever its removal policy or opt-ins
 * (the engine reads what each resource may weaken from the function's environment), asynchronous
 * so that arming thousands of roles can continue past one invocation. The same function serves
 * the scheduled sweep and the `CreateRole` rule.
 */
export class RevocationSwitchProvider extends LibraryProvider {
  public static of(scope: Construct): RevocationSwitchProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as RevocationSwitchProvider | undefined) ?? new RevocationSwitchProvider(stack, ID);
  }

  /**
   * The role EventBridge Scheduler invokes the sweep with: part of the provider, so every switch
   * exempts it and never arms it (a revoked scheduler role would stop the sweep).
   */
  public readonly schedulerRole: iam.Role;
  private removal = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      createFunction: (s, i, p) => new RevocationSwitchFunction(s, i, p),
      description: 'arms roles with the revocation switch and writes its versions',
      // IAM's rate, not compute, bounds arming a large account; isComplete continues past one invocation.
      timeout: Duration.minutes(15),
      onEventPhase: 'start',
      queryInterval: Duration.seconds(10),
    });
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
    });
    this.grant(POLICY_ACTIONS, [this.policyPattern()]);
    // The batched read of every role: no resource type to scope it by, and it only reads.
    this.grant(['iam:GetAccountAuthorizationDetails'], ['*']);
    const protectedRoles = Lazy.string({ produce: () => knownProtectedRoleArns(this).join(',') });
    this.handlers.forEach((fn) => fn.addEnvironment('REVOKE_PROTECTED_ROLES', protectedRoles));
    if (!(Stack.of(this).synthesizer instanceof DefaultStackSynthesizer)) {
      Annotations.of(this).addWarningV2(UNKNOWN_DEPLOY_ROLES_WARNING, `the stack's synthesizer (${Stack.of(this).synthesizer.constructor.name}) `
        + 'does not name the roles that deploy it, so the switch cannot exempt them by ARN; it still exempts the CDK bootstrap roles and this '
        + 'library\'s own roles. Make sure no role that deploys this stack is selected, or exclude it');
    }
  }

  /** Called once a schedule has granted the scheduler's role `lambda:InvokeFunction` on the function. */
  public suppressSchedulerFindings(): void {
    suppressNag(this.schedulerRole.node.tryFindChild('DefaultPolicy') ?? this.schedulerRole, [{
      id: 'AwsSolutions-IAM5',
      reason: 'aws-cdk-lib\'s scheduler target grants lambda:InvokeFunction on the sweep\'s function and its versions (<arn>:*)',
      appliesTo: [{ regex: '/^Resource::<[A-Za-z0-9]+\\.Arn>:\\*$/g' }],
    }]);
  }

  /** The role of the function that alone writes the switch's versions: the one to exempt in a protective SCP. */
  public get functionRoleArn(): string {
    return this.onEventFunction.role!.roleArn;
  }

  /** Lets the function arm, read and revoke inline the roles of a selection, as narrowly as the selection allows. */
  public grantSelection(selection: BoundSelection, explicitArns: readonly string[]): void {
    const resources = selection.kind === SelectionKind.explicit ? [...explicitArns]
      : selection.kind === SelectionKind.pathPrefix ? [this.rolePattern(`${selection.pathPrefix!.slice(1)}*`)]
        : selection.kind === SelectionKind.namePattern ? [this.rolePattern(selection.namePattern!), this.rolePattern(`*/${selection.namePattern!}`)]
          : [this.rolePattern('*')];
    const tag: Record<string, Record<string, string>> = selection.kind !== SelectionKind.tagged ? {}
      : selection.tagValue === undefined
        ? { Null: { [`aws:ResourceTag/${selection.tagKey}`]: 'false' } }
        : { StringEquals: { [`aws:ResourceTag/${selection.tagKey}`]: selection.tagValue } };
    this.grant(['iam:AttachRolePolicy'], resources, { ...tag, ArnLike: { 'iam:PolicyARN': this.policyPattern() } });
    this.grant(ROLE_ACTIONS, resources, tag);
  }

  /**
   * With `RemovalPolicy.DESTROY` on any switch of the stack: detach from every role (an earlier
   * selection may have armed any), delete the fallback inline policies, and delete the policy. The
   * engine removes only through its CloudFormation gate, and only for resources granted removal.
   */
  public grantRemoval(): void {
    if (this.removal) {
      return;
    }
    this.removal = true;
    this.grant(['iam:DetachRolePolicy'], [this.rolePattern('*')], { ArnLike: { 'iam:PolicyARN': this.policyPattern() } });
    this.grant(['iam:DeleteRolePolicy'], [this.rolePattern('*')]);
    this.grant(['iam:DeletePolicy'], [this.policyPattern()]);
  }

  private grant(actions: string[], resources: string[], conditions?: Record<string, Record<string, string>>): void {
    this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({
      actions, resources, ...(conditions && Object.keys(conditions).length > 0 ? { conditions } : {}),
    }));
    const policy = this.onEventFunction.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      suppressNag(policy, [{
        id: 'AwsSolutions-IAM5',
        reason: 'the switch policies live under one path (policy/cdk-revoke-sessions/*: their names carry a tag of the stack id, known only '
          + 'at deploy time); role ARN patterns are as narrow as the selection (role/<path>*, role/<glob>, role/* with a tag condition or '
          + 'for every role, and for detaching only this path\'s policies); Resource * only for iam:GetAccountAuthorizationDetails, which reads only',
        appliesTo: [
          { regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):iam::(<AWS::AccountId>|\\d{12}):(role|policy)\\/.*$/g' }, 'Resource::*',
        ],
      }]);
    }
  }

  private policyPattern(): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: `${SWITCH_POLICY_PATH.slice(1)}*` });
  }

  private rolePattern(resourceName: string): string {
    return Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName });
  }
}
