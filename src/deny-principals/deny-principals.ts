import { Construct } from 'constructs';
import { DeniedPrincipal } from './denied-principal';
import { attachMatcherDeny } from '../synth/identity-deny';
import { IdentityDenyProps } from '../synth/identity-deny-props';

/**
 * Properties for `DenyPrincipals`.
 */
export interface DenyPrincipalsProps extends IdentityDenyProps {
  /**
   * The principals all of whose requests are denied. At least one. Each must be a role or IAM
   * user of this stack's account (or a federated user, through the IAM user that minted it):
   * the deny is attached to it, because IAM evaluates a principal's own policies only.
   */
  readonly principals: DeniedPrincipal[];
}

/**
 * Denies every request of the given principals: `Deny *` on `*` when `aws:PrincipalArn`
 * matches, attached to each principal itself (a role, an IAM user, or the IAM user that
 * minted a federated user).
 *
 * A principal no identity policy of this stack reaches (another account, the root user, an
 * Identity Center or service-linked role, a pattern) is refused at synth; deny it with
 * `DenyInResourcePolicy` or organization-wide instead. Use this construct to cut off all
 * sessions of a principal, current and future, until it is removed; to cut off only the
 * sessions issued before a time, use `RevokeOlderSessions`.
 */
export class DenyPrincipals extends Construct {
  constructor(scope: Construct, id: string, props: DenyPrincipalsProps) {
    super(scope, id);
    attachMatcherDeny(this, {
      matchers: props.principals,
      label: ['principals', 'principal'],
      policyName: props.policyName,
      allowOrganizationAccessRoles: props.allowOrganizationAccessRoles,
    });
  }
}
