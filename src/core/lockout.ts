/**
 * The roles no construct of this library may ever deny or revoke, shared by every synth-time
 * check and every handler, so it imports nothing from aws-cdk-lib.
 */
import { protectedRoleReason, SERVICE_LINKED_PATH_PREFIX } from './role-target';

/** Why a role is skipped: one word, counted in the handler's data. */
export type SkipCategory = 'service-linked' | 'identity-center' | 'provider' | 'cdk-bootstrap' | 'excluded';

/**
 * The bootstrap roles of every qualifier (`[A-Za-z0-9_-]{1,10}`, as `cdk bootstrap` accepts) and
 * region: deploy, CloudFormation execution, publishing, lookup. IAM role names are
 * case-insensitive, so the match is too.
 */
export const CDK_BOOTSTRAP_ROLE = /^cdk-[A-Za-z0-9_-]{1,10}-(deploy|cfn-exec|file-publishing|image-publishing|lookup)-role-\d{12}-[a-z0-9-]+$/i;

/** The reason a role must never be revoked by this library, with its category. */
export interface Lockout {
  readonly category: SkipCategory;
  readonly reason: string;
}

/** A set of role names compared as IAM compares them: case-insensitively. */
export function roleNameSet(names: Iterable<string>): ReadonlySet<string> {
  return new Set([...names].map((n) => n.toLowerCase()));
}

/**
 * Why a role must never be revoked or denied, or `undefined`.
 *
 * @param name the role name, as IAM returns it
 * @param path the role path, when known
 * @param protectedNames from `roleNameSet`: the roles of this library's providers and the stack's deploy roles
 */
export function lockoutReason(name: string, path: string | undefined, protectedNames: ReadonlySet<string>): Lockout | undefined {
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
  return undefined;
}
