/**
 * Attaches deny statements to roles as CloudFormation-managed policies: inline when the
 * document fits, split across managed policies when it does not.
 */
import { Names, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ConditionClause, DenyStatement, denyStatements, documentSize, packStatements } from './deny-document';
import { policyNameProblem } from './role-target';
import { validateTargetRoles } from './target-roles';

/** A role's inline policies together, whitespace not counted. */
export const INLINE_POLICY_LIMIT = 10_240;
export const MANAGED_POLICY_LIMIT = 6_144;
/** Managed policies a role may carry by default. */
export const MANAGED_POLICIES_PER_ROLE = 10;
const MAX_ROLES = 500;

export interface IdentityDenyOptions {
  readonly roles: iam.IRole[];
  readonly statements: DenyStatement[];
  readonly policyName?: string;
}

/**
 * Writes the deny onto every role. Children are `Resource` (and `Resource2`, ... when split).
 * Uses the L1 resources directly: an imported immutable role would silently ignore
 * `attachInlinePolicy`, and a deny must never go missing silently.
 */
export function attachIdentityDeny(scope: Construct, options: IdentityDenyOptions): void {
  validateTargetRoles(scope, options.roles, MAX_ROLES);
  const roleNames = [...new Set(options.roles.map((r) => r.roleName))];
  const policyName = options.policyName ?? Names.uniqueResourceName(scope, { maxLength: 128, separator: '-' });
  if (!Token.isUnresolved(policyName)) {
    const problem = policyNameProblem(policyName);
    if (problem) {
      throw new Error(problem);
    }
  }
  const document = (statements: DenyStatement[]) => ({ Version: '2012-10-17', Statement: statements });

  if (documentSize(scope, options.statements) <= INLINE_POLICY_LIMIT) {
    new iam.CfnPolicy(scope, 'Resource', { policyName, roles: roleNames, policyDocument: document(options.statements) });
    return;
  }
  const parts = packStatements(scope, options.statements, MANAGED_POLICY_LIMIT);
  if (parts.length > MANAGED_POLICIES_PER_ROLE) {
    throw new Error(`the deny is ${documentSize(scope, options.statements)} characters: over the ${INLINE_POLICY_LIMIT}-character `
      + `inline limit, and it would need ${parts.length} managed policies of at most ${MANAGED_POLICY_LIMIT} characters, `
      + `more than the ${MANAGED_POLICIES_PER_ROLE} a role carries; split the principals or sessions across several constructs`);
  }
  parts.forEach((statements, i) => {
    new iam.CfnManagedPolicy(scope, i === 0 ? 'Resource' : `Resource${i + 1}`, {
      managedPolicyName: `${policyName.slice(0, 120)}-${i + 1}`,
      roles: roleNames,
      policyDocument: document(statements),
    });
  });
}

/**
 * The deny for a list of matchers (principals or sessions): refuses an empty list, merges the
 * matchers' clauses into statements and attaches them.
 */
export function attachMatcherDeny(scope: Construct, options: {
  readonly roles: iam.IRole[];
  readonly matchers: ReadonlyArray<{ _clause(): ConditionClause }>;
  /** The prop's name and one item, for the error: `['sessions', 'session']`. */
  readonly label: [string, string];
  readonly policyName?: string;
}): void {
  if (options.matchers.length === 0) {
    throw new Error(`${options.label[0]} is empty; list at least one ${options.label[1]} to deny`);
  }
  attachIdentityDeny(scope, {
    roles: options.roles,
    statements: denyStatements(options.matchers.map((m) => m._clause()), { Action: '*', Resource: '*' }),
    policyName: options.policyName,
  });
}
