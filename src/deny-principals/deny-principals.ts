import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DeniedPrincipal } from './denied-principal';
import { attachMatcherDeny } from '../shared/identity-deny';

/**
 * Properties for `DenyPrincipals`.
 */
export interface DenyPrincipalsProps {
  /**
   * The roles whose identity policies receive the deny. Service-linked and IAM Identity Center
   * roles are refused.
   */
  readonly roles: iam.IRole[];

  /** The principals all of whose requests are denied. At least one. */
  readonly principals: DeniedPrincipal[];

  /**
   * The inline policy's name. When the deny is too large for one inline policy, it is split
   * across managed policies named `<policyName>-1`, `-2`, ...
   *
   * @default a name unique to this construct
   */
  readonly policyName?: string;
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
