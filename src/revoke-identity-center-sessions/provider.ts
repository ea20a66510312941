import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { RevokeIdentityCenterSessionsFunction } from './revoke-identity-center-sessions-function';
import { LibraryProvider } from '../synth/library-provider';
import { suppressNag } from '../synth/nag-suppressions';

const ID = 'CdkRevokeIdentityCenterSessionsProvider';
const ACTIONS = ['sso:DescribePermissionSet', 'sso:GetInlinePolicyForPermissionSet', 'sso:PutInlinePolicyToPermissionSet',
  'sso:ProvisionPermissionSet', 'sso:DescribePermissionSetProvisioningStatus', 'sso:ListAccountsForProvisionedPermissionSet'];

/**
 * The stack's one provider for `RevokeIdentityCenterSessions`, whatever each construct's removal
 * policy or opt-ins: what a resource may weaken travels in its grant (`serveResource`), so the
 * ServiceToken never changes when a deployed construct changes them.
 */
export class IdentityCenterProvider extends LibraryProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: Construct): IdentityCenterProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as IdentityCenterProvider | undefined) ?? new IdentityCenterProvider(stack);
  }

  private constructor(scope: Construct) {
    super(scope, ID, {
      createFunction: (s, i, p) => new RevokeIdentityCenterSessionsFunction(s, i, p),
      description: 'adds the session revocation to permission sets and reprovisions them',
      timeout: Duration.minutes(5),
      onEventPhase: 'start',
      // Reprovisioning takes seconds to minutes per permission set.
      queryInterval: Duration.seconds(15),
    });
  }

  /**
   * Lets the function read and write these permission sets' inline policies and provision them;
   * `remove` adds deleting an inline policy (when the last statement in it is this library's).
   */
  public grantPermissionSets(instanceArn: string, permissionSetArns: string[], remove: boolean): void {
    this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: remove ? [...ACTIONS, 'sso:DeleteInlinePolicyFromPermissionSet'] : ACTIONS,
      resources: [instanceArn, ...permissionSetArns, `arn:${Stack.of(this).partition}:sso:::account/*`],
    }));
    suppressNag(this.onEventFunction.role!.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'ProvisionPermissionSet to every provisioned account needs the account resource type, whose ids are not known at synth',
      appliesTo: [{ regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):sso:::account\\/\\*$/g' }],
    }]);
  }
}
