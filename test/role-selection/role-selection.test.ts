import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Cutoff, RevokeOlderSessions, RevokeRolesAspect, RoleSelection } from '../../src';
import { concrete } from '../helpers/template-document';

const CUTOFF = '2026-11-22T10:00:00Z';

function stack(): Stack {
  return new Stack(new App(), 'Incident', { env: { account: '111122223333', region: 'us-east-1' } });
}

function revokeSelection(s: Stack, selection: RoleSelection): RevokeOlderSessions {
  return new RevokeOlderSessions(s, 'Revoke', { selection, issuedBefore: Cutoff.at(CUTOFF) });
}

/** The statements of the handler function's policy. */
function handlerStatements(s: Stack): any[] {
  const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.includes('OnEvent'))
    .flatMap(([, p]: [string, any]) => concrete(p.Properties.PolicyDocument.Statement));
}

describe('deploy-time selections', () => {
  test('pathPrefix: properties, an asynchronous provider, and writes scoped to the path', () => {
    const s = stack();
    revokeSelection(s, RoleSelection.pathPrefix('/app/', { exclude: ['breakglass-*', '/app/ops/*'] }));
    const t = Template.fromStack(s);

    t.hasResourceProperties('Custom::RevokeOlderSessions', {
      Selection: 'path-prefix', PathPrefix: '/app/', Exclude: ['breakglass-*', '/app/ops/*'], RoleArns: Match.absent(),
    });
    // isComplete runs in Step Functions: the continuation past one 15-minute invocation.
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REVOKE_PHASE: 'continue' }) } });
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REVOKE_PHASE: 'start' }) } });

    const statements = handlerStatements(s);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'], Resource: '*' }));
    const writes = statements.find((st) => JSON.stringify(st.Action).includes('iam:PutRolePolicy'));
    expect(writes.Resource).toBe('arn:aws:iam::111122223333:role/app/*');
    expect(JSON.stringify(statements)).not.toContain('"iam:*"');
  });

  test('namePattern: writes scoped to that name at any path', () => {
    const s = stack();
    revokeSelection(s, RoleSelection.namePattern('ci-*'));
    const writes = handlerStatements(s).find((st) => JSON.stringify(st.Action).includes('iam:PutRolePolicy'));
    expect(writes.Resource).toEqual(['arn:aws:iam::111122223333:role/ci-*', 'arn:aws:iam::111122223333:role/*/ci-*']);
  });

  test.each([
    [RoleSelection.tagged('incident', 'ir-42'), { StringEquals: { 'aws:ResourceTag/incident': 'ir-42' } }],
    [RoleSelection.tagged('incident'), { Null: { 'aws:ResourceTag/incident': 'false' } }],
  ])('tagged: writes only to roles that carry the tag', (selection, condition) => {
    const s = stack();
    revokeSelection(s, selection);
    const writes = handlerStatements(s).find((st) => JSON.stringify(st.Action).includes('iam:PutRolePolicy'));
    expect(writes.Condition).toEqual(condition);
  });

  test('a selection and an explicit list share the stack\'s one provider', () => {
    const s = stack();
    revokeSelection(s, RoleSelection.allInAccount());
    new RevokeOlderSessions(s, 'List', { roles: [iam.Role.fromRoleName(s, 'A', 'app')], issuedBefore: Cutoff.at('2026-11-22T10:00:00Z') });
    const tokens = Object.values(Template.fromStack(s).findResources('Custom::RevokeOlderSessions')).map((r: any) => JSON.stringify(r.Properties.ServiceToken));
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
    expect(s.node.tryFindChild('CdkRevokeSessionsProvider')).toBeDefined();
  });

  test('the function knows its own roles and the deploy roles, so it never revokes them', () => {
    const s = stack();
    revokeSelection(s, RoleSelection.allInAccount());
    const fns = Template.fromStack(s).findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { REVOKE_PHASE: 'start' } } } });
    const protectedRoles = JSON.stringify((Object.values(fns)[0] as any).Properties.Environment.Variables.REVOKE_PROTECTED_ROLES);
    expect(protectedRoles).toContain('cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1');
    expect(protectedRoles).toContain('cdk-hnb659fds-deploy-role-111122223333-us-east-1');
    expect(protectedRoles).toMatch(/FrameworkRole/);
    expect(protectedRoles).toMatch(/OnEventServiceRole/);
    expect(protectedRoles).toMatch(/waiterstatemachineRole/);
  });

  test.each([
    [() => RoleSelection.pathPrefix('app'), 'path prefix "app" is not an IAM path; it must start and end with "/", e.g. "/app/"'],
    [() => RoleSelection.namePattern('ci build'), 'namePattern "ci build" is not a role-name glob'],
    [() => RoleSelection.allInAccount({ exclude: ['/ops/'] }), 'exclude entry "/ops/" is not a /path/name glob'],
    [() => RoleSelection.tagged('aws:cloudformation:stack-name'), 'tag key "aws:cloudformation:stack-name" is not a valid IAM tag key'],
    [() => RoleSelection.allInAccount({ exclude: Array.from({ length: 101 }, (_, i) => `r${i}`) }), 'exclude lists 101 patterns; at most 100'],
  ])('refuses bad input: %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('roles and selection together, or neither, are refused', () => {
    const s = stack();
    const role = new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => new RevokeOlderSessions(s, 'Both', { roles: [role], selection: RoleSelection.allInAccount(), issuedBefore: Cutoff.at(CUTOFF) }))
      .toThrow('both roles and selection were given');
    expect(() => new RevokeOlderSessions(s, 'Neither', { issuedBefore: Cutoff.at(CUTOFF) })).toThrow('neither roles nor selection was given');
    expect(() => revokeSelection(s, RoleSelection.allInAccount()).addRole(role)).toThrow(/addRole works only with an explicit roles list/);
  });

  test('RoleSelection.explicit is the roles list', () => {
    const s = stack();
    const role = new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    revokeSelection(s, RoleSelection.explicit([role]));
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', { RoleArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^R'), 'Arn'] }] });
  });
});

describe('explicit list limits', () => {
  const imported = (s: Stack, n: number) => Array.from({ length: n }, (_, i) => iam.Role.fromRoleArn(s, `R${i}`, `arn:aws:iam::111122223333:role/team/incident-role-${i}`));

  test('100 ARNs of about 113 characters: the grant widens to role/* before any policy passes IAM\'s size limits, with an acknowledgeable warning', () => {
    const s = stack();
    const long = Array.from({ length: 100 }, (_, i) => iam.Role.fromRoleArn(s, `R${i}`,
      `arn:aws:iam::111122223333:role/incident-response/team-${String(i).padStart(3, '0')}/${'responder-role-'.repeat(3)}xyz${String(i).padStart(4, '0')}`));
    expect(long[0].roleArn.length).toBeGreaterThanOrEqual(110);
    new RevokeOlderSessions(s, 'Revoke', { roles: long, issuedBefore: Cutoff.at(CUTOFF) });
    const writes = handlerStatements(s).filter((st) => JSON.stringify(st.Action).includes('iam:PutRolePolicy'));
    expect(writes.map((w) => w.Resource)).toEqual(['arn:aws:iam::111122223333:role/*']);
    // Every policy of the function's role fits the managed-policy limit, whitespace not counted.
    for (const p of Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')) as any[]) {
      expect(JSON.stringify(p.Properties.PolicyDocument).replace(/\s/g, '').length).toBeLessThanOrEqual(6_144);
    }
    expect(Object.keys(Template.fromStack(s).findResources('AWS::IAM::ManagedPolicy'))).toEqual([]);
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp('role ARNs, whose exact grant .about 5\\d{3} characters. would not fit.*\\[ack: cdk-revoke-sessions:broadGrant\\]'));
  });

  test('80 short ARNs that fit keep an exact grant, with the batched reads, and no warning', () => {
    const s = stack();
    new RevokeOlderSessions(s, 'Revoke', { roles: imported(s, 80), issuedBefore: Cutoff.at(CUTOFF) });
    const writes = handlerStatements(s).find((st) => JSON.stringify(st.Action).includes('iam:PutRolePolicy'));
    expect(writes.Resource).toHaveLength(80);
    expect(writes.Action).toEqual(['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy']);
    expect(handlerStatements(s)).toContainEqual(expect.objectContaining({ Action: ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'], Resource: '*' }));
    Annotations.fromStack(s).hasNoWarning('*', Match.anyValue());
  });

  test('a list whose update event would pass 240 KB fails at synth and points to RoleSelection', () => {
    const s = stack();
    const long = Array.from({ length: 1200 }, (_, i) => iam.Role.fromRoleArn(s, `L${i}`, `arn:aws:iam::111122223333:role/a-long-team-path/${'n'.repeat(56)}-${i}`));
    new RevokeOlderSessions(s, 'Revoke', { roles: long, issuedBefore: Cutoff.at(CUTOFF) });
    expect(() => Template.fromStack(s)).toThrow(/roles lists 1200 roles, an update event of about \d+ KB.*use selection: RoleSelection/);
  });

  test('1,150 roles with generated names (counted at 100 bytes each) still fit', () => {
    const s = stack();
    const roles = Array.from({ length: 1150 }, (_, i) => iam.Role.fromRoleName(s, `N${i}`, `r${i}`));
    // Imported by name, the ARN is a token: counted at its maximum length.
    new RevokeOlderSessions(s, 'Revoke', { roles, issuedBefore: Cutoff.at(CUTOFF) });
    expect(() => Template.fromStack(s)).not.toThrow();
  });
});

describe('RevokeRolesAspect', () => {
  test('revokes every role under the scope, one construct per stack, never the provider\'s roles', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    new iam.Role(a, 'One', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.Role(a, 'Two', { assumedBy: new iam.AccountRootPrincipal() });
    new lambda.Function(b, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = 1') });

    Aspects.of(app).add(new RevokeRolesAspect({ issuedBefore: Cutoff.at(CUTOFF) }));

    const arnsA = Template.fromStack(a).findResources('Custom::RevokeOlderSessions');
    expect(Object.keys(arnsA)).toHaveLength(1);
    const roleArns = JSON.stringify((Object.values(arnsA)[0] as any).Properties.RoleArns);
    expect(roleArns).toMatch(/One/);
    expect(roleArns).toMatch(/Two/);
    expect(roleArns).not.toMatch(/OnEvent|Framework/);
    Template.fromStack(b).hasResourceProperties('Custom::RevokeOlderSessions', { RoleArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FnServiceRole'), 'Arn'] }] });
  });

  test('a provider role passed explicitly is refused', () => {
    const s = stack();
    const r = revokeSelection(s, RoleSelection.allInAccount());
    const providerRole = s.node.findAll().find((c) => c instanceof iam.Role && c.node.path.includes('FrameworkRole')) as iam.Role;
    expect(r).toBeDefined();
    expect(() => new RevokeOlderSessions(s, 'Self', { roles: [providerRole], issuedBefore: Cutoff.at(CUTOFF) }))
      .toThrow(/belongs to this library's provider; revoking it would stop the revocation itself/);
  });
});

test.each([
  () => RoleSelection.pathPrefix('/${aws:username}/'),
  () => RoleSelection.allInAccount({ exclude: ['/${aws:username}/*'] }),
  () => RoleSelection.namePattern('ci-*', { exclude: ['${x}'] }),
])('a policy variable in a selection is refused at synth (%#)', (make) => {
  expect(make).toThrow(/contains "\$", "\{" or "\}"/);
});
