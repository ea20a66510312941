/**
 * The driver that plays CloudFormation for the moto suites answers a handler that asks about its
 * stack as CloudFormation would in each phase: the SDK reads its loopback endpoint, and the phases
 * and physical ids follow the deploy, the rollback's cleanup of a replaced id, and the stack delete.
 * It needs no moto: it runs here so that it runs wherever the moto suites run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { cleanUpTemplates, CloudFormation, TemplateVersion } from '../helpers/cloudformation';

const ACCOUNT = '111122223333';
const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Probe/6c7e5f10-0000-4000-8000-0000000000bb`;
/** This file's own scratch folder (other suites synthesize beside it). */
const SCRATCH = path.join(__dirname, '..', '..', '.cfn-driver', `probe-${process.pid}`);
const SEEN = path.join(SCRATCH, 'seen.json');

/**
 * A function whose handler asks CloudFormation what the stack and the resource look like, records
 * it with the event, and answers the physical id its `Id` property names.
 */
const HANDLER = `
const { CloudFormationClient, DescribeStacksCommand, DescribeStackResourceCommand } = require('@aws-sdk/client-cloudformation');
const fs = require('fs');
exports.handler = async (event) => {
  const cfn = new CloudFormationClient({});
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: event.StackId }))).Stacks[0].StackStatus;
  let resource;
  try {
    const d = (await cfn.send(new DescribeStackResourceCommand({ StackName: event.StackId, LogicalResourceId: event.LogicalResourceId }))).StackResourceDetail;
    resource = d.ResourceStatus + ' ' + (d.PhysicalResourceId || '-');
  } catch (e) {
    resource = e.name;
  }
  const seen = fs.existsSync(process.env.SEEN) ? JSON.parse(fs.readFileSync(process.env.SEEN, 'utf8')) : [];
  seen.push([event.RequestType, event.PhysicalResourceId || '-', stack, resource].join(' | '));
  fs.writeFileSync(process.env.SEEN, JSON.stringify(seen));
  return { PhysicalResourceId: event.RequestType === 'Delete' ? event.PhysicalResourceId : event.ResourceProperties.Id };
};
`;

function version(id: string): TemplateVersion {
  return TemplateVersion.synth((stack: Stack) => {
    const dir = path.join(SCRATCH, 'handler');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.js'), HANDLER);
    const fn = new lambda.Function(stack, 'Probe', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(dir),
    });
    new CfnResource(stack, 'Thing', { type: 'Custom::Probe', properties: { ServiceToken: fn.functionArn, Id: id } });
  }, { account: ACCOUNT, stackName: 'Probe' });
}

afterAll(() => {
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  cleanUpTemplates();
});

test('the handler sees each phase, and a replaced id is deleted in the cleanup phase while the stack lists the live one', async () => {
  const cfn = new CloudFormation(STACK_ID, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAPROBE', AWS_SECRET_ACCESS_KEY: 'probe', SEEN,
  });
  try {
    const a = version('gen-a');
    const b = version('gen-b');
    await cfn.deploy(a);
    await cfn.deploy(b, a);
    await cfn.deploy(a, b, { rollback: true });
    await cfn.destroy(a);
  } finally {
    await cfn.close();
  }
  expect(JSON.parse(fs.readFileSync(SEEN, 'utf8'))).toEqual([
    'Create | - | CREATE_IN_PROGRESS | CREATE_IN_PROGRESS -',
    'Update | gen-a | UPDATE_IN_PROGRESS | UPDATE_IN_PROGRESS gen-a',
    'Delete | gen-a | UPDATE_COMPLETE_CLEANUP_IN_PROGRESS | UPDATE_COMPLETE gen-b',
    'Update | gen-b | UPDATE_ROLLBACK_IN_PROGRESS | UPDATE_IN_PROGRESS gen-b',
    'Delete | gen-b | UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS | UPDATE_COMPLETE gen-a',
    'Delete | gen-a | DELETE_IN_PROGRESS | DELETE_IN_PROGRESS gen-a',
  ]);
});

test('an unknown stack is a ValidationError, as CloudFormation answers', async () => {
  const cfn = new CloudFormation(STACK_ID, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAPROBE', AWS_SECRET_ACCESS_KEY: 'probe', SEEN });
  // The endpoint starts with the first invocation.
  await cfn.deploy(version('x'));
  const client = new CloudFormationClient({
    endpoint: cfn.cloudFormationEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAPROBE', secretAccessKey: 'probe' }, maxAttempts: 1,
  });
  try {
    await expect(client.send(new DescribeStacksCommand({ StackName: 'Other' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(client.send(new DescribeStackResourceCommand({ StackName: STACK_ID, LogicalResourceId: 'Nope' })))
      .rejects.toMatchObject({ name: 'ValidationError' });
  } finally {
    client.destroy();
    await cfn.close();
  }
});
