/**
 * A loopback IAM endpoint: a test double that speaks IAM's awsQuery protocol (form POST in, XML
 * out) on 127.0.0.1, so the real handler and the real SDK client run unmocked against it. It
 * keeps roles and inline policies in memory, enforces a token-bucket rate limit, adds latency,
 * and takes injected faults. Nothing here is AWS: figures measured against it describe this
 * double, and say so.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { IAMClient } from '@aws-sdk/client-iam';
import type { LoopbackManagedPolicies } from './loopback-iam-managed';
import { LoopbackServer, readBody } from './loopback-server';

export const LOOPBACK_ACCOUNT = '111122223333';
const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
/** A role's inline policies together, whitespace not counted. */
const INLINE_BUDGET = 10_240;

export interface LoopbackRole {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly maxSessionDuration: number;
  readonly tags: Record<string, string>;
  /** Inline policies by name, as decoded JSON text. */
  readonly policies: Map<string, string>;
  /** The trust policy, as decoded JSON text. */
  readonly trustPolicy: string;
  /** Names of the instance profiles that hold the role. */
  readonly instanceProfiles: readonly string[];
  /** ARNs of the attached managed policies. */
  readonly managedPolicies: readonly string[];
  readonly permissionsBoundary?: string;
  readonly lastUsed?: { readonly date: string; readonly region: string };
}

export interface RoleInit {
  readonly path?: string;
  readonly maxSessionDuration?: number;
  readonly tags?: Record<string, string>;
  readonly policies?: Record<string, string>;
  /** @default trust in the account's root */
  readonly trustPolicy?: string;
  readonly instanceProfiles?: readonly string[];
  readonly managedPolicies?: readonly string[];
  readonly permissionsBoundary?: string;
  readonly lastUsed?: { readonly date: string; readonly region: string };
}

/** What IAM holds when a role is created with the console's "this account" trust. */
export const ACCOUNT_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${LOOPBACK_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

export interface LoopbackOptions {
  /** Token-bucket refill rate in requests per second; `Infinity` for no limit. */
  readonly ratePerSecond?: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  readonly burst?: number;
  /** Each answer waits a uniform random time in this range (ms). */
  readonly latencyMs?: readonly [number, number];
  readonly random?: () => number;
  /**
   * The most items one page returns, whatever `MaxItems` asks for: IAM may return fewer than
   * asked, and a small page lets a test cover paging without thousands of roles.
   */
  readonly pageSize?: number;
}

/** What an injected fault does to one request. */
export type Fault =
  | { readonly kind: 'error'; readonly code: string; readonly status: number; readonly message?: string }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'drop' }
  /** The request is held until `until` settles, then served: a write that lands late. */
  | { readonly kind: 'hold'; readonly until: Promise<unknown> };

export interface LoopbackRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
}

/** One answered request, as recorded. */
export interface LoopbackCall extends LoopbackRequest {
  readonly status: number;
  readonly code?: string;
  readonly atMs: number;
}

class IamError extends Error {
  constructor(public readonly code: string, public readonly status: number, message: string) {
    super(message);
  }
}

export class LoopbackIam extends LoopbackServer<LoopbackCall> {
  public readonly roles = new Map<string, LoopbackRole>();
  /** Called for every request before it is served; a returned fault replaces or delays the answer. */
  public inject?: (req: LoopbackRequest) => Fault | undefined;
  /** Called after a write is applied, e.g. to change state between a handler's read and write. */
  public afterWrite?: (req: LoopbackRequest) => void;
  /** The managed-policy API (`loopback-iam-managed.ts`), once a test creates one for this endpoint. */
  public managed?: LoopbackManagedPolicies;

  private readonly rate: number;
  private readonly burst: number;
  private readonly latency: readonly [number, number];
  private readonly random: () => number;
  private readonly pageSize: number;
  private tokens: number;
  private refilledAt = performance.now();
  private nextId = 1;

  constructor(options: LoopbackOptions = {}) {
    super();
    this.rate = options.ratePerSecond ?? Infinity;
    this.burst = options.burst ?? (Number.isFinite(this.rate) ? Math.max(1, this.rate) : Infinity);
    this.latency = options.latencyMs ?? [0, 0];
    this.random = options.random ?? Math.random;
    this.pageSize = options.pageSize ?? 1000;
    this.tokens = this.burst;
  }

  /** An SDK client bound to this endpoint with dummy credentials and one attempt per call. */
  public client(options: { maxAttempts?: number; requestTimeoutMs?: number } = {}): IAMClient {
    return new IAMClient({
      ...this.clientConfig(options.maxAttempts ?? 1),
      ...(options.requestTimeoutMs ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } } : {}),
    });
  }

  public addRole(name: string, init: RoleInit = {}): LoopbackRole {
    const role: LoopbackRole = {
      name,
      path: init.path ?? '/',
      id: `AROA${String(this.nextId++).padStart(17, '0')}`,
      maxSessionDuration: init.maxSessionDuration ?? 3600,
      tags: init.tags ?? {},
      policies: new Map(Object.entries(init.policies ?? {})),
      trustPolicy: init.trustPolicy ?? ACCOUNT_TRUST,
      instanceProfiles: init.instanceProfiles ?? [],
      managedPolicies: init.managedPolicies ?? [],
      permissionsBoundary: init.permissionsBoundary,
      lastUsed: init.lastUsed,
    };
    this.roles.set(name, role);
    return role;
  }

  public arnOf(name: string): string {
    const role = this.roles.get(name)!;
    return `arn:aws:iam::${LOOPBACK_ACCOUNT}:role${role.path}${name}`;
  }

  /** Every inline policy of every role, as `role/policy` → document: for before/after comparisons. */
  public snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    for (const role of this.roles.values()) {
      for (const [policy, doc] of role.policies) {
        out.set(`${role.name}/${policy}`, doc);
      }
    }
    return out;
  }

  protected async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const request: LoopbackRequest = { action: params.Action ?? '', params };
    const arrived = performance.now();

    const fault = this.inject?.(request);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      this.record(request, 0, 'Dropped');
      return;
    }
    // The rate limit is decided on arrival; throttled requests take no token.
    const throttled = !this.takeToken(arrived);
    const wait = this.latency[0] + this.random() * (this.latency[1] - this.latency[0]) + (fault?.kind === 'delay' ? fault.ms : 0);
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (fault?.kind === 'hold') {
      await fault.until.catch(() => undefined);
    }
    if (res.destroyed) {
      this.record(request, 0, 'ClientGone');
      return;
    }
    let status = 200;
    let xml: string;
    try {
      if (throttled) {
        throw new IamError('Throttling', 400, 'Rate exceeded');
      }
      if (fault?.kind === 'error') {
        throw new IamError(fault.code, fault.status, fault.message ?? `injected ${fault.code}`);
      }
      xml = this.dispatch(request);
      this.record(request, 200);
      this.afterWrite?.(request);
    } catch (err) {
      const e = err instanceof IamError ? err : new IamError('ServiceFailure', 500, String(err));
      status = e.status;
      xml = `<ErrorResponse xmlns="${NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>`
        + `<Code>${e.code}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
      this.record(request, status, e.code);
    }
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(xml);
  }

  private record(request: LoopbackRequest, status: number, code?: string): void {
    this.calls.push({ ...request, status, code, atMs: performance.now() });
  }

  private takeToken(now: number): boolean {
    if (!Number.isFinite(this.rate)) {
      return true;
    }
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  private dispatch({ action, params }: LoopbackRequest): string {
    switch (action) {
      case 'GetRole': {
        const role = this.role(params.RoleName);
        return answer(action, `<Role>${this.roleXml(role)}<Tags>${tagsXml(role)}</Tags><RoleLastUsed/></Role>`);
      }
      case 'ListRoles': {
        const prefix = params.PathPrefix ?? '/';
        const all = [...this.roles.values()].filter((r) => r.path.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
        const start = params.Marker ? Number(params.Marker) : 0;
        const max = Math.min(Number(params.MaxItems ?? 100), this.pageSize);
        const page = all.slice(start, start + max);
        const truncated = start + max < all.length;
        return answer(action, `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${start + max}</Marker>` : ''}`
          + `<Roles>${page.map((r) => `<member>${this.roleXml(r)}</member>`).join('')}</Roles>`);
      }
      case 'ListRolePolicies': {
        const role = this.role(params.RoleName);
        const names = [...role.policies.keys()].sort();
        const start = params.Marker ? Number(params.Marker) : 0;
        const max = Math.min(Number(params.MaxItems ?? 100), this.pageSize);
        const truncated = start + max < names.length;
        return answer(action, `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${start + max}</Marker>` : ''}`
          + `<PolicyNames>${names.slice(start, start + max).map((n) => `<member>${esc(n)}</member>`).join('')}</PolicyNames>`);
      }
      case 'GetAccountAuthorizationDetails': {
        // As IAM: Filter=Role gives every RoleDetail field (documents URL-encoded), never MaxSessionDuration.
        if (params['Filter.member.1'] !== 'Role') {
          throw new IamError('InvalidInput', 400, 'the loopback endpoint serves only Filter=Role');
        }
        const all = [...this.roles.values()].sort((a, b) => a.name.localeCompare(b.name));
        const start = params.Marker ? Number(params.Marker) : 0;
        const max = Math.min(Number(params.MaxItems ?? 100), this.pageSize);
        const truncated = start + max < all.length;
        return answer(action, `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${start + max}</Marker>` : ''}`
          + `<RoleDetailList>${all.slice(start, start + max).map((r) => `<member>${this.roleDetailXml(r)}</member>`).join('')}</RoleDetailList>`
          + '<GroupDetailList/><UserDetailList/><Policies/>');
      }
      case 'GetRolePolicy': {
        const role = this.role(params.RoleName);
        const doc = role.policies.get(params.PolicyName);
        if (doc === undefined) {
          throw new IamError('NoSuchEntity', 404, `The role policy with name ${params.PolicyName} cannot be found.`);
        }
        return answer(action, `<RoleName>${esc(role.name)}</RoleName><PolicyName>${esc(params.PolicyName)}</PolicyName>`
          + `<PolicyDocument>${esc(rfc3986(doc))}</PolicyDocument>`);
      }
      case 'PutRolePolicy': {
        const role = this.role(params.RoleName);
        if (role.path.startsWith('/aws-service-role/')) {
          throw new IamError('UnmodifiableEntity', 400, `Cannot perform the operation on the protected role '${role.name}'`);
        }
        try {
          JSON.parse(params.PolicyDocument);
        } catch {
          throw new IamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
        }
        const others = [...role.policies].filter(([n]) => n !== params.PolicyName).map(([, d]) => d);
        if ([...others, params.PolicyDocument].join('').replace(/\s/g, '').length > INLINE_BUDGET) {
          throw new IamError('LimitExceeded', 409, `Maximum policy size of ${INLINE_BUDGET} bytes exceeded for role ${role.name}`);
        }
        role.policies.set(params.PolicyName, params.PolicyDocument);
        return answer(action, '');
      }
      case 'DeleteRolePolicy': {
        const role = this.role(params.RoleName);
        if (!role.policies.delete(params.PolicyName)) {
          throw new IamError('NoSuchEntity', 404, `The role policy with name ${params.PolicyName} cannot be found.`);
        }
        return answer(action, '');
      }
      default: {
        // Hook: the managed-policy actions live in loopback-iam-managed.ts.
        const managed = this.managed?.dispatch(action, params, (code, status, message) => new IamError(code, status, message));
        if (managed !== undefined) {
          return answer(action, managed);
        }
        throw new IamError('InvalidAction', 400, `the loopback endpoint does not implement ${action}`);
      }
    }
  }

  private role(name: string | undefined): LoopbackRole {
    const role = name === undefined ? undefined : this.roles.get(name);
    if (!role) {
      throw new IamError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    }
    return role;
  }

  private roleXml(r: LoopbackRole): string {
    return `${this.roleIdentityXml(r)}<MaxSessionDuration>${r.maxSessionDuration}</MaxSessionDuration>`;
  }

  /** What every IAM answer about a role carries, trust policy URL-encoded as IAM sends it. */
  private roleIdentityXml(r: LoopbackRole): string {
    return `<Path>${esc(r.path)}</Path><RoleName>${esc(r.name)}</RoleName><RoleId>${r.id}</RoleId>`
      + `<Arn>${esc(this.arnOf(r.name))}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>`
      + `<AssumeRolePolicyDocument>${esc(rfc3986(r.trustPolicy))}</AssumeRolePolicyDocument>`;
  }

  /**
   * A `RoleDetail` of `GetAccountAuthorizationDetails` (IAM API reference): each instance profile
   * repeats the role with its trust policy; inline documents URL-encoded.
   */
  private roleDetailXml(r: LoopbackRole): string {
    const profiles = r.instanceProfiles.map((p) => `<member><Path>${esc(r.path)}</Path><InstanceProfileName>${esc(p)}</InstanceProfileName>`
      + `<InstanceProfileId>AIPA${r.id.slice(4)}</InstanceProfileId><Arn>arn:aws:iam::${LOOPBACK_ACCOUNT}:instance-profile${esc(r.path)}${esc(p)}</Arn>`
      + `<CreateDate>2020-01-01T00:00:00Z</CreateDate><Roles><member>${this.roleIdentityXml(r)}</member></Roles></member>`).join('');
    const inline = [...r.policies].map(([n, d]) => `<member><PolicyName>${esc(n)}</PolicyName>`
      + `<PolicyDocument>${esc(rfc3986(d))}</PolicyDocument></member>`).join('');
    const managed = r.managedPolicies.map((a) => `<member><PolicyName>${esc(a.replace(/^.*\//, ''))}</PolicyName><PolicyArn>${esc(a)}</PolicyArn></member>`).join('');
    return `${this.roleIdentityXml(r)}<InstanceProfileList>${profiles}</InstanceProfileList><RolePolicyList>${inline}</RolePolicyList>`
      // Hook: attached managed policies of the managed-policy API come from loopback-iam-managed.ts.
      + `<AttachedManagedPolicies>${managed}${this.managed?.attachedXml(r.name) ?? ''}</AttachedManagedPolicies>`
      + (r.permissionsBoundary ? '<PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>'
        + `<PermissionsBoundaryArn>${esc(r.permissionsBoundary)}</PermissionsBoundaryArn></PermissionsBoundary>` : '')
      + `<Tags>${tagsXml(r)}</Tags>`
      + `<RoleLastUsed>${r.lastUsed ? `<LastUsedDate>${r.lastUsed.date}</LastUsedDate><Region>${r.lastUsed.region}</Region>` : ''}</RoleLastUsed>`;
  }
}

function tagsXml(role: LoopbackRole): string {
  return Object.entries(role.tags).map(([k, v]) => `<member><Key>${esc(k)}</Key><Value>${esc(v)}</Value></member>`).join('');
}

function answer(action: string, result: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>`
    + `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

/** Percent-encoding as RFC 3986 does it, as IAM returns policy documents: `encodeURIComponent` leaves `!'()*` alone. */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A trust policy that lets a service assume the role (`ec2.amazonaws.com`, `lambda.amazonaws.com`...). */
export function serviceTrust(...services: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: services.length === 1 ? services[0] : services }, Action: 'sts:AssumeRole' }],
  });
}
