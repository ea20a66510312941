/**
 * cdk-nag suppressions for this library's own resources, written as the `cdk_nag` metadata that
 * cdk-nag reads, so the library needs no dependency on it. Each carries its reason, which shows
 * in the template and in cdk-nag's reports.
 */
import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

export interface NagSuppression {
  readonly id: string;
  /** ASCII only: cdk-nag base64-encodes anything else. */
  readonly reason: string;
  /** Finding ids, or `{ regex }` objects, the suppression is limited to. */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/** Adds suppressions to the CloudFormation resource of `construct`, keeping any already there. */
export function suppressNag(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  const known = new Set(existing.map((s: { id: string; applies_to?: unknown }) => `${s.id}${JSON.stringify(s.applies_to ?? null)}`));
  const added = suppressions
    .map((s) => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) }))
    .filter((s) => !known.has(`${s.id}${JSON.stringify(s.applies_to ?? null)}`));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

/**
 * The choices of aws-cdk-lib's Provider framework inside one of the library's providers, which the
 * library does not control: the framework's invoke grants, its runtime lookup and its waiter.
 */
export function suppressProviderFrameworkFindings(provider: IConstruct): void {
  for (const child of provider.node.findAll()) {
    if (child instanceof iam.CfnPolicy && !child.node.path.includes('/OnEvent/')) {
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
