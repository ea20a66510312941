/**
 * The account switch against the per-role path, in one run, against the loopback IAM endpoint (a
 * test double, not AWS) at the bench's rate: revoking N armed roles with one new default version
 * of `RevocationSwitch`, against `RevokeOlderSessions` writing one inline policy per role; and the
 * one-time cost of arming. Both handlers run unmodified with the real SDK client and pacer.
 *
 * Usage (from bench/run.ts): `switchTable(await switchRows(LOOPBACK))`; alone: `npm run bench -- switch`.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { generationOf, physicalIdOf } from '../src/core/engine/generation';
import { narrowingDigest, ResourceGrant } from '../src/core/engine/grants';
import { ownerSid } from '../src/core/revocation-document';
import { SWITCH_TARGET_KEYS, switchSpared } from '../src/revocation-switch/properties';
import { createSwitchHandler } from '../src/revocation-switch/revocation-switch.lambda';
import { createHandler } from '../src/revoke-older-sessions/revoke-older-sessions.lambda';
import { CONTEXT, createEvent, props } from '../test/helpers/events';
import { LoopbackIam, LoopbackOptions } from '../test/helpers/loopback-iam';
import { LoopbackManagedPolicies } from '../test/helpers/loopback-iam-managed';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/IncidentStack/6c7e5f10-0000-4000-8000-0000000000b5';
const LOGICAL_ID = 'RevocationSwitch0A1B2C3D';

export interface SwitchBenchRow {
  readonly roles: number;
  /** Arming every role once (the switch's Create, idle). */
  readonly arming: Measured;
  /** The incident: one bump of the switch over every armed role. */
  readonly bump: Measured & { readonly callsUntilInForce: number; readonly msUntilInForce: number };
  /** The incident through the per-role path: `RevokeOlderSessions` with a name-pattern selection. */
  readonly perRole: Measured;
}

interface Measured {
  readonly calls: number;
  readonly throttled: number;
  readonly ms: number;
  readonly revoked: number;
}

const props0 = {
  ServiceToken: 'x', Selection: 'all-in-account', Narrow: 'all', MaxManagedPolicies: '10', RemovalPolicy: 'retain', AllowEarlierCutoff: 'false', AllowFutureCutoff: 'false',
};
const grant: ResourceGrant = { remove: false, lower: false, noCutoff: false, narrowing: narrowingDigest(switchSpared({ kind: 'all' }, [])) };
const base = { ServiceToken: 'x', ResponseURL: 'x', StackId: STACK_ID, RequestId: 'r', LogicalResourceId: LOGICAL_ID, ResourceType: 'Custom::RevocationSwitch' };

async function account(n: number, options: LoopbackOptions): Promise<{ endpoint: LoopbackIam; managed: LoopbackManagedPolicies }> {
  const endpoint = new LoopbackIam({ ...options });
  const managed = new LoopbackManagedPolicies(endpoint, '111122223333');
  await endpoint.start();
  for (let i = 0; i < n; i++) {
    endpoint.addRole(`incident-role-${String(i).padStart(5, '0')}`);
  }
  return { endpoint, managed };
}

function served(endpoint: LoopbackIam, from = 0): { calls: number; throttled: number } {
  const calls = endpoint.calls.slice(from);
  const throttled = calls.filter((c) => c.code === 'Throttling').length;
  return { calls: calls.length - throttled, throttled };
}

/** Arms N roles, then bumps the switch over them; then the per-role path over N roles of a fresh account. */
export async function switchRows(options: LoopbackOptions, sizes: readonly number[] = [400, 5000]): Promise<SwitchBenchRow[]> {
  const rows: SwitchBenchRow[] = [];
  for (const n of sizes) {
    const { endpoint, managed } = await account(n, options);
    let arming: Measured;
    let bump: SwitchBenchRow['bump'];
    try {
      const handler = createSwitchHandler({
        iam: endpoint.client(),
        phase: 'sync',
        grants: () => grant,
        protectedRoles: [],
        stack: { stackStatus: async () => 'UPDATE_IN_PROGRESS', resource: async () => undefined },
      });
      const idle = { ...props0, CutoffMode: 'none' };
      let started = performance.now();
      await handler({ ...base, RequestType: 'Create', ResourceProperties: idle } as CloudFormationCustomResourceEvent, CONTEXT);
      const armed = [...managed.policies.keys()].reduce((k, arn) => k + managed.entitiesOf(arn).length, 0);
      arming = { ...served(endpoint), ms: performance.now() - started, revoked: armed };

      const cutoff = new Date(Date.now() - 60_000).toISOString();
      const revoking = { ...props0, CutoffMode: 'fixed', IssuedBefore: cutoff };
      const from = endpoint.calls.length;
      started = performance.now();
      const res = await handler({
        ...base,
        RequestType: 'Update',
        PhysicalResourceId: physicalIdOf(ownerSid(STACK_ID, LOGICAL_ID), generationOf(idle, SWITCH_TARGET_KEYS)),
        ResourceProperties: revoking,
        OldResourceProperties: idle,
      } as CloudFormationCustomResourceEvent, CONTEXT) as { Data: Record<string, string> };
      const ms = performance.now() - started;
      const incident = endpoint.calls.slice(from).filter((c) => c.code !== 'Throttling');
      const inForceAt = incident.findIndex((c) => c.action === 'CreatePolicyVersion' && c.status === 200);
      bump = {
        ...served(endpoint, from),
        ms,
        revoked: Number(res.Data.RolesRevoked),
        callsUntilInForce: inForceAt + 1,
        msUntilInForce: incident[inForceAt].atMs - started,
      };
    } finally {
      await endpoint.stop();
    }
    const perRole = await perRoleRun(n, options);
    process.stderr.write(`switch n=${n}: arming ${arming.calls} calls, bump ${bump.calls} calls (${bump.callsUntilInForce} until in force), per-role ${perRole.calls} calls\n`);
    rows.push({ roles: n, arming, bump, perRole });
  }
  return rows;
}

async function perRoleRun(n: number, options: LoopbackOptions): Promise<Measured> {
  const { endpoint } = await account(n, options);
  try {
    const handler = createHandler({ iam: endpoint.client(), phase: 'sync', protectedRoles: new Set() });
    const { RoleArns: _explicit, ...rest } = props();
    const started = performance.now();
    await handler(createEvent({ ...rest, Selection: 'name-pattern', NamePattern: 'incident-role-*' }), CONTEXT);
    const ms = performance.now() - started;
    const revoked = [...endpoint.roles.values()].filter((r) => [...r.policies.keys()].some((k) => k.startsWith('AWSRevokeOlderSessions-'))).length;
    return { ...served(endpoint), ms, revoked };
  } finally {
    await endpoint.stop();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
const n = (x: number) => x.toLocaleString('en-US');

/** Two Markdown tables: the incident, and the one-time arming. */
export function switchTable(rows: readonly SwitchBenchRow[]): string {
  const incident = [
    '| armed roles | path | IAM calls until in force | IAM calls in all | wall time until in force | wall time in all | roles revoked | throttled answers |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    incident.push(`| ${n(r.roles)} | \`RevocationSwitch\` bump | **${r.bump.callsUntilInForce}** | ${n(r.bump.calls)} | ${s(r.bump.msUntilInForce)} `
      + `| ${s(r.bump.ms)} | ${n(r.bump.revoked)} | ${r.bump.throttled} |`);
    incident.push(`| ${n(r.roles)} | per role (\`RevokeOlderSessions\`, name pattern) | ${n(r.perRole.calls)} | ${n(r.perRole.calls)} | ${s(r.perRole.ms)} `
      + `| ${s(r.perRole.ms)} | ${n(r.perRole.revoked)} | ${r.perRole.throttled} |`);
    incident.push(`| ${n(r.roles)} | ratio (per role ÷ switch) | **${(r.perRole.calls / r.bump.callsUntilInForce).toFixed(0)}×** `
      + `| ${(r.perRole.calls / r.bump.calls).toFixed(0)}× | **${(r.perRole.ms / r.bump.msUntilInForce).toFixed(0)}×** | ${(r.perRole.ms / r.bump.ms).toFixed(0)}× | | |`);
  }
  const arming = [
    '| roles armed | IAM calls | calls per armed role (target ≤ 1.05) | wall time | throttled answers |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${n(r.arming.revoked)} | ${n(r.arming.calls)} | **${(r.arming.calls / Math.max(1, r.arming.revoked)).toFixed(3)}** `
      + `| ${s(r.arming.ms)} | ${r.arming.throttled} |`),
  ];
  return `${incident.join('\n')}\n\nArming, once, in peacetime:\n\n${arming.join('\n')}`;
}
