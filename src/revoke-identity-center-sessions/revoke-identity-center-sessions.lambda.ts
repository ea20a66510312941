/**
 * The Identity Center function: the revocation engine with the Identity Center writer, the SSO
 * Admin client, and the function's own grants. `REVOKE_PHASE` tells onEvent (`start`) from
 * isComplete (`continue`).
 */
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
import { IdentityCenterApi, identityCenterWriter } from './writer';
import { grantsFromEnv } from '../core/engine/grants';
import { createRevocationHandler, EngineDeps, EngineResponse } from '../core/engine/handler';
import { defaultStackReader, StackReader } from '../core/engine/removal-gate';
import { log, withConflictRetries } from '../core/failure-report';
import { DEFAULT_RETRY, errorName, withRetries } from '../core/retry';

const REQUEST_TIMEOUT_MS = 10_000;
const DEADLINE_MARGIN_MS = 15_000;
const ALL_PROVISIONED = 'ALL_PROVISIONED_ACCOUNTS';

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The SSO Admin calls: reads retried by `call`, provisioning by `once` (a request refused as already
 * under way is not an error), writes sent once (the writer reads and plans again to retry them).
 */
export function ssoAdminApi(sso: SSOAdminClient, call: Call, once: Call): IdentityCenterApi {
  return {
    permissionSetName: async (instanceArn, arn) =>
      (await call(() => sso.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })))).PermissionSet?.Name ?? arn,
    inlinePolicy: async (instanceArn, arn) =>
      (await call(() => sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })))).InlinePolicy,
    putInlinePolicy: async (instanceArn, arn, text) => {
      await sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, InlinePolicy: text }));
    },
    deleteInlinePolicy: async (instanceArn, arn) => {
      await sso.send(new DeleteInlinePolicyFromPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    },
    provision: async (instanceArn, arn) => {
      try {
        const res = await once(() => sso.send(new ProvisionPermissionSetCommand({
          InstanceArn: instanceArn, PermissionSetArn: arn, TargetType: ALL_PROVISIONED,
        })));
        return res.PermissionSetProvisioningStatus?.RequestId;
      } catch (err) {
        // ConflictException: a provisioning of this permission set is under way; the next poll waits for it and provisions again if needed.
        if (errorName(err) === 'Conflict') {
          return undefined;
        }
        throw err;
      }
    },
    provisioningStatus: async (instanceArn, requestId) => {
      const res = await call(() => sso.send(new DescribePermissionSetProvisioningStatusCommand({
        InstanceArn: instanceArn, ProvisionPermissionSetRequestId: requestId,
      })));
      return { status: res.PermissionSetProvisioningStatus?.Status, failureReason: res.PermissionSetProvisioningStatus?.FailureReason };
    },
    accounts: async (instanceArn, arn, latest) => {
      const accounts: string[] = [];
      let token: string | undefined;
      do {
        const page = await call(() => sso.send(new ListAccountsForProvisionedPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: arn,
          ProvisioningStatus: latest ? 'LATEST_PERMISSION_SET_PROVISIONED' : 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
          NextToken: token,
        })));
        accounts.push(...(page.AccountIds ?? []));
        token = page.NextToken;
      } while (token);
      return accounts;
    },
  };
}

export interface IdentityCenterHandlerDeps extends Pick<EngineDeps, 'now' | 'phase' | 'grants'> {
  readonly sso: SSOAdminClient;
  readonly sleep: (ms: number) => Promise<void>;
  /** CloudFormation, for the removal gate and the rollback check. */
  readonly stack?: StackReader;
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** The handler of one phase. */
export function identityCenterHandler(deps: IdentityCenterHandlerDeps) {
  let deadline = 0;
  const options = { ...DEFAULT_RETRY, sleep: deps.sleep, remainingMs: () => deadline - deps.now() };
  const call: Call = (fn) => withConflictRetries(fn, options);
  const once: Call = (fn) => withRetries(fn, options);
  const stack = deps.stack ?? defaultStackReader(call);
  const logTo = deps.log ?? log;
  const engine = createRevocationHandler(identityCenterWriter({ api: ssoAdminApi(deps.sso, call, once), retry: call, stack, log: logTo }), {
    now: deps.now, phase: deps.phase, grants: deps.grants, stack, log: logTo,
  });
  return (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<EngineResponse> => {
    deadline = deps.now() + (context?.getRemainingTimeInMillis?.() ?? 300_000) - DEADLINE_MARGIN_MS;
    return engine(event);
  };
}

export const handler = identityCenterHandler({
  sso: new SSOAdminClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
  now: Date.now,
  sleep: DEFAULT_RETRY.sleep,
  phase: process.env.REVOKE_PHASE === 'continue' ? 'continue' : 'start',
  grants: grantsFromEnv(),
});
