import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachIdentityDeny } from '../synth/identity-deny';
import { IdentityDenyProps } from '../synth/identity-deny-props';
import { organizationAccessWarning } from '../synth/opt-in-warnings';
import { checkRole } from '../synth/target-roles';

/**
 * Properties for `DenyAllSessions`.
 */
export interface DenyAllSessionsProps extends IdentityDenyProps {
  /**
   * The roles to shut down. At least one, at most 500, all in this stack's account.
   * Service-linked and IAM Identity Center roles, the stack's deploy and CloudFormation
   * execution roles, CDK bootstrap roles, this library's own roles and (unless
   * `allowOrganizationAccessRoles`) the roles that run the organization are refused.
   */
  readonly roles: iam.IRole[];
}

/**
 * The kill switch: `Deny *` on `*` with no condition on each role. Every session of the role is
 * denied, current **and future**: new sessions are blocked too until this construct is removed
 * and deployed. Prefer `RevokeOlderSessions` unless the role itself must stop working.
 */
export class DenyAllSessions extends Construct {
  constructor(scope: Construct, id: string, props: DenyAllSessionsProps) {
    super(scope, id);
    if (props.roles.length === 0) {
      throw new Error('roles is empty; list at least one role');
    }
    const options = { guardAccount: true, allowOrganizationAccess: props.allowOrganizationAccessRoles };
    attachIdentityDeny(this, {
      principals: props.roles.map((role) => checkRole(this, role, options)),
      statements: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
      policyName: props.policyName,
    });
    organizationAccessWarning(this, props.allowOrganizationAccessRoles);
  }
}
