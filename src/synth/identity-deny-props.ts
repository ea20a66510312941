/**
 * Properties shared by the identity-side denies.
 */
export interface IdentityDenyProps {
  /**
   * The name of the policy written on each role or user. When the deny is too large for one
   * inline policy, it is split across managed policies named `<policyName>-1`, `-2`, ...
   * Two denies of one stack may not use the same name on the same role or user.
   *
   * @default a name unique to this construct
   */
  readonly policyName?: string;
}
