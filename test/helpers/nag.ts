/**
 * cdk-nag `AwsSolutions` (v2) over a stack: every finding left unsuppressed, as one line each.
 */
import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

export function unsuppressedNagFindings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  return [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
}
