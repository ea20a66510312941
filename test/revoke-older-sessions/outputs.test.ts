import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cutoff, RevokeOlderSessions, RevokeOlderSessionsProps, RevokeRolesAspect, RoleSelection } from '../../src';
import { CONTEXT, createEvent, props as eventProps, roleArn } from '../helpers/events';
import { testHandler } from '../helpers/handler';
import { LoopbackIam } from '../helpers/loopback-iam';

const CUTOFF = '2026-11-22T10:00:00Z';

function stack(): Stack {
  return new Stack(new App(), 'Incident');
}

function revoke(scope: Construct, id: string, props: Partial<RevokeOlderSessionsProps> = {}): RevokeOlderSessions {
  return new RevokeOlderSessions(scope, id, {
    ...(props.selection ? {} : { roles: [iam.Role.fromRoleName(scope, `${id}Role`, 'payments-api')] }),
    issuedBefore: Cutoff.at(CUTOFF),
    ...props,
  });
}

/** The logical id of the construct's custom resource. */
function resourceId(r: RevokeOlderSessions): string {
  return Stack.of(r).getLogicalId(r.node.findChild('Resource').node.defaultChild as CfnResource);
}

/** Output name → the resource data key it reads. */
function outputs(s: Stack): Record<string, string> {
  const all = Template.fromStack(s).toJSON().Outputs ?? {};
  return Object.fromEntries(Object.entries(all).map(([name, o]: [string, any]) => [name, o.Value['Fn::GetAtt'][1]]));
}

describe('stack outputs have stable, readable names', () => {
  test('named <construct id><data key> by default, with no hash', () => {
    const s = stack();
    revoke(s, 'RevokeLeaked', { stackOutputs: true });
    expect(outputs(s)).toEqual({
      RevokeLeakedEffectiveCutoff: 'EffectiveCutoff', RevokeLeakedMootAfter: 'MootAfter', RevokeLeakedOwnedPolicyName: 'OwnedPolicyName',
    });
  });

  test('outputPrefix sets the names, whatever the construct path', () => {
    const s = stack();
    revoke(new Construct(s, 'Team'), 'Revoke', { stackOutputs: true, outputPrefix: 'IR42' });
    expect(Object.keys(outputs(s))).toEqual(['IR42EffectiveCutoff', 'IR42MootAfter', 'IR42OwnedPolicyName']);
  });

  test('a default prefix drops characters CloudFormation refuses in output names', () => {
    const s = stack();
    revoke(s, 'revoke-leaked_sessions', { stackOutputs: true });
    expect(Object.keys(outputs(s))).toEqual(['revokeleakedsessionsEffectiveCutoff', 'revokeleakedsessionsMootAfter', 'revokeleakedsessionsOwnedPolicyName']);
  });

  test('a selection also outputs what it matched and skipped', () => {
    const s = stack();
    revoke(s, 'RevokeApp', { selection: RoleSelection.pathPrefix('/app/'), stackOutputs: true });
    expect(outputs(s)).toEqual({
      RevokeAppEffectiveCutoff: 'EffectiveCutoff',
      RevokeAppMootAfter: 'MootAfter',
      RevokeAppOwnedPolicyName: 'OwnedPolicyName',
      RevokeAppRolesMatched: 'RolesMatched',
      RevokeAppRolesSkipped: 'RolesSkipped',
      RevokeAppSkippedReasons: 'SkippedReasons',
    });
    const described = Template.fromStack(s).toJSON().Outputs.RevokeAppSkippedReasons.Description;
    expect(described).toBe('Why roles were skipped, as reason=count');
  });

  test('no outputs without stackOutputs', () => {
    const s = stack();
    revoke(s, 'Revoke', { selection: RoleSelection.allInAccount() });
    expect(Template.fromStack(s).toJSON().Outputs).toBeUndefined();
  });

  test('the outputs read the custom resource of their own construct', () => {
    const s = stack();
    const r = revoke(s, 'Revoke', { stackOutputs: true });
    const value = Template.fromStack(s).toJSON().Outputs.RevokeEffectiveCutoff.Value['Fn::GetAtt'][0];
    expect(value).toBe(resourceId(r));
    expect(Template.fromStack(s).findResources('Custom::RevokeOlderSessions')[value]).toBeDefined();
  });

  test('two revocations in a stack with the same prefix are refused, naming both', () => {
    const s = stack();
    revoke(new Construct(s, 'A'), 'Revoke', { stackOutputs: true });
    expect(() => revoke(new Construct(s, 'B'), 'Revoke', { stackOutputs: true }))
      .toThrow('outputPrefix "Revoke" of Incident/B/Revoke is already used by Incident/A/Revoke in stack Incident; set a unique outputPrefix on one of them');
    revoke(new Construct(s, 'C'), 'Revoke', { stackOutputs: true, outputPrefix: 'RevokeC' });
    expect(Object.keys(outputs(s))).toHaveLength(6);
  });

  test('the same prefix in two stacks is fine', () => {
    const app = new App();
    const stacks = ['One', 'Two'].map((id) => new Stack(app, id));
    stacks.forEach((s) => revoke(s, 'Revoke', { stackOutputs: true }));
    for (const s of stacks) {
      expect(Object.keys(outputs(s))).toEqual(['RevokeEffectiveCutoff', 'RevokeMootAfter', 'RevokeOwnedPolicyName']);
    }
  });

  test('RevokeRolesAspect passes outputPrefix and stackOutputs on', () => {
    const app = new App();
    const s = new Stack(app, 'Incident');
    new iam.Role(s, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    Aspects.of(s).add(new RevokeRolesAspect({ issuedBefore: Cutoff.at(CUTOFF), stackOutputs: true, outputPrefix: 'All' }));
    expect(Object.keys(outputs(s))).toEqual(['AllEffectiveCutoff', 'AllMootAfter', 'AllOwnedPolicyName']);
  });

  test.each([
    [{ stackOutputs: true, outputPrefix: 'IR-42' }, 'outputPrefix "IR-42" must be 1 to 200 letters and digits (CloudFormation output names); use a name such as "Revoke"'],
    [{ stackOutputs: true, outputPrefix: '' }, 'outputPrefix "" must be 1 to 200 letters and digits'],
    [{ stackOutputs: true, outputPrefix: 'x'.repeat(201) }, 'must be 1 to 200 letters and digits'],
    [{ outputPrefix: 'IR42' }, 'outputPrefix "IR42" is set but stackOutputs is not; set stackOutputs: true, or drop outputPrefix'],
  ])('refuses %j', (props, message) => {
    expect(() => revoke(stack(), 'Revoke', props)).toThrow(message);
  });

  test('an id with no letters or digits needs an outputPrefix', () => {
    expect(() => revoke(stack(), '--', { stackOutputs: true })).toThrow('construct id "--" has no letters or digits to name its stack outputs; set outputPrefix');
  });
});

describe('attributes', () => {
  test.each([
    ['effectiveCutoff', 'EffectiveCutoff'],
    ['mootAfter', 'MootAfter'],
    ['rolesRevoked', 'RolesRevoked'],
    ['rolesMatched', 'RolesMatched'],
    ['rolesSkipped', 'RolesSkipped'],
    ['skippedReasons', 'SkippedReasons'],
  ] as const)('%s reads the resource data key %s, for a list and a selection alike', (attribute, key) => {
    const s = stack();
    for (const r of [revoke(s, 'List'), revoke(s, 'Selection', { selection: RoleSelection.tagged('incident', 'ir-42') })]) {
      expect(s.resolve(r[attribute])).toEqual({ 'Fn::GetAtt': [resourceId(r), key] });
    }
  });
});

describe('every data key an output or attribute reads is in the handler\'s response', () => {
  // A GetAtt of a key the response lacks fails the deployment, so the two must not drift apart.
  let loopback: LoopbackIam;
  beforeEach(async () => {
    loopback = new LoopbackIam({ pageSize: 100 });
    await loopback.start();
    loopback.addRole('app', { path: '/app/' });
    loopback.addRole('api', { path: '/app/' });
  });
  afterEach(() => loopback.stop());

  function keysRead(r: RevokeOlderSessions): string[] {
    const s = Stack.of(r);
    const fromOutputs = Object.values(Template.fromStack(s).toJSON().Outputs).map((o: any) => o.Value['Fn::GetAtt'][1]);
    const fromAttributes = (['effectiveCutoff', 'mootAfter', 'rolesRevoked', 'rolesMatched', 'rolesSkipped', 'skippedReasons'] as const)
      .map((a) => s.resolve(r[a])['Fn::GetAtt'][1]);
    return [...new Set([...fromOutputs, ...fromAttributes])].sort();
  }

  test('an explicit list (synchronous provider)', async () => {
    const read = keysRead(revoke(stack(), 'Revoke', { stackOutputs: true }));
    const res = await testHandler({ iam: loopback.client() })(createEvent(eventProps({ RoleArns: [roleArn('app', '/app/')] })), CONTEXT) as any;
    expect(read).toHaveLength(7);
    expect(Object.keys(res.Data)).toEqual(expect.arrayContaining(read));
  });

  test('a selection (asynchronous provider, complete in its first step)', async () => {
    const read = keysRead(revoke(stack(), 'Revoke', { selection: RoleSelection.pathPrefix('/app/'), stackOutputs: true }));
    const { RoleArns: _omit, ...rest } = eventProps();
    const event = createEvent({ ...rest, Selection: 'path-prefix', PathPrefix: '/app/' });
    const res = await testHandler({ iam: loopback.client(), phase: 'start' })(event, CONTEXT) as any;
    expect(res.Data).toMatchObject({ RolesMatched: '2', RolesSkipped: '0', SkippedReasons: 'none' });
    expect(Object.keys(res.Data)).toEqual(expect.arrayContaining(read));
  });
});
