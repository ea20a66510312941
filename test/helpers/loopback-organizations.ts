/**
 * A loopback AWS Organizations endpoint (JSON protocol, `X-Amz-Target`): service control
 * policies, their attachments and AWS's limits on them (5,120 characters, 5 SCPs per target by
 * default), the organization's hierarchy and its management account. A test double, not AWS.
 * `handle` serves the same actions without HTTP, for pure models that interleave calls.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { LoopbackJson, page, ServiceError } from './loopback-json';

export const ORG_ID = 'o-exampleorg1';
export const MANAGEMENT_ACCOUNT = '111111111111';
/** AWS's own SCP, listed and attached everywhere; counted in each target's `otherScps`, never in `policies`. */
const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  targets: new Set<string>(),
};

export interface LoopbackPolicy {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  content: string;
  readonly targets: Set<string>;
}

export interface LoopbackOrganizationsOptions {
  /** The most items one page returns. */
  readonly pageSize?: number;
  /** SCPs one target may carry (AWS's default: 5). */
  readonly maxPerTarget?: number;
  /** The management account `DescribeOrganization` names. */
  readonly managementAccount?: string;
  /** Characters one SCP may hold (AWS's documented quota: 5,120; reported as 10,240 since May 2026). */
  readonly maxPolicyCharacters?: number;
}

export class LoopbackOrganizations extends LoopbackJson {
  public readonly policies = new Map<string, LoopbackPolicy>();
  /** Roots, OUs and accounts, with how many other SCPs each already carries. */
  public readonly targets = new Map<string, number>();
  /** The parent of each OU and account (the root has none). */
  public readonly parents = new Map<string, string>();
  public readonly managementAccount: string;
  protected readonly targetPrefix = 'AWSOrganizationsV20161128';
  private readonly pageSize: number;
  private readonly maxPerTarget: number;
  private readonly maxPolicyCharacters: number;
  private nextId = 1;

  constructor(options: LoopbackOrganizationsOptions = {}) {
    super();
    this.pageSize = options.pageSize ?? 20;
    this.maxPerTarget = options.maxPerTarget ?? 5;
    this.managementAccount = options.managementAccount ?? MANAGEMENT_ACCOUNT;
    this.maxPolicyCharacters = options.maxPolicyCharacters ?? 5120;
  }

  public client(): OrganizationsClient {
    return new OrganizationsClient(this.clientConfig());
  }

  /** Adds a root, OU or account that already carries `otherScps` SCPs (FullAWSAccess counts), below `parent`. */
  public addTarget(id: string, otherScps = 1, parent?: string): void {
    this.targets.set(id, otherScps);
    if (parent !== undefined) {
      this.parents.set(id, parent);
    }
  }

  /** The targets from the root down to `id`. */
  public pathTo(id: string): string[] {
    const up = this.parents.get(id);
    return up === undefined ? [id] : [...this.pathTo(up), id];
  }

  /** The text of every SCP attached to `target` (the `otherScps` not included). */
  public attachedTo(target: string): string[] {
    return [...this.policies.values()].filter((p) => p.targets.has(target)).map((p) => p.content);
  }

  /**
   * Serves one action as the endpoint would, without HTTP, recording the call. Throws the
   * `ServiceError` the endpoint would answer.
   */
  public handle(action: string, input: Record<string, any>): unknown {
    try {
      const out = this.inject?.({ action, input });
      if (out) {
        throw new ServiceError(out.code, out.message ?? `injected ${out.code}`, out.status ?? 400);
      }
      const result = this.dispatch(action, input) ?? {};
      this.calls.push({ action, input });
      return result;
    } catch (err) {
      this.calls.push({ action, input, code: (err as ServiceError).code });
      throw err;
    }
  }

  /** Adds an SCP someone else wrote. */
  public addPolicy(name: string, content: string, description?: string): LoopbackPolicy {
    const policy = { id: `p-${String(this.nextId++).padStart(8, '0')}`, name, description, content, targets: new Set<string>() };
    this.policies.set(policy.id, policy);
    return policy;
  }

  public policyNamed(prefix: string): LoopbackPolicy | undefined {
    return [...this.policies.values()].find((p) => p.name.startsWith(prefix));
  }

  protected dispatch(action: string, input: Record<string, any>): unknown {
    switch (action) {
      case 'DescribeOrganization':
        return {
          Organization: {
            Id: ORG_ID,
            Arn: `arn:aws:organizations::${this.managementAccount}:organization/${ORG_ID}`,
            MasterAccountId: this.managementAccount,
            MasterAccountArn: `arn:aws:organizations::${this.managementAccount}:account/${ORG_ID}/${this.managementAccount}`,
            FeatureSet: 'ALL',
          },
        };
      case 'ListPolicies': {
        const all = [this.summary(FULL_AWS_ACCESS, true), ...[...this.policies.values()].map((p) => this.summary(p))];
        const { items, next } = page(all, input.NextToken, this.pageSize, input.MaxResults);
        return { Policies: items, NextToken: next };
      }
      case 'DescribePolicy': {
        if (input.PolicyId === FULL_AWS_ACCESS.id) {
          return { Policy: { PolicySummary: this.summary(FULL_AWS_ACCESS, true), Content: FULL_AWS_ACCESS.content } };
        }
        const p = this.policy(input.PolicyId);
        return { Policy: { PolicySummary: this.summary(p), Content: p.content } };
      }
      case 'CreatePolicy': {
        if ([...this.policies.values()].some((p) => p.name === input.Name)) {
          throw new ServiceError('DuplicatePolicy', 'A policy with the same name already exists.');
        }
        this.checkContent(input.Content);
        const p = this.addPolicy(input.Name, input.Content, input.Description);
        return { Policy: { PolicySummary: this.summary(p), Content: p.content } };
      }
      case 'UpdatePolicy': {
        const p = this.policy(input.PolicyId);
        this.checkContent(input.Content);
        p.content = input.Content;
        return { Policy: { PolicySummary: this.summary(p), Content: p.content } };
      }
      case 'DeletePolicy': {
        const p = this.policy(input.PolicyId);
        if (p.targets.size > 0) {
          throw new ServiceError('PolicyInUse', 'The policy is attached to one or more entities.');
        }
        this.policies.delete(p.id);
        return {};
      }
      case 'ListTargetsForPolicy': {
        const p = this.policy(input.PolicyId);
        const { items, next } = page([...p.targets].map((t) => ({ TargetId: t, Arn: targetArn(t), Type: targetType(t), Name: t })),
          input.NextToken, this.pageSize, input.MaxResults);
        return { Targets: items, NextToken: next };
      }
      case 'AttachPolicy': {
        const p = this.policy(input.PolicyId);
        const others = this.targets.get(input.TargetId);
        if (others === undefined) {
          throw new ServiceError('TargetNotFound', `We can't find a root, OU, account, or email that matches the ID ${input.TargetId}.`);
        }
        if (p.targets.has(input.TargetId)) {
          throw new ServiceError('DuplicatePolicyAttachment', 'The selected policy is already attached to the specified target.');
        }
        const attached = others + [...this.policies.values()].filter((q) => q.targets.has(input.TargetId)).length;
        if (attached >= this.maxPerTarget) {
          throw new ServiceError('ConstraintViolation', 'You have attached the maximum number of policies to the specified target.', 400,
            { Reason: 'POLICY_NUMBER_LIMIT_EXCEEDED' });
        }
        p.targets.add(input.TargetId);
        return {};
      }
      case 'DetachPolicy': {
        const p = this.policy(input.PolicyId);
        if (!p.targets.delete(input.TargetId)) {
          throw new ServiceError('PolicyNotAttached', 'The policy is not attached to the target.');
        }
        return {};
      }
      default:
        throw new ServiceError('InvalidInput', `the loopback endpoint does not serve ${action}`);
    }
  }

  private policy(id: string): LoopbackPolicy {
    const p = this.policies.get(id);
    if (!p) {
      throw new ServiceError('PolicyNotFound', `We can't find a policy with the PolicyId ${id}.`);
    }
    return p;
  }

  private checkContent(content: string): void {
    if (content.length > this.maxPolicyCharacters) {
      throw new ServiceError('ConstraintViolation', 'The provided policy document exceeds the maximum size.', 400, { Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' });
    }
    try {
      JSON.parse(content);
    } catch {
      throw new ServiceError('MalformedPolicyDocument', 'The provided policy document does not meet the requirements of the specified policy type.');
    }
  }

  private summary(p: LoopbackPolicy, awsManaged = false) {
    return {
      Id: p.id,
      Name: p.name,
      ...(p.description !== undefined ? { Description: p.description } : {}),
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: awsManaged,
      Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:policy/${ORG_ID}/service_control_policy/${p.id}`,
    };
  }
}

function targetArn(id: string): string {
  const kind = id.startsWith('r-') ? 'root' : id.startsWith('ou-') ? 'ou' : 'account';
  return `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:${kind}/${ORG_ID}/${id}`;
}

function targetType(id: string): string {
  return id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
