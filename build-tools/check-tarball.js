// Fails when a packed tarball lacks a handler bundle: an app using it would fail to synth with
// CannotFindAsset. Every src/<feature>/<name>.lambda.ts must be in assets/<feature>/<name>.lambda/index.js.
const { execFileSync } = require('child_process');
const { readdirSync } = require('fs');
const { join } = require('path');

const dir = process.argv[2] ?? 'dist/js';
const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
if (tarballs.length === 0) {
  console.error(`no tarball in ${dir}`);
  process.exit(1);
}
const expected = readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.lambda.ts'))
  .map((f) => `package/assets/${f.replace(/\\/g, '/').replace(/\.ts$/, '')}/index.js`);
let failed = false;
for (const tarball of tarballs) {
  const files = new Set(execFileSync('tar', ['tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n'));
  const missing = expected.filter((f) => !files.has(f));
  if (missing.length > 0) {
    console.error(`${tarball} lacks the handler bundles ${missing.join(', ')}; run npx projen bundle before packaging`);
    failed = true;
  } else {
    console.log(`${tarball}: all ${expected.length} handler bundles packed`);
  }
}
process.exit(failed ? 1 : 0);
