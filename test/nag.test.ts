/**
 * cdk-nag's `AwsSolutions` pack finds nothing on this library's own resources, in every case of
 * `lint/template-cases.ts`, whichever cdk-nag major is installed:
 * - cdk-nag 2 (this tree) runs as an aspect and reads the `cdk_nag` metadata;
 * - cdk-nag 3 (`.ci/newest-cdk` installs it with the newest aws-cdk-lib in a scratch copy) runs
 *   as a policy-validation plugin and reads `Validations.of(scope).acknowledge(...)`.
 * The tests of the other major are skipped. Findings on the cases' own resources (a bucket, a
 * key, a role the test defines) are the app's business, not the library's, and are left out.
 */
import * as cdk from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { NAG_MAJOR, v2Findings, v3Findings, v3Pack } from './helpers/nag';
import { TEMPLATE_CASES, USER_RESOURCE_IDS } from './lint/template-cases';
import { acknowledgementIds } from '../src/synth/nag-suppressions';

const v2 = NAG_MAJOR === 2 ? describe : describe.skip;
const v3 = NAG_MAJOR === 3 ? describe : describe.skip;

/** Whether a construct path is a resource the test case defined itself. */
function isCaseResource(path: string): boolean {
  return USER_RESOURCE_IDS.includes(path.replace(/^\//, '').split('/')[1]);
}
const libraryOnly = (path: string) => !isCaseResource(path);

/** A role of the app's own with a finding cdk-nag reports: the checks can fail. */
function unsuppressed(stack: Stack): void {
  new iam.Role(stack, 'Unsuppressed', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
}

v2('cdk-nag 2: no AwsSolutions finding on the library\'s resources', () => {
  test.each(TEMPLATE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(v2Findings(c.stack(), libraryOnly)).toEqual([]);
  });

  test('a finding on an unsuppressed resource is reported', () => {
    const stack = new Stack(new App(), 'App');
    unsuppressed(stack);
    expect(v2Findings(stack, libraryOnly)).toEqual([expect.stringContaining('AwsSolutions-IAM4')]);
  });
});

v3('cdk-nag 3: no AwsSolutions finding on the library\'s resources', () => {
  test('aws-cdk-lib has the acknowledgement API', () => {
    expect(typeof (cdk as unknown as { Validations?: unknown }).Validations).toBe('function');
  });

  test.each(TEMPLATE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(v3Findings(c.stack(), libraryOnly)).toEqual([]);
  });

  test('synth with the pack as a validation plugin succeeds', () => {
    const c = TEMPLATE_CASES.find((t) => t.name === 'everything-in-one-stack')!;
    const stack = c.stack();
    const app = stack.node.root as App;
    (cdk as unknown as { Validations: { of(s: IConstruct): { addPlugins(...p: unknown[]): void } } }).Validations.of(app).addPlugins(v3Pack(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('a finding on an unsuppressed resource is reported', () => {
    const stack = new Stack(new App(), 'App');
    unsuppressed(stack);
    expect(v3Findings(stack, libraryOnly)).toEqual([expect.stringContaining('AwsSolutions-IAM4')]);
  });
});

describe('suppressions become cdk-nag 3 acknowledgements', () => {
  test('exact findings keep their finding ids', () => {
    expect(acknowledgementIds({ id: 'AwsSolutions-IAM4', reason: 'r', appliesTo: ['Policy::a', 'Policy::b'] }))
      .toEqual(['AwsSolutions-IAM4[Policy::a]', 'AwsSolutions-IAM4[Policy::b]']);
  });

  test('a pattern becomes the findings it matches, as cdk-nag 2 would match them', () => {
    const findings = () => ['Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/app/*', 'Resource::*', 'Action::s3:*'];
    expect(acknowledgementIds({ id: 'AwsSolutions-IAM5', reason: 'r', appliesTo: [{ regex: '/^Resource::arn:.*:role\\/.*$/g' }, 'Resource::*'] }, findings))
      .toEqual(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/app/*]']);
  });

  test('a pattern over a rule whose findings are not known here becomes the rule; no finding list, the rule', () => {
    expect(acknowledgementIds({ id: 'AwsSolutions-X1', reason: 'r', appliesTo: [{ regex: '/^a$/' }] }, () => undefined)).toEqual(['AwsSolutions-X1']);
    expect(acknowledgementIds({ id: 'AwsSolutions-SF1', reason: 'r' })).toEqual(['AwsSolutions-SF1']);
  });

  test('a rule that cannot run is acknowledged under its own id', () => {
    expect(acknowledgementIds({ id: 'CdkNagValidationFailure', reason: 'r', appliesTo: ['AwsSolutions-L1'] })).toEqual(['AwsSolutions-L1']);
  });
});
