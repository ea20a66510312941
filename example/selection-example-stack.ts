import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cutoff, DenyAllSessions, RevokeOlderSessions, RoleSelection } from '../src';

/** Revokes every role under /app/ at deploy time, and shuts one role down completely. */
export class SelectionExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { issuedBefore: string }) {
    super(scope, id, props);

    new RevokeOlderSessions(this, 'RevokeAppRoles', {
      selection: RoleSelection.pathPrefix('/app/', { exclude: ['breakglass-*'] }),
      issuedBefore: Cutoff.at(props.issuedBefore),
    });

    new DenyAllSessions(this, 'ShutDownCompromised', {
      roles: [iam.Role.fromRoleName(this, 'Compromised', 'compromised-worker')],
    });
  }
}
