/**
 * Deploy-time proof of the targeted denies against a real account (`npx integ-runner
 * --update-on-failed` with credentials). CI only verifies the committed snapshot, offline.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeniedPrincipal, DenyAllSessions, DenyInResourcePolicy, DenyPrincipals, DenySessions, SessionId } from '../src';
import { simulate, TEST_ACTION } from './integ-helpers/simulation';

const app = new App();
const stack = new Stack(app, 'TargetedDeniesInteg');
const worker = (id: string, actions = [TEST_ACTION]) => new iam.Role(stack, id, {
  assumedBy: new iam.AccountRootPrincipal(),
  inlinePolicies: { Work: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions, resources: ['*'] })] }) },
});

const shutdown = worker('Shutdown');
new DenyAllSessions(stack, 'DenyAll', { roles: [shutdown] });

const principal = worker('Principal');
new DenyPrincipals(stack, 'DenyPrincipal', { principals: [DeniedPrincipal.fromRole(principal)] });

const sessions = worker('Sessions');
new DenySessions(stack, 'DenySession', { sessions: [SessionId.ofRoleSession(sessions, 'leaked-session')] });

// An IAM user: the deny is attached to the user itself.
const contractor = new iam.User(stack, 'Contractor');
contractor.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [TEST_ACTION], resources: ['*'] }));
new DenyPrincipals(stack, 'DenyUser', { principals: [DeniedPrincipal.fromUser(contractor)] });

// A federated user: its requests are judged by the IAM user that minted it, which gets the deny.
const broker = new iam.User(stack, 'Broker');
broker.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [TEST_ACTION], resources: ['*'] }));
new DenySessions(stack, 'DenyFederated', { sessions: [SessionId.ofFederatedUser(broker, 'leaked-contractor')] });

const reader = worker('Reader', ['s3:GetObject']);
const bucket = new s3.Bucket(stack, 'Data', { removalPolicy: RemovalPolicy.DESTROY, enforceSSL: true });
new DenyInResourcePolicy(stack, 'DenyOnBucket', { resource: bucket, principals: [DeniedPrincipal.fromRole(reader)] });

const integ = new IntegTest(app, 'TargetedDeniesTest', { testCases: [stack], regions: ['us-east-1'] });

simulate(integ, shutdown, {}).expectDecision('explicitDeny');

simulate(integ, principal, { 'aws:PrincipalArn': principal.roleArn }).expectDecision('explicitDeny');

const sessionOf = (name: string) => ({ 'aws:PrincipalArn': sessions.roleArn, 'aws:userId': `AROAINTEGEXAMPLE0001:${name}` });
simulate(integ, sessions, sessionOf('leaked-session')).expectDecision('explicitDeny');
simulate(integ, sessions, sessionOf('good-session')).expectDecision('allowed');

simulate(integ, contractor, { 'aws:PrincipalArn': contractor.userArn }).expectDecision('explicitDeny');

const federated = (name: string) => ({ 'aws:PrincipalArn': `arn:${stack.partition}:sts::${stack.account}:federated-user/${name}`, 'aws:userId': `${stack.account}:${name}` });
simulate(integ, broker, federated('leaked-contractor')).expectDecision('explicitDeny');
simulate(integ, broker, federated('healthy-contractor')).expectDecision('allowed');

const bucketPolicy = integ.assertions.awsApiCall('S3', 'getBucketPolicy', { Bucket: bucket.bucketName }, ['Policy']);
const object = bucket.arnForObjects('report.csv');
simulate(integ, reader, { 'aws:PrincipalArn': reader.roleArn },
  { action: 's3:GetObject', resourceArn: object, resourcePolicy: bucketPolicy.getAttString('Policy') }).expectDecision('explicitDeny');
simulate(integ, reader, { 'aws:PrincipalArn': reader.roleArn }, { action: 's3:GetObject', resourceArn: object }).expectDecision('allowed');
