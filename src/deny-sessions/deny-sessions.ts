import { Construct } from 'constructs';
import { SessionId } from './session-id';
import { attachMatcherDeny } from '../synth/identity-deny';
import { IdentityDenyProps } from '../synth/identity-deny-props';

/**
 * Properties for `DenySessions`.
 */
export interface DenySessionsProps extends IdentityDenyProps {
  /**
   * The sessions to deny. At least one. Each names the role or user whose policies IAM
   * evaluates for it (a source identity: the roles given to `ofSourceIdentity`).
   */
  readonly sessions: SessionId[];
}

/**
 * Denies chosen sessions (`Deny *` on `*` when `aws:userId` or `aws:SourceIdentity` matches)
 * and leaves the roles' other sessions working. Use it when one session name or one source
 * identity leaked and the role must keep serving everyone else.
 *
 * Each deny is attached to the role of the session, the IAM user, or the IAM user that minted
 * a federated user; a session no identity policy of this stack reaches is refused at synth.
 */
export class DenySessions extends Construct {
  constructor(scope: Construct, id: string, props: DenySessionsProps) {
    super(scope, id);
    attachMatcherDeny(this, {
      matchers: props.sessions,
      label: ['sessions', 'session'],
      policyName: props.policyName,
      allowOrganizationAccessRoles: props.allowOrganizationAccessRoles,
    });
  }
}
