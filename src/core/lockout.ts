/**
 * The roles no construct of this library may ever deny or revoke, shared by every synth-time
 * check and every handler, so it imports nothing from aws-cdk-lib. One list for every writer:
 * the per-role revocation skips or refuses them, the identity denies refuse them, the
 * resource-policy deny and the SCP exempt them.
 */
import { globMatches } from './glob';
import { protectedRoleReason, SERVICE_LINKED_PATH_PREFIX } from './role-target';

/** Why a role is skipped: one word, counted in the handler's data. */
export type SkipCategory = 'service-linked' | 'identity-center' | 'provider' | 'cdk-bootstrap' | 'organization-access' | 'excluded';

/** The kinds of CDK bootstrap role, each `cdk-<qualifier>-<kind>-role-<account>-<region>`. */
export const CDK_BOOTSTRAP_KINDS: readonly string[] = ['deploy', 'cfn-exec', 'file-publishing', 'image-publishing', 'lookup'];

/**
 * The bootstrap roles of every qualifier (`[A-Za-z0-9_-]{1,10}`, as `cdk bootstrap` accepts) and
 * region: deploy, CloudFormation execution, publishing, lookup. IAM role names are
 * case-insensitive, so the match is too.
 */
export const CDK_BOOTSTRAP_ROLE = new RegExp(`^cdk-[A-Za-z0-9_-]{1,10}-(${CDK_BOOTSTRAP_KINDS.join('|')})-role-\\d{12}-[a-z0-9-]+$`, 'i');

/**
 * The bootstrap roles as `ArnLike` globs, one per kind, at path `/` (where `cdk bootstrap` creates
 * them and the synthesizer names them). `*` crosses `/` in `ArnLike`, so the account is written
 * as twelve `?`: `cdk-*-role-*` also spared `ci-role-admin` under a path `/cdk-team/`.
 */
export const CDK_BOOTSTRAP_GLOBS: readonly string[] = CDK_BOOTSTRAP_KINDS.map((kind) => `cdk-*-${kind}-role-${'?'.repeat(12)}-*`);

/**
 * The roles through which AWS runs an organization: StackSets (self-managed administration and
 * execution roles, the service-managed `stacksets-exec-` + 32 hex characters), the Organizations
 * access role and Control Tower's execution role. When a StackSet deploys a stack, its execution
 * role is that deployment's CloudFormation role: denying it stops the deployment and its rollback.
 * Exact names, or fixed-length `?` patterns, at path `/` where AWS creates and assumes them.
 */
export const ORGANIZATION_ACCESS_ROLES: readonly string[] = [
  'AWSCloudFormationStackSetAdministrationRole',
  'AWSCloudFormationStackSetExecutionRole',
  'AWSControlTowerExecution',
  'OrganizationAccountAccessRole',
  `stacksets-exec-${'?'.repeat(32)}`,
];

/** Every role name glob a policy this library writes exempts, whatever it denies. */
export const ALWAYS_EXEMPT_ROLE_GLOBS: readonly string[] = [...CDK_BOOTSTRAP_GLOBS, ...ORGANIZATION_ACCESS_ROLES];

/** The reason a role must never be revoked by this library, with its category. */
export interface Lockout {
  readonly category: SkipCategory;
  readonly reason: string;
}

/** What a caller may opt into. */
export interface LockoutOptions {
  /** The roles that run the organization may be targeted (an explicit opt-in, never a default). */
  readonly allowOrganizationAccess?: boolean;
}

/** A set of role names compared as IAM compares them: case-insensitively. */
export function roleNameSet(names: Iterable<string>): ReadonlySet<string> {
  return new Set([...names].map((n) => n.toLowerCase()));
}

/**
 * The organization-access glob a role name is, or `undefined`. Compared ignoring case, as IAM
 * names are unique: skipping a role of the same name in another case is the safe side.
 */
export function organizationAccessRole(name: string): string | undefined {
  return ORGANIZATION_ACCESS_ROLES.find((glob) => globMatches(glob.toLowerCase(), name.toLowerCase()));
}

export const ORGANIZATION_ACCESS_REASON = 'it is a role that administers the organization (StackSets, Organizations or Control Tower '
  + 'deploy through it); set allowOrganizationAccessRoles: true only if it must be cut off, since that can stop the very '
  + 'deployment that carries the revocation, and its rollback';

/**
 * Why a role must never be revoked or denied, or `undefined`.
 *
 * @param name the role name, as IAM returns it
 * @param path the role path, when known
 * @param protectedNames from `roleNameSet`: the roles of this library's providers and the stack's deploy roles
 * @param options what the caller opted into: only an explicit list with `allowOrganizationAccessRoles` passes it
 */
export function lockoutReason(name: string, path: string | undefined, protectedNames: ReadonlySet<string>,
  options: LockoutOptions = {}): Lockout | undefined {
  const base = protectedRoleReason(path, name);
  if (base) {
    return { category: path?.startsWith(SERVICE_LINKED_PATH_PREFIX) ? 'service-linked' : 'identity-center', reason: base };
  }
  if (protectedNames.has(name.toLowerCase())) {
    return {
      category: 'provider',
      reason: 'it is a role this library or its deployment runs as; revoking it would stop the revocation itself',
    };
  }
  if (CDK_BOOTSTRAP_ROLE.test(name)) {
    return {
      category: 'cdk-bootstrap',
      reason: 'it is a CDK bootstrap role (deploy, CloudFormation execution, publishing or lookup); revoking it would lock out deployments',
    };
  }
  if (!options.allowOrganizationAccess && organizationAccessRole(name) !== undefined) {
    return { category: 'organization-access', reason: ORGANIZATION_ACCESS_REASON };
  }
  return undefined;
}
