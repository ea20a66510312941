import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cutoff, RevokeOlderSessions } from '../src';

/** Revokes an in-stack role and an imported role, with the cutoff from context or a parameter. */
export class RevocationExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const appRole = new iam.Role(this, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      path: '/app/',
    });
    const ciRole = iam.Role.fromRoleName(this, 'CiRole', 'ci-deployer');

    // With -c issuedBefore=... the cutoff is literal; otherwise it is the IssuedBefore parameter,
    // which a responder bumps with `cdk deploy --parameters IssuedBefore=...`.
    new RevokeOlderSessions(this, 'RevokeLeakedSessions', {
      roles: [appRole, ciRole],
      issuedBefore: Cutoff.fromContextOrParameter(this),
      stackOutputs: true,
    });
  }
}
