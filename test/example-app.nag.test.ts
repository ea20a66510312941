import { App, Stack } from 'aws-cdk-lib';
import { RevocationExampleStack } from '../example/revocation-example-stack';
import { SelectionExampleStack } from '../example/selection-example-stack';
import { unsuppressedNagFindings } from './helpers/nag';

const stacks: Array<[string, (app: App) => Stack]> = [
  ['RevocationExampleStack (parameter cutoff)', (app) => new RevocationExampleStack(app, 'Example')],
  ['RevocationExampleStack (context cutoff)', () => new RevocationExampleStack(new App({ context: { issuedBefore: '2026-11-22T10:00:00Z' } }), 'Example')],
  ['SelectionExampleStack', (app) => new SelectionExampleStack(app, 'Selection', { issuedBefore: '2026-11-22T10:00:00Z' })],
];

test.each(stacks)('cdk-nag AwsSolutionsChecks finds no unsuppressed error or warning in %s', (_name, make) => {
  const app = new App();
  expect(unsuppressedNagFindings(make(app))).toEqual([]);
});
