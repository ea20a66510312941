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
  acknowledgeAtSynth(resource);
}

/**
 * The Provider framework's own choices under one of this library's providers, which the library
 * does not control (its roles' managed logging policy, its invoke grants, its runtime lookup and
 * its waiter state machine), and the handler's pinned runtime. The function's own grants are
 * suppressed where they are made.
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
    } else if (child instanceof CfnResource && child.cfnResourceType === 'AWS::Lambda::Function') {
      suppressNag(child, [{
        id: 'AwsSolutions-L1',
        reason: 'the handler is pinned to the Node.js 22 runtime on purpose: it is bundled and tested for it (esbuild --target=node22) '
          + 'and uses the SDK v3 that runtime ships; moving to a newer runtime is a release of this library',
      }]);
    } else if (child instanceof CfnResource && child.cfnResourceType === 'AWS::StepFunctions::StateMachine') {
      suppressNag(child, [
        { id: 'AwsSolutions-SF1', reason: 'the waiter only polls isComplete; the handler logs every decision, and the framework logs errors' },
        { id: 'AwsSolutions-SF2', reason: 'each waiter step is one Lambda invocation whose log carries the outcome; tracing adds nothing' },
      ]);
    }
  }
}

/**
 * The cdk-nag 3 ids of a suppression. cdk-nag 3 matches a rule id, or `rule[finding]`, exactly:
 * a finding list becomes one id per finding, and a pattern the findings of `findings` that match
 * it (as cdk-nag 2 would), or the whole rule when the rule's findings are not known here.
 */
export function acknowledgementIds(s: NagSuppression, findings?: (rule: string) => string[] | undefined): string[] {
  if (s.id === VALIDATION_FAILURE) {
    // cdk-nag 3 reports a rule that threw under the rule's own id.
    return (s.appliesTo ?? []).filter((a): a is string => typeof a === 'string');
  }
  if (!s.appliesTo) {
    return [s.id];
  }
  const patterns = s.appliesTo.map((a) => (typeof a === 'string' ? a : patternOf(a.regex)));
  const exact = patterns.filter((p): p is string => typeof p === 'string');
  const regexes = patterns.filter((p): p is RegExp => p instanceof RegExp);
  if (regexes.length === 0) {
    return exact.map((finding) => `${s.id}[${finding}]`);
  }
  const all = findings?.(s.id);
  if (all === undefined) {
    return [s.id];
  }
  return [...new Set([...exact, ...all.filter((f) => regexes.some((r) => r.test(f)))])].map((finding) => `${s.id}[${finding}]`);
}

/** cdk-nag 2's `/body/flags` regex notation. */
function patternOf(regex: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  // `g` would make test() stateful.
  return m ? new RegExp(m[1], m[2].replace('g', '')) : new RegExp(regex);
}

/**
 * The findings cdk-nag reports for a granular rule on this resource, computed as cdk-nag does
 * (`AwsSolutions-IAM5`: wildcard actions and resources of Allow statements, intrinsics flattened
 * to `<Ref>` and `<LogicalId.Attr>`), or `undefined` for another rule.
 */
export function granularFindings(resource: CfnResource, rule: string): string[] | undefined {
  if (rule !== 'AwsSolutions-IAM5' || !(resource instanceof iam.CfnPolicy || resource instanceof iam.CfnManagedPolicy)) {
    return undefined;
  }
  const document = resource.stack.resolve(resource.policyDocument) as { Statement?: Array<Record<string, unknown>> };
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect === 'Allow') {
      [statement.Action ?? []].flat().map(String).filter((a) => a.includes('*')).forEach((a) => findings.add(`Action::${a}`));
      [statement.Resource ?? []].flat().map(flatten).filter((r) => r.includes('*')).forEach((r) => findings.add(`Resource::${r}`));
    }
  }
  return [...findings];
}

/** A CloudFormation value as cdk-nag flattens it for finding ids. */
function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const o = node as Record<string, any>;
  if (o['Fn::Join']) {
    return (o['Fn::Join'][1] as unknown[]).map(flatten).join(o['Fn::Join'][0]);
  }
  if (o['Fn::Sub']) {
    return flatten(o['Fn::Sub']);
  }
  if (o['Fn::GetAtt']) {
    return `<${flatten(o['Fn::GetAtt'][0])}.${flatten(o['Fn::GetAtt'][1])}>`;
  }
  if (o['Fn::ImportValue']) {
    return flatten(o['Fn::ImportValue']);
  }
  if (o.Ref) {
    return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
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

const acknowledging = new WeakSet<CfnResource>();

/**
 * Where aws-cdk-lib can hold them, turns the resource's `cdk_nag` suppressions into
 * acknowledgements once the tree is complete (construct validation runs after every grant is in
 * place and before cdk-nag 3's plugin), so pattern suppressions see the final policy.
 */
function acknowledgeAtSynth(resource: CfnResource): void {
  const validations = validationsApi();
  if (!validations || acknowledging.has(resource)) {
    return;
  }
  acknowledging.add(resource);
  resource.node.addValidation({
    validate: () => {
      type Written = { id: string; reason: string; applies_to?: NagSuppression['appliesTo'] };
      const suppressions = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as Written[];
      const findings = (rule: string) => granularFindings(resource, rule);
      const rules = suppressions.flatMap((s) => acknowledgementIds({ id: s.id, reason: s.reason, appliesTo: s.applies_to }, findings)
        .map((id) => ({ id, reason: s.reason })));
      if (rules.length > 0) {
        validations.of(resource).acknowledge(...rules);
      }
      return [];
    },
  });
}
