/**
 * Every provider of the library in a stack protects, and is protected by, every other: the
 * older-sessions providers and the organization and Identity Center ones alike.
 */
import { App, Aspects, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Cutoff, DenyAllSessions, OrganizationSelection, OrganizationTarget, RevokeIdentityCenterSessions, RevokeOlderSessions,
  RevokeOrganizationSessions, RevokeRolesAspect, RoleSelection,
} from '../../src';
import { grantsFromEnv, resourceTag, servedGrant } from '../../src/core/engine/grants';
import { RevokeSessionsProvider } from '../../src/revoke-older-sessions/provider';
import { RevokeOrganizationSessionsFunction } from '../../src/revoke-organization-sessions/revoke-organization-sessions-function';
import { LibraryProvider } from '../../src/synth/library-provider';

/** A provider of the library, as any construct kind builds one: more of them than the library ever makes. */
class ExtraProvider extends LibraryProvider {
  constructor(scope: Stack, id: string) {
    super(scope, id, {
      description: 'test',
      timeout: Duration.minutes(1),
      onEventPhase: 'sync',
      createFunction: (s, i, p) => new RevokeOrganizationSessionsFunction(s, i, p),
    });
  }
}

const CUTOFF = Cutoff.at('2026-11-22T10:00:00Z');
const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const PS = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef';

const stack = () => new Stack(new App(), 'Incident', { env: { account: '111122223333', region: 'us-east-1' } });
const organization = (s: Stack) => new RevokeOrganizationSessions(s, 'Org', {
  selections: [OrganizationSelection.allRoles()], targets: [OrganizationTarget.root('r-ab12')], issuedBefore: CUTOFF,
});
const identityCenter = (s: Stack) => new RevokeIdentityCenterSessions(s, 'Ic', { instanceArn: INSTANCE, permissionSetArns: [PS], issuedBefore: CUTOFF });

/** The `iam.Role`s of the providers whose id starts with `prefix`. */
const providerRoles = (s: Stack, prefix: string) => s.node.children.filter((c) => c.node.id.startsWith(prefix))
  .flatMap((p) => p.node.findAll()).filter((c): c is iam.Role => c instanceof iam.Role);
const roleIds = (t: Template, prefix: string) => Object.keys(t.findResources('AWS::IAM::Role')).filter((id) => id.startsWith(prefix));

test('isProviderPart recognizes the organization and Identity Center providers', () => {
  const s = stack();
  organization(s);
  identityCenter(s);
  const roles = [...providerRoles(s, 'CdkRevokeOrganizationSessionsProvider'), ...providerRoles(s, 'CdkRevokeIdentityCenterSessionsProvider')];
  expect(roles.length).toBeGreaterThanOrEqual(4);
  expect(roles.every((r) => RevokeSessionsProvider.isProviderPart(r))).toBe(true);
  expect(RevokeSessionsProvider.isProviderPart(new iam.Role(s, 'App', { assumedBy: new iam.AccountRootPrincipal() }))).toBe(false);
});

test('a RevokeOlderSessions selection refuses the organization and Identity Center provider roles at deploy time', () => {
  const s = stack();
  new RevokeOlderSessions(s, 'All', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF });
  // Created after the selection: the protected list is known only once the stack is built.
  organization(s);
  identityCenter(s);
  const t = Template.fromStack(s);
  const others = [...roleIds(t, 'CdkRevokeOrganizationSessionsProvider'), ...roleIds(t, 'CdkRevokeIdentityCenterSessionsProvider')];
  expect(others.length).toBeGreaterThanOrEqual(4);
  const fns = Object.entries(t.findResources('AWS::Lambda::Function')).filter(([id]) => /^CdkRevokeSessionsProvider(OnEvent|IsComplete)/.test(id));
  expect(fns.length).toBe(2);
  for (const [, fn] of fns) {
    const protectedRoles = JSON.stringify((fn as any).Properties.Environment.Variables.REVOKE_PROTECTED_ROLES);
    others.forEach((id) => expect(protectedRoles).toContain(`"${id}"`));
  }
});

test('explicit roles, targeted denies and the aspect refuse the organization and Identity Center provider roles at synth', () => {
  const s = stack();
  organization(s);
  identityCenter(s);
  const [orgRole] = providerRoles(s, 'CdkRevokeOrganizationSessionsProvider');
  const [icRole] = providerRoles(s, 'CdkRevokeIdentityCenterSessionsProvider');
  expect(() => new RevokeOlderSessions(s, 'Explicit', { roles: [orgRole], issuedBefore: CUTOFF }))
    .toThrow(/belongs to this library's provider; revoking it would stop the revocation itself/);
  expect(() => new DenyAllSessions(s, 'Deny', { roles: [icRole] })).toThrow(/belongs to this library's provider/);

  const aspectStack = stack();
  organization(aspectStack);
  identityCenter(aspectStack);
  new iam.Role(aspectStack, 'App', { assumedBy: new iam.AccountRootPrincipal() });
  Aspects.of(aspectStack).add(new RevokeRolesAspect({ issuedBefore: CUTOFF }));
  const revoked = JSON.stringify(Object.values(Template.fromStack(aspectStack).findResources('Custom::RevokeOlderSessions'))
    .map((r: any) => r.Properties.RoleArns));
  expect(revoked).toContain('App');
  expect(revoked).not.toMatch(/CdkRevoke(Organization|IdentityCenter)SessionsProvider/);
});

test('the organization function exempts the roles of every provider of the library in the stack, whenever they are added', () => {
  const s = stack();
  organization(s);
  new RevokeOlderSessions(s, 'All', { selection: RoleSelection.allInAccount(), issuedBefore: CUTOFF });
  new RevokeOlderSessions(s, 'Explicit', { roles: [iam.Role.fromRoleName(s, 'A', 'app')], issuedBefore: CUTOFF });
  identityCenter(s);
  const t = Template.fromStack(s);
  const [fn] = Object.values(t.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('service control policies') },
  })) as any[];
  // By name, in the function's own environment: no event carries them.
  const exempt = JSON.stringify(fn.Properties.Environment.Variables.REVOKE_STACK_ROLES);
  const all = roleIds(t, 'CdkRevoke');
  // One provider for every RevokeOlderSessions: its function's role and the framework's two.
  expect(all.filter((id) => id.startsWith('CdkRevokeSessionsProvider')).length).toBeGreaterThanOrEqual(3);
  expect(all.some((id) => id.startsWith('CdkRevokeIdentityCenterSessionsProvider'))).toBe(true);
  all.forEach((id) => expect(exempt).toContain(`{"Ref":"${id}"}`));
  expect(exempt).toContain('cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1');
  const [scp] = Object.values(t.findResources('Custom::RevokeOrganizationSessions')) as any[];
  expect(scp.Properties.ExemptRoleArns).toBeUndefined();
});

test('more provider roles than the SCP or the function\'s environment can hold fail synth, saying which', () => {
  const s = stack();
  organization(s);
  // More providers than the library's kinds ever make, to reach the bound.
  for (let i = 0; i < 25; i++) {
    new ExtraProvider(s, `Extra${i}`);
  }
  expect(() => Template.fromStack(s)).toThrow(/the revocation SCP would be about \d+ characters|would carry an environment of up to \d+ bytes/);
});

test('the organization function grants removal and a future cutoff only to the resource deployed with them', () => {
  const s = stack();
  new RevokeOrganizationSessions(s, 'OrgDestroy', {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
    targets: [OrganizationTarget.root('r-ab12')],
    issuedBefore: Cutoff.at('2026-11-22T12:30:00Z'),
    removalPolicy: RemovalPolicy.DESTROY,
    allowFutureCutoff: true,
  });
  organization(s);
  const t = Template.fromStack(s);
  const logicalId = (path: string) => s.resolve((s.node.findChild(path).node.findChild('Resource').node.defaultChild as CfnResource).logicalId);
  const fns = Object.values(t.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('service control policies') },
  })) as any[];
  expect(fns).toHaveLength(1);
  const table = grantsFromEnv({ REVOKE_STACK: 'stack', REVOKE_GRANTS: fns[0].Properties.Environment.Variables.REVOKE_GRANTS });
  expect(servedGrant(table, 'stack', logicalId('OrgDestroy'))).toMatchObject({ remove: true, lower: false, future: { kind: 'until' } });
  expect(servedGrant(table, 'stack', logicalId('Org'))).toMatchObject({ remove: false, lower: false, future: undefined });
  expect(servedGrant(table, 'stack', 'Forged')).toBeUndefined();
});

test('Identity Center functions serve capabilities and future cutoffs only to the resources routed to them', () => {
  const s = stack();
  identityCenter(s);
  new RevokeIdentityCenterSessions(s, 'IcDestroy', { instanceArn: INSTANCE, permissionSetArns: [PS], issuedBefore: CUTOFF, removalPolicy: RemovalPolicy.DESTROY });
  const t = Template.fromStack(s);
  const logicalId = (path: string) => s.resolve((s.node.findChild(path).node.findChild('Resource').node.defaultChild as CfnResource).logicalId);
  const envs = Object.values(t.findResources('AWS::Lambda::Function')).map((f: any) => f.Properties.Environment?.Variables ?? {});
  // One provider for the kind; its grants name each resource routed to it, and only the DESTROY one may remove.
  const ic = envs.filter((v: Record<string, unknown>) => typeof v.REVOKE_GRANTS === 'string' && (v.REVOKE_GRANTS as string).includes(resourceTag(logicalId('IcDestroy'))));
  expect(ic.length).toBe(2);
  const table = grantsFromEnv({ REVOKE_STACK: 'stack', REVOKE_GRANTS: ic[0].REVOKE_GRANTS });
  expect(servedGrant(table, 'stack', logicalId('IcDestroy'))!.remove).toBe(true);
  expect(servedGrant(table, 'stack', 'SomeOtherResource')).toBeUndefined();
  expect(ic.every((v: any) => JSON.stringify(v.REVOKE_STACK) === JSON.stringify({ Ref: 'AWS::StackId' }))).toBe(true);
  // No function carries the old capability-per-provider environment any more.
  expect(envs.every((v: Record<string, unknown>) => Object.keys(v).every((k) => !/^REVOKE_(CAPABILITIES|CAPABLE_|FUTURE_)/.test(k)))).toBe(true);
});
