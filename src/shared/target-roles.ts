/**
 * Synth-time checks of the roles a construct writes a deny onto. Kept apart from
 * `role-target.ts` so the handler bundle never pulls in aws-cdk-lib.
 */
import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { protectedRoleReason } from './role-target';

/** What is known at synth of a role's path and name. */
export function describeRole(role: iam.IRole): { path?: string; name?: string } {
  const cfn = role.node.defaultChild;
  if (Resource.isOwnedResource(role) && cfn instanceof iam.CfnRole) {
    return { path: concrete(cfn.path), name: concrete(cfn.roleName) };
  }
  const arn = role.roleArn;
  const at = arn.indexOf(':role/');
  const resource = at >= 0 ? arn.slice(at + ':role'.length) : undefined;
  const path = resource && !Token.isUnresolved(resource) ? resource.slice(0, resource.lastIndexOf('/') + 1) : undefined;
  return { path, name: concrete(role.roleName) };
}

/**
 * Refuses roles whose policies cannot or must not be edited, and roles of another account.
 * Returns the distinct role ARNs.
 */
export function validateTargetRoles(scope: IConstruct, roles: iam.IRole[], maxRoles: number): string[] {
  if (roles.length === 0) {
    throw new Error('roles is empty; list at least one role');
  }
  const stackAccount = Stack.of(scope).account;
  const arns = [...new Set(roles.map((r) => r.roleArn))];
  if (arns.length > maxRoles) {
    throw new Error(`roles lists ${arns.length} roles; one construct carries at most ${maxRoles}, split them across several constructs`);
  }
  for (const role of roles) {
    const { path, name } = describeRole(role);
    const reason = protectedRoleReason(path, name);
    if (reason) {
      throw new Error(`role "${name ?? role.roleArn}" cannot be changed: ${reason}`);
    }
    const account = role.env.account;
    if (!Token.isUnresolved(account) && !Token.isUnresolved(stackAccount) && account !== stackAccount) {
      throw new Error(`role "${name ?? role.roleArn}" is in account ${account}, but this stack deploys to ${stackAccount}; `
        + 'change it from a stack in that account, or deny it in a resource policy');
    }
  }
  return arns;
}

/**
 * ARN patterns that match a role's real ARN, path included. A role imported by name has no
 * path in its ARN, so `role/*\/name` is added: role names are unique in an account whatever
 * the path, so the pair matches that role and no other.
 */
export function roleArnPatterns(role: iam.IRole): string[] {
  const { path, name } = describeRole(role);
  if (!Resource.isOwnedResource(role) && path === '/' && name !== undefined) {
    return [role.roleArn, role.roleArn.replace(`:role/${name}`, `:role/*/${name}`)];
  }
  return [role.roleArn];
}

function concrete(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}
