/**
 * The switch's function: CloudFormation's events go through the engine; the scheduled sweep and
 * the `CreateRole` rule send events of their own, checked against the same grants (what they
 * spare must be what the stack deployed), and they only ever add: arm, and put the highest version back.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { SdkSwitchIam } from './iam';
import { readSwitchRequest, switchSpared } from './properties';
import { armCreatedRole, policyArnOf, SweepReport, sweepSwitch, switchWriter, SwitchContext } from './switch';
import { GrantSource, grantOfEvent, grantsFromEnv, narrowingDigest } from '../core/engine/grants';
import { createRevocationHandler, EngineResponse, Phase } from '../core/engine/handler';
import { defaultStackReader, StackReader } from '../core/engine/removal-gate';
import { InputError, log, withConflictRetries } from '../core/failure-report';
import { Pacer } from '../core/pacer';
import { ownerTag } from '../core/ratchet';
import { DEFAULT_RETRY, withRetries } from '../core/retry';

/** The marker of the sweep's and the rule's events (CloudFormation's never carry it). */
export const SWITCH_EVENT_KEY = 'RevocationSwitch';

/** An event of the sweep (`sweep`) or the `CreateRole` rule (`create-role`). */
export interface SwitchEvent {
  readonly RevocationSwitch: 'sweep' | 'create-role';
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly RoleName?: string;
}

export interface SwitchHandlerDeps {
  readonly iam: IAMClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pacer: () => Pacer;
  readonly concurrency: number;
  readonly phase: Phase;
  readonly grants: GrantSource;
  readonly stack: StackReader;
  /** ARNs of the roles never armed and exempt in every version: this stack's provider and deploy roles. */
  readonly protectedRoles: readonly string[];
}

/** Retries stop this long before the Lambda timeout, so the outcome is still reported. */
const DEADLINE_MARGIN_MS = 15_000;
/** No role is started this close to the deadline. */
const START_MARGIN_MS = 30_000;

export function createSwitchHandler(overrides: Partial<SwitchHandlerDeps> = {}) {
  let remainingMs = () => 900_000 - DEADLINE_MARGIN_MS;
  const sleep = overrides.sleep ?? DEFAULT_RETRY.sleep;
  let pacer: Pacer | undefined;
  const call = <T>(fn: () => Promise<T>) => withConflictRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs(), pacer });
  const deps: SwitchHandlerDeps = {
    iam: overrides.iam ?? new IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep,
    pacer: overrides.pacer ?? (() => new Pacer()),
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    phase: overrides.phase ?? phaseFromEnv(),
    grants: overrides.grants ?? grantsFromEnv(),
    stack: overrides.stack ?? defaultStackReader((fn) => withRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs() })),
    protectedRoles: overrides.protectedRoles ?? protectedRolesFromEnv(),
  };
  const iam = new SdkSwitchIam(deps.iam, call);

  return async (event: CloudFormationCustomResourceEvent | SwitchEvent, context?: Partial<Context>)
  : Promise<EngineResponse | SweepReport | string> => {
    remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    pacer = deps.pacer();
    const ctx: SwitchContext = {
      iam,
      log,
      protectedArns: deps.protectedRoles,
      concurrency: deps.concurrency,
      outOfTime: () => remainingMs() < START_MARGIN_MS,
      pause: deps.sleep,
    };
    if (SWITCH_EVENT_KEY in event) {
      return onSwitchEvent(ctx, deps, event);
    }
    return createRevocationHandler(switchWriter(ctx), { now: deps.now, phase: deps.phase, grants: deps.grants, stack: deps.stack, log })(event);
  };
}

/** The sweep or the rule: the same property checks as a deployment, and what it spares must be what the stack deployed. */
async function onSwitchEvent(ctx: SwitchContext, deps: SwitchHandlerDeps, event: SwitchEvent): Promise<SweepReport | string> {
  // The sweep and the rule act like an Update: only for a switch the function serves.
  const grant = grantOfEvent(deps.grants, { ...event, RequestType: 'Update' });
  const request = readSwitchRequest(event.ResourceProperties);
  if (narrowingDigest(switchSpared(request.narrowing, request.exclude)) !== grant.narrowing) {
    throw new InputError('the event spares other roles than the stack deployed for this RevocationSwitch; narrowing and exclude come only '
      + 'from the deployed construct, so nothing was done');
  }
  const owner = ownerTag(event.StackId, event.LogicalResourceId);
  const arn = policyArnOf(event.StackId, owner);
  if (event.RevocationSwitch === 'sweep') {
    return sweepSwitch(ctx, owner, arn, request);
  }
  if (event.RevocationSwitch === 'create-role' && typeof event.RoleName === 'string' && /^[\w+=,.@-]{1,64}$/.test(event.RoleName)) {
    return armCreatedRole(ctx, arn, request, event.RoleName);
  }
  throw new InputError(`the ${SWITCH_EVENT_KEY} event "${String(event.RevocationSwitch).slice(0, 40)}" is not a sweep or a create-role event with a role name`);
}

/** The deployed entry point. */
export const handler = createSwitchHandler();

function phaseFromEnv(): Phase {
  const phase = process.env.REVOKE_PHASE;
  return phase === 'start' || phase === 'continue' ? phase : 'sync';
}

function concurrencyFromEnv(): number {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}

/** Role ARNs, comma-separated, set by the construct. */
function protectedRolesFromEnv(): string[] {
  return (process.env.REVOKE_PROTECTED_ROLES ?? '').split(',').map((s) => s.trim()).filter((s) => s.startsWith('arn:'));
}
