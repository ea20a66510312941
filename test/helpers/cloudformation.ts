/**
 * Just enough of CloudFormation and of the CDK Provider framework to deploy a stack's custom
 * resources against a local endpoint (moto, a loopback double): the construct is synthesized, its
 * custom resource's properties and its provider functions' environment are resolved as
 * CloudFormation would resolve them, and the function code staged in the cloud assembly (the
 * bundled handler, as deployed) is invoked as Lambda would, through the framework's onEvent /
 * isComplete protocol, keeping the physical id CloudFormation would keep. A handler that asks
 * CloudFormation about its stack is answered from this driver's state by a loopback CloudFormation
 * endpoint (`AWS_ENDPOINT_URL_CLOUDFORMATION`), our own double.
 *
 * Nothing here knows a handler's property names, policy names or physical ids: they come from
 * the construct and from the handler's answers, so the tests survive changes to either.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { LoopbackCloudFormation } from './loopback-cloudformation';

export const REGION = 'us-east-1';
/** Where the cloud assemblies go (git-ignored, removed by `cleanUpTemplates`). */
const ASSEMBLIES = path.join(__dirname, '..', '..', '.cfn-driver');
/** How often the Provider framework's waiter may poll isComplete here before it gives up. */
const MAX_POLLS = 20;

type Json = any;

/** One synthesized version of a stack: what CloudFormation receives on a deploy. */
export class TemplateVersion {
  /**
   * Synthesizes a stack named `stackName` in `account` / us-east-1 with what `build` adds, into a
   * fresh directory (removed by `cleanUpTemplates`).
   */
  public static synth(build: (stack: Stack) => void, o: { readonly account: string; readonly stackName?: string }): TemplateVersion {
    // Inside the repository: the staged handler must resolve the SDK (the Lambda runtime's) from its node_modules.
    fs.mkdirSync(ASSEMBLIES, { recursive: true });
    const outdir = fs.mkdtempSync(path.join(ASSEMBLIES, 'stack-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    const stackName = o.stackName ?? 'IncidentStack';
    build(new Stack(app, stackName, { env: { account: o.account, region: REGION } }));
    const assembly = app.synth();
    const artifact = assembly.getStackByName(stackName);
    return new TemplateVersion(artifact.template, assembly.directory, stackName, o.account);
  }

  private constructor(
    public readonly template: Json,
    private readonly assemblyDir: string,
    public readonly stackName: string,
    public readonly account: string,
  ) {}

  /** Logical ids of the resources of a type, in template order. */
  public logicalIds(type: string | RegExp): string[] {
    return Object.entries<Json>(this.template.Resources)
      .filter(([, r]) => (typeof type === 'string' ? r.Type === type : type.test(r.Type)))
      .map(([id]) => id);
  }

  /** Names and paths of the stack's own IAM roles, as CloudFormation would create them. */
  public roles(): Array<{ name: string; path: string }> {
    return this.logicalIds('AWS::IAM::Role').map((id) => ({ name: this.physicalName(id), path: this.resource(id).Properties?.Path ?? '/' }));
  }

  public resource(logicalId: string): Json {
    const r = this.template.Resources[logicalId];
    if (!r) {
      throw new Error(`no resource ${logicalId} in the template of ${this.stackName}`);
    }
    return r;
  }

  /** The name CloudFormation gives a resource without an explicit one: `<stack>-<logical id>`, clipped. */
  public physicalName(logicalId: string): string {
    const p = this.resource(logicalId).Properties ?? {};
    return p.RoleName ?? p.FunctionName ?? `${this.stackName}-${logicalId}`.slice(0, 64);
  }

  /** A template value with intrinsic functions and pseudo parameters resolved; throws on one it cannot. */
  public resolve(value: Json, stackId: string): Json {
    const r = (v: Json) => this.resolve(v, stackId);
    if (Array.isArray(value)) {
      return value.map(r);
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], value[keys[0]], stackId);
    }
    return Object.fromEntries(keys.map((k) => [k, r(value[k])]));
  }

  /** The function a custom resource's events reach: the framework's user functions, or the function itself. */
  public provider(logicalId: string): { onEvent: LambdaFunction; isComplete?: LambdaFunction } {
    const target = this.getAttTarget(this.resource(logicalId).Properties.ServiceToken);
    const env = this.resource(target).Properties.Environment?.Variables ?? {};
    if (!env.USER_ON_EVENT_FUNCTION_ARN) {
      return { onEvent: this.lambdaFunction(target) };
    }
    return {
      onEvent: this.lambdaFunction(this.getAttTarget(env.USER_ON_EVENT_FUNCTION_ARN)),
      ...(env.USER_IS_COMPLETE_FUNCTION_ARN ? { isComplete: this.lambdaFunction(this.getAttTarget(env.USER_IS_COMPLETE_FUNCTION_ARN)) } : {}),
    };
  }

  private lambdaFunction(logicalId: string): LambdaFunction {
    const r = this.resource(logicalId);
    const key = r.Properties.Code?.S3Key;
    const source = this.assetSources().get(key);
    if (!source) {
      throw new Error(`function ${logicalId}: no staged asset for code ${JSON.stringify(r.Properties.Code)}; run "npx projen bundle"`);
    }
    const [file, exportName] = String(r.Properties.Handler).split(/\.(?=[^.]+$)/);
    return {
      logicalId,
      template: this,
      file: path.join(source, `${file}.js`),
      exportName,
      rawEnvironment: r.Properties.Environment?.Variables ?? {},
      timeoutSeconds: r.Properties.Timeout ?? 3,
      arn: `arn:aws:lambda:${REGION}:${this.account}:function:${this.physicalName(logicalId)}`,
    };
  }

  private assetSources(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of fs.readdirSync(this.assemblyDir).filter((n) => n.endsWith('.assets.json'))) {
      const manifest = JSON.parse(fs.readFileSync(path.join(this.assemblyDir, f), 'utf8'));
      for (const asset of Object.values<Json>(manifest.files ?? {})) {
        for (const d of Object.values<Json>(asset.destinations)) {
          out.set(d.objectKey, path.join(this.assemblyDir, asset.source.path));
        }
      }
    }
    return out;
  }

  private getAttTarget(v: Json): string {
    const att = v?.['Fn::GetAtt'];
    if (!Array.isArray(att)) {
      throw new Error(`expected Fn::GetAtt, got ${JSON.stringify(v)}`);
    }
    return att[0];
  }

  private intrinsic(fn: string, arg: Json, stackId: string): Json {
    const r = (v: Json) => this.resolve(v, stackId);
    const pseudo: Record<string, string> = {
      'AWS::StackId': stackId,
      'AWS::StackName': this.stackName,
      'AWS::Region': REGION,
      'AWS::AccountId': this.account,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    switch (fn) {
      case 'Ref':
        return pseudo[arg] ?? this.physicalName(arg);
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        const res = this.resource(id);
        if (attribute === 'Arn' && res.Type === 'AWS::IAM::Role') {
          return `arn:aws:iam::${this.account}:role${res.Properties?.Path ?? '/'}${this.physicalName(id)}`;
        }
        if (attribute === 'Arn' && res.Type === 'AWS::Lambda::Function') {
          return `arn:aws:lambda:${REGION}:${this.account}:function:${this.physicalName(id)}`;
        }
        throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute} (${res.Type})`);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]];
        return r(parts).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [Json, Json];
        return r(list)[Number(r(index))];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, Json];
        return String(r(text)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : arg as [string, Record<string, Json>];
        return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          if (name in vars) {
            return r(vars[name]);
          }
          return name.includes('.') && !name.startsWith('AWS::') ? r({ 'Fn::GetAtt': name.split('.') }) : r({ Ref: name });
        });
      }
      default:
        throw new Error(`cannot resolve ${fn} ${JSON.stringify(arg)}`);
    }
  }
}

/** A Lambda function of a template, with its staged code. */
export interface LambdaFunction {
  readonly logicalId: string;
  readonly template: TemplateVersion;
  readonly file: string;
  readonly exportName: string;
  readonly rawEnvironment: Record<string, Json>;
  readonly timeoutSeconds: number;
  readonly arn: string;
}

const outdirs: string[] = [];

/** The stack's custom resources, dependencies first (`DependsOn`, then template order). */
function customResources(v: TemplateVersion): string[] {
  const ids = v.logicalIds(/^Custom::/);
  const done: string[] = [];
  const visit = (id: string, seen: string[]) => {
    if (done.includes(id) || seen.includes(id)) {
      return;
    }
    const deps = [v.resource(id).DependsOn ?? []].flat().filter((d: string) => ids.includes(d));
    deps.forEach((d: string) => visit(d, [...seen, id]));
    done.push(id);
  };
  ids.forEach((id) => visit(id, []));
  return done;
}

/** Removes every cloud assembly `TemplateVersion.synth` wrote. */
export function cleanUpTemplates(): void {
  outdirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  try {
    // Only when empty: another suite in another worker may be synthesizing into it.
    fs.rmdirSync(ASSEMBLIES);
  } catch {
    // not empty, or gone already
  }
}

/** The framework's physical id for a Create that failed in onEvent; the Delete that follows never reaches the handler. */
const CREATE_FAILED = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** A failed resource operation: the reason CloudFormation shows, and the physical id it keeps. */
export class OperationFailed extends Error {
  constructor(message: string, public readonly physicalId?: string) {
    super(message);
  }
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface OperationOptions {
  /**
   * Stop after onEvent, as if the waiter never ran: for an endpoint that cannot answer what
   * isComplete asks (the handler would retry it for minutes). The answer is onEvent's.
   */
  readonly onEventOnly?: boolean;
}

export interface DeployOptions extends OperationOptions {
  /** This deploy is CloudFormation rolling back a failed update (its phases say so to a handler that asks). */
  readonly rollback?: boolean;
}

/** What CloudFormation gets back for one resource operation. */
export interface ResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/**
 * Plays CloudFormation for one stack: sends each custom resource the events a deploy, an update,
 * a rollback or a delete sends, through the Provider framework's protocol, and remembers the
 * physical id each one answered. A failed operation throws with the reason CloudFormation would show.
 */
export class CloudFormation {
  private readonly physicalIds = new Map<string, string>();
  private readonly warm = new Map<string, (event: Json, context: Json) => Promise<Json>>();
  private requests = 0;
  /** What the stack looks like to a handler that asks CloudFormation (`DescribeStacks`, `DescribeStackResource`). */
  private readonly stack: LoopbackCloudFormation;
  private started = false;

  /**
   * @param stackId the stack's id (`AWS::StackId`)
   * @param env what every function's environment adds to the template's: endpoints, region, dummy credentials
   */
  constructor(public readonly stackId: string, private readonly env: Record<string, string>) {
    this.stack = new LoopbackCloudFormation(stackId);
    this.stack.stackStatus = 'REVIEW_IN_PROGRESS';
  }

  public physicalIdOf(logicalId: string): string | undefined {
    return this.physicalIds.get(logicalId);
  }

  /** The loopback CloudFormation endpoint the handlers are pointed at, once one was invoked. */
  public get cloudFormationEndpoint(): string | undefined {
    return this.started ? this.stack.url : undefined;
  }

  /** Stops the loopback CloudFormation endpoint the handlers were pointed at. */
  public async close(): Promise<void> {
    if (this.started) {
      await this.stack.stop();
      this.started = false;
    }
  }

  /**
   * Deploys a stack version as CloudFormation would, as far as its custom resources go: with no
   * `previous`, a Create for each; else a Create for each new one, an Update for each whose
   * properties changed (none for the others), then, in the cleanup phase, a Delete for each one
   * `next` dropped and for the old physical id of each Update that answered a new one (a
   * replacement). The rollback of a failed update is `deploy(previous, failed, { rollback: true })`:
   * the same Updates, old and new swapped, in CloudFormation's rollback phases.
   */
  public async deploy(next: TemplateVersion, previous?: TemplateVersion, options: DeployOptions = {}): Promise<Record<string, ResourceResponse>> {
    const out: Record<string, ResourceResponse> = {};
    const before = new Set(previous ? customResources(previous) : []);
    const replaced: Array<{ id: string; physicalId: string }> = [];
    const [progress, cleanup, complete] = !previous ? ['CREATE_IN_PROGRESS', '', 'CREATE_COMPLETE']
      : options.rollback ? ['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']
        : ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE'];
    this.stack.stackStatus = progress;
    for (const id of customResources(next)) {
      if (!before.has(id) || !this.physicalIds.has(id)) {
        out[id] = await this.create(next, id, options);
      } else if (JSON.stringify(this.properties(next, id)) !== JSON.stringify(this.properties(previous!, id))) {
        const physicalId = this.existing(id);
        out[id] = await this.update(next, id, previous!, options);
        if (out[id].PhysicalResourceId !== physicalId) {
          replaced.push({ id, physicalId });
        }
      }
    }
    this.stack.stackStatus = cleanup || this.stack.stackStatus;
    for (const { id, physicalId } of replaced) {
      await this.send(previous!, id, { RequestType: 'Delete', PhysicalResourceId: physicalId }, options);
    }
    for (const id of [...before].filter((i) => !customResources(next).includes(i)).reverse()) {
      out[id] = await this.delete(previous!, id, options);
    }
    this.stack.stackStatus = complete;
    return out;
  }

  /** Deletes the stack: a Delete for each custom resource, last created first. */
  public async destroy(v: TemplateVersion, options: OperationOptions = {}): Promise<void> {
    this.stack.stackStatus = 'DELETE_IN_PROGRESS';
    for (const id of customResources(v).reverse().filter((i) => this.physicalIds.has(i))) {
      await this.delete(v, id, options);
    }
    this.stack.stackStatus = 'DELETE_COMPLETE';
  }

  private async create(v: TemplateVersion, logicalId: string, options: OperationOptions): Promise<ResourceResponse> {
    this.listed(v, logicalId, 'CREATE_IN_PROGRESS', '');
    return this.record(v, logicalId, 'CREATE', this.send(v, logicalId, { RequestType: 'Create' }, options));
  }

  private async update(next: TemplateVersion, logicalId: string, old: TemplateVersion, options: OperationOptions): Promise<ResourceResponse> {
    this.listed(next, logicalId, 'UPDATE_IN_PROGRESS', this.existing(logicalId));
    return this.record(next, logicalId, 'UPDATE', this.send(next, logicalId, {
      RequestType: 'Update',
      PhysicalResourceId: this.existing(logicalId),
      OldResourceProperties: this.properties(old, logicalId),
    }, options));
  }

  private async delete(v: TemplateVersion, logicalId: string, options: OperationOptions): Promise<ResourceResponse> {
    const physicalId = this.existing(logicalId);
    this.listed(v, logicalId, 'DELETE_IN_PROGRESS', physicalId);
    // The framework answers the Delete that follows a failed Create itself: the handler never sees it.
    const res = physicalId === CREATE_FAILED
      ? { PhysicalResourceId: physicalId, Data: {} }
      : await this.send(v, logicalId, { RequestType: 'Delete', PhysicalResourceId: physicalId }, options);
    this.physicalIds.delete(logicalId);
    this.stack.resources.delete(logicalId);
    return res;
  }

  private listed(v: TemplateVersion, logicalId: string, status: string, physicalId: string): void {
    this.stack.resources.set(logicalId, { physicalId, type: v.resource(logicalId).Type, status });
  }

  /** The resource's properties as the handler receives them. */
  public properties(v: TemplateVersion, logicalId: string): Record<string, Json> {
    return v.resolve(v.resource(logicalId).Properties, this.stackId);
  }

  private existing(logicalId: string): string {
    const id = this.physicalIds.get(logicalId);
    if (id === undefined) {
      throw new Error(`${logicalId} was never created`);
    }
    return id;
  }

  /** Keeps the physical id CloudFormation keeps: the answer's, also from a failed operation (its rollback Delete gets it). */
  private async record(v: TemplateVersion, logicalId: string, verb: 'CREATE' | 'UPDATE', operation: Promise<ResourceResponse>): Promise<ResourceResponse> {
    try {
      const res = await operation;
      this.physicalIds.set(logicalId, res.PhysicalResourceId);
      this.listed(v, logicalId, `${verb}_COMPLETE`, res.PhysicalResourceId);
      return res;
    } catch (err) {
      if (err instanceof OperationFailed && err.physicalId) {
        this.physicalIds.set(logicalId, err.physicalId);
        this.listed(v, logicalId, `${verb}_FAILED`, err.physicalId);
      }
      throw err;
    }
  }

  private async send(v: TemplateVersion, logicalId: string, o: Record<string, Json>, options: OperationOptions = {}): Promise<ResourceResponse> {
    const properties = this.properties(v, logicalId);
    const event = {
      ...o,
      ServiceToken: properties.ServiceToken,
      ResponseURL: 'https://cloudformation-custom-resource-response.invalid/response',
      StackId: this.stackId,
      RequestId: `request-${++this.requests}`,
      LogicalResourceId: logicalId,
      ResourceType: v.resource(logicalId).Type,
      ResourceProperties: properties,
    };
    const { onEvent, isComplete } = v.provider(logicalId);
    // The framework's onEvent: the user function's answer, merged into the event.
    let started: Json;
    try {
      started = (await this.invoke(onEvent, event)) ?? {};
    } catch (err) {
      // A failed Create is answered with the framework's marker id; anything else keeps its id.
      throw new OperationFailed(reasonOf(err), o.RequestType === 'Create' ? CREATE_FAILED : o.PhysicalResourceId);
    }
    const physicalId = started.PhysicalResourceId || (o.RequestType === 'Create' ? event.RequestId : o.PhysicalResourceId);
    if (o.RequestType === 'Delete' && physicalId !== o.PhysicalResourceId) {
      throw new OperationFailed(`DELETE: cannot change the physical resource ID from "${o.PhysicalResourceId}" to "${physicalId}" during deletion`, o.PhysicalResourceId);
    }
    const resourceEvent = { ...event, ...started, PhysicalResourceId: physicalId };
    if (!isComplete || options.onEventOnly) {
      return { PhysicalResourceId: physicalId, Data: resourceEvent.Data ?? {} };
    }
    // The framework's waiter: isComplete again until it says so; its state machine retries errors
    // the same way, and gives up ("Operation timed out") with the id onEvent answered.
    let lastError = '';
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      let done: Json;
      try {
        done = await this.invoke(isComplete, resourceEvent);
      } catch (err) {
        lastError = reasonOf(err);
        continue;
      }
      if (done.IsComplete) {
        const merged = { ...resourceEvent, ...done, Data: { ...resourceEvent.Data, ...done.Data } };
        return { PhysicalResourceId: merged.PhysicalResourceId, Data: merged.Data };
      }
      if (done.Data && Object.keys(done.Data).length > 0) {
        throw new OperationFailed('"Data" is not allowed if "IsComplete" is "False"', physicalId);
      }
    }
    throw new OperationFailed(`Operation timed out: isComplete of ${logicalId} did not complete in ${MAX_POLLS} polls${lastError ? `; last error: ${lastError}` : ''}`, physicalId);
  }

  /** One Lambda invocation: JSON in and out, the function's environment, a warm module per function. */
  private async invoke(fn: LambdaFunction, event: Json): Promise<Json> {
    if (!this.started) {
      await this.stack.start();
      this.started = true;
    }
    const env: Record<string, string> = {
      ...fn.template.resolve(fn.rawEnvironment, this.stackId),
      AWS_ENDPOINT_URL_CLOUDFORMATION: this.stack.url,
      ...this.env,
    };
    const key = `${fn.file}\n${JSON.stringify(env)}`;
    const saved = process.env;
    process.env = { ...saved, ...env };
    try {
      let handler = this.warm.get(key);
      if (!handler) {
        jest.isolateModules(() => {
          // Loaded as Lambda loads it: a CommonJS file at a path known only at run time.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          handler = require(fn.file)[fn.exportName];
        });
        this.warm.set(key, handler!);
      }
      const context = { invokedFunctionArn: fn.arn, functionName: fn.arn.split(':').pop(), getRemainingTimeInMillis: () => fn.timeoutSeconds * 1000 };
      const result = await handler!(JSON.parse(JSON.stringify(event)), context);
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    } finally {
      process.env = saved;
    }
  }
}
