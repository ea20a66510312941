import { IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { RevokeSessionsProvider } from './provider';
import { RevokeOlderSessions } from './revoke-older-sessions';
import { Cutoff } from '../cutoff/cutoff';

/**
 * Properties for `RevokeRolesAspect`.
 */
export interface RevokeRolesAspectProps {
  /**
   * Sessions issued before this instant are denied on every role the aspect finds.
   */
  readonly issuedBefore: Cutoff;

  /**
   * The name of the inline policy that carries the deny.
   *
   * @default 'AWSRevokeOlderSessions'
   */
  readonly policyName?: string;

  /**
   * What happens to the deny when the revocation is removed from the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Let a deployment move the cutoff earlier.
   *
   * @default false
   */
  readonly allowEarlierCutoff?: boolean;

  /**
   * Allow a cutoff more than 1 hour after the deploy time.
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;

  /**
   * Add the effective cutoff and the moot-after time of each stack's revocation as stack outputs.
   *
   * @default false
   */
  readonly stackOutputs?: boolean;
}

/**
 * Revokes older sessions of every `iam.Role` defined under the scope it is applied to:
 * `Aspects.of(scope).add(new RevokeRolesAspect({ issuedBefore }))`. Each stack gets one
 * `RevokeOlderSessions` (id `RevokeRolesAspect`) listing its roles. This library's own roles
 * are never included.
 */
export class RevokeRolesAspect implements IAspect {
  private readonly revocations = new Map<Stack, RevokeOlderSessions>();

  constructor(private readonly props: RevokeRolesAspectProps) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof iam.Role) || RevokeSessionsProvider.isProviderPart(node)) {
      return;
    }
    const stack = Stack.of(node);
    const existing = this.revocations.get(stack);
    if (existing) {
      existing.addRole(node);
      return;
    }
    this.revocations.set(stack, new RevokeOlderSessions(stack, this.uniqueId(stack), { ...this.props, roles: [node] }));
  }

  private uniqueId(stack: Stack): string {
    let id = 'RevokeRolesAspect';
    for (let n = 2; stack.node.tryFindChild(id); n++) {
      id = `RevokeRolesAspect${n}`;
    }
    return id;
  }
}
