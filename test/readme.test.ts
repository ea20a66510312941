/**
 * The README stays true about what the constructs do: its warnings table lists every warning id
 * the source emits (and no other), and its commands never carry a fixed cutoff that would age
 * into the "revokes nothing" warning.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

function sourceFiles(): string[] {
  return (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('-function.ts'))
    .map((f) => read(join('src', f)));
}

/** Every id passed to `addWarningV2`, literal or through a constant. */
function emittedWarningIds(): string[] {
  const sources = sourceFiles();
  const constants = new Map<string, string>();
  for (const source of sources) {
    for (const m of source.matchAll(/const (\w+) = '(cdk-revoke-sessions:\w+)'/g)) {
      constants.set(m[1], m[2]);
    }
  }
  const ids = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/addWarningV2\(\s*([\w.]+|'[^']+')/g)) {
      const arg = m[1].startsWith("'") ? m[1].slice(1, -1) : constants.get(m[1].split('.').pop()!);
      if (arg === undefined) {
        throw new Error(`addWarningV2(${m[1]}, ...) uses an id this test cannot resolve; define it as a const 'cdk-revoke-sessions:...'`);
      }
      ids.add(arg);
    }
  }
  return [...ids].sort();
}

test('the README warnings table lists every warning id the constructs emit, and only those', () => {
  const emitted = emittedWarningIds();
  const listed = [...read('README.md').matchAll(/^\| `(cdk-revoke-sessions:\w+)` \|/gm)].map((m) => m[1]).sort();
  expect(emitted.length).toBeGreaterThanOrEqual(9);
  expect(listed).toEqual(emitted);
});

test.each(['README.md', 'docs/incident-runbook.md', 'incident-starter/README.md', 'incident-starter/bin/incident.ts'])(
  '%s: no cdk command carries a fixed cutoff', (file) => {
    // A literal instant in a command ages: 36 hours later it revokes nothing and synth warns.
    const fixed = read(file).split('\n').filter((line) => /cdk (synth|deploy|diff)\b.*(issuedBefore|IssuedBefore)=\d{4}-/.test(line));
    expect(fixed).toEqual([]);
  });
