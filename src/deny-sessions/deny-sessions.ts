import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SessionId } from './session-id';
import { attachMatcherDeny } from '../shared/identity-deny';

/**
 * Properties for `DenySessions`.
 */
export interface DenySessionsProps {
  /**
   * The roles whose identity policies receive the deny: usually the roles whose sessions leaked.
   * Service-linked and IAM Identity Center roles are refused.
   */
  readonly roles: iam.IRole[];

  /** The sessions to deny. At least one. */
  readonly sessions: SessionId[];

  /**
   * The inline policy's name. When the deny is too large for one inline policy, it is split
   * across managed policies named `<policyName>-1`, `-2`, ...
   *
   * @default a name unique to this construct
   */
  readonly policyName?: string;
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
