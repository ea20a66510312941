import { DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Warned when a stack's synthesizer does not name its deploy roles, so they cannot be protected by name. */
export const UNKNOWN_DEPLOY_ROLES_WARNING = 'cdk-revoke-sessions:unknownDeployRoles';

/**
 * The role ARNs a stack is deployed with (CloudFormation execution and deploy roles), when its
 * synthesizer names them. Nothing this library writes may deny them.
 */
export function deploymentRoleArns(scope: IConstruct): string[] {
  const stack = Stack.of(scope);
  if (!(stack.synthesizer instanceof DefaultStackSynthesizer)) {
    return [];
  }
  // The synthesizer's ARNs hold ${AWS::...} placeholders meant for Fn::Sub; left as they are,
  // they would never match a real role.
  const sub = (arn: string) => arn.replace(/\$\{AWS::Partition\}/g, stack.partition)
    .replace(/\$\{AWS::AccountId\}/g, stack.account).replace(/\$\{AWS::Region\}/g, stack.region);
  return [sub(stack.synthesizer.cloudFormationExecutionRoleArn), sub(stack.synthesizer.deployRoleArn)];
}
