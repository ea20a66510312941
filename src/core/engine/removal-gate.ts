/**
 * Removal waits for CloudFormation's success, as CloudFormation itself reports it, not as an event
 * claims: a Delete removes anything only while the stack is in a phase that deletes resources, and
 * the resource's current physical id tells a final delete from the cleanup of a replaced generation.
 * A forged or replayed Delete, sent while the stack is idle or updating, removes nothing.
 */
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { readPhysicalId } from './generation';

/** Stack phases in which CloudFormation deletes resources. */
const REMOVING_PHASES = new Set([
  'DELETE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
]);

export type RemovalVerdict =
  /** The resource itself is being deleted: everything it ever wrote may go. */
  | { readonly kind: 'final' }
  /**
   * An earlier (or, on a rollback, later) generation is being deleted while `live` stays: only what
   * that generation alone targets may go, and the live generation keeps the highest cutoff.
   */
  | { readonly kind: 'replaced'; readonly live: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** What the gate asks CloudFormation; replaceable in tests. */
export interface StackReader {
  stackStatus(stackId: string): Promise<string | undefined>;
  /** The resource's current physical id and status, or `undefined` when the stack no longer lists it. */
  resource(stackId: string, logicalId: string): Promise<{ physicalId?: string; status?: string } | undefined>;
}

/** The deployed reader: one attempt per call (the caller retries), a hung connection cut after 10 s. */
export function defaultStackReader(call: <T>(fn: () => Promise<T>) => Promise<T>): StackReader {
  let client: CloudFormationClient | undefined;
  const lazy = () => (client ??= new CloudFormationClient({
    maxAttempts: 1, requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true },
  }));
  return {
    stackStatus: (stackId) => cloudFormationReader(lazy(), call).stackStatus(stackId),
    resource: (stackId, logicalId) => cloudFormationReader(lazy(), call).resource(stackId, logicalId),
  };
}

export function cloudFormationReader(cfn: CloudFormationClient, call: <T>(fn: () => Promise<T>) => Promise<T>): StackReader {
  return {
    stackStatus: async (stackId) => (await call(() => cfn.send(new DescribeStacksCommand({ StackName: stackId })))).Stacks?.[0]?.StackStatus,
    resource: async (stackId, logicalId) => {
      try {
        const d = (await call(() => cfn.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }))))
          .StackResourceDetail;
        return d ? { physicalId: d.PhysicalResourceId, status: d.ResourceStatus } : undefined;
      } catch (err) {
        if (/does not exist/i.test(String((err as Error)?.message))) {
          return undefined;
        }
        throw err;
      }
    },
  };
}

/**
 * Whether this Delete may remove, and how much.
 *
 * @param ownerId the id every physical id of this resource starts with
 */
export async function confirmRemoval(reader: StackReader, event: { StackId: string; LogicalResourceId: string; PhysicalResourceId: string },
  ownerId: string): Promise<RemovalVerdict> {
  let status: string | undefined;
  let current: { physicalId?: string; status?: string } | undefined;
  try {
    status = await reader.stackStatus(event.StackId);
    current = await reader.resource(event.StackId, event.LogicalResourceId);
  } catch (err) {
    return { kind: 'refused', reason: `CloudFormation could not confirm the removal (${(err as Error)?.message ?? err}); nothing was removed` };
  }
  if (status === undefined || !REMOVING_PHASES.has(status)) {
    return {
      kind: 'refused',
      reason: `stack ${event.StackId} is ${status ?? 'not found'}, not deleting resources: this Delete did not come `
      + 'from CloudFormation, and nothing was removed',
    };
  }
  const live = current?.physicalId === undefined ? undefined : readPhysicalId(current.physicalId, ownerId);
  if (current !== undefined && current.physicalId === event.PhysicalResourceId && status !== 'DELETE_IN_PROGRESS'
    && current.status !== 'DELETE_IN_PROGRESS') {
    // Another resource's cleanup, or a rollback, while this one stays: a Delete of its live id is not CloudFormation's.
    return { kind: 'refused', reason: `stack ${event.StackId} is ${status} but keeps ${event.PhysicalResourceId} (${current.status}); nothing was removed` };
  }
  if (current === undefined || current.physicalId === event.PhysicalResourceId || current.status === 'DELETE_IN_PROGRESS') {
    return current === undefined || current.physicalId === event.PhysicalResourceId ? { kind: 'final' }
      : { kind: 'refused', reason: `the stack deletes ${current.physicalId}, not ${event.PhysicalResourceId}; nothing was removed` };
  }
  if (live?.kind === 'live') {
    return { kind: 'replaced', live: live.generation };
  }
  return { kind: 'refused', reason: `the resource's current physical id ${current.physicalId} is not one of its generations; nothing was removed` };
}
