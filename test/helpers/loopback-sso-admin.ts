/**
 * A loopback IAM Identity Center admin endpoint (SSO Admin API, JSON protocol, `X-Amz-Target`):
 * permission sets, their inline policies, and asynchronous provisioning to accounts that can
 * fail in chosen accounts. A test double, not AWS.
 */
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { LoopbackJson, page, ServiceError } from './loopback-json';

export const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

export interface LoopbackPermissionSet {
  readonly arn: string;
  readonly name: string;
  inlinePolicy: string;
  /** Incremented on every inline policy change. */
  version: number;
  /** Account id → the version provisioned there. */
  readonly accounts: Map<string, number>;
  /** Accounts where provisioning fails. */
  readonly failIn: Set<string>;
}

interface ProvisioningRequest {
  readonly id: string;
  readonly arn: string;
  /** Requests to the endpoint left before it finishes: provisioning is asynchronous. */
  pollsLeft: number;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  failureReason?: string;
}

export class LoopbackSsoAdmin extends LoopbackJson {
  public readonly permissionSets = new Map<string, LoopbackPermissionSet>();
  public readonly requests = new Map<string, ProvisioningRequest>();
  /**
   * How many later requests to the endpoint (of any kind) a provisioning request stays IN_PROGRESS:
   * provisioning goes on whether or not anyone reads its status, as in Identity Center.
   */
  public pollsToFinish = 1;
  /** While true, provisioning never finishes (a run that outlasts the waiter); `release()` lets it go on. */
  public holdProvisioning = false;
  protected readonly targetPrefix = 'SWBExternalService';
  private nextId = 1;

  constructor(private readonly pageSize = 20) {
    super();
  }

  public client(): SSOAdminClient {
    return new SSOAdminClient(this.clientConfig());
  }

  /** A permission set provisioned (at its current version) to these accounts. */
  public addPermissionSet(name: string, accounts: string[], inlinePolicy = ''): LoopbackPermissionSet {
    const arn = `arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-${String(this.nextId++).padStart(16, '0')}`;
    const ps: LoopbackPermissionSet = { arn, name, inlinePolicy, version: 1, accounts: new Map(accounts.map((a) => [a, 1])), failIn: new Set() };
    this.permissionSets.set(arn, ps);
    return ps;
  }

  /** The inline policy provisioned in an account: the current one only where the latest version landed. */
  public isLatestIn(arn: string, account: string): boolean {
    const ps = this.permissionSets.get(arn)!;
    return ps.accounts.get(account) === ps.version;
  }

  protected dispatch(action: string, input: Record<string, any>): unknown {
    this.progress();
    if (input.InstanceArn !== INSTANCE_ARN) {
      throw new ServiceError('ResourceNotFound', `instance ${input.InstanceArn} not found`);
    }
    switch (action) {
      case 'DescribePermissionSet': {
        const ps = this.ps(input.PermissionSetArn);
        return { PermissionSet: { Name: ps.name, PermissionSetArn: ps.arn } };
      }
      case 'GetInlinePolicyForPermissionSet':
        return { InlinePolicy: this.ps(input.PermissionSetArn).inlinePolicy };
      case 'PutInlinePolicyToPermissionSet': {
        const ps = this.ps(input.PermissionSetArn);
        if (String(input.InlinePolicy).length > 32_768) {
          throw new ServiceError('Validation', 'inline policy exceeds 32768 characters');
        }
        try {
          JSON.parse(input.InlinePolicy);
        } catch {
          throw new ServiceError('Validation', 'the inline policy is not a valid policy document');
        }
        ps.inlinePolicy = input.InlinePolicy;
        ps.version++;
        return {};
      }
      case 'DeleteInlinePolicyFromPermissionSet': {
        const ps = this.ps(input.PermissionSetArn);
        ps.inlinePolicy = '';
        ps.version++;
        return {};
      }
      case 'ProvisionPermissionSet': {
        const ps = this.ps(input.PermissionSetArn);
        if (input.TargetType !== 'ALL_PROVISIONED_ACCOUNTS') {
          throw new ServiceError('Validation', 'the loopback endpoint serves TargetType ALL_PROVISIONED_ACCOUNTS only');
        }
        if ([...this.requests.values()].some((r) => r.arn === ps.arn && r.status === 'IN_PROGRESS')) {
          throw new ServiceError('Conflict', 'a provisioning operation is already in progress for this permission set');
        }
        const request: ProvisioningRequest = { id: `req-${String(this.nextId++).padStart(8, '0')}-0000-0000-0000-000000000000`, arn: ps.arn, pollsLeft: this.pollsToFinish, status: 'IN_PROGRESS' };
        this.requests.set(request.id, request);
        return { PermissionSetProvisioningStatus: { RequestId: request.id, Status: request.status, PermissionSetArn: ps.arn } };
      }
      case 'DescribePermissionSetProvisioningStatus': {
        const r = this.requests.get(input.ProvisionPermissionSetRequestId);
        if (!r) {
          throw new ServiceError('ResourceNotFound', `request ${input.ProvisionPermissionSetRequestId} not found`);
        }
        return { PermissionSetProvisioningStatus: { RequestId: r.id, Status: r.status, PermissionSetArn: r.arn, FailureReason: r.failureReason } };
      }
      case 'ListAccountsForProvisionedPermissionSet': {
        const ps = this.ps(input.PermissionSetArn);
        const wantLatest = input.ProvisioningStatus === 'LATEST_PERMISSION_SET_PROVISIONED';
        const accounts = [...ps.accounts].filter(([, v]) => (v === ps.version) === wantLatest).map(([a]) => a).sort();
        const { items, next } = page(accounts, input.NextToken, this.pageSize, input.MaxResults);
        return { AccountIds: items, NextToken: next };
      }
      default:
        throw new ServiceError('Validation', `the loopback endpoint does not serve ${action}`);
    }
  }

  /** Lets held provisioning go on: each request in progress finishes with the next request to the endpoint. */
  public release(): void {
    this.holdProvisioning = false;
    this.requests.forEach((r) => {
      r.pollsLeft = 0;
    });
  }

  /** One step of every provisioning request in progress, unless held. */
  private progress(): void {
    for (const r of this.requests.values()) {
      if (r.status === 'IN_PROGRESS' && !this.holdProvisioning && r.pollsLeft-- <= 0) {
        this.finish(r);
      }
    }
  }

  private finish(r: ProvisioningRequest): void {
    const ps = this.ps(r.arn);
    const failed: string[] = [];
    for (const account of ps.accounts.keys()) {
      if (ps.failIn.has(account)) {
        failed.push(account);
      } else {
        ps.accounts.set(account, ps.version);
      }
    }
    r.status = failed.length > 0 ? 'FAILED' : 'SUCCEEDED';
    r.failureReason = failed.length > 0 ? 'Received a 403 status error: Not authorized to perform sts:AssumeRole' : undefined;
  }

  private ps(arn: string): LoopbackPermissionSet {
    const ps = this.permissionSets.get(arn);
    if (!ps) {
      throw new ServiceError('ResourceNotFound', `permission set ${arn} not found`);
    }
    return ps;
  }
}
