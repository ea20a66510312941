/**
 * The oracle (`@cloud-copilot/iam-simulate`) must agree with each builder's stated meaning on
 * random inputs.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { DeniedPrincipal, DenyPrincipals, DenySessions, SessionId } from '../../src';
import { formatInstant } from '../../src/core/instant';
import { buildRevocationDocument } from '../../src/core/revocation-document';
import { PropertySummary } from '../helpers/property-summary';
import { ACCOUNT, ALLOW_ALL, Caller, evaluate, roleSession } from '../helpers/request-context';
import { documentsOf } from '../helpers/template-document';

const summary = new PropertySummary('policy builders against the oracle');
afterAll(() => summary.print());

const decide = (caller: Caller, doc: unknown) =>
  evaluate(caller, { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`, identityPolicies: { Admin: ALLOW_ALL, Deny: doc } });

const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') });
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789+=,.@_-'.split('');
const roleName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 40 });
const path = fc.array(fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 10 }), { maxLength: 3 })
  .map((s) => `/${s.map((x) => `${x}/`).join('')}`);

test('a revocation document denies exactly the sessions issued before its latest cutoff', async () => {
  const statements = fc.uniqueArray(fc.record({ sid: fc.constantFrom('A', 'B', 'C', 'D'), cutoffMs: instant }), { minLength: 1, maxLength: 4, selector: (s) => s.sid });
  await summary.check(fc.asyncProperty(statements, instant, fc.integer({ min: -1500, max: 1500 }), async (list, t, nearby) => {
    const latest = Math.max(...list.map((s) => s.cutoffMs));
    // Half the runs land within 1.5 s of the latest cutoff, where an off-by-one would show.
    const issued = t % 2 === 0 ? latest + nearby : t;
    const decision = await decide(roleSession({ roleName: 'app', issuedAt: formatInstant(issued) }), JSON.parse(buildRevocationDocument(list)));
    return decision === (issued < latest ? 'ExplicitlyDenied' : 'Allowed');
  }), 400);
});

test('DeniedPrincipal.fromRole on a role imported by name denies that role at any path, and no other name', async () => {
  await summary.check(fc.asyncProperty(roleName, roleName, path, async (target, other, actualPath) => {
    fc.pre(target !== other);
    const s = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const role = iam.Role.fromRoleName(s, 'Target', target);
    new DenyPrincipals(s, 'Deny', { principals: [DeniedPrincipal.fromRole(role)] });
    const [doc] = documentsOf(s);
    const issuedAt = '2026-11-22T10:00:00Z';
    return await decide(roleSession({ roleName: target, path: actualPath, issuedAt }), doc) === 'ExplicitlyDenied'
      && await decide(roleSession({ roleName: other, path: actualPath, issuedAt }), doc) === 'Allowed';
  }), 60);
});

test('SessionId.ofRoleSession denies that session of that role only', async () => {
  const session = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 2, maxLength: 64 });
  await summary.check(fc.asyncProperty(roleName, session, session, async (target, leaked, other) => {
    fc.pre(leaked !== other);
    const s = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const role = iam.Role.fromRoleName(s, 'Target', target);
    new DenySessions(s, 'Deny', { sessions: [SessionId.ofRoleSession(role, leaked)] });
    const [doc] = documentsOf(s);
    const issuedAt = '2026-11-22T10:00:00Z';
    return await decide(roleSession({ roleName: target, sessionName: leaked, issuedAt }), doc) === 'ExplicitlyDenied'
      && await decide(roleSession({ roleName: target, sessionName: other, issuedAt }), doc) === 'Allowed'
      && await decide(roleSession({ roleName: `${target}x`, sessionName: leaked, issuedAt }), doc) === 'Allowed';
  }), 60);
});
