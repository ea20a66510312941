/**
 * The switch's handler as CloudFormation, the Provider framework, the sweep and the `CreateRole`
 * rule drive it, against the loopback IAM endpoint (a test double), and the IAM oracle's verdict
 * on a role's sessions from that role's side: the default version of every managed policy
 * attached to it, plus its inline policies.
 */
import type { CloudFormationCustomResourceDeleteEvent, CloudFormationCustomResourceEvent } from 'aws-lambda';
import { generationOf, physicalIdOf } from '../../src/core/engine/generation';
import { narrowingDigest, ResourceGrant } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { ownerTag } from '../../src/core/ratchet';
import { ownerSid } from '../../src/core/revocation-document';
import { switchPolicyArn } from '../../src/revocation-switch/document';
import { readSwitchRequest, SWITCH_TARGET_KEYS, switchSpared } from '../../src/revocation-switch/properties';
import { createSwitchHandler, SwitchHandlerDeps } from '../../src/revocation-switch/revocation-switch.lambda';
import { unpaced } from '../helpers/handler';
import { LOOPBACK_ACCOUNT, LoopbackIam } from '../helpers/loopback-iam';
import { LoopbackManagedPolicies } from '../helpers/loopback-iam-managed';
import { ALLOW_ALL, Decision, evaluate, roleSession } from '../helpers/request-context';

export const STACK_ID = `arn:aws:cloudformation:us-east-1:${LOOPBACK_ACCOUNT}:stack/IncidentStack/6c7e5f10-0000-4000-8000-000000000020`;
export const LOGICAL_ID = 'RevocationSwitch0A1B2C3D';
export const OWNER = ownerTag(STACK_ID, LOGICAL_ID);
export const POLICY_ARN = switchPolicyArn('aws', LOOPBACK_ACCOUNT, OWNER);
export const NOW = Date.parse('2026-11-22T10:30:00Z');
/** The stack's provider role: never armed, exempt in every version. */
export const PROVIDER_ROLE = 'IncidentStack-CdkRevocationSwitchProviderOnEvent-0123ABCD';
export const PROVIDER_ROLE_ARN = `arn:aws:iam::${LOOPBACK_ACCOUNT}:role/${PROVIDER_ROLE}`;

/** Properties as the construct writes them; an idle switch over every role by default. */
export function switchProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:framework-onEvent',
    Selection: 'all-in-account',
    Narrow: 'all',
    MaxManagedPolicies: '10',
    CutoffMode: 'none',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...overrides,
  };
}

/** A revoking switch at `iso`. */
export const revoking = (iso: string, overrides: Record<string, unknown> = {}) => switchProps({ CutoffMode: 'fixed', IssuedBefore: iso, ...overrides });

const base = { ServiceToken: 'x', ResponseURL: 'https://example.invalid', StackId: STACK_ID, RequestId: 'r', LogicalResourceId: LOGICAL_ID, ResourceType: 'Custom::RevocationSwitch' };

/** The physical id the engine gives these properties. */
export const physicalIdFor = (p: Record<string, unknown>) => physicalIdOf(ownerSid(STACK_ID, LOGICAL_ID), generationOf(p, SWITCH_TARGET_KEYS));

export function create(p: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return { ...base, RequestType: 'Create', ResourceProperties: p as any };
}
export function update(p: Record<string, unknown>, old: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return { ...base, RequestType: 'Update', PhysicalResourceId: physicalIdFor(old), ResourceProperties: p as any, OldResourceProperties: old as any };
}
export function remove(p: Record<string, unknown>, physicalId = physicalIdFor(p)): CloudFormationCustomResourceDeleteEvent {
  return { ...base, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: p as any };
}
export function sweepEvent(p: Record<string, unknown>) {
  return { RevocationSwitch: 'sweep' as const, StackId: STACK_ID, LogicalResourceId: LOGICAL_ID, ResourceProperties: { ...p, CutoffMode: 'none' } };
}
export function createRoleEvent(p: Record<string, unknown>, roleName: string) {
  return { ...sweepEvent(p), RevocationSwitch: 'create-role' as const, RoleName: roleName };
}

/** What the deployed construct granted: its narrowing and excludes as synth digests them, plus the opt-ins. */
export function grantOf(p: Record<string, unknown>, extra: Partial<ResourceGrant> = {}): ResourceGrant {
  const r = readSwitchRequest(p);
  return { remove: p.RemovalPolicy === 'destroy', lower: p.AllowEarlierCutoff === 'true', noCutoff: false, narrowing: narrowingDigest(switchSpared(r.narrowing, r.exclude)), ...extra };
}

/** CloudFormation's side of the removal gate, settable per test. */
export class FakeStack implements StackReader {
  public status = 'UPDATE_IN_PROGRESS';
  public physicalId?: string;
  public resourceStatus = 'UPDATE_COMPLETE';
  public async stackStatus(): Promise<string> {
    return this.status;
  }
  public async resource() {
    return this.physicalId === undefined ? undefined : { physicalId: this.physicalId, status: this.resourceStatus };
  }
}

export interface Harness {
  readonly endpoint: LoopbackIam;
  readonly managed: LoopbackManagedPolicies;
  readonly stack: FakeStack;
  handler(grant: ResourceGrant, overrides?: Partial<SwitchHandlerDeps>): ReturnType<typeof createSwitchHandler>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const endpoint = new LoopbackIam();
  const managed = new LoopbackManagedPolicies(endpoint, LOOPBACK_ACCOUNT);
  await endpoint.start();
  const stack = new FakeStack();
  return {
    endpoint,
    managed,
    stack,
    handler: (grant, overrides = {}) => createSwitchHandler({
      iam: endpoint.client(),
      now: () => NOW,
      sleep: async () => undefined,
      pacer: unpaced,
      concurrency: 4,
      phase: 'sync',
      grants: () => grant,
      stack,
      protectedRoles: [PROVIDER_ROLE_ARN],
      ...overrides,
    }),
    stop: () => endpoint.stop(),
  };
}

/** The oracle's decision for an `s3:GetObject` by a session of the role issued at `issuedAt`, with every policy the role carries. */
export async function decide(h: Pick<Harness, 'endpoint' | 'managed'>, roleName: string, issuedAt: string): Promise<Decision> {
  const role = h.endpoint.roles.get(roleName)!;
  const caller = roleSession({ roleName, path: role.path, roleId: role.id, issuedAt });
  const context = { ...caller.context, ...Object.fromEntries(Object.entries(role.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])) };
  const identityPolicies: Record<string, unknown> = { AllowAll: ALLOW_ALL };
  for (const [name, text] of [...Object.entries(h.managed.effectiveDocuments(roleName)), ...role.policies]) {
    identityPolicies[name.replace(/[^\w+=,.@-]/g, '_')] = JSON.parse(text);
  }
  return evaluate({ ...caller, context }, { action: 's3:GetObject', resource: 'arn:aws:s3:::incident-bucket/report.csv', identityPolicies });
}

/** One second before and after an instant. */
export const before = (iso: string) => new Date(Date.parse(iso) - 1000).toISOString().replace('.000Z', 'Z');
export const after = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString().replace('.000Z', 'Z');
