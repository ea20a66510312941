import { IAMServiceException } from '@aws-sdk/client-iam';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceUpdateEvent,
  Context,
} from 'aws-lambda';
import { generationOf, physicalIdOf } from '../../src/core/engine/generation';
import { ownerTag } from '../../src/core/ratchet';
import { ownerSid } from '../../src/core/revocation-document';
import { ownedPolicyName } from '../../src/revoke-older-sessions/plan';
import { TARGET_KEYS } from '../../src/revoke-older-sessions/properties';

export const ACCOUNT = '111122223333';
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/IncidentStack/6c7e5f10-0000-4000-8000-000000000001`;
export const LOGICAL_ID = 'RevokeLeakedSessions0A1B2C3D';
/** The statement id (and the start of every physical id) the handler uses for the events built here. */
export const OWN_SID = ownerSid(STACK_ID, LOGICAL_ID);
/** The owner tag of the resource the events here stand for. */
export const OWNER = ownerTag(STACK_ID, LOGICAL_ID);

/** The generation of a request's properties. */
export function generationOfProps(p: Record<string, unknown> = props()): string {
  return generationOf(p, TARGET_KEYS);
}

/** The physical id the handler gives a resource with these properties. */
export function physicalIdOfProps(p: Record<string, unknown> = props()): string {
  return physicalIdOf(OWN_SID, generationOfProps(p));
}

/** The policy the resource of `p` writes for `cutoff` (the default properties and cutoff unless told). */
export function ownPolicy(p: Record<string, unknown> = props(), cutoff = '2026-11-22T10:00:00Z'): string {
  return ownedPolicyName((p.PolicyName as string | undefined) ?? 'AWSRevokeOlderSessions', OWNER, generationOfProps(p), Date.parse(cutoff));
}

/** The policy the default resource writes at the default cutoff. */
export const OWN_POLICY = ownPolicy();

export function roleArn(name: string, path = '/'): string {
  return `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
}

export function props(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    RoleArns: [roleArn('app')],
    CutoffMode: 'fixed',
    IssuedBefore: '2026-11-22T10:00:00Z',
    PolicyName: 'AWSRevokeOlderSessions',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
    AllowFutureCutoff: 'false',
    ...overrides,
  };
}

const base = {
  ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
  ResponseURL: 'https://example.invalid/response',
  StackId: STACK_ID,
  RequestId: 'req-1',
  LogicalResourceId: LOGICAL_ID,
  ResourceType: 'Custom::RevokeOlderSessions',
};

export function createEvent(p: Record<string, unknown> = props()): CloudFormationCustomResourceCreateEvent {
  return { ...base, RequestType: 'Create', ResourceProperties: p as any };
}

/** An Update of the resource whose current properties are `old` (its physical id is theirs). */
export function updateEvent(p: Record<string, unknown>, old: Record<string, unknown>): CloudFormationCustomResourceUpdateEvent {
  return { ...base, RequestType: 'Update', PhysicalResourceId: physicalIdOfProps(old), ResourceProperties: p as any, OldResourceProperties: old as any };
}

/** A Delete of the generation of `p`, unless another physical id is given. */
export function deleteEvent(p: Record<string, unknown>, physicalId = physicalIdOfProps(p)): CloudFormationCustomResourceDeleteEvent {
  return { ...base, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: p as any };
}

export type AnyEvent = CloudFormationCustomResourceEvent;

export const CONTEXT: Partial<Context> = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:revoke`,
  getRemainingTimeInMillis: () => 900_000,
};

/** An IAM error as the SDK raises it: class-style name, IAM's code in `Code`. */
export function iamError(code: string, message = `${code} error`, httpStatusCode = 400): Error {
  return new IAMServiceException({
    name: `${code}Exception`,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message,
    Code: code,
  } as any);
}

/** A console-style revocation document, URL-encoded as GetRolePolicy returns it. */
export function encodedConsoleDocument(cutoff: string): string {
  return encodeURIComponent(JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Deny',
      Action: ['*'],
      Resource: ['*'],
      Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
    },
  }));
}
