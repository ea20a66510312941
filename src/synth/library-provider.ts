import { Aws, CfnResource, CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { deploymentRoleArns } from './deploy-roles';
import { suppressFrameworkFindings } from './nag-suppressions';
import {
  CAPABLE_RESOURCES_ENV, Capabilities, CAPABILITIES_ENV, capabilitiesEnvValue, FUTURE_RESOURCES_ENV, SERVED_STACK_ENV, servedResourceTag,
} from '../core/ratchet';

/** Marks every provider of this library, whichever class (or copy of the library) built it. */
const PROVIDER_MARK = Symbol.for('cdk-revoke-sessions.LibraryProvider');

/** How one kind of provider is built. */
export interface LibraryProviderOptions {
  readonly capabilities: Capabilities;
  /** The generated function class of the handler. */
  readonly createFunction: (scope: Construct, id: string, props: lambda.FunctionOptions) => lambda.Function;
  /** What the functions do, in their description. */
  readonly description: string;
  readonly timeout: Duration;
  /** `REVOKE_PHASE` of `onEvent`: `start` with `isComplete`, else as the handler expects. */
  readonly onEventPhase: string;
  /** With `isComplete` (the same handler in the `continue` phase), polled at this interval. */
  readonly queryInterval?: Duration;
}

/** The construct id of a provider with these capabilities: one per stack, kind and capability set. */
export function providerId(base: string, capabilities: Capabilities): string {
  return `${base}${capabilities.remove ? 'Remove' : ''}${capabilities.lower ? 'Lower' : ''}`;
}

/** Whether a construct belongs to one of this library's providers, of any kind. */
export function isLibraryProviderPart(construct: IConstruct): boolean {
  return construct.node.scopes.some((s) => (s as unknown as Record<symbol, unknown>)[PROVIDER_MARK] === true);
}

/**
 * The role ARNs nothing of this library may revoke or deny: every role of every provider of the
 * library in the stack (functions, framework, waiter) and the stack's deploy roles. Known only once
 * the whole stack is built, so it is rendered lazily.
 */
export function protectedRoleArns(scope: IConstruct): string[] {
  return Lazy.list({ produce: () => knownProtectedRoleArns(scope) });
}

/** `protectedRoleArns` as far as the stack is built now. */
export function knownProtectedRoleArns(scope: IConstruct): string[] {
  const stack = Stack.of(scope);
  const providerRoles = stack.node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole && isLibraryProviderPart(c))
    .map((r) => r.attrArn);
  return [...new Set([...providerRoles, ...deploymentRoleArns(scope)])];
}

/**
 * A custom resource provider of this library: a function that may remove or lower gets that only
 * from its own environment, set here at synth, and only resources that asked for it use that
 * function. The framework's functions get roles of their own, so every provider can refuse them.
 */
export abstract class LibraryProvider extends Construct {
  public readonly serviceToken: string;
  public readonly onEventFunction: lambda.Function;
  /** `onEvent`, and `isComplete` when there is one. */
  protected readonly handlers: lambda.Function[];
  private readonly served: CfnResource[] = [];
  private readonly futureServed: CfnResource[] = [];

  protected constructor(scope: Construct, id: string, options: LibraryProviderOptions) {
    super(scope, id);
    Object.defineProperty(this, PROVIDER_MARK, { value: true });
    const fn = (fnId: string, phase: string, role?: iam.IRole) => options.createFunction(this, fnId, {
      description: `cdk-revoke-sessions: ${options.description} (${phase})`,
      timeout: options.timeout,
      memorySize: 256,
      role,
      environment: { REVOKE_PHASE: phase, [CAPABILITIES_ENV]: capabilitiesEnvValue(options.capabilities) },
    });
    const frameworkRole = (roleId: string) => new iam.Role(this, roleId, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    this.onEventFunction = fn('OnEvent', options.onEventPhase);
    this.handlers = [this.onEventFunction];
    let provider: cr.Provider;
    if (options.queryInterval) {
      const isComplete = fn('IsComplete', 'continue', this.onEventFunction.role);
      this.handlers.push(isComplete);
      provider = new cr.Provider(this, 'Provider', {
        onEventHandler: this.onEventFunction,
        isCompleteHandler: isComplete,
        queryInterval: options.queryInterval,
        // Inside CloudFormation's default one-hour custom resource timeout.
        totalTimeout: Duration.minutes(55),
        // Separate roles: one role for all three would make a dependency cycle through the waiter.
        frameworkOnEventRole: frameworkRole('FrameworkRole'),
        frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkWaiterRole'),
      });
    } else {
      provider = new cr.Provider(this, 'Provider', { onEventHandler: this.onEventFunction, frameworkOnEventRole: frameworkRole('FrameworkRole') });
    }
    this.serviceToken = provider.serviceToken;
    this.handlers.forEach((handler) => {
      // Capabilities and future cutoffs serve only the resources routed here: a forged event for any other gets neither.
      handler.addEnvironment(SERVED_STACK_ENV, Aws.STACK_ID);
      if (options.capabilities.remove || options.capabilities.lower) {
        handler.addEnvironment(CAPABLE_RESOURCES_ENV, Lazy.string({ produce: () => this.tagsOf(this.served) }));
      }
      handler.addEnvironment(FUTURE_RESOURCES_ENV, Lazy.string({ produce: () => this.tagsOf(this.futureServed) }));
    });
    suppressFrameworkFindings(this);
  }

  /**
   * Routes a custom resource to this provider: only its events may use the provider's
   * capabilities, and a cutoff more than an hour ahead only when `allowFuture`. The resource waits
   * for the function, so its grant is in place before the first write.
   */
  public serve(resource: CustomResource, allowFuture: boolean): void {
    resource.node.addDependency(this.onEventFunction);
    const cfn = resource.node.defaultChild as CfnResource;
    this.served.push(cfn);
    if (allowFuture) {
      this.futureServed.push(cfn);
    }
  }

  private tagsOf(resources: readonly CfnResource[]): string {
    return resources.map((r) => servedResourceTag(Stack.of(this).resolve(r.logicalId))).join(',');
  }
}
