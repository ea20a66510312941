/**
 * The Identity Center handler driven as CloudFormation and the Provider framework drive it, against
 * the loopback SSO Admin endpoint (a test double): onEvent, then isComplete every poll with the
 * clock moved on, until it completes, fails, or the framework's 55-minute waiter gives up. The
 * resource's physical id and properties are kept between deployments, so an Update carries what
 * CloudFormation would (and a rollback swaps them).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { NOTHING_SPARED, ResourceGrant } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { identityCenterHandler } from '../../src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda';
import { LOGICAL_ID, STACK_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { INSTANCE_ARN, LoopbackSsoAdmin } from '../helpers/loopback-sso-admin';
import { ALLOW_ALL, Decision, evaluate } from '../helpers/request-context';
import { ssoSession } from '../helpers/scp-oracle';

export const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
export const BOB = '11111111-2222-3333-4444-555555555555';
export const CAROL = '22222222-3333-4444-5555-666666666666';
/** The Provider framework's waiter, as the construct sets it. */
export const WAITER_MS = 55 * 60_000;
/** How far the clock moves between two isComplete calls here (the framework polls every 15 s; the clock is all that matters). */
export const POLL_STEP_MS = 5 * 60_000;

/** The grant the construct would set at synth for these properties. */
export function grantOf(p: Record<string, unknown>): ResourceGrant {
  return {
    remove: p.RemovalPolicy === 'destroy',
    lower: p.AllowEarlierCutoff === 'true',
    noCutoff: p.CutoffMode === 'none',
    future: p.AllowFutureCutoff === 'true' && typeof p.IssuedBefore === 'string' ? { kind: 'until', epochMs: Date.parse(p.IssuedBefore) } : undefined,
    narrowing: NOTHING_SPARED,
  };
}

type Phase = 'start' | 'continue';
interface Response { PhysicalResourceId?: string; IsComplete?: boolean; Data?: Record<string, string> }
type Handler = (event: CloudFormationCustomResourceEvent) => Promise<Response>;

export interface RunOptions {
  /** Called once onEvent returned, before the first isComplete: what another writer does meanwhile. */
  readonly afterStart?: () => void | Promise<void>;
  /** Called before every isComplete. */
  readonly beforePoll?: () => void | Promise<void>;
  /** The resource's logical id (a second resource writing the same permission sets). */
  readonly logicalId?: string;
}

export class Harness {
  public clock = NOW;
  /** What DescribeStacks answers, for the handler's removal gate and its rollback check. */
  public stackStatus = 'UPDATE_IN_PROGRESS';
  /** The resource's current physical id, as CloudFormation keeps it. */
  public physicalId?: string;
  /** The properties of the last deployment that succeeded. */
  public deployed?: Record<string, unknown>;
  /** The generation the last Update replaced (it returned a new physical id): CloudFormation deletes it in the cleanup phase. */
  public replaced?: { readonly physicalId: string; readonly props: Record<string, unknown> };
  /** Every Data a completed run returned, last one last. */
  public readonly data: Array<Record<string, string>> = [];

  /** What CloudFormation answers the handler: the stack's status, and the resource's current physical id. */
  public readonly stack: StackReader = {
    stackStatus: async () => this.stackStatus,
    // While CloudFormation deletes the resource itself, it reports it DELETE_IN_PROGRESS.
    resource: async () => (this.physicalId === undefined ? undefined
      : { physicalId: this.physicalId, status: /^(DELETE|ROLLBACK)_IN_PROGRESS$/.test(this.stackStatus) ? 'DELETE_IN_PROGRESS' : 'UPDATE_COMPLETE' }),
  };

  constructor(public readonly sso: LoopbackSsoAdmin) {}

  /** The handler of one phase, with the grant the function's environment would carry for the resource. */
  public handler(phase: Phase, grant: ResourceGrant): Handler {
    return identityCenterHandler({
      sso: this.sso.client(),
      now: () => this.clock,
      sleep: async () => undefined,
      phase,
      grants: () => grant,
      stack: this.stack,
      log: () => undefined,
    });
  }

  /** One custom resource operation, onEvent then isComplete: `ok`, the failure message, or `timed out`. */
  public async run(event: CloudFormationCustomResourceEvent, grant: ResourceGrant, options: RunOptions = {}): Promise<string> {
    const startedAt = this.clock;
    try {
      const started = await this.handler('start', grant)(event);
      await options.afterStart?.();
      for (;;) {
        this.clock += POLL_STEP_MS;
        if (this.clock - startedAt > WAITER_MS) {
          return 'timed out';
        }
        await options.beforePoll?.();
        const done = await this.handler('continue', grant)({ ...event, PhysicalResourceId: started.PhysicalResourceId!, Data: started.Data } as any);
        if (done.IsComplete) {
          if (event.RequestType !== 'Delete') {
            this.physicalId = done.PhysicalResourceId ?? started.PhysicalResourceId;
          }
          this.data.push({ ...started.Data, ...done.Data });
          return 'ok';
        }
      }
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** A Create (first) or an Update to these properties, as a deployment sends it. */
  public async deploy(props: Record<string, unknown>, options: RunOptions = {}): Promise<string> {
    const before = this.physicalId;
    const outcome = await this.run(this.event(props, this.deployed, options.logicalId), grantOf(props), options);
    if (outcome === 'ok') {
      this.replaced = before !== undefined && before !== this.physicalId ? { physicalId: before, props: this.deployed! } : undefined;
      this.deployed = props;
    }
    return outcome;
  }

  /**
   * A Delete of `physicalId` with these properties while the stack is `status` (and CloudFormation
   * lists the resource under its current physical id); the grant is the one the stack deployed.
   */
  public async delete(props: Record<string, unknown>, physicalId: string, status: string): Promise<string> {
    this.stackStatus = status;
    const event = { ...this.event(props), RequestType: 'Delete', PhysicalResourceId: physicalId } as CloudFormationCustomResourceEvent;
    return this.run(event, grantOf(this.deployed ?? props));
  }

  /** CloudFormation's cleanup after an Update that replaced the generation: the Delete of the old physical id. */
  public async cleanup(): Promise<string> {
    return this.delete(this.replaced!.props, this.replaced!.physicalId, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  }

  /** CloudFormation's rollback of a failed Update: the old properties as the new ones. */
  public async rollback(failed: Record<string, unknown>, options: RunOptions = {}): Promise<string> {
    return this.run(this.event(this.deployed!, failed, options.logicalId), grantOf(this.deployed!), options);
  }

  /** An event anyone with lambda:InvokeFunction could send; the grant stays what the stack deployed. */
  public async forge(props: Record<string, unknown>, options: RunOptions = {}): Promise<string> {
    return this.run(this.event(props, this.deployed, options.logicalId), grantOf(this.deployed!), options);
  }

  public event(props: Record<string, unknown>, old?: Record<string, unknown>, logicalId = LOGICAL_ID): CloudFormationCustomResourceEvent {
    const base = {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
      ResponseURL: 'https://example.invalid/response',
      StackId: STACK_ID,
      RequestId: 'req-1',
      LogicalResourceId: logicalId,
      ResourceType: 'Custom::RevokeIdentityCenterSessions',
    };
    return old === undefined || this.physicalId === undefined
      ? { ...base, RequestType: 'Create', ResourceProperties: props as any }
      : { ...base, RequestType: 'Update', PhysicalResourceId: this.physicalId, ResourceProperties: props as any, OldResourceProperties: old as any };
  }
}

/** The properties the construct writes: every user of the permission sets, sessions before 10:00. */
export function icProps(permissionSetArns: string[], o: Record<string, unknown> = {}): Record<string, unknown> {
  const p: Record<string, unknown> = {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    InstanceArn: INSTANCE_ARN,
    PermissionSetArns: permissionSetArns,
    CutoffMode: 'fixed',
    IssuedBefore: '2026-11-22T10:00:00Z',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...o,
  };
  Object.keys(p).forEach((k) => p[k] === undefined && delete p[k]);
  return p;
}

/** The statements of a permission set's inline policy. */
export function statementsOf(sso: LoopbackSsoAdmin, arn: string): Array<Record<string, any>> {
  const text = sso.permissionSets.get(arn)!.inlinePolicy;
  return text === '' ? [] : JSON.parse(text).Statement;
}

/** What the oracle decides for an Identity Center session of `userId`, issued at `issuedAt`, in the permission set. */
export async function decide(sso: LoopbackSsoAdmin, arn: string, userId: string, issuedAt: string): Promise<Decision> {
  const ps = sso.permissionSets.get(arn)!;
  const inline = ps.inlinePolicy === '' ? {} : { Inline: JSON.parse(ps.inlinePolicy) };
  return evaluate(ssoSession(ps.name, userId, issuedAt), {
    action: 's3:GetObject', resource: 'arn:aws:s3:::data/report.csv', identityPolicies: { [ps.name]: ALLOW_ALL, ...inline },
  });
}
