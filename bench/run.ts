/**
 * `npm run bench`: synth cost of three ways to revoke N roles, handler throughput against the
 * loopback IAM endpoint (a test double, not AWS), and the function bundle size. Prints markdown
 * and writes BENCHMARKS.md. Every figure is a median over repeated runs in this one process.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Cutoff, RevokeOlderSessions, RoleSelection } from '../src';
import { organizationRows, organizationTable } from './organization';
import { switchRows, switchTable } from './switch';
import { buildRevocationDocument } from '../src/core/revocation-document';
import { createHandler } from '../src/revoke-older-sessions/revoke-older-sessions.lambda';
import { CONTEXT, createEvent, props } from '../test/helpers/events';
import { LoopbackIam } from '../test/helpers/loopback-iam';

const CUTOFF = '2026-11-22T10:00:00Z';
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1_000_000;
const LOOPBACK = { ratePerSecond: 100, burst: 20, latencyMs: [20, 50] as const };
const quick = process.argv.includes('--quick');
/** `npm run bench -- switch`: only the account switch's section, rewritten in place in BENCHMARKS.md. */
const switchOnly = process.argv.includes('switch');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

// ---------------------------------------------------------------- 1. synth

type Approach = (stack: Stack, roles: iam.IRole[]) => void;

const APPROACHES: Record<string, Approach> = {
  'this library, explicit roles': (stack, roles) => {
    new RevokeOlderSessions(stack, 'Revoke', { roles, issuedBefore: Cutoff.at(CUTOFF) });
  },
  'this library, RoleSelection.namePattern': (stack) => {
    new RevokeOlderSessions(stack, 'Revoke', { selection: RoleSelection.namePattern('incident-role-*'), issuedBefore: Cutoff.at(CUTOFF) });
  },
  'AwsCustomResource per role': (stack, roles) => {
    const document = buildRevocationDocument([{ sid: 'Revoke', cutoffMs: Date.parse(CUTOFF) }]);
    roles.forEach((role, i) => new cr.AwsCustomResource(stack, `Put${i}`, {
      onUpdate: {
        service: 'IAM',
        action: 'putRolePolicy',
        parameters: { RoleName: role.roleName, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: document },
        physicalResourceId: cr.PhysicalResourceId.of(`revoke-${i}`),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [role.roleArn] }),
      installLatestAwsSdk: false,
    }));
  },
  'iam.Policy per role': (stack, roles) => {
    roles.forEach((role, i) => new iam.Policy(stack, `Deny${i}`, {
      roles: [role],
      statements: [new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['*'],
        resources: ['*'],
        conditions: { DateLessThan: { 'aws:TokenIssueTime': CUTOFF } },
      })],
    }));
  },
};

interface SynthRow { approach: string; n: number; ms?: number; bytes?: number; resources?: number; error?: string }

function synthOnce(approach: Approach, n: number, outdir: string): { bytes: number; resources: number } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
  const roles = Array.from({ length: n }, (_, i) => iam.Role.fromRoleArn(stack, `R${i}`, `arn:aws:iam::111122223333:role/team/incident-role-${i}`));
  approach(stack, roles);
  const assembly = app.synth();
  const file = path.join(assembly.directory, assembly.getStackByName('Bench').templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { bytes: fs.statSync(file).size, resources: Object.keys(template.Resources).length };
}

async function synthTable(): Promise<SynthRow[]> {
  const rows: SynthRow[] = [];
  const sizes = quick ? [10, 100] : [10, 100, 1000, 5000];
  for (const [name, approach] of Object.entries(APPROACHES)) {
    for (const n of sizes) {
      const runs = n >= 5000 ? 3 : 5;
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
      try {
        const times: number[] = [];
        let last = { bytes: 0, resources: 0 };
        for (let r = 0; r < runs; r++) {
          const t = await timed(() => synthOnce(approach, n, outdir));
          times.push(t.ms);
          last = t.value;
        }
        rows.push({ approach: name, n, ms: median(times), ...last });
      } catch (err) {
        // CDK prefixes validation errors with a header line; the first real reason is what matters.
        const reason = String((err as Error).message).split('\n').map((l) => l.replace(/^\s*\[[^\]]*\]\s*/, '').trim())
          .find((l) => l && !l.startsWith('Validation failed')) ?? 'error';
        rows.push({ approach: name, n, error: reason.slice(0, 110) });
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      process.stderr.write(`synth ${name} n=${n} done\n`);
    }
  }
  return rows;
}

function synthMarkdown(rows: SynthRow[]): string {
  const lines = [
    '| approach | roles | synth (median) | template bytes | resources | CloudFormation limits |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.approach} | ${r.n} | refused at synth | – | – | ${r.error.replace(/\|/g, '\\|')} |`);
      continue;
    }
    const broken = [
      r.resources! > MAX_RESOURCES ? `**over ${MAX_RESOURCES} resources**` : '',
      r.bytes! > MAX_TEMPLATE_BYTES ? '**over 1 MB template**' : '',
    ].filter(Boolean).join(', ') || 'within';
    lines.push(`| ${r.approach} | ${r.n} | ${(r.ms! / 1000).toFixed(2)} s | ${r.bytes!.toLocaleString('en-US')} | ${r.resources} | ${broken} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 2. throughput

interface RunStats { ms: number; served: number; throttled: number; failed: number; revoked: number }

/** The selections the issue measures: a name pattern over n roles, and a tag over an account of 2n roles, half tagged. */
type SelectionKind = 'name pattern' | 'tag (half the account tagged)';

async function withEndpoint<T>(kind: SelectionKind, n: number,
  fn: (endpoint: LoopbackIam) => Promise<T>): Promise<{ value: T; endpoint: LoopbackIam }> {
  const endpoint = new LoopbackIam({ ...LOOPBACK });
  await endpoint.start();
  const total = kind === 'name pattern' ? n : 2 * n;
  for (let i = 0; i < total; i++) {
    endpoint.addRole(`incident-role-${String(i).padStart(5, '0')}`, { tags: i % 2 === 0 ? { incident: 'ir-42' } : {} });
  }
  try {
    return { value: await fn(endpoint), endpoint };
  } finally {
    await endpoint.stop();
  }
}

function statsOf(endpoint: LoopbackIam, ms: number, failed: number, revoked: number): RunStats {
  const throttled = endpoint.calls.filter((c) => c.code === 'Throttling').length;
  return { ms, served: endpoint.calls.length - throttled, throttled, failed, revoked };
}

async function handlerRun(kind: SelectionKind, n: number): Promise<RunStats> {
  const { value, endpoint } = await withEndpoint(kind, n, async (e) => {
    const handler = createHandler({ iam: e.client(), phase: 'sync', protectedRoles: new Set() });
    const { RoleArns: _explicit, ...rest } = props();
    const selection = kind === 'name pattern'
      ? { Selection: 'name-pattern', NamePattern: 'incident-role-*' }
      : { Selection: 'tagged', TagKey: 'incident' };
    const event = createEvent({ ...rest, ...selection });
    return timed(() => handler(event, CONTEXT).then(() => 0, (err: Error) => Number(/failed to revoke (\d+)/.exec(err.message)?.[1] ?? n)));
  });
  // Every selected role must now carry its owned policy.
  const selected = [...endpoint.roles.values()].filter((r) => kind === 'name pattern' || r.tags.incident === 'ir-42');
  const missing = selected.filter((r) => ![...r.policies.keys()].some((k) => k.startsWith('AWSRevokeOlderSessions-'))).length;
  return statsOf(endpoint, value.ms, Math.max(value.value, missing), selected.length - missing);
}

/** What a hand-written script does: one role after another, SDK defaults (3 attempts). */
async function naiveRun(n: number): Promise<RunStats> {
  const document = buildRevocationDocument([{ sid: 'Revoke', cutoffMs: Date.parse(CUTOFF) }]);
  const { value, endpoint } = await withEndpoint('name pattern', n, async (e) => {
    const client = e.client({ maxAttempts: 3 });
    let failed = 0;
    const t = await timed(async () => {
      for (const role of e.roles.keys()) {
        try {
          await client.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'AWSRevokeOlderSessions' })).catch((err) => {
            if (err.name !== 'NoSuchEntityException') {
              throw err;
            }
          });
          await client.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: document }));
        } catch {
          failed++;
        }
      }
    });
    return { ms: t.ms, failed };
  });
  return statsOf(endpoint, value.ms, value.failed, n - value.failed);
}

interface ThroughputRow { kind: SelectionKind; n: number; runs: number; handler: RunStats; naive?: RunStats }

/** The previous handler's calls per revoked role: ListRoles pages aside, 3 per role (5 with tags). */
const PREVIOUS_CALLS_PER_ROLE: Record<SelectionKind, string> = { 'name pattern': '3.00', 'tag (half the account tagged)': '5.00' };

async function throughputTable(): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const plan: Array<[number, number]> = quick ? [[400, 1]] : [[400, 3], [1000, 3], [5000, 1]];
  for (const kind of ['name pattern', 'tag (half the account tagged)'] as SelectionKind[]) {
    for (const [n, runs] of plan) {
      const results: RunStats[] = [];
      for (let r = 0; r < runs; r++) {
        results.push(await handlerRun(kind, n));
        process.stderr.write(`handler ${kind} n=${n} run ${r + 1}: ${(results[r].ms / 1000).toFixed(1)} s, ${results[r].served} served, `
          + `${results[r].throttled} throttled, ${results[r].failed} failed\n`);
      }
      const mid = results.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)];
      // The naive loop is latency-bound: one run at the smallest size only.
      const naive = kind === 'name pattern' && n === plan[0][0] ? await naiveRun(n) : undefined;
      rows.push({ kind, n, runs, handler: mid, naive });
    }
  }
  return rows;
}

function throughputMarkdown(rows: ThroughputRow[]): string {
  const lines = [
    '| selection | roles revoked | runs | IAM calls served | calls per revoked role (target ≤ 1.05; previous handler) | wall time (median) '
      + '| roles/s | roles/s ÷ endpoint rate (target ≥ 0.85) | throttled answers | failed roles | naive sequential loop |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const perRole = r.handler.served / Math.max(1, r.handler.revoked);
    const rolesPerSecond = r.handler.revoked / (r.handler.ms / 1000);
    const naive = r.naive ? `${(r.naive.ms / 1000).toFixed(1)} s` : '–';
    lines.push(`| ${r.kind} | ${r.handler.revoked.toLocaleString('en-US')} | ${r.runs} | ${r.handler.served.toLocaleString('en-US')} `
      + `| **${perRole.toFixed(3)}** (${PREVIOUS_CALLS_PER_ROLE[r.kind]}) | ${(r.handler.ms / 1000).toFixed(1)} s | ${rolesPerSecond.toFixed(1)} `
      + `| **${(rolesPerSecond / LOOPBACK.ratePerSecond).toFixed(2)}** | ${r.handler.throttled} | ${r.handler.failed} | ${naive} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 3. bundle

function bundleMarkdown(): string {
  const ours = path.join(__dirname, '../assets/revoke-older-sessions/revoke-older-sessions.lambda/index.js');
  const cdkLib = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const theirs = path.join(cdkLib, 'custom-resource-handlers/dist/custom-resources/aws-custom-resource-handler/index.js');
  const cdkVersion = JSON.parse(fs.readFileSync(path.join(cdkLib, 'package.json'), 'utf8')).version;
  const a = fs.statSync(ours).size;
  const b = fs.statSync(theirs).size;
  return [
    '| function asset | bytes |',
    '|---|---:|',
    `| this library's handler (\`assets/revoke-older-sessions/revoke-older-sessions.lambda/index.js\`, SDK from the runtime) | ${a.toLocaleString('en-US')} |`,
    `| \`AwsCustomResource\` handler (aws-cdk-lib ${cdkVersion}) | ${b.toLocaleString('en-US')} |`,
    `| ratio | ${(a / b).toFixed(2)} |`,
  ].join('\n');
}

const SWITCH_HEADING = '## 5. The account switch: one version against one write per role';

function switchSection(table: string, started: string, commit: string): string {
  return `${SWITCH_HEADING}

Measured in this run (started ${started}, commit \`${commit}\`) against the same loopback IAM endpoint (**a test double**, not AWS: ${LOOPBACK.ratePerSecond}
requests/s, a burst of ${LOOPBACK.burst}, ${LOOPBACK.latencyMs[0]}–${LOOPBACK.latencyMs[1]} ms per answer). The account holds N roles. \`RevocationSwitch\` first arms them
(its Create, idle: one batched read, one \`AttachRolePolicy\` per role, one listing to verify); the incident is then one Update with a cutoff:
\`ListPolicyVersions\`, \`GetPolicyVersion\` and \`CreatePolicyVersion\` as the default put the revocation in force on every armed role, then
a fresh listing verifies it, the superseded version is deleted, and the batched read of the roles checks what is armed and revokes inline what is
not. The per-role path is \`RevokeOlderSessions\` with a name-pattern selection over an account of the same N roles. Both handlers run
unmodified with the real SDK client and pacer. "Until in force" ends with the answer to \`CreatePolicyVersion\`.

${table}
`;
}

async function main(): Promise<void> {
  // The handler logs one JSON line per role; the tables go to stdout.
  console.log = () => undefined;
  const started = new Date().toISOString();
  if (switchOnly) {
    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const section = switchSection(switchTable(await switchRows(LOOPBACK, quick ? [400] : [400, 5000])), started, commit);
    const file = path.join(__dirname, '../BENCHMARKS.md');
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf(SWITCH_HEADING);
    const next = at < 0 ? -1 : text.indexOf('\n## ', at + SWITCH_HEADING.length);
    const updated = at < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, at)}${section}${next < 0 ? '' : text.slice(next)}`;
    fs.writeFileSync(file, updated);
    process.stdout.write(section);
    return;
  }
  const synth = synthMarkdown(await synthTable());
  const throughput = throughputMarkdown(await throughputTable());
  const organization = organizationTable(await organizationRows());
  const accountSwitch = switchTable(await switchRows(LOOPBACK, quick ? [400] : [400, 5000]));
  const bundle = bundleMarkdown();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const md = `# Benchmarks

Produced by \`npm run bench\` (\`bench/run.ts\`) at commit \`${commit}\`, started ${started}, on one machine in one run:
${os.cpus().length} × ${cpu}, Node.js ${process.version}. Medians over the stated runs. These machines are noisy: compare
rows within this file, not with other machines.

## 1. Synth: revoking N roles three ways

Roles are imported by ARN, so the templates hold only the revocation. Synth time is \`app.synth()\` for a fresh app.
CloudFormation refuses a template over ${MAX_RESOURCES} resources or 1 MB.

${synth}

## 2. Handler throughput against the loopback IAM endpoint

**The endpoint is a test double** (\`test/helpers/loopback-iam.ts\`), not AWS: awsQuery over HTTP on 127.0.0.1, a token
bucket of ${LOOPBACK.ratePerSecond} requests/s with a burst of ${LOOPBACK.burst}, ${LOOPBACK.latencyMs[0]}–${LOOPBACK.latencyMs[1]} ms latency per answer, and
\`Throttling: Rate exceeded\` (HTTP 400) past the limit. The real handler and SDK client run unmocked with default settings,
revoking a \`RoleSelection.namePattern\` over an account of N roles, or a \`RoleSelection.tagged\` over an account of 2N roles
of which N carry the tag. The handler reads the account in pages (\`GetAccountAuthorizationDetails\` for paths, tags and
documents, \`ListRoles\` for session durations, up to 1,000 roles a page), writes one \`PutRolePolicy\` per role whose owned
policy changes, and verifies with one more batched read. Calls per revoked role counts every answered call (throttled answers
excluded; they are retried through the pacer, not failures); the previous handler's figure is beside it. Roles/s ÷ endpoint
rate is the share of the endpoint's capacity that became revocations (1.0 is the physical ceiling; the burst lets small runs
pass it). The naive loop is one role after another (GetRolePolicy, PutRolePolicy) with the SDK's default retries.

${throughput}

## 3. One role name across an organization: one SCP against one write per account

API calls counted on the loopback Organizations and IAM endpoints (test doubles, not AWS). \`RevokeOrganizationSessions\`
creates one SCP and attaches it to the root, whatever the number of accounts; the per-account path deploys
\`RevokeOlderSessions\` in every account (for example with a StackSet), measured once and multiplied by N.

${organization}

## 4. Function bundle

${bundle}

${switchSection(accountSwitch, started, commit)}`;
  fs.writeFileSync(path.join(__dirname, '../BENCHMARKS.md'), md);
  process.stdout.write(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
