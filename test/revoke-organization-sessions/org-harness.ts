/**
 * The organization handler as the issue tests drive it: the engine with the grant the construct
 * would set at synth for the deployed properties, CloudFormation's view of the stack for the removal
 * gate, and the loopback Organizations endpoint (a test double), each call optionally wrapped.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { narrowingDigest, NO_GRANT, ResourceGrant } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { readOrganizationRequest, sparedOf } from '../../src/revoke-organization-sessions/properties';
import { createOrganizationHandler } from '../../src/revoke-organization-sessions/revoke-organization-sessions.lambda';
import { STACK_ID } from '../helpers/events';
import { NOW } from '../helpers/handler';
import { LoopbackOrganizations } from '../helpers/loopback-organizations';

export interface HarnessOptions {
  /** The props the stack deployed (what the construct granted at synth). */
  readonly deployed: Record<string, unknown>;
  readonly remove?: boolean;
  readonly lower?: boolean;
  /** The deployed literal cutoff bounds a future one (`allowFutureCutoff`). */
  readonly future?: boolean;
  readonly now?: () => number;
  /** CloudFormation's view for the removal gate. */
  readonly stack?: { status: string; physicalId?: string };
  /** Wraps every Organizations call (to delay it). */
  readonly around?: (action: string, call: () => Promise<unknown>) => Promise<unknown>;
  /** The stack's own roles, as the provider puts them in the function's environment. */
  readonly stackRoles?: string[];
}

/** The properties the construct writes for one role name on the root, before a cutoff of 10:00. */
export function orgProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:provider',
    Selections: [{ Kind: 'roles-named', Names: ['ci-deploy'] }],
    Targets: ['r-ab12'],
    CutoffMode: 'fixed',
    IssuedBefore: '2026-11-22T10:00:00Z',
    PolicyNamePrefix: 'RevokeSessions',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...overrides,
  };
}

export type OrgHandler = (event: CloudFormationCustomResourceEvent) => Promise<{ PhysicalResourceId?: string; Data?: Record<string, string> }>;

/** The grant the construct sets at synth for these deployed properties. */
export function grantOf(deployed: Record<string, unknown>, o: Pick<HarnessOptions, 'remove' | 'lower' | 'future'> = {}): ResourceGrant {
  const request = readOrganizationRequest(deployed);
  return {
    remove: o.remove ?? false,
    lower: o.lower ?? false,
    noCutoff: request.cutoff.mode === 'none',
    future: o.future && request.cutoff.mode === 'fixed' ? { kind: 'until', epochMs: request.cutoff.epochMs } : undefined,
    narrowing: narrowingDigest(sparedOf(request)),
  };
}

export function stackReader(view: { status: string; physicalId?: string }): StackReader {
  return {
    stackStatus: async () => view.status,
    // While CloudFormation deletes the resource itself, it reports it DELETE_IN_PROGRESS.
    resource: async () => (view.physicalId === undefined ? undefined
      : { physicalId: view.physicalId, status: /^(DELETE|ROLLBACK)_IN_PROGRESS$/.test(view.status) ? 'DELETE_IN_PROGRESS' : 'UPDATE_COMPLETE' }),
  };
}

export function orgHandler(org: LoopbackOrganizations, o: HarnessOptions): OrgHandler {
  const client = org.client();
  const wrapped = o.around
    ? { send: (cmd: any) => o.around!(cmd.constructor.name.replace(/Command$/, ''), () => client.send(cmd)) } as unknown as OrganizationsClient
    : client;
  let grant: ResourceGrant;
  try {
    grant = grantOf(o.deployed, o);
  } catch {
    // Properties no construct could synthesize: the grant of an unserved resource.
    grant = NO_GRANT;
  }
  return createOrganizationHandler({
    org: wrapped,
    now: o.now ?? (() => NOW),
    sleep: async () => undefined,
    grants: () => grant,
    stack: stackReader(o.stack ?? { status: 'UPDATE_COMPLETE' }),
    stackRoles: o.stackRoles ?? [],
    stackArn: STACK_ID,
    log: () => undefined,
  }) as OrgHandler;
}
