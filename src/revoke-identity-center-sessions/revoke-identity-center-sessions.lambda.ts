import {
  DeleteInlinePolicyFromPermissionSetCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import {
  MAX_INLINE_POLICY_CHARS, nextUserIds, ownCutoff, ownStatement, ownStatementSid, ownUserIds, readInlinePolicy, ReadPolicy, withOwnStatement,
} from './inline-policy';
import { IdentityCenterRequest, readIdentityCenterRequest } from './properties';
import {
  InputError, log, reasonOf, TargetFailure, throwIfFailed, withConflictRetries,
} from '../core/failure-report';
import { Capabilities, capabilitiesFor, FunctionGrants, functionGrantsFromEnv, nextCutoff, ownerTag, serves } from '../core/ratchet';
import { describeCutoff, readLeniently, resolveCutoff } from '../core/resource-props';
import { DEFAULT_RETRY, mapWithConcurrency } from '../core/retry';

export interface IdentityCenterResponse {
  readonly PhysicalResourceId?: string;
  readonly IsComplete?: boolean;
  readonly Data?: Record<string, string>;
}

/** `start`: onEvent writes and starts provisioning; `continue`: isComplete waits for it. */
export type IdentityCenterPhase = 'start' | 'continue';

export interface IdentityCenterDeps extends FunctionGrants {
  readonly sso: SSOAdminClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly phase: IdentityCenterPhase;
}

const DEADLINE_MARGIN_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;
const CONCURRENCY = 4;
const ALL_PROVISIONED = 'ALL_PROVISIONED_ACCOUNTS';
/** The physical id of a Create whose provisioning has not succeeded yet. */
const PENDING_SUFFIX = '-pending';

interface PermissionSetState {
  readonly arn: string;
  readonly name: string;
  readonly policy: Extract<ReadPolicy, { ok: true }>;
}

export function createIdentityCenterHandler(overrides: Partial<IdentityCenterDeps> = {}) {
  const deps: IdentityCenterDeps = {
    sso: overrides.sso ?? new SSOAdminClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    ...functionGrantsFromEnv(overrides),
    phase: overrides.phase ?? (process.env.REVOKE_PHASE === 'continue' ? 'continue' : 'start'),
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<IdentityCenterResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const ops = new SsoOps(deps, remainingMs);
    const sid = ownStatementSid(ownerTag(event.StackId, event.LogicalResourceId));
    // Removal and lowering only for the resources of its own stack this function serves: a forged event naming another gets neither.
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);
    if (deps.phase === 'continue') {
      return waitForProvisioning(ops, event, sid);
    }
    if (event.RequestType === 'Delete') {
      return removeOwn(ops, capabilities, event.ResourceProperties, event.PhysicalResourceId, sid);
    }

    const request = readIdentityCenterRequest(event.ResourceProperties);
    // A cutoff more than an hour ahead only for a resource deployed with allowFutureCutoff, whatever the event says.
    const allowFuture = request.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId);
    const requestedMs = resolveCutoff(request.cutoff, deps.now(), allowFuture);
    // Read every permission set first: one this library cannot read stops the run before any write.
    const states = await ops.readAll(request);
    const lower = capabilities.lower && request.allowEarlierCutoff;
    const plans = states.map((state) => {
      const own = state.policy.statements.find((s) => s.Sid === sid);
      const inForce = ownCutoff(own);
      if (typeof inForce === 'string') {
        throw new InputError(`permission set ${state.name} (${state.arn}): ${inForce}; it was left untouched, restore or remove that statement`);
      }
      if (inForce === Infinity && requestedMs !== Infinity && !lower) {
        throw new InputError(`permission set ${state.name} (${state.arn}) already denies every session of its users (no cutoff); `
          + 'keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose');
      }
      const cutoffMs = nextCutoff(inForce, requestedMs, lower);
      const userIds = nextUserIds(ownUserIds(own), request.userIds, request.destroy && capabilities.remove);
      const next = withOwnStatement(state.policy, sid, ownStatement(sid, cutoffMs, userIds));
      if (next.text.length > MAX_INLINE_POLICY_CHARS) {
        throw new InputError(`permission set ${state.name} (${state.arn}): its inline policy would be ${next.text.length} characters, `
          + `over Identity Center's ${MAX_INLINE_POLICY_CHARS}; nothing was written, shorten its other statements or list fewer user ids`);
      }
      return { state, cutoffMs, text: next.text };
    });

    const results = await mapWithConcurrency(plans, CONCURRENCY, async (plan): Promise<{ requestId?: string; failure?: TargetFailure }> => {
      try {
        await ops.call(() => deps.sso.send(new PutInlinePolicyToPermissionSetCommand({
          InstanceArn: request.instanceArn, PermissionSetArn: plan.state.arn, InlinePolicy: plan.text,
        })));
        const requestId = await ops.provision(request.instanceArn, plan.state.arn);
        log({ event: 'permission-set-written', permissionSet: plan.state.name, cutoff: describeCutoff(plan.cutoffMs), requestId });
        return { requestId };
      } catch (err) {
        return { failure: { name: `permission set ${plan.state.name} (${plan.state.arn})`, reason: reasonOf(err) } };
      }
    });
    throwIfFailed('revoke sessions of', 'permission sets', plans.length, results.flatMap((r) => (r.failure ? [r.failure] : [])));
    const effective = Math.min(...plans.map((p) => p.cutoffMs));
    return {
      // A Create gets its own id only once provisioning succeeds (isComplete sets it): the Delete
      // that follows a failed Create then carries the pending id and removes nothing.
      PhysicalResourceId: event.RequestType === 'Create' ? `${sid}${PENDING_SUFFIX}` : event.PhysicalResourceId,
      Data: {
        ProvisioningRequests: results.map((r) => r.requestId).join(','),
        EffectiveCutoff: describeCutoff(effective),
        RequestedCutoff: describeCutoff(requestedMs),
        PermissionSets: String(plans.length),
      },
    };
  };
}

export const handler = createIdentityCenterHandler();

/** On Delete with destroy (and the capability), removes only the own statement and reprovisions. */
async function removeOwn(ops: SsoOps, caps: Capabilities, props: unknown, physicalId: string, sid: string): Promise<IdentityCenterResponse> {
  const request = readLeniently(readIdentityCenterRequest, props);
  if (!request?.destroy || !caps.remove || physicalId !== sid) {
    log({ event: 'delete', physicalId, retained: true });
    return { PhysicalResourceId: physicalId, Data: { ProvisioningRequests: '' } };
  }
  const readable = new Map((await ops.readAll(request, true)).map((state) => [state.arn, state]));
  // One entry per listed ARN, so isComplete pairs each request id with its permission set.
  const states = request.permissionSetArns.map((arn) => readable.get(arn));
  const results = await mapWithConcurrency(states, CONCURRENCY, async (state): Promise<{ requestId?: string; failure?: TargetFailure }> => {
    if (!state?.policy.statements.some((s) => s.Sid === sid)) {
      return {};
    }
    try {
      const next = withOwnStatement(state.policy, sid, undefined);
      const target = { InstanceArn: request!.instanceArn, PermissionSetArn: state.arn };
      await ops.call(() => (next.statements === 0
        ? ops.sso.send(new DeleteInlinePolicyFromPermissionSetCommand(target))
        : ops.sso.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: next.text }))));
      log({ event: 'permission-set-removed', permissionSet: state.name, remainingStatements: next.statements });
      return { requestId: await ops.provision(request!.instanceArn, state.arn) };
    } catch (err) {
      return { failure: { name: `permission set ${state.name} (${state.arn})`, reason: reasonOf(err) } };
    }
  });
  throwIfFailed('remove the revocation from', 'permission sets', states.length, results.flatMap((r) => (r.failure ? [r.failure] : [])));
  return { PhysicalResourceId: physicalId, Data: { ProvisioningRequests: results.map((r) => r.requestId ?? '').join(',') } };
}

/**
 * isComplete: done when every provisioning request has finished; then one report naming each
 * permission set whose provisioning failed and the accounts that lack its latest version.
 */
async function waitForProvisioning(ops: SsoOps, event: CloudFormationCustomResourceEvent, sid: string): Promise<IdentityCenterResponse> {
  const data = (event as { Data?: Record<string, unknown> }).Data;
  const ids = typeof data?.ProvisioningRequests === 'string' ? data.ProvisioningRequests.split(',') : [];
  const props = event.ResourceProperties as Record<string, unknown>;
  const instanceArn = String(props.InstanceArn ?? '');
  // The request ids follow the de-duplicated list onEvent worked through.
  const arns = [...new Set(Array.isArray(props.PermissionSetArns) ? props.PermissionSetArns.map(String) : [])];
  const pending = ids.map((id, i) => ({ id, arn: arns[i] })).filter((r) => r.id !== '' && r.arn !== undefined);
  // A Create takes its own physical id only here, once every request has succeeded.
  const complete = (result?: Record<string, string>): IdentityCenterResponse =>
    ({ IsComplete: true, ...(event.RequestType === 'Create' ? { PhysicalResourceId: sid } : {}), ...(result ? { Data: result } : {}) });
  if (pending.length === 0) {
    return complete();
  }
  const statuses = await mapWithConcurrency(pending, CONCURRENCY, async (r) => ({
    ...r,
    status: (await ops.call(() => ops.sso.send(new DescribePermissionSetProvisioningStatusCommand({
      InstanceArn: instanceArn, ProvisionPermissionSetRequestId: r.id,
    })))).PermissionSetProvisioningStatus,
  }));
  if (statuses.some((s) => s.status?.Status === 'IN_PROGRESS')) {
    log({ event: 'provisioning', inProgress: statuses.filter((s) => s.status?.Status === 'IN_PROGRESS').length });
    return { IsComplete: false };
  }
  const reports = await mapWithConcurrency(statuses, CONCURRENCY, async (s) => {
    const notLatest = await ops.accounts(instanceArn, s.arn, 'LATEST_PERMISSION_SET_NOT_PROVISIONED');
    const latest = await ops.accounts(instanceArn, s.arn, 'LATEST_PERMISSION_SET_PROVISIONED');
    // Put is a blind write: a writer that read the policy before this one wrote it puts it back
    // without this statement. Checked after provisioning, so a later loss shows as a failure.
    const lost = event.RequestType !== 'Delete' && !(await ops.holdsStatement(instanceArn, s.arn, sid));
    const failed = lost || s.status?.Status !== 'SUCCEEDED' || notLatest.length > 0;
    log({ event: 'provisioned', permissionSet: s.arn, status: s.status?.Status, accounts: latest.length, failedAccounts: notLatest });
    if (!failed) {
      return { accounts: latest.length };
    }
    const name = await ops.nameOf(instanceArn, s.arn);
    if (lost) {
      return {
        accounts: latest.length,
        failure: {
          name: `permission set ${name} (${s.arn})`,
          reason: `its inline policy no longer holds statement ${sid}: another writer (a concurrent deploy, the console) replaced `
            + 'the inline policy after this revocation wrote it; deploy again to add it back',
        },
      };
    }
    const where = notLatest.length > 0 ? `in account${notLatest.length > 1 ? 's' : ''} ${notLatest.join(', ')}` : 'in an account';
    return {
      accounts: latest.length,
      failure: {
        name: `permission set ${name} (${s.arn})`,
        reason: `provisioning ${s.status?.Status ?? 'UNKNOWN'} ${where}: ${s.status?.FailureReason ?? 'no reason given'}; `
          + `${latest.length} accounts have the revocation, deploy again to retry the others`,
      },
    };
  });
  throwIfFailed('provision', 'permission sets', reports.length, reports.flatMap((r) => (r.failure ? [r.failure] : [])));
  return complete({ AccountsProvisioned: String(reports.reduce((n, r) => n + r.accounts, 0)) });
}

class SsoOps {
  constructor(private readonly deps: IdentityCenterDeps, private readonly remainingMs: () => number) {}

  public get sso(): SSOAdminClient {
    return this.deps.sso;
  }

  public call<T>(fn: () => Promise<T>): Promise<T> {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs });
  }

  /** Every permission set's name and inline policy; refuses (before any write) one it cannot read. */
  public async readAll(request: IdentityCenterRequest, skipUnreadable = false): Promise<PermissionSetState[]> {
    const states = await mapWithConcurrency(request.permissionSetArns, CONCURRENCY, async (arn) => {
      const name = await this.nameOf(request.instanceArn, arn);
      const got = await this.call(() => this.deps.sso.send(new GetInlinePolicyForPermissionSetCommand({
        InstanceArn: request.instanceArn, PermissionSetArn: arn,
      })));
      return { arn, name, policy: readInlinePolicy(got.InlinePolicy) };
    });
    const unreadable = states.filter((s) => !s.policy.ok);
    if (unreadable.length > 0 && !skipUnreadable) {
      throw new InputError(`nothing was written: the inline policy of ${unreadable.map((s) => `permission set ${s.name} (${s.arn}): `
        + `${(s.policy as { reason: string }).reason}`).join('; ')}; this library keeps other statements untouched and cannot read it, fix or remove it`);
    }
    return states.filter((s): s is PermissionSetState => s.policy.ok);
  }

  /** Whether the permission set's inline policy holds the statement with this Sid. */
  public async holdsStatement(instanceArn: string, arn: string, sid: string): Promise<boolean> {
    const got = await this.call(() => this.deps.sso.send(new GetInlinePolicyForPermissionSetCommand({
      InstanceArn: instanceArn, PermissionSetArn: arn,
    })));
    const read = readInlinePolicy(got.InlinePolicy);
    return read.ok && read.statements.some((st) => st.Sid === sid);
  }

  public async nameOf(instanceArn: string, arn: string): Promise<string> {
    const got = await this.call(() => this.deps.sso.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })));
    return got.PermissionSet?.Name ?? arn;
  }

  public async provision(instanceArn: string, arn: string): Promise<string> {
    const res = await this.call(() => this.deps.sso.send(new ProvisionPermissionSetCommand({
      InstanceArn: instanceArn, PermissionSetArn: arn, TargetType: ALL_PROVISIONED,
    })));
    return res.PermissionSetProvisioningStatus?.RequestId ?? '';
  }

  public async accounts(instanceArn: string, arn: string, status: 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED'): Promise<string[]> {
    const accounts: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() => this.deps.sso.send(new ListAccountsForProvisionedPermissionSetCommand({
        InstanceArn: instanceArn, PermissionSetArn: arn, ProvisioningStatus: status, NextToken: token,
      })));
      accounts.push(...(page.AccountIds ?? []));
      token = page.NextToken;
    } while (token);
    return accounts;
  }
}
