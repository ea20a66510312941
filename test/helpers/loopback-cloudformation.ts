/**
 * A loopback CloudFormation endpoint (awsQuery: form POST in, XML out) answering the two reads
 * the engine's removal gate makes, `DescribeStacks` and `DescribeStackResource`, from a stack
 * status and resource physical ids the test sets. A test double, not AWS.
 */
import * as http from 'http';
import { LoopbackServer, readBody, RecordedCall } from './loopback-server';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export class LoopbackCloudFormation extends LoopbackServer<RecordedCall> {
  /** The stack's status, as DescribeStacks reports it. */
  public status = 'UPDATE_COMPLETE';
  /** Each logical id's current physical id and status. */
  public readonly resources = new Map<string, { physicalId: string; status: string }>();

  constructor(public readonly stackId: string) {
    super();
  }

  protected async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const params = new URLSearchParams(await readBody(req));
    const action = params.get('Action') ?? '';
    const stack = params.get('StackName') ?? '';
    let body: string;
    let code: string | undefined;
    if (stack !== this.stackId) {
      code = 'ValidationError';
      body = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${escape(stack)} does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
    } else if (action === 'DescribeStacks') {
      body = `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member><StackName>${escape(stack)}</StackName>`
        + `<StackId>${escape(this.stackId)}</StackId><StackStatus>${this.status}</StackStatus><CreationTime>2026-11-22T10:00:00Z</CreationTime>`
        + '</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>';
    } else if (action === 'DescribeStackResource') {
      const logical = params.get('LogicalResourceId') ?? '';
      const r = this.resources.get(logical);
      if (!r) {
        code = 'ValidationError';
        body = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Resource ${escape(logical)} does not exist for stack ${escape(stack)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
      } else {
        body = `<DescribeStackResourceResponse xmlns="${NS}"><DescribeStackResourceResult><StackResourceDetail><StackId>${escape(this.stackId)}</StackId>`
          + `<LogicalResourceId>${escape(logical)}</LogicalResourceId><PhysicalResourceId>${escape(r.physicalId)}</PhysicalResourceId>`
          + '<ResourceType>Custom::Revocation</ResourceType><LastUpdatedTimestamp>2026-11-22T10:00:00Z</LastUpdatedTimestamp>'
          + `<ResourceStatus>${r.status}</ResourceStatus></StackResourceDetail></DescribeStackResourceResult>`
          + '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStackResourceResponse>';
      }
    } else {
      code = 'InvalidAction';
      body = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the loopback endpoint does not serve ${escape(action)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
    }
    this.calls.push({ action, code });
    res.writeHead(code ? 400 : 200, { 'content-type': 'text/xml' });
    res.end(body);
  }
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
