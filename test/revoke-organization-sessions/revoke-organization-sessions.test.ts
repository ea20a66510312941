import { Annotations as CoreAnnotations, App, CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  Cutoff, OrganizationSelection, OrganizationTarget, RevokeOrganizationSessions, RevokeOrganizationSessionsProps,
} from '../../src';

const CUTOFF = '2026-11-22T10:00:00Z';
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';

function stack(): Stack {
  return new Stack(new App(), 'OrgIncident', { env: { account: '111111111111', region: 'us-east-1' } });
}

function revoke(s: Stack, props: Partial<RevokeOrganizationSessionsProps> = {}, id = 'Revoke'): RevokeOrganizationSessions {
  return new RevokeOrganizationSessions(s, id, {
    selections: [OrganizationSelection.rolesNamed(['ci-deploy'])],
    targets: [OrganizationTarget.root('r-ab12')],
    issuedBefore: Cutoff.at(CUTOFF),
    ...props,
  });
}

const policyStatements = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))
  .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
const actions = (s: Stack) => policyStatements(s).flatMap((st: any) => st.Action);

test('carries every selection, target and safe defaults; the stack\'s own roles travel in the function\'s environment, not the event', () => {
  const s = stack();
  // Three statements: each repeats the exemptions, and four with this stack's four exempt roles pass 5,120 characters.
  revoke(s, {
    selections: [
      OrganizationSelection.rolesNamed(['ci-deploy']),
      OrganizationSelection.permissionSets(['AdministratorAccess']),
      OrganizationSelection.identityCenterUser(ALICE),
    ],
    targets: [OrganizationTarget.root('r-ab12'), OrganizationTarget.organizationalUnit('ou-ab12-cd34ef56'), OrganizationTarget.account('222233334444')],
    breakGlassRoles: ['BreakGlassAdmin'],
  });
  const t = Template.fromStack(s);
  t.hasResourceProperties('Custom::RevokeOrganizationSessions', {
    Selections: [
      { Kind: 'roles-named', Names: ['ci-deploy'] },
      { Kind: 'permission-sets', Names: ['AdministratorAccess'] },
      { Kind: 'identity-center-user', UserId: ALICE },
    ],
    Targets: ['r-ab12', 'ou-ab12-cd34ef56', '222233334444'],
    BreakGlassRoles: ['BreakGlassAdmin'],
    ExemptRoleArns: Match.absent(),
    CutoffMode: 'fixed',
    IssuedBefore: CUTOFF,
    PolicyNamePrefix: 'RevokeSessions',
    RemovalPolicy: 'retain',
    AllowEarlierCutoff: 'false',
  });
  const fn = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('service control policies') } }))[0] as any;
  const roles = JSON.stringify(fn.Properties.Environment.Variables.REVOKE_STACK_ROLES);
  expect(roles).toMatch(/"Ref":"CdkRevokeOrganizationSessionsProviderOnEventServiceRole[0-9A-F]+"/);
  expect(roles).toMatch(/cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1/);
  expect(fn.Properties.Environment.Variables.REVOKE_GRANTS).toBeDefined();
});

test('one function whatever the removal policy: it never updates an SCP, and detaches and deletes only what its code proves superseded or CloudFormation deletes', () => {
  const s = stack();
  revoke(s);
  revoke(s, { removalPolicy: RemovalPolicy.DESTROY }, 'Destroy');
  expect(actions(s)).toEqual(expect.arrayContaining(['organizations:CreatePolicy', 'organizations:AttachPolicy', 'organizations:DetachPolicy',
    'organizations:DeletePolicy', 'organizations:DescribeOrganization', 'cloudformation:DescribeStacks']));
  expect(actions(s)).not.toContain('organizations:UpdatePolicy');
  const fns = Object.values(Template.fromStack(s).findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('service control policies') },
  }));
  expect(fns).toHaveLength(1);
});

test('warns which SCP slots it takes, with an acknowledgeable id', () => {
  const s = stack();
  revoke(s, { targets: [OrganizationTarget.root('r-ab12'), OrganizationTarget.account('222233334444')] });
  Annotations.fromStack(s).hasInfo('/OrgIncident/Revoke', Match.stringLikeRegexp('takes one of the 5 SCP slots .* r-ab12, 222233334444.*cdk-revoke-sessions:scpSlot'));
  // A note, not a warning: every organization revocation takes slots, and --strict must pass.
  expect(Annotations.fromStack(s).findWarning('/OrgIncident/Revoke', Match.stringLikeRegexp('SCP slots'))).toEqual([]);
});

test('an account target that is the stack\'s own account warns that SCPs never apply to the management account; acknowledgeable', () => {
  const s = stack();
  revoke(s, { targets: [OrganizationTarget.account('111111111111'), OrganizationTarget.account('222233334444')] });
  Annotations.fromStack(s).hasWarning('/OrgIncident/Revoke',
    Match.stringLikeRegexp('target account 111111111111 is the account this stack deploys to; if it is the management account, the SCP never applies there.*cdk-revoke-sessions:scpOwnAccount'));
  const other = stack();
  revoke(other, { targets: [OrganizationTarget.account('222233334444')] });
  Annotations.fromStack(other).hasNoWarning('/OrgIncident/Revoke', Match.stringLikeRegexp('scpOwnAccount'));
  const acked = stack();
  const r = revoke(acked, { targets: [OrganizationTarget.account('111111111111')] });
  CoreAnnotations.of(r).acknowledgeWarning('cdk-revoke-sessions:scpOwnAccount', 'a delegated administrator');
  Annotations.fromStack(acked).hasNoWarning('/OrgIncident/Revoke', Match.stringLikeRegexp('scpOwnAccount'));
});

test('a parameter cutoff and a deploy-time cutoff pass through to the handler', () => {
  const s = stack();
  revoke(s, { issuedBefore: Cutoff.fromParameter(new CfnParameter(s, 'Cutoff')) });
  revoke(s, { issuedBefore: Cutoff.deployTime({ generation: 'INC-42' }) }, 'DeployTime');
  const t = Template.fromStack(s);
  t.hasResourceProperties('Custom::RevokeOrganizationSessions', { CutoffMode: 'fixed', IssuedBefore: { Ref: 'Cutoff' } });
  t.hasResourceProperties('Custom::RevokeOrganizationSessions', { CutoffMode: 'deploy-time', Generation: 'INC-42', BufferSeconds: '30' });
});

test('a user without a cutoff is allowed; a role selection without one is refused', () => {
  const s = stack();
  revoke(s, { selections: [OrganizationSelection.identityCenterUser(ALICE)], issuedBefore: undefined });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeOrganizationSessions', { CutoffMode: 'none' });
  expect(() => revoke(s, { issuedBefore: undefined }, 'NoCutoff')).toThrow(/issuedBefore is required for role and permission set selections/);
});

test.each([
  [() => OrganizationSelection.rolesNamed(['OrganizationAccountAccessRole']), /is exempt from every revocation/],
  [() => OrganizationSelection.rolesNamed(['AWSCloudFormationStackSetExecutionRole']), /is exempt from every revocation/],
  [() => OrganizationSelection.rolesNamed(['stacksets-exec-0123456789abcdef0123456789abcdef']), /is exempt from every revocation/],
  [() => OrganizationSelection.rolesNamed(['cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1']), /is exempt from every revocation/],
  [() => OrganizationSelection.rolesNamed(['AWSCloudFormationStackSetAdministrationRole']), /is exempt from every revocation/],
  [() => OrganizationSelection.rolesNamed(['organizationaccountaccessrole']), /differs only in case from the exempt "OrganizationAccountAccessRole"; role names in an SCP match with their exact case/],
  [() => revoke(stack(), { breakGlassRoles: ['Admin${aws:username}'] }), /break-glass role "Admin\$\{aws:username\}" contains "\$", "\{" or "\}"/],
  [() => OrganizationSelection.allRoles({ exclude: ['ops-{x}'] }), /excluded role "ops-\{x\}" contains "\$", "\{" or "\}"/],
  [() => OrganizationSelection.rolesNamed(['AWSReservedSSO_Admin_0123456789abcdef']), /select its permission set/],
  [() => OrganizationSelection.rolesNamed(['ci/*']), /not a valid IAM role name/],
  [() => OrganizationSelection.rolesNamed([]), /1 to 50 names/],
  [() => OrganizationSelection.permissionSets(['arn:aws:sso:::permissionSet/x']), /use its name .* not its ARN/],
  [() => OrganizationSelection.identityCenterUser('alice@example.com'), /identity store user id "alice@example.com" is not valid/],
  [() => OrganizationTarget.root('ou-ab12-cd34ef56'), /root id "ou-ab12-cd34ef56" is not valid; expected the form r-ab12/],
  [() => OrganizationTarget.organizationalUnit('ou-1'), /organizational unit id "ou-1" is not valid/],
  [() => OrganizationTarget.account('12345'), /account id "12345" is not valid; expected the form 111122223333/],
  [() => OrganizationSelection.allRoles({ exclude: ['*'] }), /excluded role "\*" would match nearly every role/],
  [() => revoke(stack(), { breakGlassRoles: ['*'] }), /break-glass role "\*" would match nearly every role/],
  [() => revoke(stack(), { breakGlassRoles: ['AWSReservedSSO_*'] }), /would match every IAM Identity Center role/],
])('refuses at synth: %#', (make, message) => {
  expect(make).toThrow(message);
});

test('a break-glass role named as a selection is refused at synth', () => {
  expect(() => revoke(stack(), { selections: [OrganizationSelection.rolesNamed(['BreakGlassAdmin'])], breakGlassRoles: ['BreakGlass*'] }))
    .toThrow(/"BreakGlassAdmin" is exempt from every revocation \(it matches "BreakGlass\*"/);
});

test('a permission set whose roles a break-glass glob exempts is refused at synth: it would deny nothing', () => {
  expect(() => revoke(stack(), { selections: [OrganizationSelection.permissionSets(['BreakGlass'])], breakGlassRoles: ['AWSReservedSSO_BreakGlass_*'] }))
    .toThrow(/permission set "BreakGlass" is exempt as a break-glass role \(its roles match "AWSReservedSSO_BreakGlass_\*"\)/);
  expect(() => revoke(stack(), { selections: [OrganizationSelection.permissionSets(['Admin'])], breakGlassRoles: ['AWSReservedSSO_BreakGlass_*'] }))
    .not.toThrow();
});

test('an SCP over 5,120 characters is refused at synth, before the deploy', () => {
  const names = Array.from({ length: 50 }, (_, i) => `a-very-long-role-name-for-the-size-test-${i}`);
  expect(() => revoke(stack(), { selections: [OrganizationSelection.rolesNamed(names)] }))
    .toThrow(/the revocation SCP would be about \d{4,} characters .* over Organizations' 5120/);
});

test('tokens are left to the handler', () => {
  const s = stack();
  const ou = new CfnParameter(s, 'Ou').valueAsString;
  revoke(s, { targets: [OrganizationTarget.organizationalUnit(ou)] });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeOrganizationSessions', { Targets: [{ Ref: 'Ou' }] });
});

test('a break-glass or excluded glob that ends in * warns: ArnLike\'s * crosses "/", so it also spares roles under such a path', () => {
  const s = stack();
  revoke(s, { breakGlassRoles: ['Admin*', `AWSReservedSSO_BreakGlass_${'?'.repeat(16)}`], selections: [OrganizationSelection.allRoles({ exclude: ['monitoring-*'] })] });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeOrganizationSessions', { Selections: [{ Kind: 'all-roles', Exclude: ['monitoring-*'] }] });
  const warnings = Annotations.fromStack(s).findWarning('/OrgIncident/Revoke', Match.stringLikeRegexp('cdk-revoke-sessions:globCrossesPath'));
  expect(warnings.map((w) => w.entry.data)).toEqual([
    expect.stringMatching(/^break-glass role "Admin\*" ends in \*, which in an SCP also matches "\/": it spares every role under a path that starts with "Admin" \(such as \/Adminx\/any-role\) too/),
    expect.stringMatching(/^excluded role "monitoring-\*" ends in \*/),
  ]);
});

test('role names are said to match with exact case; upper-case user ids are written lower-case', () => {
  const s = stack();
  revoke(s, { selections: [OrganizationSelection.identityCenterUser(ALICE.toUpperCase())] });
  Template.fromStack(s).hasResourceProperties('Custom::RevokeOrganizationSessions', { Selections: [{ Kind: 'identity-center-user', UserId: ALICE }] });
});


describe('issue 17 items 15 and 16, issue 18 (synth)', () => {
  test('item 15: a cutoff 3 hours ahead is refused at synth, as RevokeOlderSessions refuses it', () => {
    expect(() => revoke(stack(), { issuedBefore: Cutoff.at('2026-11-22T15:00:00Z') })).toThrow(/more than 1 hour in the future/);
  });

  test('item 15: a cutoff 400 days old warns cutoffRevokesNothing', () => {
    const s = stack();
    revoke(s, { issuedBefore: Cutoff.at('2025-10-18T10:00:00Z') });
    Annotations.fromStack(s).hasWarning('/OrgIncident/Revoke', Match.stringLikeRegexp('revokes no live session.*cdk-revoke-sessions:cutoffRevokesNothing'));
  });

  test('items 7 and 16: one provider per stack; the ServiceToken stays when removalPolicy or allowEarlierCutoff changes', () => {
    const token = (p: Partial<RevokeOrganizationSessionsProps>) => {
      const s = stack();
      revoke(s, p);
      const res = Object.values(Template.fromStack(s).findResources('Custom::RevokeOrganizationSessions'))[0] as any;
      return JSON.stringify(res.Properties.ServiceToken);
    };
    const base = token({});
    expect(token({ removalPolicy: RemovalPolicy.DESTROY })).toBe(base);
    expect(token({ allowEarlierCutoff: true })).toBe(base);
    const both = stack();
    revoke(both);
    revoke(both, { removalPolicy: RemovalPolicy.DESTROY, allowEarlierCutoff: true }, 'Other');
    expect(Object.keys(Template.fromStack(both).findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('service control policies') },
    }))).toHaveLength(1);
  });

  test('item 8: an exact AWSReservedSSO_<set>_<hash> break-glass role of a selected permission set is refused at synth', () => {
    expect(() => revoke(stack(), {
      selections: [OrganizationSelection.permissionSets(['AdministratorAccess'])],
      breakGlassRoles: ['AWSReservedSSO_AdministratorAccess_a1b2c3d4e5f60718'],
    })).toThrow(/permission set "AdministratorAccess" is exempt as a break-glass role/);
  });

  test('item 8: what the SCP spares must be known at synth', () => {
    const s = stack();
    const name = new CfnParameter(s, 'BreakGlass').valueAsString;
    expect(() => revoke(s, { breakGlassRoles: [name] })).toThrow(/known only at deploy time/);
  });

  test('issue 18: a literal target equal to the declared management account is refused at synth', () => {
    expect(() => revoke(stack(), {
      targets: [OrganizationTarget.root('r-ab12'), OrganizationTarget.account('999988887777')],
      managementAccount: '999988887777',
    } as any)).toThrow(/999988887777 is the organization's management account/);
  });
});
