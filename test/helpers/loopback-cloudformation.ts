/**
 * A loopback CloudFormation endpoint: a test double that answers the two reads the removal gate
 * makes (`DescribeStacks`, `DescribeStackResource`) in CloudFormation's awsQuery protocol (form
 * POST in, XML out), from a stack status and resource table the test sets as CloudFormation would.
 * Nothing here is AWS.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LoopbackServer, readBody } from './loopback-server';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export interface LoopbackStackResource {
  physicalId?: string;
  status: string;
  /** @default 'Custom::Revocation' */
  type?: string;
}

export interface LoopbackCfnCall {
  readonly action: string;
  readonly code?: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface LoopbackStack {
  /** `undefined`: the stack does not exist. */
  status: string | undefined;
  /** By logical id; a missing entry is a resource the stack no longer lists. */
  readonly resources: Map<string, LoopbackStackResource>;
}

export class LoopbackCloudFormation extends LoopbackServer<LoopbackCfnCall> {
  /** The stack of `stackId`'s status; `undefined`: it does not exist. */
  public stackStatus: string | undefined = 'CREATE_IN_PROGRESS';
  /** The resources of the stack of `stackId`, by logical id. */
  public readonly resources = new Map<string, LoopbackStackResource>();
  /** Further stacks, by stack id. */
  public readonly others = new Map<string, LoopbackStack>();

  /** `stackStatus`, under the name some tests use. */
  public get status(): string {
    return this.stackStatus ?? '';
  }

  public set status(value: string) {
    this.stackStatus = value;
  }

  constructor(public readonly stackId: string) {
    super();
  }

  public client(): CloudFormationClient {
    return new CloudFormationClient(this.clientConfig(1));
  }

  protected async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const action = params.Action ?? '';
    let status = 200;
    let xml: string;
    try {
      xml = this.dispatch(action, params);
      this.calls.push({ action, params });
    } catch (err) {
      status = 400;
      const message = (err as Error).message;
      xml = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>${esc(message)}</Message></Error>`
        + `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
      this.calls.push({ action, params, code: 'ValidationError' });
    }
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(xml);
  }

  private dispatch(action: string, params: Record<string, string>): string {
    const stacks: Array<[string, LoopbackStack]> = [[this.stackId, { status: this.stackStatus, resources: this.resources }], ...this.others];
    const found = stacks.find(([id]) => params.StackName === id || params.StackName === /:stack\/([^/]+)\//.exec(id)?.[1]);
    if (!found) {
      throw new Error(`Stack with id ${params.StackName} does not exist`);
    }
    const [stackId, stack] = found;
    const stackName = /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? '';
    switch (action) {
      case 'DescribeStacks':
        if (stack.status === undefined) {
          throw new Error(`Stack with id ${params.StackName} does not exist`);
        }
        return answer(action, `<Stacks><member><StackId>${esc(stackId)}</StackId><StackName>${esc(stackName)}</StackName>`
          + `<CreationTime>2026-11-22T09:00:00Z</CreationTime><StackStatus>${stack.status}</StackStatus></member></Stacks>`);
      case 'DescribeStackResource': {
        const r = stack.resources.get(params.LogicalResourceId);
        if (!r || stack.status === undefined) {
          throw new Error(`Resource ${params.LogicalResourceId} does not exist for stack ${stackName}`);
        }
        return answer(action, `<StackResourceDetail><StackName>${esc(stackName)}</StackName><StackId>${esc(stackId)}</StackId>`
          + `<LogicalResourceId>${esc(params.LogicalResourceId)}</LogicalResourceId>`
          + (r.physicalId !== undefined ? `<PhysicalResourceId>${esc(r.physicalId)}</PhysicalResourceId>` : '')
          + `<ResourceType>${esc(r.type ?? 'Custom::Revocation')}</ResourceType><LastUpdatedTimestamp>2026-11-22T09:00:00Z</LastUpdatedTimestamp>`
          + `<ResourceStatus>${r.status}</ResourceStatus></StackResourceDetail>`);
      }
      default:
        throw new Error(`the loopback endpoint does not implement ${action}`);
    }
  }
}

function answer(action: string, result: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>`
    + `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
