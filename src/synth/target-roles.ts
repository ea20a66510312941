/**
 * Synth-time checks of the principals a construct writes a deny or a revocation onto. Kept apart
 * from `role-target.ts` so the handler bundle never pulls in aws-cdk-lib.
 */
import { Annotations, CfnCondition, Fn, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { deploymentRoleArns } from './deploy-roles';
import { lockoutReason, roleNameSet } from '../core/lockout';
import { parseRoleArn, policyVariableProblem, protectedRoleReason, ROLE_NAME_PATTERN, SERVICE_LINKED_PATH_PREFIX } from '../core/role-target';
import { RevokeSessionsProvider } from '../revoke-older-sessions/provider';

/** Service-linked role names start with this; IAM does not let anyone edit them. */
const SERVICE_LINKED_NAME_PREFIX = 'awsservicerolefor';
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const USER_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):user(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
/** What reaches a principal that no identity policy of this stack can: said in every refusal. */
export const REACH_ELSEWHERE = 'deny it in a resource policy (DenyInResourcePolicy), or organization-wide '
  + '(RevokeOrganizationSessions, RevokeIdentityCenterSessions)';
/** SCPs never apply to service-linked roles; resource policies do. */
const REACH_SERVICE_LINKED = 'deny it in a resource policy (DenyInResourcePolicy)';
const REACH_IDENTITY_CENTER = 'revoke it with RevokeIdentityCenterSessions, or deny it in a resource policy (DenyInResourcePolicy)';
/** Warned when a stack without an account names a principal of an account by ARN: synth cannot check it is local. */
export const STACK_ACCOUNT_UNKNOWN_WARNING = 'cdk-revoke-sessions:stackAccountUnknown';

/** How a principal is checked. */
export interface CheckOptions {
  /** Wrap a foreign-looking name so the deploy fails outside its account (identity denies); else the handler checks it. */
  readonly guardAccount: boolean;
  /** The roles that run the organization may be targeted (`allowOrganizationAccessRoles`). */
  readonly allowOrganizationAccess?: boolean;
}

/** What is known at synth of a role's path and name. */
export function describeRole(role: iam.IRole): { path?: string; name?: string } {
  const cfn = role.node.defaultChild;
  if (Resource.isOwnedResource(role) && cfn instanceof iam.CfnRole) {
    return { path: concrete(cfn.path) ?? '/', name: concrete(cfn.roleName) };
  }
  const arn = role.roleArn;
  const at = arn.indexOf(':role/');
  const resource = at >= 0 ? arn.slice(at + ':role'.length) : undefined;
  const path = resource && !Token.isUnresolved(resource) ? resource.slice(0, resource.lastIndexOf('/') + 1) : undefined;
  return { path, name: concrete(role.roleName) };
}

/** A principal an identity policy may be attached to, checked. */
export interface CheckedPrincipal {
  readonly kind: 'role' | 'user';
  /**
   * The name for a policy's `Roles` or `Users`. When the principal's account is another one and
   * the stack's account is unknown, a name that IAM refuses unless the stack deploys to that
   * account, so the deploy fails instead of writing to a namesake.
   */
  readonly attachName: string;
  /** Distinct per principal: its name, lowercased when known (IAM names are case-insensitive). */
  readonly key: string;
  /** How error messages name it. */
  readonly label: string;
}

/**
 * Refuses roles whose policies cannot or must not be edited (service-linked, Identity Center,
 * the deployment's and this library's own roles), roles of another account or partition, and
 * what is not a role. Returns the distinct role ARNs.
 */
export function validateTargetRoles(scope: IConstruct, roles: iam.IRole[], maxRoles: number, allowOrganizationAccess = false): string[] {
  if (roles.length === 0) {
    throw new Error('roles is empty; list at least one role');
  }
  const arns = [...new Set(roles.map((r) => r.roleArn))];
  if (arns.length > maxRoles) {
    throw new Error(`roles lists ${arns.length} roles; one construct carries at most ${maxRoles}, split them across several constructs`);
  }
  roles.forEach((role) => checkRole(scope, role, { guardAccount: false, allowOrganizationAccess }));
  return arns;
}

/** Checks one role; see `validateTargetRoles`. */
export function checkRole(scope: IConstruct, role: iam.IRole, options: CheckOptions): CheckedPrincipal {
  if (!Token.isUnresolved(role.roleArn)) {
    return checkRoleArn(scope, role.roleArn, options);
  }
  const { path, name } = describeRole(role);
  const label = `role "${name ?? role.node.path}"`;
  if (RevokeSessionsProvider.isProviderPart(role)) {
    throw new Error(`${label} belongs to this library's provider; revoking it would stop the revocation itself`);
  }
  checkRoleName(scope, label, name, path, options);
  const account = role.env.account;
  const guarded = accountGuard(scope, label, account, undefined, role.roleName, options.guardAccount);
  return { kind: 'role', attachName: guarded, key: `role:${name?.toLowerCase() ?? role.roleName}`, label };
}

/** Checks a role given by a literal ARN. */
export function checkRoleArn(scope: IConstruct, arn: string, options: CheckOptions): CheckedPrincipal {
  refuseVariable('role', arn);
  const parts = parseRoleArn(arn);
  if (!parts) {
    throw new Error(notRoleArn(arn));
  }
  const label = `role "${parts.name}"`;
  checkRoleName(scope, label, parts.name, parts.path, options);
  const attachName = accountGuard(scope, label, parts.account, parts.partition, parts.name, options.guardAccount);
  return { kind: 'role', attachName, key: `role:${parts.name.toLowerCase()}`, label };
}

/** Checks an IAM user the deny is attached to. */
export function checkUser(scope: IConstruct, user: iam.IUser): CheckedPrincipal {
  const arn = user.userArn;
  if (!Token.isUnresolved(arn)) {
    return checkUserArn(scope, arn);
  }
  const name = concrete(user.userName);
  const label = `user "${name ?? user.node.path}"`;
  refuseVariable('user', name ?? '');
  if (name !== undefined && !USER_NAME.test(name)) {
    throw new Error(`${label} is not a valid user name (1 to 64 characters of letters, digits and +=,.@_-, no spaces); `
      + 'check it for surrounding spaces or a pasted ARN');
  }
  const attachName = accountGuard(scope, label, user.env.account, undefined, user.userName, true);
  return { kind: 'user', attachName, key: `user:${name?.toLowerCase() ?? user.userName}`, label };
}

/** Checks an IAM user given by its ARN. */
export function checkUserArn(scope: IConstruct, arn: string): CheckedPrincipal {
  refuseVariable('user', arn);
  const m = USER_ARN.exec(arn);
  if (!m) {
    throw new Error(`user "${arn}" is not an IAM user ARN (arn:aws:iam::<account>:user/<path/><name>)`);
  }
  const label = `user "${m[4]}"`;
  const attachName = accountGuard(scope, label, m[2], m[1], m[4], true);
  return { kind: 'user', attachName, key: `user:${m[4].toLowerCase()}`, label };
}

/** Why a string is not a role ARN, said so the user knows what to give instead. */
function notRoleArn(arn: string): string {
  if (arn.includes(':assumed-role/')) {
    return `role "${arn}" is an sts assumed-role session ARN (as CloudTrail shows it), not a role ARN; give the role's ARN `
      + 'arn:aws:iam::<account>:role/<path/><name> with its path (aws iam get-role --role-name <name>)';
  }
  if (arn.includes(':instance-profile/')) {
    return `role "${arn}" is an instance profile ARN, not a role ARN; give the ARN of the role in the profile `
      + '(aws iam get-instance-profile --instance-profile-name <name>)';
  }
  return `role "${arn}" is not an IAM role ARN; give arn:aws:iam::<account>:role/<path/><name>`;
}

function refuseVariable(label: string, value: string): void {
  const problem = policyVariableProblem(label, value);
  if (problem) {
    throw new Error(problem);
  }
}

function checkRoleName(scope: IConstruct, label: string, name: string | undefined, path: string | undefined, options: CheckOptions): void {
  refuseVariable(label.split(' ')[0], name ?? '');
  if (name !== undefined && !ROLE_NAME_PATTERN.test(name)) {
    throw new Error(`${label} is not a valid role name (1 to 64 characters of letters, digits and +=,.@_-, no spaces); `
      + 'check it for surrounding spaces or a pasted ARN');
  }
  if (name?.toLowerCase().startsWith(SERVICE_LINKED_NAME_PREFIX)) {
    throw new Error(`${label} cannot be changed: ${protectedRoleReason(SERVICE_LINKED_PATH_PREFIX, name)}; ${REACH_SERVICE_LINKED}`);
  }
  if (name === undefined) {
    const reason = protectedRoleReason(path, name);
    if (reason) {
      throw new Error(`${label} cannot be changed: ${reason}; ${reachFor(path)}`);
    }
    return;
  }
  const lockout = lockoutReason(name, path, deployRoleNames(scope), { allowOrganizationAccess: options.allowOrganizationAccess });
  if (lockout) {
    const reach = lockout.category === 'service-linked' ? `; ${REACH_SERVICE_LINKED}`
      : lockout.category === 'identity-center' ? `; ${REACH_IDENTITY_CENTER}` : '';
    throw new Error(`${label} cannot be changed: ${lockout.reason}${reach}`);
  }
}

function reachFor(path: string | undefined): string {
  return path?.startsWith(SERVICE_LINKED_PATH_PREFIX) ? REACH_SERVICE_LINKED : REACH_IDENTITY_CENTER;
}

/** Names of the stack's deploy and CloudFormation execution roles, when the synthesizer names them literally. */
function deployRoleNames(scope: IConstruct): ReadonlySet<string> {
  const names = deploymentRoleArns(scope).map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).filter((n) => !Token.isUnresolved(n));
  return roleNameSet(names);
}

/**
 * Refuses a principal of another account or partition when the stack's are known. When the
 * stack's account is unknown, the name is wrapped so that the deploy fails anywhere but in that
 * account (or refused when `guard` is off, because the caller cannot use a wrapped name).
 */
function accountGuard(scope: IConstruct, label: string, account: string | undefined, partition: string | undefined,
  name: string, guard: boolean): string {
  const stack = Stack.of(scope);
  const stackPartition = stackPartitionOf(stack);
  if (partition !== undefined && stackPartition !== undefined && partition !== stackPartition) {
    throw new Error(`${label} is in partition ${partition}, but this stack deploys to ${stackPartition}; ${REACH_ELSEWHERE}`);
  }
  if (account === undefined || Token.isUnresolved(account)) {
    return name;
  }
  if (!Token.isUnresolved(stack.account)) {
    if (account !== stack.account) {
      throw new Error(`${label} is in account ${account}, but this stack deploys to ${stack.account}; its own policies are `
        + `changed only from a stack in that account, so deploy this there, or ${REACH_ELSEWHERE}`);
    }
    return name;
  }
  Annotations.of(scope).addWarningV2(STACK_ACCOUNT_UNKNOWN_WARNING, 'this stack has no account (env), so synth cannot tell whether '
    + `${label} of account ${account} is in the account it deploys to; ${guard ? 'the deploy fails' : 'the handler refuses it'} anywhere `
    + 'but in that account. Give the stack env: { account } (as the runbook\'s incident stack does), so synth refuses a principal of another account');
  if (!guard) {
    return name;
  }
  const id = `CdkRevokeSessionsInAccount${account}`;
  const condition = (stack.node.tryFindChild(id) as CfnCondition | undefined)
    ?? new CfnCondition(stack, id, { expression: Fn.conditionEquals(stack.account, account) });
  // IAM refuses this name (spaces, colon), so the deploy fails with it instead of writing to a namesake.
  return Fn.conditionIf(condition.logicalId, name, `${label} is in account ${account}: deploy this stack there`).toString();
}

/** The stack's partition, from its region when the partition itself is a token. */
function stackPartitionOf(stack: Stack): string | undefined {
  if (!Token.isUnresolved(stack.partition)) {
    return stack.partition;
  }
  return Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
}

function concrete(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/**
 * ARN patterns that match a role's real ARN, path included. A role imported by name has no
 * path in its ARN, so `role/*\/name` is added: role names are unique in an account whatever
 * the path, so the pair matches that role and no other.
 */
export function roleArnPatterns(role: iam.IRole): string[] {
  const { path, name } = describeRole(role);
  if (!Resource.isOwnedResource(role) && path === '/' && name !== undefined) {
    return anyPathArnPatterns(role.roleArn, 'role', name);
  }
  return [role.roleArn];
}

/** `roleArnPatterns` for an IAM user: a user imported by name, or by a path-less ARN, is matched at any path. */
export function userArnPatterns(user: iam.IUser): string[] {
  const name = concrete(user.userName);
  return !Resource.isOwnedResource(user) && name !== undefined ? anyPathArnPatterns(user.userArn, 'user', name) : [user.userArn];
}

/**
 * A role or user ARN that says no path (`...:role/<name>`), also as `...:role/*\/<name>`: names are
 * unique in an account whatever the path, and `aws:PrincipalArn` carries the path. An ARN with a
 * path keeps it exactly.
 */
export function anyPathArnPatterns(arn: string, kind: 'role' | 'user', name: string): string[] {
  const pathless = `:${kind}/${name}`;
  return arn.endsWith(pathless) ? [arn, `${arn.slice(0, -pathless.length)}:${kind}/*/${name}`] : [arn];
}
