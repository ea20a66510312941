import { Construct } from 'constructs';
import { SessionId } from './session-id';
import { attachMatcherDeny } from '../shared/identity-deny';
import { IdentityDenyProps } from '../shared/identity-deny-props';

/**
 * Properties for `DenySessions`.
 */
export interface DenySessionsProps extends IdentityDenyProps {
  /** The sessions to deny. At least one. */
  readonly sessions: SessionId[];
}

/**
 * Denies chosen sessions (`Deny *` on `*` when `aws:userId` or `aws:SourceIdentity` matches)
 * and leaves the roles' other sessions working. Use it when one session name or one source
 * identity leaked and the role must keep serving everyone else.
 */
export class DenySessions extends Construct {
  constructor(scope: Construct, id: string, props: DenySessionsProps) {
    super(scope, id);
    attachMatcherDeny(this, { roles: props.roles, matchers: props.sessions, label: ['sessions', 'session'], policyName: props.policyName });
  }
}
