/**
 * Example app: `npx cdk synth` prints the template offline, with no AWS credentials.
 *
 *   npx cdk synth -c issuedBefore=2026-11-22T10:00:00Z   # the cutoff from context
 *   npx cdk synth                                         # the cutoff from a CfnParameter
 */
import { App } from 'aws-cdk-lib';
import { RevocationExampleStack } from './revocation-example-stack';

const app = new App();
new RevocationExampleStack(app, 'RevokeSessionsExample');
app.synth();
