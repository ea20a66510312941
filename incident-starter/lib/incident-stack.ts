import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions } from 'cdk-revoke-sessions';
import { Construct } from 'constructs';

/** Properties of `IncidentStack`. */
export interface IncidentStackProps extends StackProps {
  /** Names of the roles whose older sessions are revoked (IAM role names, no path). */
  readonly roleNames: string[];
}

/**
 * Revokes every session of the leaked roles issued before the cutoff. The cutoff comes from
 * `-c issuedBefore=<UTC instant>` (written into the template) or, without it, from the stack
 * parameter `IssuedBefore`. `-c dryRun=true` plans without writing anything.
 */
export class IncidentStack extends Stack {
  constructor(scope: Construct, id: string, props: IncidentStackProps) {
    super(scope, id, props);
    new RevokeOlderSessions(this, 'Revoke', {
      roles: props.roleNames.map((name) => iam.Role.fromRoleName(this, `Role${name}`, name)),
      issuedBefore: Cutoff.fromContextOrParameter(this),
      dryRun: this.node.tryGetContext('dryRun') === 'true',
      // RevokeEffectiveCutoff, RevokeMootAfter, RevokeOwnedPolicyName: printed by cdk deploy.
      stackOutputs: true,
      outputPrefix: 'Revoke',
    });
  }
}
