/**
 * A CloudFormation double for black-box tests: it deploys synthesized stacks to the BUNDLED
 * handlers as CloudFormation and the Provider framework would, against the loopback IAM and
 * CloudFormation endpoints (test doubles). Each function runs with the environment its template
 * gives it, an event reaches the function its ServiceToken names (a changed token is refused,
 * as CloudFormation refuses it), IAM answers AccessDenied to what the template's grant does not
 * allow (judged by the IAM oracle), and updates, cleanup, rollbacks and deletes come in
 * CloudFormation's order with the stack status CloudFormation would report meanwhile.
 */
import * as fs from 'fs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { LoopbackCloudFormation } from './loopback-cloudformation';
import { LOOPBACK_ACCOUNT, LoopbackIam } from './loopback-iam';
import { evaluate, roleSession } from './request-context';

type Handler = (event: CloudFormationCustomResourceEvent, context?: Partial<Context>) => Promise<any>;

/** The IAM actions the handler calls on a role, and those that take no resource. */
const ROLE_ACTIONS = ['GetRole', 'ListRolePolicies', 'GetRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy'];
const ACCOUNT_ACTIONS = ['GetAccountAuthorizationDetails', 'ListRoles'];

interface ProviderFunctions {
  readonly onEvent: { readonly env: Record<string, string>; readonly id: string };
  readonly isComplete?: { readonly env: Record<string, string>; readonly id: string };
}

interface ParsedResource {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly serviceToken: string;
  readonly provider: ProviderFunctions;
}

interface Parsed {
  readonly resources: Map<string, ParsedResource>;
  /** `Action:roleName` (or `Action:*`) the functions' role may call. */
  readonly allowed: Set<string>;
}

export interface ResourceState {
  readonly physicalId: string;
  readonly props: Record<string, unknown>;
  readonly serviceToken: string;
  readonly data: Record<string, string>;
}

/** One event sent, and how it ended. */
export interface SentEvent {
  readonly phase: string;
  readonly requestType: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly result?: string;
  readonly error?: string;
}

export interface DeployOutcome {
  readonly ok: boolean;
  /** The first failure, as CloudFormation shows it. */
  readonly error?: string;
  readonly events: SentEvent[];
}

export interface StackDriverOptions {
  /** `path.join(...)` of the bundled handler's `index.js`. */
  readonly bundle: string;
  readonly stackId: string;
  readonly iam: LoopbackIam;
}

export class StackDriver {
  public readonly cfn: LoopbackCloudFormation;
  /** What CloudFormation holds per logical id. */
  public readonly state = new Map<string, ResourceState>();
  public readonly events: SentEvent[] = [];
  /** A fault to inject besides the grant (a held write, a LimitExceeded...). */
  public extraFault?: NonNullable<LoopbackIam['inject']>;
  private current?: Parsed;
  private readonly handlers = new Map<string, Handler>();
  private readonly savedEnv = { ...process.env };

  constructor(private readonly options: StackDriverOptions) {
    this.cfn = new LoopbackCloudFormation(options.stackId);
  }

  public async start(): Promise<void> {
    if (!fs.existsSync(this.options.bundle)) {
      throw new Error(`the bundled handler ${this.options.bundle} is missing; run "npx projen bundle" first`);
    }
    await this.cfn.start();
    this.cfn.stackStatus = undefined;
    this.options.iam.inject = (req) => {
      const role = req.params.RoleName;
      const key = ACCOUNT_ACTIONS.includes(req.action) ? `${req.action}:*` : `${req.action}:${role}`;
      if (this.current && (ROLE_ACTIONS.includes(req.action) || ACCOUNT_ACTIONS.includes(req.action)) && !this.current.allowed.has(key)) {
        return { kind: 'error', code: 'AccessDenied', status: 403, message: `not authorized to perform iam:${req.action} on ${role ?? '*'}` };
      }
      return this.extraFault?.(req);
    };
  }

  public async stop(): Promise<void> {
    await this.cfn.stop();
    process.env = { ...this.savedEnv };
  }

  /** Deploys `stack` as a create or an update, with cleanup or rollback. */
  public async deploy(stack: Stack): Promise<DeployOutcome> {
    const next = await this.parse(stack);
    const previous = this.current;
    const creating = previous === undefined;
    const before = new Map(this.state);
    const sent: SentEvent[] = [];
    this.cfn.stackStatus = creating ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
    // Functions (and their grants) are updated before the resources that depend on them.
    this.current = next;
    const done: Array<{ id: string; kind: 'create' | 'update'; before?: ResourceState }> = [];
    const cleanup: Array<{ id: string; physicalId: string; props: Record<string, unknown>; removed: boolean }> = [];
    let failure: { id: string; kind: 'create' | 'update'; error: string; physicalId?: string } | undefined;
    for (const [id, res] of next.resources) {
      const old = this.state.get(id);
      if (old && old.serviceToken !== res.serviceToken) {
        failure = { id, kind: 'update', error: 'Modifying service token is not allowed.' };
        break;
      }
      if (old && JSON.stringify(old.props) === JSON.stringify(res.props)) {
        continue;
      }
      this.cfn.resources.set(id, { physicalId: old?.physicalId, status: old ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS' });
      const event = this.event(old ? 'Update' : 'Create', id, res, old);
      const outcome = await this.run(res.provider, event, sent, 'deploy');
      if (!outcome.ok) {
        failure = { id, kind: old ? 'update' : 'create', error: outcome.error, physicalId: outcome.physicalId };
        this.cfn.resources.set(id, { physicalId: old?.physicalId, status: old ? 'UPDATE_FAILED' : 'CREATE_FAILED' });
        break;
      }
      this.state.set(id, { physicalId: outcome.physicalId, props: res.props, serviceToken: res.serviceToken, data: outcome.data });
      this.cfn.resources.set(id, { physicalId: outcome.physicalId, status: old ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE' });
      done.push({ id, kind: old ? 'update' : 'create', before: old });
      if (old && old.physicalId !== outcome.physicalId) {
        cleanup.push({ id, physicalId: old.physicalId, props: old.props, removed: false });
      }
    }
    if (!failure) {
      for (const [id, old] of before) {
        if (!next.resources.has(id)) {
          cleanup.push({ id, physicalId: old.physicalId, props: old.props, removed: true });
        }
      }
      if (!creating) {
        this.cfn.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
        for (const c of cleanup) {
          const provider = (next.resources.get(c.id) ?? previous!.resources.get(c.id))!.provider;
          if (c.removed) {
            this.cfn.resources.set(c.id, { physicalId: c.physicalId, status: 'DELETE_IN_PROGRESS' });
          }
          await this.run(provider, this.deleteEvent(c.id, c.physicalId, c.props, before.get(c.id)!.serviceToken), sent, 'cleanup');
          if (c.removed) {
            this.cfn.resources.delete(c.id);
            this.state.delete(c.id);
          }
        }
      }
      this.cfn.stackStatus = creating ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
      this.events.push(...sent);
      return { ok: true, events: sent };
    }

    // Rollback: the functions go back first, then every resource this deployment changed.
    this.cfn.stackStatus = creating ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS';
    this.current = previous ?? next;
    const rollbackCleanup: Array<{ id: string; physicalId: string; props: Record<string, unknown>; created: boolean; token: string }> = [];
    const toRollBack = [...done, ...(failure.kind === 'update' ? [{ id: failure.id, kind: 'update' as const, before: before.get(failure.id) }] : [])];
    for (const d of toRollBack.reverse()) {
      const now = this.state.get(d.id);
      if (d.kind === 'create') {
        rollbackCleanup.push({ id: d.id, physicalId: now!.physicalId, props: now!.props, created: true, token: now!.serviceToken });
        continue;
      }
      const old = d.before!;
      const attempted = d.id === failure.id ? next.resources.get(d.id)!.props : now!.props;
      const currentId = d.id === failure.id ? old.physicalId : now!.physicalId;
      if (d.id === failure.id && failure.error.startsWith('Modifying service token')) {
        continue;
      }
      const res = (previous ?? next).resources.get(d.id)!;
      const event = {
        ...this.event('Update', d.id, res, { ...old, physicalId: currentId }),
        OldResourceProperties: { ServiceToken: res.serviceToken, ...attempted },
      } as CloudFormationCustomResourceEvent;
      this.cfn.resources.set(d.id, { physicalId: currentId, status: 'UPDATE_IN_PROGRESS' });
      const outcome = await this.run(res.provider, event, sent, 'rollback');
      const physicalId = outcome.ok ? outcome.physicalId : currentId;
      this.state.set(d.id, { ...old, physicalId, data: outcome.ok ? outcome.data : old.data });
      this.cfn.resources.set(d.id, { physicalId, status: outcome.ok ? 'UPDATE_COMPLETE' : 'UPDATE_FAILED' });
      if (!outcome.ok) {
        this.cfn.stackStatus = 'UPDATE_ROLLBACK_FAILED';
        this.events.push(...sent);
        return { ok: false, error: `${failure.error}; the rollback failed too: ${outcome.error}`, events: sent };
      }
      if (physicalId !== currentId) {
        rollbackCleanup.push({ id: d.id, physicalId: currentId, props: attempted, created: false, token: now?.serviceToken ?? old.serviceToken });
      }
    }
    if (failure.kind === 'create' && failure.physicalId !== undefined) {
      rollbackCleanup.push({
        id: failure.id,
        physicalId: failure.physicalId,
        props: next.resources.get(failure.id)!.props,
        created: true,
        token: next.resources.get(failure.id)!.serviceToken,
      });
    }
    this.cfn.stackStatus = creating ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS';
    for (const c of rollbackCleanup) {
      const provider = (next.resources.get(c.id) ?? previous!.resources.get(c.id))!.provider;
      if (c.created) {
        this.cfn.resources.set(c.id, { physicalId: c.physicalId, status: 'DELETE_IN_PROGRESS' });
      }
      await this.run(provider, this.deleteEvent(c.id, c.physicalId, c.props, c.token), sent, 'rollback-cleanup');
      if (c.created) {
        this.cfn.resources.delete(c.id);
        this.state.delete(c.id);
      }
    }
    this.cfn.stackStatus = creating ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE';
    this.events.push(...sent);
    return { ok: false, error: failure.error, events: sent };
  }

  /** Deletes the stack: every resource gets its Delete while CloudFormation reports DELETE_IN_PROGRESS. */
  public async destroy(): Promise<DeployOutcome> {
    const sent: SentEvent[] = [];
    this.cfn.stackStatus = 'DELETE_IN_PROGRESS';
    let error: string | undefined;
    for (const [id, s] of [...this.state].reverse()) {
      this.cfn.resources.set(id, { physicalId: s.physicalId, status: 'DELETE_IN_PROGRESS' });
      const outcome = await this.run(this.current!.resources.get(id)!.provider, this.deleteEvent(id, s.physicalId, s.props, s.serviceToken), sent, 'delete');
      if (!outcome.ok) {
        error ??= outcome.error;
        this.cfn.resources.set(id, { physicalId: s.physicalId, status: 'DELETE_FAILED' });
        continue;
      }
      this.cfn.resources.delete(id);
      this.state.delete(id);
    }
    this.cfn.stackStatus = error ? 'DELETE_FAILED' : undefined;
    this.events.push(...sent);
    return { ok: error === undefined, error, events: sent };
  }

  /** Sends one event straight to the function serving `logicalId` (a forged or replayed event): no CloudFormation bookkeeping. */
  public async invoke(logicalId: string, event: CloudFormationCustomResourceEvent, phase: 'onEvent' | 'isComplete' = 'onEvent'): Promise<any> {
    const provider = this.current!.resources.get(logicalId)!.provider;
    const fn = phase === 'onEvent' ? provider.onEvent : provider.isComplete!;
    return this.handler(fn)(event, this.context());
  }

  /** The event CloudFormation would send for a resource of the current template. */
  public event(type: 'Create' | 'Update', id: string, res: ParsedResource, old?: Omit<ResourceState, 'data'> & { data?: unknown }): CloudFormationCustomResourceEvent {
    return {
      RequestType: type,
      ServiceToken: res.serviceToken,
      ResponseURL: 'https://example.invalid/response',
      StackId: this.options.stackId,
      RequestId: `req-${this.events.length}`,
      LogicalResourceId: id,
      ResourceType: res.type,
      ResourceProperties: { ServiceToken: res.serviceToken, ...res.props } as any,
      ...(old ? { PhysicalResourceId: old.physicalId, OldResourceProperties: { ServiceToken: old.serviceToken, ...old.props } as any } : {}),
    } as CloudFormationCustomResourceEvent;
  }

  /** The current template's resource, for building forged events. */
  public resource(id: string): ParsedResource {
    return this.current!.resources.get(id)!;
  }

  private deleteEvent(id: string, physicalId: string, props: Record<string, unknown>, token: string): CloudFormationCustomResourceEvent {
    return {
      RequestType: 'Delete',
      ServiceToken: token,
      ResponseURL: 'https://example.invalid/response',
      StackId: this.options.stackId,
      RequestId: `req-${this.events.length}`,
      LogicalResourceId: id,
      ResourceType: this.current?.resources.get(id)?.type ?? 'Custom::Revocation',
      PhysicalResourceId: physicalId,
      ResourceProperties: { ServiceToken: token, ...props } as any,
    } as CloudFormationCustomResourceEvent;
  }

  /** What the Provider framework does: onEvent, then isComplete until it says complete. */
  private async run(provider: ProviderFunctions, event: CloudFormationCustomResourceEvent, sent: SentEvent[], phase: string):
  Promise<{ ok: true; physicalId: string; data: Record<string, string> } | { ok: false; error: string; physicalId?: string }> {
    const record = (e: Partial<SentEvent>) => sent.push({
      phase,
      requestType: event.RequestType,
      logicalId: event.LogicalResourceId,
      physicalId: (event as any).PhysicalResourceId,
      ...e,
    });
    let started: any;
    try {
      started = await this.handler(provider.onEvent)(event, this.context());
    } catch (err) {
      record({ error: (err as Error).message });
      return {
        ok: false,
        error: (err as Error).message,
        physicalId: event.RequestType === 'Create' ? 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' : undefined,
      };
    }
    const physicalId: string = started?.PhysicalResourceId ?? (event as any).PhysicalResourceId;
    let data: Record<string, string> = started?.Data ?? {};
    if (provider.isComplete) {
      for (let i = 0; ; i++) {
        let r: any;
        try {
          r = await this.handler(provider.isComplete)({ ...event, PhysicalResourceId: physicalId, Data: data } as any, this.context());
        } catch (err) {
          record({ error: (err as Error).message });
          return { ok: false, error: (err as Error).message, physicalId };
        }
        if (r.IsComplete) {
          data = { ...data, ...(r.Data ?? {}) };
          record({ result: r.PhysicalResourceId ?? physicalId });
          return { ok: true, physicalId: r.PhysicalResourceId ?? physicalId, data };
        }
        if (i > 20) {
          return { ok: false, error: 'Operation timed out', physicalId };
        }
      }
    }
    record({ result: physicalId });
    return { ok: true, physicalId, data };
  }

  private context(): Partial<Context> {
    return { invokedFunctionArn: `arn:aws:lambda:us-east-1:${LOOPBACK_ACCOUNT}:function:revoke`, getRemainingTimeInMillis: () => 900_000 };
  }

  /** A fresh copy of the bundle with the function's own environment, cached per environment. */
  private handler(fn: { env: Record<string, string>; id: string }): Handler {
    const key = JSON.stringify(fn.env);
    const cached = this.handlers.get(key);
    if (cached) {
      return cached;
    }
    process.env = {
      ...this.savedEnv,
      ...fn.env,
      AWS_ENDPOINT_URL_IAM: this.options.iam.url,
      AWS_ENDPOINT_URL_CLOUDFORMATION: this.cfn.url,
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
      AWS_SECRET_ACCESS_KEY: 'loopback',
    };
    let handler: Handler | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(this.options.bundle).handler;
    });
    this.handlers.set(key, handler!);
    return handler!;
  }

  private async parse(stack: Stack): Promise<Parsed> {
    const concrete = (v: unknown) => lenient(stack.resolve(v), this.options.stackId);
    const resources = new Map<string, ParsedResource>();
    const roles = new Set<iam.IRole>();
    for (const c of stack.node.findAll()) {
      if (!(c instanceof CfnResource) || !c.cfnResourceType.startsWith('Custom::')) {
        continue;
      }
      const props = stack.resolve((c as any)._cfnProperties) as Record<string, unknown>;
      const token = props.ServiceToken as { 'Fn::GetAtt': [string, string] };
      const framework = stack.node.findAll().find((x) => x instanceof CfnResource && stack.resolve(x.logicalId) === token['Fn::GetAtt'][0])!;
      const provider = framework.node.scopes.find((s) => (s as any).onEventFunction instanceof lambda.Function) as any;
      const fnOf = (f: lambda.Function | undefined) => (f ? {
        id: stack.resolve((f.node.defaultChild as CfnResource).logicalId),
        env: concrete((f.node.defaultChild as lambda.CfnFunction).environment)?.variables ?? {},
      } : undefined);
      roles.add(provider.onEventFunction.role);
      const { ServiceToken: _token, ...rest } = props;
      resources.set(stack.resolve(c.logicalId), {
        type: c.cfnResourceType,
        props: concrete(rest),
        serviceToken: `arn:aws:lambda:us-east-1:${LOOPBACK_ACCOUNT}:function:${token['Fn::GetAtt'][0]}`,
        provider: { onEvent: fnOf(provider.onEventFunction)!, isComplete: fnOf(provider.node.tryFindChild('IsComplete')) },
      });
    }
    return { resources, allowed: await this.allowedCalls(stack, [...roles]) };
  }

  /** Every call the functions' roles may make on the endpoint's roles, as the oracle judges the template's policies. */
  private async allowedCalls(stack: Stack, fnRoles: iam.IRole[]): Promise<Set<string>> {
    const allowed = new Set<string>();
    for (const fnRole of fnRoles) {
      const roleId = stack.resolve((fnRole.node.defaultChild as CfnResource).logicalId);
      const policies: Record<string, unknown> = {};
      for (const [id, r] of Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as [string, any][]) {
        if ((r.Properties.Roles ?? []).some((n: unknown) => lenient(n, this.options.stackId) === roleId)) {
          policies[id] = lenient(r.Properties.PolicyDocument, this.options.stackId);
        }
      }
      const caller = roleSession({ roleName: roleId, issuedAt: '2026-11-22T09:00:00Z' });
      const ask = async (action: string, resource: string) => (await evaluate(caller, { action: `iam:${action}`, resource, identityPolicies: policies })) === 'Allowed';
      for (const action of ACCOUNT_ACTIONS) {
        if (await ask(action, '*')) {
          allowed.add(`${action}:*`);
        }
      }
      for (const r of this.options.iam.roles.values()) {
        for (const action of ROLE_ACTIONS) {
          if (await ask(action, this.options.iam.arnOf(r.name))) {
            allowed.add(`${action}:${r.name}`);
          }
        }
      }
    }
    return allowed;
  }
}

/** A resolved template value made concrete: pseudo-parameters as the loopback account has them, any other reference as a readable placeholder. */
function lenient(value: unknown, stackId: string): any {
  const recurse = (v: unknown) => lenient(v, stackId);
  if (Array.isArray(value)) {
    return value.map(recurse);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const o = value as Record<string, any>;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': LOOPBACK_ACCOUNT,
    'AWS::Region': 'us-east-1',
    'AWS::StackId': stackId,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? '',
  };
  if (typeof o.Ref === 'string') {
    return pseudo[o.Ref] ?? o.Ref;
  }
  if (o['Fn::GetAtt']) {
    const [id, attr] = o['Fn::GetAtt'];
    return attr === 'Arn' ? `arn:aws:iam::${LOOPBACK_ACCOUNT}:role/${id}` : `${id}.${attr}`;
  }
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'];
    return recurse(parts).join(sep);
  }
  if (o['Fn::Select']) {
    const [index, list] = o['Fn::Select'];
    return recurse(list)[index];
  }
  if (o['Fn::Split']) {
    const [sep, text] = o['Fn::Split'];
    return String(recurse(text)).split(sep);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, recurse(v)]));
}
