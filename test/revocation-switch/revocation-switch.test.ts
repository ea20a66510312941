import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cutoff, RevocationSwitch, RoleSelection, SwitchNarrowing } from '../../src';
import { grantsFromEnv, narrowingDigest, resourceTag } from '../../src/core/engine/grants';
import { switchSpared } from '../../src/revocation-switch/properties';
import { unsuppressedNagFindings } from '../helpers/nag';

const CUTOFF = '2026-11-22T10:00:00Z';
const env = { account: '111122223333', region: 'us-east-1' };
const stackIn = (region = 'us-east-1') => new Stack(new App(), 'Incident', { env: { ...env, region } });

function statements(t: Template): any[] {
  const policies = t.findResources('AWS::IAM::Policy');
  const fn = Object.entries(policies).find(([id]) => id.startsWith('CdkRevocationSwitchProviderOnEventServiceRoleDefaultPolicy'))!;
  return fn[1].Properties.PolicyDocument.Statement;
}
const actionsOf = (t: Template) => statements(t).flatMap((s) => [s.Action].flat());

describe('the resource and what it asks of IAM', () => {
  test('by default: every role of the account, idle, one provider, a sweep every 15 minutes and a CreateRole rule', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch');
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::RevocationSwitch', {
      Selection: 'all-in-account', Narrow: 'all', MaxManagedPolicies: '10', CutoffMode: 'none', RemovalPolicy: 'retain',
    });
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: { Input: Match.anyValue(), RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkRevocationSwitchProviderSchedulerRole'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'], 'detail': { eventName: ['CreateRole'] } },
    });
    expect(Object.keys(t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('revocation switch') } }))).toHaveLength(2);
  });

  test('the function may write only the switch policies, attach only them, and read every role; removal only with DESTROY', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch', { issuedBefore: Cutoff.at(CUTOFF) });
    const t = Template.fromStack(s);
    const attach = statements(t).find((st) => st.Action === 'iam:AttachRolePolicy');
    expect(JSON.stringify(attach.Condition)).toMatch(/iam:PolicyARN.*policy\/cdk-revoke-sessions\/\*/);
    expect(JSON.stringify(statements(t).find((st) => [st.Action].flat().includes('iam:CreatePolicyVersion')).Resource)).toMatch(/policy\/cdk-revoke-sessions\/\*/);
    expect(actionsOf(t)).not.toContain('iam:DetachRolePolicy');
    expect(actionsOf(t)).not.toContain('iam:DeletePolicy');
    const d = stackIn();
    new RevocationSwitch(d, 'Switch', { issuedBefore: Cutoff.at(CUTOFF), removalPolicy: RemovalPolicy.DESTROY });
    expect(actionsOf(Template.fromStack(d))).toEqual(expect.arrayContaining(['iam:DetachRolePolicy', 'iam:DeletePolicy']));
  });

  test('the grant carries the removal policy, the opt-ins and the digest of what the switch spares, for this resource only', () => {
    const s = stackIn();
    const sw = new RevocationSwitch(s, 'Switch', {
      selection: RoleSelection.pathPrefix('/app/', { exclude: ['breakglass-*'] }),
      revokeOnly: SwitchNarrowing.tagged('incident', 'ir-42'),
      issuedBefore: Cutoff.at(CUTOFF),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const t = Template.fromStack(s);
    const fn = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('switch.*\\(start\\)') } }))[0] as any;
    const table = grantsFromEnv({ ...fn.Properties.Environment.Variables, REVOKE_STACK: 'stack' });
    const logicalId = s.resolve((sw.node.findChild('Resource').node.defaultChild as any).logicalId);
    expect(table.resources.get(resourceTag(logicalId))).toEqual({
      remove: true,
      lower: false,
      noCutoff: false,
      future: undefined,
      narrowing: narrowingDigest(switchSpared({ kind: 'tagged', tagKey: 'incident', tagValue: 'ir-42' }, ['breakglass-*'])),
    });
    t.hasResourceProperties('Custom::RevocationSwitch', {
      Selection: 'path-prefix', PathPrefix: '/app/', Exclude: ['breakglass-*'], Narrow: 'tagged', NarrowTagKey: 'incident', NarrowTagValue: 'ir-42',
    });
    // The selection bounds what the function may attach to.
    expect(JSON.stringify(statements(t).find((st) => st.Action === 'iam:AttachRolePolicy').Resource)).toMatch(/role\/app\/\*/);
  });

  test('two switches of a stack share one provider, whatever their removal policy', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'A');
    new RevocationSwitch(s, 'B', { removalPolicy: RemovalPolicy.DESTROY, selection: RoleSelection.tagged('team', 'web') });
    const tokens = Object.values(Template.fromStack(s).findResources('Custom::RevocationSwitch')).map((r: any) => JSON.stringify(r.Properties.ServiceToken));
    expect(new Set(tokens).size).toBe(1);
  });

  test('the scheduler\'s role is one of the provider\'s: the function exempts it and never arms it', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch');
    const fn = Object.values(Template.fromStack(s).findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('switch.*\\(start\\)') },
    }))[0] as any;
    expect(JSON.stringify(fn.Properties.Environment.Variables.REVOKE_PROTECTED_ROLES)).toMatch(/CdkRevocationSwitchProviderSchedulerRole/);
  });

  test('an explicit role list: exact grants, no CreateRole rule, and the lockout roles refused at synth', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch', { selection: RoleSelection.explicit([iam.Role.fromRoleArn(s, 'App', 'arn:aws:iam::111122223333:role/team/app')]) });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::RevocationSwitch', { Selection: 'explicit', RoleArns: ['arn:aws:iam::111122223333:role/team/app'] });
    expect(t.findResources('AWS::Events::Rule')).toEqual({});
    expect(statements(t).find((st) => st.Action === 'iam:AttachRolePolicy').Resource).toBe('arn:aws:iam::111122223333:role/team/app');
    const bad = stackIn();
    expect(() => new RevocationSwitch(bad, 'Switch', {
      selection: RoleSelection.explicit([iam.Role.fromRoleName(bad, 'Boot', 'cdk-hnb659fds-deploy-role-111122223333-us-east-1')]),
    })).toThrow(/cannot be changed/);
  });

  test('outputs name the policy, the armed and unarmed counts and the cutoff', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch', { stackOutputs: true, outputPrefix: 'Acct' });
    const outputs = Object.keys(Template.fromStack(s).toJSON().Outputs);
    expect(outputs).toEqual(['AcctPolicyArn', 'AcctEffectiveCutoff', 'AcctRolesArmed', 'AcctRolesNotArmed', 'AcctNotArmedReasons', 'AcctRolesRevoked',
      'AcctRolesReArmed', 'AcctTampering']);
  });
});

describe('refusals and warnings at synth', () => {
  test.each([
    [{ maxManagedPoliciesPerRole: 21 }, /maxManagedPoliciesPerRole 21 must be a whole number from 1 to 20/],
    [{ maxManagedPoliciesPerRole: 0 }, /maxManagedPoliciesPerRole 0/],
    [{ sweepInterval: Duration.seconds(30) }, /sweepInterval of 30 seconds is shorter than EventBridge Scheduler's 1 minute/],
    [{ issuedBefore: Cutoff.at('2099-01-01T00:00:00Z') }, /more than 1 hour in the future/],
    [{ outputPrefix: 'X' }, /outputPrefix "X" is set but stackOutputs is not/],
  ])('%j', (props, message) => {
    expect(() => new RevocationSwitch(stackIn(), 'Switch', props as any)).toThrow(message);
  });

  test('a narrowing or an exclude known only at deploy time is refused: it is bound to the function at synth', () => {
    const s = stackIn();
    const p = new CfnParameter(s, 'P');
    expect(() => SwitchNarrowing.pathPrefix(p.valueAsString)).toThrow(/literal string, not a token/);
    expect(() => new RevocationSwitch(s, 'Switch', { selection: RoleSelection.allInAccount({ exclude: [p.valueAsString] }) })).toThrow(/known only at deploy time/);
    expect(() => SwitchNarrowing.pathPrefix('app')).toThrow(/path prefix "app" is not an IAM path/);
  });

  test('a version that could not fit 6,144 characters fails synth', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch', {
      selection: RoleSelection.allInAccount({ exclude: Array.from({ length: 90 }, (_, i) => `/very-long-path-segment-${i}/and-another-one/glob-${i}-*`) }),
    });
    expect(() => Template.fromStack(s)).toThrow(/over IAM's 6144 for a managed policy/);
  });

  test('a stale cutoff warns as for every revocation construct', () => {
    const s = stackIn();
    new RevocationSwitch(s, 'Switch', { issuedBefore: Cutoff.at('2020-01-01T00:00:00Z') });
    Annotations.fromStack(s).hasWarning('/Incident/Switch', Match.stringLikeRegexp('cutoffRevokesNothing'));
  });

  test('outside us-east-1 the CreateRole rule cannot fire: no rule, a warning, and the sweep alone arms new roles', () => {
    const s = stackIn('eu-west-1');
    new RevocationSwitch(s, 'Switch');
    expect(Template.fromStack(s).findResources('AWS::Events::Rule')).toEqual({});
    Annotations.fromStack(s).hasWarning('/Incident/Switch', Match.stringLikeRegexp('switchNoCreateRoleRule'));
  });
});

describe('protection', () => {
  const sessionOf = (roleArn: string) => ({
    'aws:PrincipalArn': roleArn, 'aws:PrincipalType': 'AssumedRole', 'aws:userId': 'AROAEXAMPLE:s', 'aws:TokenIssueTime': '2026-11-22T11:00:00Z',
  });
  async function scp(statementsJson: unknown, action: string, resource: string, principal: string,
    extra: Record<string, string> = {}): Promise<string> {
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const result = await runSimulation({
      identityPolicies: [{ name: 'Admin', policy: allowAll }],
      serviceControlPolicies: [{ orgIdentifier: 'r-ab12', policies: [{ name: 'FullAWSAccess', policy: allowAll }, { name: 'Protect', policy: statementsJson }] },
        { orgIdentifier: '111122223333', policies: [{ name: 'FullAWSAccess', policy: allowAll }] }],
      resourceControlPolicies: [],
      request: { action, principal: `arn:aws:sts::111122223333:assumed-role/${principal.split('/').pop()}/s`, resource: { resource, accountId: '111122223333' }, contextVariables: { ...sessionOf(principal), ...extra } },
    } as any, {});
    return result.resultType === 'error' ? JSON.stringify(result.errors) : result.overallResult as string;
  }

  test('the SCP denies changing, deleting or detaching any switch to everyone but the exempt role', async () => {
    const fnRole = 'arn:aws:iam::111122223333:role/Incident-CdkRevocationSwitchProviderOnEventServi-ABC';
    const doc = new iam.PolicyDocument({ statements: RevocationSwitch.protectionStatements({ exemptRoleArns: [fnRole] }) }).toJSON();
    const policy = 'arn:aws:iam::111122223333:policy/cdk-revoke-sessions/RevocationSwitch-0123456789';
    const admin = 'arn:aws:iam::111122223333:role/admin';
    for (const action of ['iam:SetDefaultPolicyVersion', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy']) {
      expect(`${action} ${await scp(doc, action, policy, admin)}`).toBe(`${action} ExplicitlyDenied`);
      expect(`${action} ${await scp(doc, action, policy, fnRole)}`).toBe(`${action} Allowed`);
    }
    const detach = { 'iam:PolicyARN': policy };
    expect(await scp(doc, 'iam:DetachRolePolicy', 'arn:aws:iam::111122223333:role/app', admin, detach)).toBe('ExplicitlyDenied');
    expect(await scp(doc, 'iam:DetachRolePolicy', 'arn:aws:iam::111122223333:role/app', fnRole, detach)).toBe('Allowed');
    expect(await scp(doc, 'iam:DetachRolePolicy', 'arn:aws:iam::111122223333:role/app', admin,
      { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' })).toBe('Allowed');
    expect(() => RevocationSwitch.protectionStatements({ exemptRoleArns: [] })).toThrow(/exemptRoleArns is empty/);
  });

  test('an instance names its own function role', () => {
    const s = stackIn();
    const sw = new RevocationSwitch(s, 'Switch');
    expect(s.resolve(sw.scpStatements()[0].toStatementJson().Condition.ArnNotLike['aws:PrincipalArn']))
      .toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^CdkRevocationSwitchProviderOnEventServiceRole/), 'Arn'] }]);
  });
});

test('cdk-nag AwsSolutionsChecks finds no unsuppressed error or warning', () => {
  const s = stackIn();
  new RevocationSwitch(s, 'Switch', { issuedBefore: Cutoff.at(CUTOFF), removalPolicy: RemovalPolicy.DESTROY, selection: RoleSelection.tagged('team') });
  expect(unsuppressedNagFindings(s)).toEqual([]);
});
