import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { STACK_ROLES_ENV } from './properties';
import { RevokeOrganizationSessionsFunction } from './revoke-organization-sessions-function';
import { deploymentRoleArns } from '../synth/deploy-roles';
import { isLibraryProviderPart, LibraryProvider } from '../synth/library-provider';
import { suppressNag } from '../synth/nag-suppressions';

const ID = 'CdkRevokeOrganizationSessionsProvider';

/**
 * What the function does in Organizations, whatever the removal policy: it detaches and deletes
 * only SCPs its resources wrote, and only once one that dominates them is verified in place (or,
 * for a resource deployed with `RemovalPolicy.DESTROY`, when CloudFormation deletes it).
 */
const ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListPolicies',
  'organizations:DescribePolicy',
  'organizations:CreatePolicy',
  'organizations:ListTargetsForPolicy',
  'organizations:AttachPolicy',
  'organizations:DetachPolicy',
  'organizations:DeletePolicy',
];

/**
 * The stack's one provider for `RevokeOrganizationSessions`, whatever each construct's removal
 * policy or opt-ins: its ServiceToken never changes when a deployed construct changes them (what a
 * resource may weaken is its grant in the function's environment).
 */
export class OrganizationSessionsProvider extends LibraryProvider {
  public static of(scope: Construct): OrganizationSessionsProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as OrganizationSessionsProvider | undefined) ?? new OrganizationSessionsProvider(stack, ID);
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      createFunction: (s, i, p) => new RevokeOrganizationSessionsFunction(s, i, p),
      description: 'keeps the session revocation service control policies',
      timeout: Duration.minutes(5),
      onEventPhase: 'sync',
    });
    this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ACTIONS, resources: ['*'] }));
    suppressNag(this.onEventFunction.role!.node.tryFindChild('DefaultPolicy')!, [{
      id: 'AwsSolutions-IAM5',
      reason: 'SCP ids are only known after CreatePolicy and targets span the organization; the handler detaches and deletes only '
        + 'SCPs its resources named and wrote, once a dominating one is verified or CloudFormation deletes the resource',
      appliesTo: ['Resource::*'],
    }]);
    // Every statement exempts these roles by the handler's own reading of its environment, never the event's.
    this.onEventFunction.addEnvironment(STACK_ROLES_ENV, Lazy.string({ produce: () => stackRoleTails(this).join(',') }));
  }
}

/**
 * The roles that run and deploy this stack, as `path/name` after `role/`: the roles of every
 * provider of the library in the stack (functions, framework, waiter), at path `/`, and the
 * stack's deploy roles when its synthesizer names them.
 */
export function stackRoleTails(scope: IConstruct): string[] {
  const stack = Stack.of(scope);
  const providerRoles = stack.node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole && isLibraryProviderPart(c)).map((r) => r.ref);
  const deployRoles = deploymentRoleArns(scope).map((arn) => arn.split(':role/')[1]).filter((tail): tail is string => tail !== undefined);
  return [...new Set([...providerRoles, ...deployRoles])];
}
