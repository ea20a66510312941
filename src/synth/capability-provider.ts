import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { LibraryProvider, providerId } from './library-provider';
import { suppressNag } from './nag-suppressions';
import { Capabilities } from '../core/ratchet';
import { Cutoff } from '../cutoff/cutoff';

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

/** The organization and Identity Center constructs' provider, per stack and capability set. */
export class CapabilityProvider extends LibraryProvider {
  /** The stack's provider for these options, created on first use. */
  public static of(scope: Construct, options: CapabilityProviderOptions): CapabilityProvider {
    const stack = Stack.of(scope);
    const id = providerId(options.id, options.capabilities);
    return (stack.node.tryFindChild(id) as CapabilityProvider | undefined) ?? new CapabilityProvider(stack, id, options);
  }

  private constructor(scope: Construct, id: string, options: CapabilityProviderOptions) {
    super(scope, id, { ...options, timeout: Duration.minutes(5), onEventPhase: 'start' });
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
export function requestedCapabilities(removalPolicy: RemovalPolicy | undefined, allowEarlierCutoff: boolean | undefined): Capabilities {
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

/** What a revocation may weaken, as every resource of the library carries it. */
export interface RevocationOptIns {
  readonly removalPolicy?: RemovalPolicy;
  readonly allowEarlierCutoff?: boolean;
  readonly allowFutureCutoff?: boolean;
}

/** The custom resource properties `RemovalPolicy`, `AllowEarlierCutoff` and `AllowFutureCutoff`. */
export function optInProperties(props: RevocationOptIns): Record<string, string> {
  return {
    RemovalPolicy: removalOf(props.removalPolicy),
    AllowEarlierCutoff: String(props.allowEarlierCutoff ?? false),
    AllowFutureCutoff: String(props.allowFutureCutoff ?? false),
  };
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
