/**
 * cdk-nag suppressions for this library's own resources, in both forms cdk-nag reads, so the
 * library needs no dependency on it:
 * - cdk-nag 2 reads the `cdk_nag` metadata of the CloudFormation resource;
 * - cdk-nag 3 runs as a policy-validation plugin and reads acknowledgements
 *   (`Validations.of(scope).acknowledge`, aws-cdk-lib 2.257 and later). Older aws-cdk-lib has no
 *   `Validations`, so they are written only where it exists.
 * Each carries its reason, which shows in the template and in cdk-nag's reports.
 */
import * as cdk from 'aws-cdk-lib';
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

/** cdk-nag 2's id for a rule that threw; its `appliesTo` names the rule. */
const VALIDATION_FAILURE = 'CdkNagValidationFailure';

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
  acknowledge(resource, suppressions);
}

/**
 * The Provider framework's own choices under one of this library's providers, which the library
 * does not control: its roles' managed logging policy, its invoke grants, its runtime lookup and
 * its waiter state machine. The function's own grants are suppressed where they are made.
 */
export function suppressFrameworkFindings(provider: IConstruct): void {
  for (const child of provider.node.findAll()) {
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
        id: VALIDATION_FAILURE,
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

/** The cdk-nag 3 ids of a suppression: v3 matches a rule id, or `rule[finding]` exactly. */
export function acknowledgementIds(s: NagSuppression): string[] {
  if (s.id === VALIDATION_FAILURE) {
    // v3 reports a rule that threw under the rule's own id.
    return (s.appliesTo ?? []).filter((a): a is string => typeof a === 'string');
  }
  if (!s.appliesTo || s.appliesTo.some((a) => typeof a !== 'string')) {
    // v3 has no pattern form: a regex finding list becomes the rule, on this resource only.
    return [s.id];
  }
  return s.appliesTo.map((finding) => `${s.id}[${finding}]`);
}

interface AcknowledgingValidations {
  acknowledge(...rules: Array<{ id: string; reason: string }>): void;
}
type ValidationsClass = { of(scope: IConstruct): AcknowledgingValidations };

/** `Validations` of aws-cdk-lib 2.257 and later, or `undefined` before it. */
function validationsApi(): ValidationsClass | undefined {
  const validations = (cdk as unknown as { Validations?: ValidationsClass }).Validations;
  return typeof validations?.of === 'function' && typeof (validations as { prototype?: { acknowledge?: unknown } }).prototype?.acknowledge === 'function'
    ? validations : undefined;
}

/** Records the suppressions as cdk-nag 3 acknowledgements where aws-cdk-lib can hold them. */
function acknowledge(resource: CfnResource, suppressions: NagSuppression[]): void {
  const validations = validationsApi();
  if (!validations) {
    return;
  }
  const ids = suppressions.flatMap((s) => acknowledgementIds(s).map((id) => ({ id, reason: s.reason })));
  if (ids.length > 0) {
    validations.of(resource).acknowledge(...ids);
  }
}
