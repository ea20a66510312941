/**
 * The shared part of the JSON-protocol loopback endpoints (Organizations, SSO Admin): a test
 * double on 127.0.0.1 that reads `X-Amz-Target`, answers JSON, records every call and takes
 * injected faults, so the real handlers and the real SDK v3 clients run unmocked against it.
 * Nothing here is AWS.
 */
import * as http from 'http';
import { LoopbackServer, readBody } from './loopback-server';

export interface JsonRequest {
  readonly action: string;
  readonly input: Record<string, any>;
}

export interface JsonCall extends JsonRequest {
  readonly code?: string;
}

/** An injected fault: the error answered instead of the request. */
export interface JsonFault {
  readonly code: string;
  readonly status?: number;
  readonly message?: string;
}

/** An error the double answers, with AWS's code (without `Exception`) and HTTP status. */
export class ServiceError extends Error {
  constructor(public readonly code: string, message: string, public readonly status = 400, public readonly extra: Record<string, string> = {}) {
    super(message);
  }
}

export abstract class LoopbackJson extends LoopbackServer<JsonCall> {
  /** Called for every request; a returned fault replaces the answer. */
  public inject?: (req: JsonRequest) => JsonFault | undefined;

  /** The SDK's target prefix, such as `AWSOrganizationsV20161128`. */
  protected abstract readonly targetPrefix: string;

  /** Calls of one action, in order. */
  public callsOf(action: string): JsonCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  /** Serves one action; throws `ServiceError` for an AWS error. */
  protected abstract dispatch(action: string, input: Record<string, any>): unknown;

  protected async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const text = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith(`${this.targetPrefix}.`) ? target.slice(this.targetPrefix.length + 1) : '';
    let input: Record<string, any> = {};
    try {
      input = JSON.parse(text || '{}');
    } catch {
      input = {};
    }
    const request = { action, input };
    let status = 200;
    let body: unknown;
    let code: string | undefined;
    try {
      const fault = this.inject?.(request);
      if (fault) {
        throw new ServiceError(fault.code, fault.message ?? `injected ${fault.code}`, fault.status ?? 400);
      }
      if (!action) {
        throw new ServiceError('UnknownOperation', `unknown target "${target}"`);
      }
      body = this.dispatch(action, input) ?? {};
    } catch (caught) {
      // A fault of the double itself answers as AWS's internal error would, never leaves the request hanging.
      const err = caught instanceof ServiceError ? caught : new ServiceError('InternalFailure', String(caught), 500);
      status = err.status;
      code = err.code;
      body = { __type: `${err.code}Exception`, Message: err.message, ...err.extra };
    }
    this.calls.push({ action, input, code });
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      ...(code ? { 'x-amzn-errortype': `${code}Exception` } : {}),
      'x-amzn-requestid': `req-${this.calls.length}`,
    });
    res.end(JSON.stringify(body));
  }
}

/** Slices a list into pages of `pageSize` (or the request's smaller `MaxResults`), with a numeric `NextToken`. */
export function page<T>(items: readonly T[], token: string | undefined, pageSize: number, maxResults?: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + Math.min(pageSize, maxResults ?? Infinity);
  return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}
