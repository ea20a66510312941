/**
 * Peak memory of the BUNDLED `RevokeOlderSessions` handler (`assets/…/index.js`, what the
 * construct deploys) revoking a `RoleSelection.namePattern('svc-*')` over N realistic roles (see
 * `test/helpers/realistic-roles.ts`) served by the loopback IAM (a test double, not AWS), in a
 * child process held to the function's configured memory as Lambda holds it:
 * - V8's heap gets what the Node.js runtime's bootstrap gives it in Lambda's base images
 *   (`--max-semi-space-size` = memory/20, `--max-old-space-size` = memory − memory/10), so the
 *   garbage collector sees as much room as it would there;
 * - the whole process is killed (SIGKILL, no error reaches the handler) as soon as its resident
 *   set passes the configured memory, which is what Lambda does to a function over its memory.
 * The peak is the child's own high-water mark (`VmHWM`, `process.resourceUsage().maxRSS`), or the
 * last resident set sampled before the kill.
 *
 * Usage (from bench/run.ts): `memoryTable(await memoryRows())`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Cutoff, RevokeOlderSessions, RoleSelection } from '../src';
import { encodeGrant, NO_GRANT, resourceTag } from '../src/core/engine/grants';
import { CONTEXT, createEvent, LOGICAL_ID, props, STACK_ID } from '../test/helpers/events';
import { LoopbackIam } from '../test/helpers/loopback-iam';
import { addRealisticRoles } from '../test/helpers/realistic-roles';

export const BUNDLE = path.join(__dirname, '../assets/revoke-older-sessions/revoke-older-sessions.lambda/index.js');
/** How often the parent samples the child's resident set (ms). */
const SAMPLE_MS = 5;

export interface MemoryRow {
  readonly roles: number;
  /** The function's `MemorySize` as the construct synthesizes it (MB). */
  readonly memoryMb: number;
  readonly peakMb: number;
  /** Killed for passing the configured memory, as Lambda would. */
  readonly killed: boolean;
  /** What the handler returned or threw, shortened; `killed` when it never returned. */
  readonly outcome: string;
  readonly revoked: number;
  readonly seconds: number;
  /** The child's CPU time (user + system); undefined when it was killed. */
  readonly cpuSeconds?: number;
}

/** The `MemorySize` the construct gives the function that serves a selection. */
export function configuredMemoryMb(): number {
  const app = new App();
  const stack = new Stack(app, 'Memory', { env: { account: '111122223333', region: 'us-east-1' } });
  new RevokeOlderSessions(stack, 'Revoke', { selection: RoleSelection.namePattern('svc-*'), issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });
  const sizes = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
    .filter((r) => String(r.Properties?.Description ?? '').startsWith('cdk-revoke-sessions'))
    .map((r) => Number(r.Properties.MemorySize ?? 128));
  if (sizes.length === 0) {
    throw new Error('no cdk-revoke-sessions function in the synthesized stack');
  }
  return Math.max(...sizes);
}

/** The heap flags Lambda's Node.js bootstrap passes for `memoryMb`. */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

// Plain JavaScript: the child must carry nothing but the bundle and the SDK, as the function does.
const CHILD = `
const fs = require('fs');
const { handler } = require(process.env.BENCH_BUNDLE);
const context = JSON.parse(process.env.BENCH_CONTEXT);
context.getRemainingTimeInMillis = () => 900000;
const done = (outcome) => {
  const hwm = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  const u = process.resourceUsage();
  fs.writeSync(3, JSON.stringify({ outcome, hwmKb: Number(hwm && hwm[1]), maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
};
handler(JSON.parse(process.env.BENCH_EVENT), context).then(
  (r) => done('returned ' + (r.Data && r.Data.RolesRevoked ? r.Data.RolesRevoked + ' revoked' : JSON.stringify(r).slice(0, 80))),
  (e) => done('threw ' + String(e && e.message).slice(0, 120)));
`;

/** One run of the bundled handler over `count` realistic roles, held to `memoryMb`. */
export async function memoryRun(count: number, memoryMb: number, enforce = true): Promise<MemoryRow> {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`the bundled handler ${BUNDLE} is missing; run "npx projen bundle" first`);
  }
  const iam = new LoopbackIam();
  await iam.start();
  try {
    addRealisticRoles(iam, count, 'svc-');
    const { RoleArns: _explicit, ...rest } = props();
    const event = createEvent({ ...rest, Selection: 'name-pattern', NamePattern: 'svc-*' });
    const started = performance.now();
    const result = await runChild(memoryMb, enforce, {
      BENCH_BUNDLE: BUNDLE,
      BENCH_EVENT: JSON.stringify(event),
      BENCH_CONTEXT: JSON.stringify({ invokedFunctionArn: CONTEXT.invokedFunctionArn }),
      AWS_ENDPOINT_URL_IAM: iam.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIALOOPBACKTEST',
      AWS_SECRET_ACCESS_KEY: 'loopback',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      // A selection is served by the asynchronous provider: its onEvent runs in the `start` phase.
      REVOKE_PHASE: 'start',
      // The function serves the resource, as the construct's environment says: add and raise only.
      REVOKE_STACK: STACK_ID,
      REVOKE_GRANTS: encodeGrant(resourceTag(LOGICAL_ID), NO_GRANT),
    });
    const revoked = [...iam.roles.values()].filter((r) => [...r.policies.keys()].some((k) => k.startsWith('AWSRevokeOlderSessions-'))).length;
    return { roles: count, memoryMb, ...result, revoked, seconds: (performance.now() - started) / 1000 };
  } finally {
    await iam.stop();
  }
}

interface ChildResult { peakMb: number; killed: boolean; outcome: string; cpuSeconds?: number }

async function runChild(memoryMb: number, enforce: boolean, env: Record<string, string>): Promise<ChildResult> {
  const child = spawn(process.execPath, [...lambdaHeapFlags(memoryMb), '-e', CHILD], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let report = '';
  let stderr = '';
  child.stdio[3]!.on('data', (d: Buffer) => (report += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let sampledKb = 0;
  let killed = false;
  const limitKb = memoryMb * 1024;
  const sampler = setInterval(() => {
    const rss = residentKb(child.pid!);
    sampledKb = Math.max(sampledKb, rss);
    if (enforce && rss > limitKb && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  }, SAMPLE_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  if (killed) {
    return { peakMb: sampledKb / 1024, killed, outcome: `killed past ${memoryMb} MB` };
  }
  if (!report) {
    throw new Error(`the child exited with ${code} and no report: ${stderr.slice(-500)}`);
  }
  const r = JSON.parse(report) as { outcome: string; hwmKb: number; maxRssKb: number; cpuMs: number };
  return { peakMb: Math.max(r.hwmKb, r.maxRssKb, sampledKb) / 1024, killed, outcome: r.outcome, cpuSeconds: r.cpuMs / 1000 };
}

function residentKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The 1,000 and 5,000 role rows at the configured memory. */
export async function memoryRows(counts: readonly number[] = [1000, 5000]): Promise<MemoryRow[]> {
  const memoryMb = configuredMemoryMb();
  const rows: MemoryRow[] = [];
  for (const n of counts) {
    const row = await memoryRun(n, memoryMb);
    rows.push(row);
    process.stderr.write(`memory n=${n}: peak ${row.peakMb.toFixed(0)} MB of ${memoryMb} MB, ${row.outcome}\n`);
    // A run that failed measured nothing: the table must not print it as a figure.
    if (!row.killed && row.revoked !== n) {
      throw new Error(`memory n=${n}: the handler revoked ${row.revoked} of ${n} roles (${row.outcome}); fix the run before quoting its memory`);
    }
  }
  return rows;
}

/** Lambda's vCPU share at a memory size: 1,769 MB buys one vCPU (AWS Lambda developer guide). */
export function vcpuShare(memoryMb: number): number {
  return memoryMb / 1769;
}

/** A Markdown table of the rows. */
export function memoryTable(rows: readonly MemoryRow[]): string {
  return [
    '| realistic roles | configured memory | peak RSS (target ≤ half) | share of configured memory | outcome | roles carrying the owned policy '
      + '| wall time | CPU time here | CPU time ÷ Lambda\'s vCPU share |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.roles.toLocaleString('en-US')} | ${r.memoryMb} MB | **${r.killed ? '> ' : ''}${r.peakMb.toFixed(0)} MB** `
      + `| ${(r.peakMb / r.memoryMb).toFixed(2)} | ${r.outcome} | ${r.revoked.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s `
      + `| ${r.cpuSeconds === undefined ? '–' : `${r.cpuSeconds.toFixed(1)} s`} `
      + `| ${r.cpuSeconds === undefined ? '–' : `${(r.cpuSeconds / vcpuShare(r.memoryMb)).toFixed(0)} s`} |`),
  ].join('\n');
}

if (require.main === module) {
  void memoryRows().then((rows) => console.log(memoryTable(rows)));
}
