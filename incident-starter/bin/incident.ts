#!/usr/bin/env node
/**
 * The incident app. Edit the three constants, then:
 *
 *   npx cdk synth -c issuedBefore=$(date -u +%Y-%m-%dT%H:%M:%SZ)
 *   npx cdk deploy -c issuedBefore=<the same instant>
 */
import { App } from 'aws-cdk-lib';
import { IncidentStack } from '../lib/incident-stack';
import { synthStrictly } from '../lib/strict-synth';

// 1. The account and region to deploy to (IAM is global: any bootstrapped region works).
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
// 2. The roles whose sessions leaked: IAM role names, without path.
const ROLE_NAMES = ['payments-api'];

const app = new App();
new IncidentStack(app, 'IncidentRevocation', { env: { account: ACCOUNT, region: REGION }, roleNames: ROLE_NAMES });
// Any warning (a cutoff more than 36 hours old, a grant that had to widen) fails synth.
synthStrictly(app);
