/**
 * A loopback AWS Organizations endpoint (JSON protocol, `X-Amz-Target`): service control
 * policies, their attachments and AWS's limits on them (5,120 characters, 5 SCPs per target by
 * default). A test double, not AWS.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { LoopbackJson, page, ServiceError } from './loopback-json';

export const ORG_ID = 'o-exampleorg1';
export const MANAGEMENT_ACCOUNT = '111111111111';

export interface LoopbackPolicy {
  readonly id: string;
  readonly name: string;
  content: string;
  readonly targets: Set<string>;
}

export interface LoopbackOrganizationsOptions {
  /** The most items one page returns. */
  readonly pageSize?: number;
  /** SCPs one target may carry (AWS's default: 5). */
  readonly maxPerTarget?: number;
  /** Characters one SCP may hold (AWS's documented quota: 5,120; reported as 10,240 since May 2026). */
  readonly maxPolicyCharacters?: number;
}

export class LoopbackOrganizations extends LoopbackJson {
  public readonly policies = new Map<string, LoopbackPolicy>();
  /** Roots, OUs and accounts, with how many other SCPs each already carries. */
  public readonly targets = new Map<string, number>();
  protected readonly targetPrefix = 'AWSOrganizationsV20161128';
  private readonly pageSize: number;
  private readonly maxPerTarget: number;
  private readonly maxPolicyCharacters: number;
  private nextId = 1;

  constructor(options: LoopbackOrganizationsOptions = {}) {
    super();
    this.pageSize = options.pageSize ?? 20;
    this.maxPerTarget = options.maxPerTarget ?? 5;
    this.maxPolicyCharacters = options.maxPolicyCharacters ?? 5120;
  }

  public client(): OrganizationsClient {
    return new OrganizationsClient(this.clientConfig());
  }

  /** Adds a root, OU or account that already carries `otherScps` SCPs (FullAWSAccess counts). */
  public addTarget(id: string, otherScps = 1): void {
    this.targets.set(id, otherScps);
  }

  /** Adds an SCP someone else wrote. */
  public addPolicy(name: string, content: string): LoopbackPolicy {
    const policy = { id: `p-${String(this.nextId++).padStart(8, '0')}`, name, content, targets: new Set<string>() };
    this.policies.set(policy.id, policy);
    return policy;
  }

  public policyNamed(prefix: string): LoopbackPolicy | undefined {
    return [...this.policies.values()].find((p) => p.name.startsWith(prefix));
  }

  protected dispatch(action: string, input: Record<string, any>): unknown {
    switch (action) {
      case 'ListPolicies': {
        const all = [...this.policies.values()].map((p) => this.summary(p));
        const { items, next } = page(all, input.NextToken, this.pageSize);
        return { Policies: items, NextToken: next };
      }
      case 'DescribePolicy': {
        const p = this.policy(input.PolicyId);
        return { Policy: { PolicySummary: this.summary(p), Content: p.content } };
      }
      case 'CreatePolicy': {
        if ([...this.policies.values()].some((p) => p.name === input.Name)) {
          throw new ServiceError('DuplicatePolicy', 'A policy with the same name already exists.');
        }
        this.checkContent(input.Content);
        const p = this.addPolicy(input.Name, input.Content);
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
        const { items, next } = page([...p.targets].map((t) => ({ TargetId: t, Type: targetType(t), Name: t })), input.NextToken, this.pageSize);
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
    JSON.parse(content);
  }

  private summary(p: LoopbackPolicy) {
    return {
      Id: p.id,
      Name: p.name,
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: false,
      Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:policy/${ORG_ID}/service_control_policy/${p.id}`,
    };
  }
}

function targetType(id: string): string {
  return id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
