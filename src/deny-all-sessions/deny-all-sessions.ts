import { Construct } from 'constructs';
import { attachIdentityDeny } from '../shared/identity-deny';
import { IdentityDenyProps } from '../shared/identity-deny-props';

/**
 * Properties for `DenyAllSessions`.
 */
export interface DenyAllSessionsProps extends IdentityDenyProps {}

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
