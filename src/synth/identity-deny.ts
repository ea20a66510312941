/**
 * Attaches deny statements where IAM evaluates them: on the roles and users they name, as
 * CloudFormation-managed policies, inline when the document fits and split across managed
 * policies when it does not.
 */
import { Annotations, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ConditionClause, DenyStatement, denyStatements, documentSize, packStatements } from './deny-document';
import { organizationAccessWarning } from './opt-in-warnings';
import { CheckedPrincipal, checkRole, checkRoleArn, checkUser, checkUserArn, REACH_ELSEWHERE } from './target-roles';
import { policyNameProblem } from '../core/role-target';

/** A role's inline policies together, whitespace not counted. */
export const INLINE_POLICY_LIMIT = 10_240;
/** An IAM user's inline policies together. */
export const USER_INLINE_POLICY_LIMIT = 2_048;
export const MANAGED_POLICY_LIMIT = 6_144;
/** Managed policies a role or user may carry by default. */
export const MANAGED_POLICIES_PER_PRINCIPAL = 10;
export const ACCESS_KEYS_WARNING = 'cdk-revoke-sessions:accessKeysUntouched';
const MAX_PRINCIPALS = 500;

/**
 * Where a matcher's deny must be attached for IAM to evaluate it: the principals whose own
 * policies are evaluated for the requests it matches.
 */
export interface Reach {
  /** How error messages name the matcher. */
  readonly label: string;
  readonly roles?: iam.IRole[];
  readonly roleArns?: string[];
  readonly users?: iam.IUser[];
  readonly userArns?: string[];
  /** Why no identity policy of this stack is evaluated for it; the matcher is refused. */
  readonly unreachable?: string;
}

/** A principal or session matcher: its condition, and where IAM evaluates a deny on it. */
export interface Matcher {
  _clause(): ConditionClause;
  _reach(): Reach;
}

export interface IdentityDenyOptions {
  readonly principals: CheckedPrincipal[];
  readonly statements: DenyStatement[];
  readonly policyName?: string;
}

/** Every (principal, policy name) pair claimed in a stack, with the construct that claimed it. */
const claimed = new WeakMap<Stack, Map<string, string>>();

/**
 * Writes the deny onto every principal. Children are `Resource` (and `Resource2`, ... when split).
 * Uses the L1 resources directly: an imported immutable role would silently ignore
 * `attachInlinePolicy`, and a deny must never go missing silently.
 */
export function attachIdentityDeny(scope: Construct, options: IdentityDenyOptions): void {
  const principals = distinct(options.principals);
  if (principals.length > MAX_PRINCIPALS) {
    throw new Error(`the deny is attached to ${principals.length} roles and users; one construct carries at most ${MAX_PRINCIPALS}, `
      + 'split them across several constructs');
  }
  const policyName = options.policyName ?? Names.uniqueResourceName(scope, { maxLength: 128, separator: '-' });
  if (!Token.isUnresolved(policyName)) {
    const problem = policyNameProblem(policyName);
    if (problem) {
      throw new Error(problem);
    }
  }
  claimPolicyName(scope, principals, policyName);
  const roles = principals.filter((p) => p.kind === 'role').map((p) => p.attachName);
  const users = principals.filter((p) => p.kind === 'user').map((p) => p.attachName);
  const targets = { roles: roles.length ? roles : undefined, users: users.length ? users : undefined };
  const document = (statements: DenyStatement[]) => ({ Version: '2012-10-17', Statement: statements });

  const inlineLimit = users.length ? USER_INLINE_POLICY_LIMIT : INLINE_POLICY_LIMIT;
  if (documentSize(scope, options.statements) <= inlineLimit) {
    new iam.CfnPolicy(scope, 'Resource', { policyName, ...targets, policyDocument: document(options.statements) });
    return;
  }
  const parts = packStatements(scope, options.statements, MANAGED_POLICY_LIMIT);
  if (parts.length > MANAGED_POLICIES_PER_PRINCIPAL) {
    throw new Error(`the deny is ${documentSize(scope, options.statements)} characters: over the ${inlineLimit}-character `
      + `inline limit, and it would need ${parts.length} managed policies of at most ${MANAGED_POLICY_LIMIT} characters, `
      + `more than the ${MANAGED_POLICIES_PER_PRINCIPAL} a role or user carries; split the principals or sessions across several constructs`);
  }
  parts.forEach((statements, i) => {
    new iam.CfnManagedPolicy(scope, i === 0 ? 'Resource' : `Resource${i + 1}`, {
      managedPolicyName: `${policyName.slice(0, 120)}-${i + 1}`,
      ...targets,
      policyDocument: document(statements),
    });
  });
}

/**
 * The deny for a list of matchers (principals or sessions): refuses an empty list and every
 * matcher no identity policy of this stack reaches, then attaches all the statements to every
 * principal they name. Each statement's condition names its own principal, so a statement
 * attached to a neighbour never matches the neighbour's requests.
 */
export function attachMatcherDeny(scope: Construct, options: {
  readonly matchers: ReadonlyArray<Matcher>;
  /** The prop's name and one item, for the error: `['sessions', 'session']`. */
  readonly label: [string, string];
  readonly policyName?: string;
  readonly allowOrganizationAccessRoles?: boolean;
}): void {
  if (options.matchers.length === 0) {
    throw new Error(`${options.label[0]} is empty; list at least one ${options.label[1]} to deny`);
  }
  const allow = options.allowOrganizationAccessRoles ?? false;
  const principals = options.matchers.flatMap((m) => reachedPrincipals(scope, m._reach(), options.label[1], allow));
  organizationAccessWarning(scope, allow);
  attachIdentityDeny(scope, {
    principals,
    statements: denyStatements(options.matchers.map((m) => m._clause()), { Action: '*', Resource: '*' }),
    policyName: options.policyName,
  });
  warnAboutAccessKeys(scope, principals.filter((p) => p.kind === 'user').map((p) => p.label),
    'this deny stops requests signed with their access keys only while it is deployed');
}

/** Says, once per construct, that the named IAM users' access keys stay active. */
export function warnAboutAccessKeys(scope: Construct, users: string[], what: string): void {
  if (users.length > 0) {
    Annotations.of(scope).addWarningV2(ACCESS_KEYS_WARNING, `access keys of ${users.join(', ')} are untouched and stay Active: `
      + `${what}; deactivate them (aws iam update-access-key --status Inactive) and delete them once rotated`);
  }
}

function reachedPrincipals(scope: Construct, reach: Reach, item: string, allowOrganizationAccess: boolean): CheckedPrincipal[] {
  if (reach.unreachable) {
    throw new Error(`${item} ${reach.label} cannot be denied from this stack: ${reach.unreachable}; ${REACH_ELSEWHERE}`);
  }
  const options = { guardAccount: true, allowOrganizationAccess };
  const principals = [
    ...(reach.roles ?? []).map((r) => checkRole(scope, r, options)),
    ...(reach.roleArns ?? []).map((arn) => checkRoleArn(scope, arn, options)),
    ...(reach.users ?? []).map((u) => checkUser(scope, u)),
    ...(reach.userArns ?? []).map((arn) => checkUserArn(scope, arn)),
  ];
  if (principals.length === 0) {
    throw new Error(`${item} ${reach.label} names no role or user to attach the deny to`);
  }
  return principals;
}

function distinct(principals: CheckedPrincipal[]): CheckedPrincipal[] {
  const byKey = new Map<string, CheckedPrincipal>();
  principals.forEach((p) => byKey.set(p.key, byKey.get(p.key) ?? p));
  return [...byKey.values()];
}

/**
 * Two policies of one name on one principal are one policy in IAM: deleting either construct
 * would delete the other's deny too. Refused.
 */
function claimPolicyName(scope: Construct, principals: CheckedPrincipal[], policyName: string): void {
  const stack = Stack.of(scope);
  const map = claimed.get(stack) ?? new Map<string, string>();
  claimed.set(stack, map);
  for (const p of principals) {
    const key = `${p.key}\n${Token.isUnresolved(policyName) ? policyName : policyName.toLowerCase()}`;
    const owner = map.get(key);
    if (owner !== undefined && owner !== scope.node.path) {
      throw new Error(`policyName "${policyName}" is already used on ${p.label} by ${owner}; one name on one role or user is one `
        + 'policy, and removing either construct would remove both denies: give this construct another policyName, or leave it unset');
    }
    map.set(key, scope.node.path);
  }
}
