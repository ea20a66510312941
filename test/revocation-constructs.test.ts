/**
 * One table over every revocation construct: the same stale cutoff warns with the same id, the
 * same future cutoff is refused at synth with the same words, and each passes cdk-nag
 * AwsSolutions with no unsuppressed finding. One rule, one place: a construct that drifts fails here.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Cutoff, DeniedPrincipal, DenyInResourcePolicy, OrganizationSelection, OrganizationTarget, RevokeIdentityCenterSessions,
  RevokeOlderSessions, RevokeOrganizationSessions, RoleSelection,
} from '../src';
import { unsuppressedNagFindings } from './helpers/nag';

const ACCOUNT = '111122223333';
const STALE = Cutoff.at('2025-10-18T10:00:00Z');
/** Three hours after the pinned synth clock (test/helpers/synth-clock.ts). */
const AHEAD = Cutoff.at('2026-11-22T15:00:00Z');
const RECENT = Cutoff.at('2026-11-22T10:00:00Z');

type Build = (stack: Stack, issuedBefore: Cutoff) => void;

const constructs: Array<[string, Build]> = [
  ['RevokeOlderSessions (roles)', (s, c) => new RevokeOlderSessions(s, 'Revoke', { roles: [iam.Role.fromRoleName(s, 'App', 'app')], issuedBefore: c })],
  ['RevokeOlderSessions (selection)', (s, c) => new RevokeOlderSessions(s, 'Revoke', { selection: RoleSelection.namePattern('svc-*'), issuedBefore: c })],
  ['RevokeOrganizationSessions', (s, c) => new RevokeOrganizationSessions(s, 'Revoke', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])], targets: [OrganizationTarget.root('r-ab12')], issuedBefore: c,
  })],
  ['RevokeIdentityCenterSessions', (s, c) => new RevokeIdentityCenterSessions(s, 'Revoke', {
    instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
    permissionSetArns: ['arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef'],
    issuedBefore: c,
  })],
  ['DenyInResourcePolicy', (s, c) => new DenyInResourcePolicy(s, 'Revoke', {
    resource: new s3.Bucket(s, 'Bucket', { enforceSSL: true, serverAccessLogsPrefix: 'logs/' }),
    principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/partner`)],
    issuedBefore: c,
  })],
];

const stack = () => new Stack(new App(), 'Incident', { env: { account: ACCOUNT, region: 'us-east-1' } });

describe.each(constructs)('%s', (_name, build) => {
  test('a cutoff older than any session warns cutoffRevokesNothing', () => {
    const s = stack();
    build(s, STALE);
    Annotations.fromStack(s).hasWarning('/Incident/Revoke', Match.stringLikeRegexp('revokes no live session.*\\[ack: cdk-revoke-sessions:cutoffRevokesNothing\\]'));
  });

  test('a cutoff three hours ahead is refused at synth', () => {
    expect(() => build(stack(), AHEAD)).toThrow(/issuedBefore 2026-11-22T15:00:00Z is more than 1 hour in the future, so it would also deny new sessions/);
  });

  test('cdk-nag AwsSolutions finds nothing unsuppressed', () => {
    const s = stack();
    build(s, RECENT);
    expect(unsuppressedNagFindings(s)).toEqual([]);
  });
});
