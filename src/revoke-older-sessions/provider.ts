import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { RevokeOlderSessionsFunction } from './revoke-older-sessions-function';

/** The IAM actions the handler needs, and nothing else. */
export const HANDLER_ACTIONS = ['iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'];

/**
 * The one custom resource provider of a stack. Every `RevokeOlderSessions` in the stack shares
 * it and adds its own role ARNs to the function's policy.
 */
export class RevokeSessionsProvider extends Construct {
  /** Returns the stack's provider, creating it on first use. */
  public static of(scope: Construct): RevokeSessionsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return (existing as RevokeSessionsProvider | undefined) ?? new RevokeSessionsProvider(stack, PROVIDER_ID);
  }

  public readonly serviceToken: string;
  public readonly onEventFunction: RevokeOlderSessionsFunction;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.onEventFunction = new RevokeOlderSessionsFunction(this, 'OnEvent', {
      description: 'cdk-revoke-sessions: attaches and refreshes session revocation policies',
      // IAM's rate limit, not compute, bounds a large run.
      timeout: Duration.minutes(15),
      memorySize: 256,
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
    });
    this.serviceToken = provider.serviceToken;
  }

  /** Lets the function read and write inline policies of these roles only. */
  public grantRoles(roleArns: string[]): void {
    this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: HANDLER_ACTIONS,
      resources: roleArns,
    }));
  }
}

const PROVIDER_ID = 'CdkRevokeSessionsProvider';
