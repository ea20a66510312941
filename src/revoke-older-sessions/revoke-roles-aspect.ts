import { IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { RevokeSessionsProvider } from './provider';
import { RevocationOptions, RevokeOlderSessions } from './revoke-older-sessions';

/**
 * Revokes older sessions of every `iam.Role` defined under the scope it is applied to:
 * `Aspects.of(scope).add(new RevokeRolesAspect({ issuedBefore }))`. Each stack gets one
 * `RevokeOlderSessions` (id `RevokeRolesAspect`) listing its roles. This library's own roles
 * are never included.
 */
export class RevokeRolesAspect implements IAspect {
  private readonly revocations = new Map<Stack, RevokeOlderSessions>();

  constructor(private readonly props: RevocationOptions) {}

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
