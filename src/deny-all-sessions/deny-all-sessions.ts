import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachIdentityDeny } from '../shared/identity-deny';

/**
 * Properties for `DenyAllSessions`.
 */
export interface DenyAllSessionsProps {
  /** The roles to shut off. Service-linked and IAM Identity Center roles are refused. */
  readonly roles: iam.IRole[];

  /**
   * The inline policy's name.
   *
   * @default a name unique to this construct
   */
  readonly policyName?: string;
}

/**
 * The kill switch: `Deny *` on `*` with no condition on each role. Every session of the role is
 * denied, current **and future**: new sessions are blocked too until this construct is removed
 * and deployed. Prefer `RevokeOlderSessions` unless the role itself must stop working.
 */
export class DenyAllSessions extends Construct {
  constructor(scope: Construct, id: string, props: DenyAllSessionsProps) {
    super(scope, id);
    attachIdentityDeny(this, {
      roles: props.roles,
      statements: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
      policyName: props.policyName,
    });
  }
}
