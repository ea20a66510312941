import { App, CfnParameter, Annotations as CoreAnnotations, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevokeOlderSessions, RevokeOlderSessionsProps } from '../../src';

const CUTOFF = '2026-11-22T10:00:00Z';

function stack(account?: string): Stack {
  return new Stack(new App(), 'Incident', account ? { env: { account, region: 'us-east-1' } } : undefined);
}

function lambdaRole(s: Stack, id = 'AppRole', props: Partial<iam.RoleProps> = {}): iam.Role {
  return new iam.Role(s, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), ...props });
}

function revoke(s: Stack, props: Partial<RevokeOlderSessionsProps> = {}, id = 'Revoke'): RevokeOlderSessions {
  return new RevokeOlderSessions(s, id, {
    roles: props.roles ?? [lambdaRole(s)],
    issuedBefore: props.issuedBefore ?? Cutoff.at(CUTOFF),
    ...props,
  });
}

describe('custom resource', () => {
  test('carries every property with safe defaults', () => {
    const s = stack();
    revoke(s);
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', {
      RoleArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AppRole'), 'Arn'] }],
      CutoffMode: 'fixed',
      IssuedBefore: CUTOFF,
      PolicyName: 'AWSRevokeOlderSessions',
      RemovalPolicy: 'retain',
      AllowEarlierCutoff: 'false',
      AllowFutureCutoff: 'false',
    });
  });

  test('passes the optional props through', () => {
    const s = stack();
    revoke(s, { policyName: 'IncidentDeny', removalPolicy: RemovalPolicy.DESTROY, allowEarlierCutoff: true, allowFutureCutoff: true });
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', {
      PolicyName: 'IncidentDeny',
      RemovalPolicy: 'destroy',
      AllowEarlierCutoff: 'true',
      AllowFutureCutoff: 'true',
    });
  });

  test('RETAIN_ON_UPDATE_OR_DELETE retains', () => {
    const s = stack();
    revoke(s, { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', { RemovalPolicy: 'retain' });
  });

  test('a parameter cutoff is passed as a reference', () => {
    const s = stack();
    const p = new CfnParameter(s, 'IssuedBefore', { type: 'String' });
    revoke(s, { issuedBefore: Cutoff.fromParameter(p) });
    Template.fromStack(s).hasResourceProperties('Custom::RevokeOlderSessions', { IssuedBefore: { Ref: 'IssuedBefore' } });
  });

  test('a deploy-time cutoff carries the generation and buffer, and no instant', () => {
    const s = stack();
    revoke(s, { issuedBefore: Cutoff.deployTime({ generation: 'INC-42', buffer: Duration.minutes(2) }) });
    const props = Template.fromStack(s).findResources('Custom::RevokeOlderSessions');
    const p = Object.values(props)[0].Properties;
    expect(p).toMatchObject({ CutoffMode: 'deploy-time', Generation: 'INC-42', BufferSeconds: '120' });
    expect(p.IssuedBefore).toBeUndefined();
  });

  test('exposes the attributes', () => {
    const s = stack();
    const r = revoke(s);
    expect(s.resolve(r.effectiveCutoff)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Revoke/), 'EffectiveCutoff'] });
    expect(s.resolve(r.mootAfter)['Fn::GetAtt'][1]).toBe('MootAfter');
    expect(s.resolve(r.rolesRevoked)['Fn::GetAtt'][1]).toBe('RolesRevoked');
    expect(r.node.defaultChild).toBeInstanceOf(CustomResource);
    expect(r.node.defaultChild).toBe(r.node.findChild('Resource'));
  });

  test('imported roles and duplicates become distinct ARNs', () => {
    const s = stack();
    const byArn = iam.Role.fromRoleArn(s, 'ByArn', 'arn:aws:iam::111122223333:role/team/ci');
    revoke(s, { roles: [byArn, byArn, iam.Role.fromRoleName(s, 'ByName', 'deployer')] });
    const p = Object.values(Template.fromStack(s).findResources('Custom::RevokeOlderSessions'))[0].Properties;
    expect(p.RoleArns).toHaveLength(2);
    expect(p.RoleArns[0]).toBe('arn:aws:iam::111122223333:role/team/ci');
  });

  test('synth is deterministic: the template does not depend on the clock', () => {
    const render = (now: string) => {
      jest.useFakeTimers({ now: new Date(now) });
      try {
        const s = stack();
        revoke(s, { issuedBefore: Cutoff.deployTime({ generation: '1' }) });
        revoke(s, { roles: [lambdaRole(s, 'Other')] }, 'Fixed');
        return JSON.stringify(Template.fromStack(s).toJSON());
      } finally {
        jest.useRealTimers();
      }
    };
    expect(render('2026-11-22T10:30:00Z')).toBe(render('2031-01-01T00:00:00Z'));
  });
});

describe('provider', () => {
  test('one provider per stack, shared by every revocation', () => {
    const s = stack();
    revoke(s, { roles: [lambdaRole(s, 'A')] }, 'One');
    revoke(s, { roles: [lambdaRole(s, 'B')] }, 'Two');
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::RevokeOlderSessions', 2);
    // onEvent and isComplete: one asynchronous provider.
    t.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Handler: 'index.handler' }, 2);
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Timeout: 900, MemorySize: 512 });
  });

  test('the function may only read and write inline policies of the referenced roles, and read the account in batches', () => {
    const s = stack();
    revoke(s, { roles: [lambdaRole(s, 'A'), iam.Role.fromRoleArn(s, 'Ci', 'arn:aws:iam::111122223333:role/team/ci')] });
    const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => JSON.stringify(st.Action).includes('iam:'));
    expect(statements).toEqual([{
      Effect: 'Allow',
      Action: ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'],
      Resource: '*',
    }, {
      Effect: 'Allow',
      // DeleteRolePolicy on its targets only: the code deletes only a lower policy of its own once a later one is verified in place.
      Action: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
      Resource: [{ 'Fn::GetAtt': [expect.stringMatching(/^A/), 'Arn'] }, 'arn:aws:iam::111122223333:role/team/ci'],
    }]);
    expect(JSON.stringify(policies)).not.toMatch(/"iam:\*"/);
  });

  test('a role imported by name is also granted under any path, and only under its own name', () => {
    const s = stack();
    revoke(s, { roles: [iam.Role.fromRoleName(s, 'Ci', 'ci-deployer')] });
    const doc = JSON.stringify(s.resolve(Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))));
    expect(doc).toContain(':role/ci-deployer"');
    expect(doc).toContain(':role/*/ci-deployer"');
  });

  test('the custom resource waits for the function and its grant', () => {
    const s = stack();
    revoke(s);
    const t = Template.fromStack(s);
    const cr = Object.values(t.findResources('Custom::RevokeOlderSessions'))[0];
    const [fnId, fn] = Object.entries(t.findResources('AWS::Lambda::Function')).find(([id]) => /OnEvent[0-9A-F]{8}$/.test(id))!;
    expect(cr.DependsOn).toContain(fnId);
    expect(fn.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/OnEventRoleGrant/)]));
  });
});

describe('refusals at synth', () => {
  test.each([
    ['no roles', () => ({ roles: [] }), 'roles is empty; list at least one role'],
    ['a bad policy name', () => ({ policyName: 'not valid!' }), 'policyName "not valid!" is not a valid IAM policy name'],
    ['a policy name that leaves no room for the owned suffix', () => ({ policyName: 'p'.repeat(88) }),
      `policyName "${'p'.repeat(88)}" is 88 characters; each role's policy is named <policyName>-<owner tag>-<generation>-<cutoff>, which adds up to 41 to IAM's 128, so use at most 87 characters`],
    ['the SNAPSHOT removal policy', () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }), 'removalPolicy "snapshot" is not supported for a revocation'],
    ['a cutoff more than an hour ahead', () => ({ issuedBefore: Cutoff.at('2999-01-01T00:00:00Z') }), 'issuedBefore 2999-01-01T00:00:00Z is more than 1 hour in the future'],
    ['a buffer over an hour', () => ({ issuedBefore: Cutoff.deployTime({ generation: 'g', buffer: Duration.hours(2) }) }), 'deploy-time cutoff buffer of 7200 seconds is more than 1 hour'],
  ])('%s', (_name, make, message) => {
    const s = stack();
    expect(() => revoke(s, make() as any)).toThrow(message);
  });

  test('allowFutureCutoff accepts a future cutoff', () => {
    const s = stack();
    expect(() => revoke(s, { issuedBefore: Cutoff.at('2999-01-01T00:00:00Z'), allowFutureCutoff: true })).not.toThrow();
  });

  test.each([
    ['a service-linked (imported by ARN)', (s: Stack) => iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS'), /role "AWSServiceRoleForECS" cannot be changed: it is a service-linked role/],
    ['an Identity Center (imported by ARN)', (s: Stack) => iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef'), /cannot be changed: it is an IAM Identity Center role.*revoke the sessions in Identity Center/],
    ['an Identity Center (imported by name)', (s: Stack) => iam.Role.fromRoleName(s, 'R', 'AWSReservedSSO_ReadOnly_0123456789abcdef'), /AWSReservedSSO_ReadOnly_0123456789abcdef" cannot be changed: it is an IAM Identity Center role/],
    ['an Identity Center (in stack by name)', (s: Stack) => lambdaRole(s, 'R', { roleName: 'AWSReservedSSO_X' }), /"AWSReservedSSO_X" cannot be changed/],
  ])('%s role', (_name, make, message) => {
    const s = stack();
    expect(() => revoke(s, { roles: [make(s)] })).toThrow(message);
  });

  test('a role in another account', () => {
    const s = stack('111122223333');
    const other = iam.Role.fromRoleArn(s, 'Other', 'arn:aws:iam::999999999999:role/app');
    expect(() => revoke(s, { roles: [other] })).toThrow('role "app" is in account 999999999999, but this stack deploys to 111122223333');
  });

  test('too many roles', () => {
    const s = stack();
    const roles = Array.from({ length: 5001 }, (_, i) => iam.Role.fromRoleName(s, `R${i}`, `r${i}`));
    expect(() => revoke(s, { roles })).toThrow('roles lists 5001 roles; one construct carries at most 5000');
  });

  test('no warnings or errors on a valid stack', () => {
    const s = stack();
    revoke(s, { roles: [lambdaRole(s), iam.Role.fromRoleName(s, 'Ci', 'ci')] });
    Annotations.fromStack(s).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(s).hasNoError('*', Match.anyValue());
  });
});

describe('outputs and acknowledgeable warnings', () => {
  test('stackOutputs adds the effective cutoff and the moot-after time as outputs; none by default', () => {
    const s = stack();
    revoke(s, { stackOutputs: true });
    const outputs = Template.fromStack(s).toJSON().Outputs;
    const values = Object.entries(outputs).map(([id, o]: [string, any]) => [id.replace(/[A-F0-9]{8}$/, ''), o.Value['Fn::GetAtt'][1]]);
    expect(values).toEqual([['RevokeEffectiveCutoff', 'EffectiveCutoff'], ['RevokeMootAfter', 'MootAfter'], ['RevokeOwnedPolicyName', 'OwnedPolicyName']]);

    const plain = stack();
    revoke(plain);
    expect(Template.fromStack(plain).toJSON().Outputs).toBeUndefined();
  });

  test.each([
    [{ allowEarlierCutoff: true }, 'cdk-revoke-sessions:earlierCutoffAllowed'],
    [{ allowFutureCutoff: true }, 'cdk-revoke-sessions:futureCutoffAllowed'],
  ])('an opt-in that weakens a guarantee warns with an id the user can acknowledge: %j', (props, id) => {
    const s = stack();
    const r = revoke(s, props);
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp(`\\[ack: ${id}\\]`));
    CoreAnnotations.of(r).acknowledgeWarning(id, 'incident IR-42: accepted by the on-call lead');
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp(`\\[ack: ${id}\\]`));
  });
});
