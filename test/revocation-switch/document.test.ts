/**
 * The version documents: built only from validated values, read back strictly, and the handler's
 * own reading of which roles a statement revokes (reports, the inline fallback) agrees with the
 * IAM oracle's evaluation of the same document from each role's side.
 */
import * as fc from 'fast-check';
import {
  arnLike, buildSwitchDocument, exemptPatterns, readSwitchDocument, statementApplies, SwitchStatement,
} from '../../src/revocation-switch/document';
import { Narrowing } from '../../src/revocation-switch/properties';
import { PropertySummary } from '../helpers/property-summary';
import { ALLOW_ALL, evaluate, roleSession } from '../helpers/request-context';

const OWNER = '0123456789';
const CUTOFF = Date.parse('2026-11-22T10:00:00Z');
const statement = (narrowing: Narrowing, exclude: string[] = [], cutoffMs = CUTOFF): SwitchStatement => ({
  generation: 'aaaabbbb', cutoffMs, marks: ['12345678'], exempt: exemptPatterns(['arn:aws:iam::111122223333:role/Stack-Provider-ABC'], exclude), narrowing,
});

test('a document reads back as the statements it was built from', () => {
  const statements = [statement({ kind: 'tagged', tagKey: 'incident' }), { ...statement({ kind: 'path-prefix', pathPrefix: '/team/' }), generation: 'ccccdddd' }];
  const read = readSwitchDocument(buildSwitchDocument(OWNER, statements), OWNER);
  expect(read).toEqual({ kind: 'owned', statements });
});

test.each([
  ['another switch\'s statement', (d: any) => d, 'fedcba9876', /not one of this switch/],
  ['a statement without its time condition', (d: any) => { delete d.Statement[0].Condition.DateLessThan; return d; }, OWNER, /cutoff/],
  ['a statement without exemptions', (d: any) => { delete d.Statement[0].Condition.ArnNotLike; return d; }, OWNER, /exemptions/],
  ['a condition this library does not write', (d: any) => { d.Statement[0].Condition.IpAddress = { 'aws:SourceIp': '10.0.0.0/8' }; return d; }, OWNER, /does not write/],
  ['an Allow', (d: any) => { d.Statement[0].Effect = 'Allow'; return d; }, OWNER, /not a Deny/],
])('%s is foreign', (_name, edit, owner, reason) => {
  const doc = edit(JSON.parse(buildSwitchDocument(OWNER, [statement({ kind: 'all' })])));
  const read = readSwitchDocument(JSON.stringify(doc), owner);
  expect(read.kind).toBe('foreign');
  expect(read.kind === 'foreign' && read.reason).toMatch(reason);
});

test('ArnLike matches each ARN component on its own; a * in the resource spans path segments', () => {
  expect(arnLike('arn:*:iam::*:role/*/ci-*', 'arn:aws:iam::111122223333:role/a/ci-tools/deployer')).toBe(true);
  expect(arnLike('arn:*:iam::*:role/ci-*', 'arn:aws:iam::111122223333:role/team/ci-x')).toBe(false);
  expect(arnLike('arn:*:iam::*:role/app', 'arn:aws:iam::111122223333:role/App')).toBe(false);
  expect(arnLike('arn:*:iam::1*:role/app', 'arn:aws:iam::222233334444:role/app')).toBe(false);
});

const summary = new PropertySummary('revocation switch documents');
afterAll(() => summary.print());

const segment = fc.constantFrom('team', 'ci-tools', 'app', 'ops');
const name = fc.constantFrom('ci-deployer', 'app', 'App', 'ops-runner', 'OrganizationAccountAccessRole', 'cdk-hnb659fds-deploy-role-111122223333-us-east-1',
  'Stack-Provider-ABC', 'breakglass-1');
const narrowing: fc.Arbitrary<Narrowing> = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.constantFrom('/team/', '/ci-tools/', '/team/app/').map((pathPrefix) => ({ kind: 'path-prefix' as const, pathPrefix })),
  fc.constantFrom('ci-*', 'app', '*-runner', 'a?p').map((namePattern) => ({ kind: 'name-pattern' as const, namePattern })),
  fc.record({ kind: fc.constant('tagged' as const), tagKey: fc.constantFrom('incident', 'Incident'), tagValue: fc.option(fc.constantFrom('ir-42', 'ir-7'), { nil: undefined }) }),
);

test('which roles a statement revokes, as the handler reads it, is what the oracle decides', async () => {
  await summary.check(fc.asyncProperty(
    narrowing, fc.array(fc.constantFrom('breakglass-*', '/ops/*', 'App'), { maxLength: 2 }), fc.array(segment, { maxLength: 2 }), name,
    fc.option(fc.constantFrom('ir-42', 'ir-7'), { nil: undefined }),
    async (n, exclude, segments, roleName, tag) => {
      const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
      const tags: Record<string, string> = tag === undefined ? {} : { incident: tag };
      const s = statement(n, exclude);
      const caller = roleSession({ roleName, path, issuedAt: '2026-11-22T09:59:59Z' });
      const context = { ...caller.context, ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])) };
      const decision = await evaluate({ ...caller, context }, {
        action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', identityPolicies: { AllowAll: ALLOW_ALL, Switch: JSON.parse(buildSwitchDocument(OWNER, [s])) },
      });
      expect(decision === 'ExplicitlyDenied').toBe(statementApplies(s, { arn: context['aws:PrincipalArn'], tags }));
    }), 150);
});

test('an idle statement denies nothing to any session', async () => {
  const doc = JSON.parse(buildSwitchDocument(OWNER, [statement({ kind: 'all' }, [], 0)]));
  for (const issuedAt of ['1970-01-01T00:00:01Z', '2026-11-22T09:00:00Z']) {
    expect(await evaluate(roleSession({ roleName: 'app', issuedAt }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', identityPolicies: { AllowAll: ALLOW_ALL, Switch: doc } }))
      .toBe('Allowed');
  }
});
