/**
 * A loopback CloudFormation endpoint (awsQuery: form POST in, XML out) that answers what a handler
 * may ask about its own stack, `DescribeStacks` and `DescribeStackResource`, from the state of the
 * `CloudFormation` driver that plays the deployment (`cloudformation.ts`): the stack's phase and
 * each custom resource's current physical id and status. A test double, not AWS.
 */
import * as http from 'http';
import { LoopbackServer, readBody } from './loopback-server';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export interface StackState {
  readonly stackId: string;
  readonly stackName: string;
  status: string;
  /** Logical id → the resource as CloudFormation lists it. */
  readonly resources: Map<string, { physicalId: string; type: string; status: string }>;
}

export class LoopbackCloudFormation extends LoopbackServer<{ action: string; code?: string }> {
  constructor(private readonly stack: StackState) {
    super();
  }

  protected async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const action = params.Action ?? '';
    let status = 200;
    let xml: string;
    const named = params.StackName === this.stack.stackId || params.StackName === this.stack.stackName;
    const resource = this.stack.resources.get(params.LogicalResourceId ?? '');
    if (!named) {
      [status, xml] = [400, error('ValidationError', `Stack with id ${params.StackName} does not exist`)];
    } else if (action === 'DescribeStacks') {
      xml = answer(action, `<Stacks><member><StackId>${esc(this.stack.stackId)}</StackId><StackName>${esc(this.stack.stackName)}</StackName>`
        + `<CreationTime>2026-11-22T09:00:00Z</CreationTime><StackStatus>${this.stack.status}</StackStatus></member></Stacks>`);
    } else if (action === 'DescribeStackResource' && resource) {
      xml = answer(action, `<StackResourceDetail><StackName>${esc(this.stack.stackName)}</StackName><StackId>${esc(this.stack.stackId)}</StackId>`
        + `<LogicalResourceId>${esc(params.LogicalResourceId)}</LogicalResourceId><PhysicalResourceId>${esc(resource.physicalId)}</PhysicalResourceId>`
        + `<ResourceType>${esc(resource.type)}</ResourceType><LastUpdatedTimestamp>2026-11-22T09:00:00Z</LastUpdatedTimestamp>`
        + `<ResourceStatus>${resource.status}</ResourceStatus></StackResourceDetail>`);
    } else if (action === 'DescribeStackResource') {
      [status, xml] = [400, error('ValidationError', `Resource ${params.LogicalResourceId} does not exist for stack ${this.stack.stackName}`)];
    } else {
      [status, xml] = [400, error('InvalidAction', `the loopback endpoint does not implement ${action}`)];
    }
    this.calls.push({ action, ...(status === 200 ? {} : { code: 'error' }) });
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(xml);
  }
}

function answer(action: string, result: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>`
    + `<ResponseMetadata><RequestId>loopback</RequestId></ResponseMetadata></${action}Response>`;
}

function error(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error>`
    + '<RequestId>loopback</RequestId></ErrorResponse>';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
