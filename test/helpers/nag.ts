/**
 * cdk-nag `AwsSolutions` over a stack, whichever major is installed: cdk-nag 2 (this tree) runs as
 * an aspect and reports annotations; cdk-nag 3 (`.ci/newest-cdk`) is a policy-validation pack,
 * run here as a real synth runs it, after construct validation. Typed loosely, so this compiles
 * against either major.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as nag from 'cdk-nag';
import { IConstruct } from 'constructs';

export const NAG_MAJOR = Number((JSON.parse(readFileSync(join(dirname(require.resolve('cdk-nag')), '..', 'package.json'), 'utf8')) as { version: string })
  .version.split('.')[0]);

/** cdk-nag 3's pack. */
export interface PolicyPack {
  validateScope(scope: IConstruct): { violations: Array<{ ruleName: string; violatingResources: Array<{ constructPath: string }> }> };
}

export function v3Pack(scope?: IConstruct): PolicyPack {
  const Pack = nag.AwsSolutionsChecks as unknown as new (scope?: IConstruct, props?: { verbose?: boolean }) => PolicyPack;
  return new Pack(scope, { verbose: true });
}

/** cdk-nag 2's findings left unsuppressed, `<path>: <message>`, on paths `keep` accepts. */
export function v2Findings(stack: Stack, keep: (path: string) => boolean = () => true): string[] {
  const Pack = nag.AwsSolutionsChecks as unknown as new (props?: { verbose?: boolean }) => IAspect;
  Aspects.of(stack).add(new Pack({ verbose: true }));
  return [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].filter((f) => keep(f.id)).map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
}

/** cdk-nag 3's findings left unacknowledged, `<path>: <rule>`, on paths `keep` accepts. */
export function v3Findings(stack: Stack, keep: (path: string) => boolean = () => true): string[] {
  // As in a real synth: construct validation (where the acknowledgements are written) runs before the plugins.
  Template.fromStack(stack);
  return v3Pack().validateScope(stack).violations.flatMap((v) => v.violatingResources
    .filter((r) => keep(r.constructPath))
    .map((r) => `${r.constructPath}: ${v.ruleName}`));
}

/** Every `AwsSolutions` finding left unsuppressed, one line each, with the installed cdk-nag. */
export function unsuppressedNagFindings(stack: Stack): string[] {
  return NAG_MAJOR === 3 ? v3Findings(stack) : v2Findings(stack);
}
