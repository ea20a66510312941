import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RevocationExampleStack } from '../example/revocation-example-stack';
import { SelectionExampleStack } from '../example/selection-example-stack';

const stacks: Array<[string, (app: App) => Stack]> = [
  ['RevocationExampleStack (parameter cutoff)', (app) => new RevocationExampleStack(app, 'Example')],
  ['RevocationExampleStack (context cutoff)', () => new RevocationExampleStack(new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } }), 'Example')],
  ['SelectionExampleStack', (app) => new SelectionExampleStack(app, 'Selection', { issuedBefore: '2026-11-22T10:00:00Z' })],
];

test.each(stacks)('cdk-nag AwsSolutionsChecks finds no unsuppressed error or warning in %s', (_name, make) => {
  const app = new App();
  const stack = make(app);
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const findings = [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
  expect(findings).toEqual([]);
});
