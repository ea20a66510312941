import { Aws, CfnResource, CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { deploymentRoleArns } from './deploy-roles';
import { suppressFrameworkFindings } from './nag-suppressions';
import { encodeGrant, GRANTS_ENV, MAX_ENCODED_GRANT_CHARS, resourceTag, ResourceGrant, STACK_ENV } from '../core/engine/grants';

/** Marks every provider of this library, whichever class (or copy of the library) built it. */
const PROVIDER_MARK = Symbol.for('cdk-revoke-sessions.LibraryProvider');

/** How one kind of provider is built. */
export interface LibraryProviderOptions {
  /** The generated function class of the handler. */
  readonly createFunction: (scope: Construct, id: string, props: lambda.FunctionOptions) => lambda.Function;
  /** What the functions do, in their description. */
  readonly description: string;
  readonly timeout: Duration;
  /** `REVOKE_PHASE` of `onEvent`: `start` with `isComplete`, else as the handler expects. */
  readonly onEventPhase: string;
  /** With `isComplete` (the same handler in the `continue` phase), polled at this interval. */
  readonly queryInterval?: Duration;
  /**
   * Memory of each function (MB); it also sets the CPU share (1,769 MB = 1 vCPU).
   * @default 256
   */
  readonly memorySize?: number;
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
 * A custom resource provider of this library: what its function may weaken for each resource it
 * serves (and nothing for any other) comes only from its own environment, set here at synth
 * (`serveResource`). The framework's functions get roles of their own, so every provider can
 * refuse them.
 */
export abstract class LibraryProvider extends Construct {
  public readonly serviceToken: string;
  public readonly onEventFunction: lambda.Function;
  /** `onEvent`, and `isComplete` when there is one. */
  protected readonly handlers: lambda.Function[];
  private readonly granted: Array<{ resource: CfnResource; grant: ResourceGrant }> = [];

  protected constructor(scope: Construct, id: string, options: LibraryProviderOptions) {
    super(scope, id);
    Object.defineProperty(this, PROVIDER_MARK, { value: true });
    const fn = (fnId: string, phase: string, role?: iam.IRole) => options.createFunction(this, fnId, {
      description: `cdk-revoke-sessions: ${options.description} (${phase})`,
      timeout: options.timeout,
      memorySize: options.memorySize ?? 256,
      role,
      environment: { REVOKE_PHASE: phase },
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
    suppressFrameworkFindings(this);
  }

  /**
   * Routes a custom resource to this provider with its grant: what the function may weaken for this
   * resource (and nothing for any other), written into the function's environment. The resource
   * waits for the function, so its grant is in place before the first write.
   */
  public serveResource(resource: CustomResource, grant: ResourceGrant): void {
    resource.node.addDependency(this.onEventFunction);
    const cfn = resource.node.defaultChild as CfnResource;
    if (this.granted.length === 0) {
      this.handlers.forEach((handler) => {
        handler.addEnvironment(STACK_ENV, Aws.STACK_ID);
        handler.addEnvironment(GRANTS_ENV, Lazy.string({
          produce: () => this.granted
            .map((g) => encodeGrant(resourceTag(Stack.of(this).resolve(g.resource.logicalId)), g.grant)).join(','),
        }));
      });
      this.node.addValidation({ validate: () => this.validateEnvironment() });
      // The removal gate asks CloudFormation whether the stack is really deleting the resource.
      this.onEventFunction.addToRolePolicy(new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'],
        resources: [Aws.STACK_ID],
      }));
    }
    this.granted.push({ resource: cfn, grant });
  }

  /** Whether any resource this provider serves may remove what it wrote. */
  protected servesRemoval(): boolean {
    return this.granted.some((g) => g.grant.remove);
  }

  /** Lambda refuses an environment over 4 KB at deploy: measured here, every token at its longest. */
  private validateEnvironment(): string[] {
    const problems: string[] = [];
    for (const handler of this.handlers) {
      const env = Stack.of(this).resolve((handler.node.defaultChild as lambda.CfnFunction).environment)?.variables ?? {};
      const bytes = Object.entries(env as Record<string, unknown>).reduce((n, [k, v]) => n + k.length + longestValue(v, k), 0);
      if (bytes > MAX_ENVIRONMENT_BYTES) {
        problems.push(`the function ${handler.node.path} would carry an environment of up to ${bytes} bytes (${this.granted.length} revocations), `
          + `over Lambda's ${MAX_ENVIRONMENT_BYTES}; split the revocations across stacks (each grant takes about ${MAX_ENCODED_GRANT_CHARS} bytes)`);
      }
    }
    return problems;
  }
}

/** Lambda's limit on a function's environment variables, keys and values together. */
export const MAX_ENVIRONMENT_BYTES = 4096;
/** The longest a token can resolve to: a stack id, or an ARN or name of a generated role. */
const LONGEST_TOKEN_CHARS: Record<string, number> = { [STACK_ENV]: 200 };
const DEFAULT_TOKEN_CHARS = 128;

/** A resolved environment value's longest length: literals as they are, each intrinsic at its longest. */
function longestValue(value: unknown, key: string): number {
  if (typeof value === 'string') {
    return Buffer.byteLength(value);
  }
  if (Array.isArray(value)) {
    return value.reduce((n: number, v) => n + longestValue(v, key), 0);
  }
  if (value !== null && typeof value === 'object') {
    const join = (value as Record<string, unknown>)['Fn::Join'] as [string, unknown[]] | undefined;
    if (join) {
      return join[1].reduce((n: number, v) => n + longestValue(v, key), 0) + join[0].length * Math.max(0, join[1].length - 1);
    }
    return LONGEST_TOKEN_CHARS[key] ?? DEFAULT_TOKEN_CHARS;
  }
  return String(value ?? '').length;
}
