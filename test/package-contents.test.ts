/**
 * What `npm pack` ships: the library and its docs, never the example's `cdk.out/`, sources,
 * tests or tooling. `npm pack --dry-run --json --ignore-scripts` lists the tarball without
 * building or writing it.
 */
import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const ROOT = join(__dirname, '..');

/** Everything the tarball may hold. */
const ALLOWED = [
  /^lib\/.+\.(js|d\.ts)$/,
  /^assets\/.+/,
  /^(README|API|SECURITY)\.md$/,
  /^LICENSE$/,
  /^package\.json$/,
  /^\.jsii$/,
  /^\.jsii\.tabl\.json$/, // rosetta's translations of the README examples
  /^docs\/[\w-]+\.md$/, // the incident runbook the README links to
  /^rosetta\/[\w-]+\.ts-fixture$/, // Construct Hub compiles the README examples with it
];

/** What must never ship, even if it exists when someone packs. */
const FORBIDDEN = /^(cdk\.out|example|test|bench|\.ci|src|dist|coverage|test-reports|projenrc|\.projen|node_modules)\/|^cdk\.(json|context\.json)$|\.tgz$|^\.projenrc\.ts$|^tsconfig/;

function packedFiles(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path).sort();
}

test('a checkout with every build and synth output packs only the library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'package-contents-'));
  try {
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, '.npmignore'), join(dir, '.npmignore'));
    const library = [
      'lib/index.js', 'lib/index.d.ts', 'lib/cutoff/cutoff.js', 'lib/cutoff/cutoff.d.ts',
      'assets/revoke-older-sessions/revoke-older-sessions.lambda/index.js',
      'README.md', 'API.md', 'SECURITY.md', 'LICENSE', '.jsii', '.jsii.tabl.json',
      'docs/incident-runbook.md', 'rosetta/default.ts-fixture',
    ];
    const strays = [
      // `npx cdk synth` of the example, before packaging, wrote these (91 KB, 17 files once).
      'cdk.out/manifest.json', 'cdk.out/tree.json', 'cdk.out/RevokeSessionsExample.template.json',
      'cdk.out/asset.0123abcd/index.js', 'cdk.context.json', 'cdk.json',
      'example/app.ts', 'src/index.ts', 'src/cutoff/cutoff.ts', 'test/cutoff/cutoff.test.ts',
      'test/cdk-integ.out.integ.revoke-older-sessions.ts.snapshot/manifest.json',
      'bench/run.ts', 'BENCHMARKS.md', '.ci/run', 'projenrc/tsconfig.json', '.projenrc.ts', '.projen/tasks.json',
      'tsconfig.json', 'tsconfig.tsbuildinfo', 'coverage/lcov.info', 'test-reports/junit.xml', 'junit.xml',
      'dist/js/cdk-revoke-sessions-0.0.0.tgz', 'dist/code/python/setup.py', 'cdk-revoke-sessions-0.0.0.tgz',
      '.eslintrc.json', '.gitattributes', '.github/workflows/build.yml', 'lib/index.d.ts.map',
    ];
    for (const file of [...library, ...strays]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), 'x');
    }
    expect(packedFiles(dir)).toEqual(['package.json', ...library].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The bundle of every handler (`src/<feature>/<name>.lambda.ts`), which an app's synth needs. */
const HANDLER_ASSETS = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.lambda.ts'))
  .map((f) => `assets/${f.replace(/\\/g, '/').replace(/\.ts$/, '')}/index.js`)
  .sort();

test('this checkout packs every handler bundle (npm test bundles them first)', () => {
  expect(HANDLER_ASSETS.length).toBeGreaterThanOrEqual(3);
  expect(packedFiles(ROOT).filter((f) => f.startsWith('assets/'))).toEqual(expect.arrayContaining(HANDLER_ASSETS));
});

test('this checkout packs nothing outside the allowlist', () => {
  // lib/ and assets/ exist only after a build; whatever else is here must not be listed.
  const files = packedFiles(ROOT);
  expect(files.filter((f) => FORBIDDEN.test(f))).toEqual([]);
  expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'API.md']));
});
