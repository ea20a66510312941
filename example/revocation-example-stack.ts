import { CfnParameter, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cutoff, RevokeOlderSessions } from '../src';

/** Revokes an in-stack role and an imported role, with the cutoff from context or a parameter. */
export class RevocationExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { issuedBefore?: string } = {}) {
    super(scope, id, props);

    const appRole = new iam.Role(this, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      path: '/app/',
    });
    const ciRole = iam.Role.fromRoleName(this, 'CiRole', 'ci-deployer');

    // With -c issuedBefore=... the cutoff is literal; otherwise it is a deploy-time parameter
    // that a responder bumps with `cdk deploy --parameters IssuedBefore=...`.
    const issuedBefore = props.issuedBefore
      ? Cutoff.at(props.issuedBefore)
      : Cutoff.fromParameter(new CfnParameter(this, 'IssuedBefore', {
        type: 'String',
        description: 'Revoke sessions issued before this ISO 8601 instant (UTC, e.g. 2026-11-22T10:00:00Z)',
        allowedPattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$',
        constraintDescription: 'an ISO 8601 instant with a zone, such as 2026-11-22T10:00:00Z',
      }));

    new RevokeOlderSessions(this, 'RevokeLeakedSessions', {
      roles: [appRole, ciRole],
      issuedBefore,
    });
  }
}
