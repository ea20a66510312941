import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ORGANIZATION_ACCESS_ROLES } from '../core/lockout';

/** One warning id per opt-in, the same for every construct of the library (documented in the README). */
export const EARLIER_CUTOFF_WARNING = 'cdk-revoke-sessions:earlierCutoffAllowed';
export const FUTURE_CUTOFF_WARNING = 'cdk-revoke-sessions:futureCutoffAllowed';
export const ORGANIZATION_ACCESS_WARNING = 'cdk-revoke-sessions:organizationAccessRolesAllowed';

/** The warnings an opt-in deserves, on the construct that opted in. */
export function optInWarnings(scope: IConstruct, allowEarlierCutoff?: boolean, allowFutureCutoff?: boolean): void {
  if (allowEarlierCutoff) {
    Annotations.of(scope).addWarningV2(EARLIER_CUTOFF_WARNING, 'allowEarlierCutoff is set: a rollback or an older deployment '
      + 'can move this construct\'s cutoff earlier and un-revoke sessions it had denied; remove it once the incident is over');
  }
  if (allowFutureCutoff) {
    Annotations.of(scope).addWarningV2(FUTURE_CUTOFF_WARNING, 'allowFutureCutoff is set: a cutoff in the future also denies '
      + 'every session started until then, new ones included');
  }
}

/** The warning `allowOrganizationAccessRoles` deserves, on the construct that set it. */
export function organizationAccessWarning(scope: IConstruct, allowed: boolean | undefined): void {
  if (allowed) {
    Annotations.of(scope).addWarningV2(ORGANIZATION_ACCESS_WARNING, 'allowOrganizationAccessRoles is set: this construct may deny '
      + `the roles that run the organization (${ORGANIZATION_ACCESS_ROLES.join(', ')}); a StackSet, Control Tower or an `
      + 'administrator working through one of them is cut off too, including a deployment of this stack and its rollback; '
      + 'remove it once the leaked session is revoked');
  }
}
