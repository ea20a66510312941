/**
 * The split between code bundled into the handlers and synth-only code: every module an entry
 * point (`*.lambda.ts`) reaches, import by import, stays free of aws-cdk-lib, constructs and
 * src/synth, so a handler never bundles (or breaks on) the CDK.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');

function entryPoints(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? entryPoints(p) : e.name.endsWith('.lambda.ts') ? [p] : [];
  });
}

/** Every local module `entry` reaches, with the bare imports each one makes. */
function closure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) {
      return;
    }
    const text = fs.readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1]);
    seen.set(file, specs.filter((s) => !s.startsWith('.')));
    for (const spec of specs.filter((s) => s.startsWith('.'))) {
      const resolved = path.resolve(path.dirname(file), spec);
      const candidate = [`${resolved}.ts`, path.join(resolved, 'index.ts')].find((c) => fs.existsSync(c));
      if (candidate) {
        visit(candidate);
      }
    }
  };
  visit(entry);
  return seen;
}

const entries = entryPoints(SRC);

test('there are handler entry points to check', () => {
  expect(entries.length).toBeGreaterThanOrEqual(3);
});

test.each(entries.map((e) => [path.relative(SRC, e), e]))('%s bundles no aws-cdk-lib, constructs or synth-only module', (_name, entry) => {
  const offending: string[] = [];
  for (const [file, bare] of closure(entry)) {
    const rel = path.relative(SRC, file);
    if (rel.startsWith(`synth${path.sep}`)) {
      offending.push(`${rel} is synth-only`);
    }
    bare.filter((s) => s === 'constructs' || s === 'aws-cdk-lib' || s.startsWith('aws-cdk-lib/'))
      .forEach((s) => offending.push(`${rel} imports ${s}`));
  }
  expect(offending).toEqual([]);
});
