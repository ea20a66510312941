/**
 * An opt-in that weakens a guarantee warns with one id, whichever construct offers it, so one
 * acknowledgement covers them all.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Cutoff, OrganizationSelection, OrganizationTarget, RevocationSwitch, RevokeIdentityCenterSessions, RevokeOlderSessions, RevokeOrganizationSessions,
} from '../../src';

const CUTOFF = Cutoff.at('2026-11-22T10:00:00Z');
type OptIn = { allowEarlierCutoff?: boolean; allowFutureCutoff?: boolean };

const constructs: Array<[string, (s: Stack, optIn: OptIn) => void]> = [
  ['RevokeOlderSessions', (s, optIn) => new RevokeOlderSessions(s, 'Revoke', { roles: [iam.Role.fromRoleName(s, 'A', 'app')], issuedBefore: CUTOFF, ...optIn })],
  ['RevokeOrganizationSessions', (s, optIn) => new RevokeOrganizationSessions(s, 'Revoke', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])], targets: [OrganizationTarget.root('r-ab12')], issuedBefore: CUTOFF, ...optIn,
  })],
  ['RevokeIdentityCenterSessions', (s, optIn) => new RevokeIdentityCenterSessions(s, 'Revoke', {
    instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
    permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
    issuedBefore: CUTOFF,
    ...optIn,
  })],
  ['RevocationSwitch', (s, optIn) => new RevocationSwitch(s, 'Revoke', { issuedBefore: CUTOFF, ...optIn })],
];

describe.each(constructs)('%s', (_name, make) => {
  test.each([
    [{ allowEarlierCutoff: true }, 'cdk-revoke-sessions:earlierCutoffAllowed'],
    [{ allowFutureCutoff: true }, 'cdk-revoke-sessions:futureCutoffAllowed'],
  ])('%j warns with the documented id', (optIn, id) => {
    const s = new Stack(new App(), 'Incident', { env: { account: '111122223333', region: 'us-east-1' } });
    make(s, optIn);
    Annotations.fromStack(s).hasWarning('/Incident/Revoke', Match.stringLikeRegexp(`\\[ack: ${id}\\]`));
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('\\[ack: cdk-revoke-sessions:allow(Earlier|Future)Cutoff\\]'));
  });
});
