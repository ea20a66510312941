import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Properties shared by the identity-side denies.
 */
export interface IdentityDenyProps {
  /**
   * The roles whose identity policies receive the deny. At least one, at most 500.
   * Service-linked and IAM Identity Center roles are refused, because IAM does not let
   * anyone edit their policies.
   */
  readonly roles: iam.IRole[];

  /**
   * The inline policy's name. When the deny is too large for one inline policy, it is split
   * across managed policies named `<policyName>-1`, `-2`, ...
   *
   * @default a name unique to this construct
   */
  readonly policyName?: string;
}
