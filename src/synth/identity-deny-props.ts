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

  /**
   * Let the deny name the roles that run the organization: `AWSCloudFormationStackSetExecutionRole`,
   * `AWSCloudFormationStackSetAdministrationRole`, the service-managed `stacksets-exec-<hash>`,
   * `OrganizationAccountAccessRole` and `AWSControlTowerExecution`. Without it they are refused at
   * synth, because denying one can stop the very deployment (a StackSet runs as them) that carries
   * the deny, and its rollback. Set it only when one of them leaked; it warns
   * (`cdk-revoke-sessions:organizationAccessRolesAllowed`).
   *
   * @default false
   */
  readonly allowOrganizationAccessRoles?: boolean;
}
