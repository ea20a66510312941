import { Construct } from 'constructs';
import { DeniedPrincipal } from './denied-principal';
import { attachMatcherDeny } from '../shared/identity-deny';
import { IdentityDenyProps } from '../shared/identity-deny-props';

/**
 * Properties for `DenyPrincipals`.
 */
export interface DenyPrincipalsProps extends IdentityDenyProps {
  /** The principals all of whose requests are denied. At least one. */
  readonly principals: DeniedPrincipal[];
}

/**
 * Denies every request of the given principals: `Deny *` on `*` when `aws:PrincipalArn`
 * matches, attached to each of `roles`.
 *
 * Use it to cut off all sessions of a principal, current and future, until the construct is
 * removed. To cut off only the sessions issued before a time, use `RevokeOlderSessions`.
 */
export class DenyPrincipals extends Construct {
  constructor(scope: Construct, id: string, props: DenyPrincipalsProps) {
    super(scope, id);
    attachMatcherDeny(this, { roles: props.roles, matchers: props.principals, label: ['principals', 'principal'], policyName: props.policyName });
  }
}
