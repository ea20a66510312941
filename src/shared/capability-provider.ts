import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { suppressNag } from './nag-suppressions';
import { Capabilities, capabilitiesEnvValue, CAPABILITIES_ENV } from './ratchet';
import { Cutoff } from '../cutoff/cutoff';

/** Warning ids shared by the organization and Identity Center constructs. */
export const EARLIER_CUTOFF_WARNING = 'cdk-revoke-sessions:allowEarlierCutoff';
export const FUTURE_CUTOFF_WARNING = 'cdk-revoke-sessions:allowFutureCutoff';

/** How one kind of provider is built. */
export interface CapabilityProviderOptions {
  /** Construct id prefix, one per kind of resource. */
  readonly id: string;
  readonly capabilities: Capabilities;
  /** The generated function class of the handler. */
  readonly createFunction: (scope: Construct, id: string, props: lambda.FunctionOptions) => lambda.Function;
  readonly description: string;
  /** With `isComplete` (the same handler in the `continue` phase), polled at this interval. */
  readonly queryInterval?: Duration;
}

/**
 * A custom resource provider per stack and capability set: a function that may remove or lower
 * gets that only from its own environment, set here at synth, and only resources that asked for
 * it use that function.
 */
export class CapabilityProvider extends Construct {
  /** The stack's provider for these options, created on first use. */
  public static of(scope: Construct, options: CapabilityProviderOptions): CapabilityProvider {
    const stack = Stack.of(scope);
    const suffix = [options.capabilities.remove ? 'Remove' : '', options.capabilities.lower ? 'Lower' : ''].join('');
    const id = `${options.id}${suffix}`;
    return (stack.node.tryFindChild(id) as CapabilityProvider | undefined) ?? new CapabilityProvider(stack, id, options);
  }

  public readonly serviceToken: string;
  public readonly onEventFunction: lambda.Function;
  /** Every role of this provider: functions and framework. */
  public readonly roleArns: string[];

  private constructor(scope: Construct, id: string, options: CapabilityProviderOptions) {
    super(scope, id);
    const fn = (fnId: string, phase: string, role?: iam.IRole) => options.createFunction(this, fnId, {
      description: `cdk-revoke-sessions: ${options.description} (${phase})`,
      timeout: Duration.minutes(5),
      memorySize: 256,
      role,
      environment: { REVOKE_PHASE: phase, [CAPABILITIES_ENV]: capabilitiesEnvValue(options.capabilities) },
    });
    const frameworkRole = (roleId: string) => new iam.Role(this, roleId, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    this.onEventFunction = fn('OnEvent', 'start');
    const provider = options.queryInterval
      ? new cr.Provider(this, 'Provider', {
        onEventHandler: this.onEventFunction,
        isCompleteHandler: fn('IsComplete', 'continue', this.onEventFunction.role),
        queryInterval: options.queryInterval,
        // Inside CloudFormation's default one-hour custom resource timeout.
        totalTimeout: Duration.minutes(55),
        frameworkOnEventRole: frameworkRole('FrameworkRole'),
        frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkWaiterRole'),
      })
      : new cr.Provider(this, 'Provider', { onEventHandler: this.onEventFunction, frameworkOnEventRole: frameworkRole('FrameworkRole') });
    this.serviceToken = provider.serviceToken;
    this.roleArns = this.node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole).map((r) => r.attrArn);
    for (const child of this.node.findAll()) {
      if (child instanceof iam.CfnRole) {
        suppressNag(child, [{
          id: 'AwsSolutions-IAM4',
          reason: 'AWSLambdaBasicExecutionRole lets the provider\'s functions write their own logs, nothing else',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        }]);
      }
    }
  }

  /** Grants the function these actions; `*` where the API has no resource known at synth. */
  public grant(actions: string[], resources: string[], reason: string): void {
    this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    const policy = this.onEventFunction.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      suppressNag(policy, [{ id: 'AwsSolutions-IAM5', reason, appliesTo: [{ regex: '/^Resource::.*\\*.*$/g' }] }]);
    }
  }
}

/** The capabilities a resource asks for: `remove` for `RemovalPolicy.DESTROY`, `lower` for `allowEarlierCutoff`. */
export function capabilitiesFor(removalPolicy: RemovalPolicy | undefined, allowEarlierCutoff: boolean | undefined): Capabilities {
  return { remove: removalOf(removalPolicy) === 'destroy', lower: allowEarlierCutoff === true };
}

/** `retain` or `destroy`; other removal policies mean nothing for a revocation. */
export function removalOf(policy: RemovalPolicy | undefined): 'retain' | 'destroy' {
  switch (policy ?? RemovalPolicy.RETAIN) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return 'retain';
    case RemovalPolicy.DESTROY:
      return 'destroy';
    default:
      throw new Error(`removalPolicy "${policy}" is not supported for a revocation; use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`);
  }
}

/** The custom resource properties of a cutoff; `none` when there is none. */
export function cutoffProperties(cutoff: Cutoff | undefined): Record<string, string> {
  if (!cutoff) {
    return { CutoffMode: 'none' };
  }
  // Synth reads no clock: the handler checks a cutoff in the future against its own.
  const spec = cutoff._spec();
  return {
    CutoffMode: spec.mode,
    ...(spec.issuedBefore !== undefined ? { IssuedBefore: spec.issuedBefore } : {}),
    ...(spec.generation !== undefined ? { Generation: spec.generation } : {}),
    ...(spec.bufferSeconds !== undefined ? { BufferSeconds: String(spec.bufferSeconds) } : {}),
  };
}

/** The warnings an opt-in deserves, on the construct that opted in. */
export function optInWarnings(scope: Construct, allowEarlierCutoff?: boolean, allowFutureCutoff?: boolean): void {
  if (allowEarlierCutoff) {
    Annotations.of(scope).addWarningV2(EARLIER_CUTOFF_WARNING, 'allowEarlierCutoff is set: a rollback or an older deployment '
      + 'can move this construct\'s cutoff earlier and un-revoke sessions it had denied; remove it once the incident is over');
  }
  if (allowFutureCutoff) {
    Annotations.of(scope).addWarningV2(FUTURE_CUTOFF_WARNING, 'allowFutureCutoff is set: a cutoff in the future also denies '
      + 'every session started until then, new ones included');
  }
}

/** Throws `problem(value)` for a value known at synth; tokens are checked by the handler. */
export function checkKnown(value: string, problem: (v: string) => string | undefined): void {
  if (!Token.isUnresolved(value)) {
    const why = problem(value);
    if (why) {
      throw new Error(why);
    }
  }
}
