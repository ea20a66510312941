/**
 * Writes the template of every case in `template-cases.ts` to a folder, for cfn-lint:
 *
 *   ts-node --prefer-ts-exts -P test/tsconfig.json test/lint/synth-templates.ts <folder>
 *
 * `.ci/lint-templates` runs it, then cfn-lint over the folder and the integ snapshots.
 */
import '../helpers/library-alias';
// The cases' cutoffs are from November 2026: synth's clock is pinned as in jest, or a later day refuses them.
import '../helpers/synth-clock';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { TEMPLATE_CASES } from './template-cases';

const out = process.argv[2];
if (!out) {
  console.error('usage: synth-templates.ts <folder>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
for (const c of TEMPLATE_CASES) {
  writeFileSync(join(out, `${c.name}.template.json`), JSON.stringify(Template.fromStack(c.stack()).toJSON(), undefined, 1));
}
console.log(`${TEMPLATE_CASES.length} templates in ${out}`);
