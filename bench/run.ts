/**
 * `npm run bench`: synth cost of three ways to revoke N roles, handler throughput against the
 * loopback IAM endpoint (a test double, not AWS), the function bundle size, and the bundled
 * handler's peak memory at realistic scale. Prints markdown and writes BENCHMARKS.md. Every
 * figure is a median over repeated runs in this one process, unless its section says otherwise.
 *
 * `npm run bench -- memory` (or `synth`, `throughput`, `organization`, `bundle`, several at once)
 * runs only those sections and replaces only them in BENCHMARKS.md.
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
import { configuredMemoryMb, lambdaHeapFlags, memoryRows, memoryTable, vcpuShare } from './memory';
import { organizationRows, organizationTable } from './organization';
import { switchRows, switchTable } from './switch';
import { NO_GRANT } from '../src/core/engine/grants';
import { buildRevocationDocument } from '../src/core/revocation-document';
import { createHandler } from '../src/revoke-older-sessions/revoke-older-sessions.lambda';
import { CONTEXT, createEvent, props, updateEvent } from '../test/helpers/events';
import { LoopbackIam } from '../test/helpers/loopback-iam';

const CUTOFF = '2026-11-22T10:00:00Z';
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1_000_000;
const LOOPBACK = { ratePerSecond: 100, burst: 20, latencyMs: [20, 50] as const };
const quick = process.argv.includes('--quick');
/** `npm run bench -- switch`: only the account switch's section, rewritten in place in BENCHMARKS.md. */

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

/** A first revocation of the selection, then a bump of its cutoff (a new policy per role, then the old one deleted). */
async function handlerRun(kind: SelectionKind, n: number): Promise<{ first: RunStats; bump: RunStats }> {
  const { value, endpoint } = await withEndpoint(kind, n, async (e) => {
    // Served as the construct serves it: add and raise only.
    const handler = createHandler({ iam: e.client(), phase: 'sync', protectedRoles: new Set(), grants: () => NO_GRANT });
    const { RoleArns: _explicit, ...rest } = props();
    const selection = kind === 'name pattern'
      ? { Selection: 'name-pattern', NamePattern: 'incident-role-*' }
      : { Selection: 'tagged', TagKey: 'incident' };
    const failedOf = (err: Error) => Number(/failed to revoke (\d+)/.exec(err.message)?.[1] ?? n);
    const first = { ...rest, ...selection };
    const created = await timed(() => handler(createEvent(first), CONTEXT).then(() => 0, failedOf));
    const calls = e.calls.length;
    const later = { ...first, IssuedBefore: '2026-11-22T10:20:00Z' };
    const bumped = await timed(() => handler(updateEvent(later, first), CONTEXT).then(() => 0, failedOf));
    return { created, bumped, calls };
  });
  // Every selected role must now carry exactly one owned policy, at the bumped cutoff.
  const selected = [...endpoint.roles.values()].filter((r) => kind === 'name pattern' || r.tags.incident === 'ir-42');
  const missing = selected.filter((r) => [...r.policies.keys()].filter((k) => k.startsWith('AWSRevokeOlderSessions-') && k.endsWith('T102000Z')).length !== 1
    || r.policies.size !== 1).length;
  const firstCalls = endpoint.calls.slice(0, value.calls);
  const bumpCalls = endpoint.calls.slice(value.calls);
  const part = (calls: typeof endpoint.calls, ms: number, failed: number): RunStats => {
    const throttled = calls.filter((c) => c.code === 'Throttling').length;
    return { ms, served: calls.length - throttled, throttled, failed, revoked: selected.length - failed };
  };
  return {
    first: part(firstCalls, value.created.ms, value.created.value),
    bump: { ...part(bumpCalls, value.bumped.ms, Math.max(value.bumped.value, missing)) },
  };
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

interface ThroughputRow { kind: SelectionKind; n: number; runs: number; handler: RunStats; bump: RunStats; naive?: RunStats }

/** The previous handler's calls per revoked role: ListRoles pages aside, 3 per role (5 with tags). */
const PREVIOUS_CALLS_PER_ROLE: Record<SelectionKind, string> = { 'name pattern': '3.00', 'tag (half the account tagged)': '5.00' };

async function throughputTable(): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const plan: Array<[number, number]> = quick ? [[400, 1]] : [[400, 3], [1000, 3], [5000, 1]];
  for (const kind of ['name pattern', 'tag (half the account tagged)'] as SelectionKind[]) {
    for (const [n, runs] of plan) {
      const results: Array<{ first: RunStats; bump: RunStats }> = [];
      for (let r = 0; r < runs; r++) {
        results.push(await handlerRun(kind, n));
        process.stderr.write(`handler ${kind} n=${n} run ${r + 1}: ${(results[r].first.ms / 1000).toFixed(1)} s, ${results[r].first.served} served, `
          + `${results[r].first.throttled} throttled, ${results[r].first.failed} failed; bump ${(results[r].bump.ms / 1000).toFixed(1)} s, `
          + `${results[r].bump.served} served, ${results[r].bump.failed} failed\n`);
      }
      const mid = results.sort((a, b) => a.first.ms - b.first.ms)[Math.floor(runs / 2)];
      // The naive loop is latency-bound: one run at the smallest size only.
      const naive = kind === 'name pattern' && n === plan[0][0] ? await naiveRun(n) : undefined;
      rows.push({ kind, n, runs, handler: mid.first, bump: mid.bump, naive });
    }
  }
  return rows;
}

function throughputMarkdown(rows: ThroughputRow[]): string {
  const lines = [
    '| selection | roles revoked | runs | IAM calls served | calls per revoked role (target ≤ 1.05; previous handler) | wall time (median) '
      + '| roles/s | roles/s ÷ endpoint rate (target ≥ 0.85) | throttled answers | failed roles | bump: calls per role | bump: wall time | bump: failed roles '
      + '| naive sequential loop |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const perRole = r.handler.served / Math.max(1, r.handler.revoked);
    const rolesPerSecond = r.handler.revoked / (r.handler.ms / 1000);
    const naive = r.naive ? `${(r.naive.ms / 1000).toFixed(1)} s` : '–';
    lines.push(`| ${r.kind} | ${r.handler.revoked.toLocaleString('en-US')} | ${r.runs} | ${r.handler.served.toLocaleString('en-US')} `
      + `| **${perRole.toFixed(3)}** (${PREVIOUS_CALLS_PER_ROLE[r.kind]}) | ${(r.handler.ms / 1000).toFixed(1)} s | ${rolesPerSecond.toFixed(1)} `
      + `| **${(rolesPerSecond / LOOPBACK.ratePerSecond).toFixed(2)}** | ${r.handler.throttled} | ${r.handler.failed} `
      + `| **${(r.bump.served / Math.max(1, r.bump.revoked)).toFixed(3)}** | ${(r.bump.ms / 1000).toFixed(1)} s | ${r.bump.failed} | ${naive} |`);
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

/** One section of BENCHMARKS.md: `## <n>. <title>`, an introduction, and its table. */
interface Section {
  readonly title: string;
  readonly intro: () => string;
  readonly table: () => Promise<string>;
}

const SECTIONS: Record<string, Section> = {
  synth: {
    title: 'Synth: revoking N roles three ways',
    intro: () => `Roles are imported by ARN, so the templates hold only the revocation. Synth time is \`app.synth()\` for a fresh app.
CloudFormation refuses a template over ${MAX_RESOURCES} resources or 1 MB.`,
    table: async () => synthMarkdown(await synthTable()),
  },
  throughput: {
    title: 'Handler throughput against the loopback IAM endpoint',
    intro: () => `**The endpoint is a test double** (\`test/helpers/loopback-iam.ts\`), not AWS: awsQuery over HTTP on 127.0.0.1, a token
bucket of ${LOOPBACK.ratePerSecond} requests/s with a burst of ${LOOPBACK.burst}, ${LOOPBACK.latencyMs[0]}–${LOOPBACK.latencyMs[1]} ms latency per answer, and
\`Throttling: Rate exceeded\` (HTTP 400) past the limit. The real handler and SDK client run unmocked with default settings,
revoking a \`RoleSelection.namePattern\` over an account of N roles, or a \`RoleSelection.tagged\` over an account of 2N roles
of which N carry the tag. The handler reads the account in pages (\`GetAccountAuthorizationDetails\` for paths, tags and
documents, 100 roles a page, \`ListRoles\` for session durations, 1,000 a page), writes one \`PutRolePolicy\` per role whose owned
policy changes, and verifies with one more batched read. Calls per revoked role counts every answered call (throttled answers
excluded; they are retried through the pacer, not failures); the previous handler's figure is beside it. The bump then moves the
same selection's cutoff later: a new write-once policy per role, a batched verification, then one \`DeleteRolePolicy\` per role
for the policy it supersedes; it is checked to leave exactly one policy, at the new cutoff, on every role. Roles/s ÷ endpoint
rate is the share of the endpoint's capacity that became revocations (1.0 is the physical ceiling; the burst lets small runs
pass it). The naive loop is one role after another (GetRolePolicy, PutRolePolicy) with the SDK's default retries.`,
    table: async () => throughputMarkdown(await throughputTable()),
  },
  organization: {
    title: 'One role name across an organization: one SCP against one write per account',
    intro: () => `API calls counted on the loopback Organizations and IAM endpoints (test doubles, not AWS). \`RevokeOrganizationSessions\`
creates one SCP and attaches it to the root, whatever the number of accounts; a later cutoff writes a new SCP, reads
it back, and only then detaches and deletes the earlier one (SCPs are written once, never updated). The per-account path deploys
\`RevokeOlderSessions\` in every account (for example with a StackSet), measured once and multiplied by N.`,
    table: async () => organizationTable(await organizationRows()),
  },
  bundle: {
    title: 'Function bundle',
    intro: () => '',
    table: async () => bundleMarkdown(),
  },
  switch: {
    title: 'The account switch: one version against one write per role',
    intro: () => `Against the same loopback IAM endpoint (**a test double**, not AWS: ${LOOPBACK.ratePerSecond} requests/s, a burst of ${LOOPBACK.burst},
${LOOPBACK.latencyMs[0]}–${LOOPBACK.latencyMs[1]} ms per answer). The account holds N roles. \`RevocationSwitch\` first arms them (its Create, idle: one
batched read, one \`AttachRolePolicy\` per role, one listing to verify); the incident is then one Update with a cutoff:
\`ListPolicyVersions\`, \`GetPolicyVersion\` and \`CreatePolicyVersion\` as the default put the revocation in force on every armed role, then a
fresh listing verifies it, the superseded version is deleted, and the batched read of the roles checks what is armed and revokes inline
what is not. The per-role path is \`RevokeOlderSessions\` with a name-pattern selection over an account of the same N roles. Both
handlers run unmodified with the real SDK client and pacer. "Until in force" ends with the answer to \`CreatePolicyVersion\`.`,
    table: async () => switchTable(await switchRows(LOOPBACK, quick ? [400] : [400, 5000])),
  },
  memory: {
    title: 'Memory of the bundled handler at realistic scale',
    intro: () => {
      const mb = configuredMemoryMb();
      return `The bundled handler (\`assets/revoke-older-sessions/revoke-older-sessions.lambda/index.js\`, what the construct deploys) in a
child process, revoking a \`RoleSelection.namePattern('svc-*')\` (a Create, \`start\` phase) over N roles that look like a real
account's (\`test/helpers/realistic-roles.ts\`: a trust policy of 600 characters, three inline policies of about 7 KB together,
10 tags, two managed policies, a permissions boundary, an instance profile for every third role), served by the loopback IAM
(a **test double**, unlimited rate) as \`GetAccountAuthorizationDetails\` really answers (URL-encoded documents, each instance
profile repeating the role). The child is held to the function's configured memory (${mb} MB, read from the synthesized
template) as Lambda holds it: V8 gets the heap flags Lambda's Node.js bootstrap passes (\`${lambdaHeapFlags(mb).join(' ')}\`),
and the process is killed (SIGKILL) as soon as its resident set passes ${mb} MB, as Lambda kills a function over its memory.
Peak RSS is the child's high-water mark (\`VmHWM\`, \`process.resourceUsage().maxRSS\`). One run per row. CPU time is the
child's (user + system) on this machine; Lambda gives ${mb} MB ${vcpuShare(mb).toFixed(2)} of a vCPU (1,769 MB = 1 vCPU), so CPU
time ÷ that share is roughly how long the same work takes there when the CPU, not IAM, is the bottleneck.`;
    },
    table: async () => memoryTable(await memoryRows(quick ? [1000] : [1000, 5000])),
  },
};

/** Replaces (or appends) `## <n>. <title>` sections of an existing BENCHMARKS.md. */
function replaceSections(existing: string, sections: Map<string, string>): string {
  let out = existing;
  for (const [title, body] of sections) {
    const at = out.search(new RegExp(`^## \\d+\\. ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    if (at < 0) {
      const n = (out.match(/^## \d+\./gm) ?? []).length + 1;
      out = `${out.trimEnd()}\n\n## ${n}. ${body}`;
      continue;
    }
    const heading = out.slice(at).match(/^## \d+\. /)![0];
    const next = out.indexOf('\n## ', at + 1);
    out = out.slice(0, at) + heading + body + (next < 0 ? '' : '\n' + out.slice(next + 1));
  }
  return out;
}

async function main(): Promise<void> {
  // The handler logs one JSON line per role; the tables go to stdout.
  console.log = () => undefined;
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((a) => !(a in SECTIONS));
  if (unknown.length > 0) {
    throw new Error(`unknown bench section ${unknown.join(', ')}; choose among ${Object.keys(SECTIONS).join(', ')}`);
  }
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS);
  const started = new Date().toISOString();
  // Other builds on the machine slow the throughput rows: the load is part of the figure.
  const load = os.loadavg()[0].toFixed(1);
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const bodies = new Map<string, string>();
  for (const name of names) {
    const section = SECTIONS[name];
    const table = await section.table();
    const intro = section.intro();
    bodies.set(section.title, `${section.title}\n\n${intro ? `${intro}\n\n` : ''}${table}\n`);
  }
  const file = path.join(__dirname, '../BENCHMARKS.md');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `# Benchmarks

Produced by \`npm run bench\` (\`bench/run.ts\`) at commit \`${commit}\`, started ${started} (load average ${load}), on one machine
in one run: ${os.cpus().length} × ${cpu}, Node.js ${process.version}. Medians over the stated runs. These machines are noisy: compare
rows within this file, not with other machines.
`;
  let md: string;
  if (asked.length === 0 || !fs.existsSync(file)) {
    md = `${header}\n${[...bodies.values()].map((b, i) => `## ${i + 1}. ${b}`).join('\n')}`;
  } else {
    // A partial run says so under the heading of each section it replaced.
    const stamped = new Map([...bodies].map(([t, b]) => [t, b.replace('\n\n', `\n\n_Measured alone (\`npm run bench -- ${names.join(' ')}\`) at commit \`${commit}\`, started ${started}, load average ${load}._\n\n`)]));
    md = replaceSections(fs.readFileSync(file, 'utf8'), stamped);
  }
  fs.writeFileSync(file, md);
  process.stdout.write([...bodies.values()].join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
