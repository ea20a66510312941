/**
 * For random principals and random ways of naming them, either synth refuses (exactly when one
 * of them cannot be reached from this stack) or every named principal is denied by the
 * policies the template attaches to it, and its neighbours are not.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { DeniedPrincipal, DenyAllSessions, DenyPrincipals, DenySessions, SessionId } from '../../src';
import { PropertySummary } from '../helpers/property-summary';
import { ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userWithAccessKeys } from '../helpers/request-context';
import { attachedPolicies, AttachedTo } from '../helpers/template-document';

const summary = new PropertySummary('every deny reaches the principal it names');
afterAll(() => summary.print());

const OTHER = '999988887777';
const ISSUED = '2026-11-22T10:00:00Z';
const GOOD = ['app', 'worker', 'ci-runner', 'data.reader', 'svc@x', 'Team_A'];
const BAD_ROLE = [
  'AWSServiceRoleForECS', `cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`, `CDK-xy_z-cfn-exec-role-${ACCOUNT}-eu-west-1`,
  'AWSReservedSSO_Admin_abc', ' app',
];
const PATHS = ['/', '/team/', '/a/b/'];
const BAD_PATHS = ['/aws-service-role/ecs.amazonaws.com/', '/aws-reserved/sso.amazonaws.com/eu-west-1/'];

type Kind = 'roleByName' | 'roleByArn' | 'user' | 'federated' | 'roleSession';
interface Spec { kind: Kind; name: string; path: string; account: string; session: string }

const spec: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom<Kind>('roleByName', 'roleByArn', 'user', 'federated', 'roleSession'),
  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GOOD) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_ROLE) }),
  path: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_PATHS) }),
  account: fc.oneof({ weight: 5, arbitrary: fc.constant(ACCOUNT) }, { weight: 1, arbitrary: fc.constant(OTHER) }),
  session: fc.constantFrom('leaked-run', 'i-0123456789abcdef0', 'alice@example.com'),
});

/** Whether the spec names something no identity policy of this stack may or can carry. */
function unreachable(p: Spec): boolean {
  const role = p.kind === 'roleByName' || p.kind === 'roleByArn' || p.kind === 'roleSession';
  return p.name === ' app' || (role && BAD_ROLE.includes(p.name)) || (p.kind === 'roleByArn' && (p.account !== ACCOUNT || BAD_PATHS.includes(p.path)));
}

/** The principal as the construct is given it, the caller it stands for, and where its policies are. */
function build(s: Stack, p: Spec, i: number) {
  const role = () => p.kind === 'roleByArn'
    ? iam.Role.fromRoleArn(s, `R${i}`, `arn:aws:iam::${p.account}:role${p.path}${p.name}`)
    : iam.Role.fromRoleName(s, `R${i}`, p.name);
  // A role imported by name really lives at some path the import does not know.
  const realPath = BAD_PATHS.includes(p.path) && p.kind !== 'roleByArn' ? '/' : p.path;
  switch (p.kind) {
    case 'user': {
      const user = iam.User.fromUserName(s, `U${i}`, p.name);
      return {
        principal: DeniedPrincipal.fromUser(user),
        session: SessionId.ofUser(user),
        caller: userWithAccessKeys({ userName: p.name }),
        as: { user: p.name },
      };
    }
    case 'federated': {
      const minter = iam.User.fromUserName(s, `U${i}`, p.name);
      return {
        principal: DeniedPrincipal.fromFederatedUser(minter, p.session.slice(0, 32)),
        session: SessionId.ofFederatedUser(minter, p.session.slice(0, 32)),
        caller: federatedUser({ name: p.session.slice(0, 32), issuedAt: ISSUED }),
        neighbour: userWithAccessKeys({ userName: p.name }),
        as: { user: p.name },
      };
    }
    case 'roleSession': {
      const r = role();
      return {
        principal: DeniedPrincipal.fromRole(r),
        session: SessionId.ofRoleSession(r, p.session),
        caller: roleSession({ roleName: p.name, path: realPath, sessionName: p.session, issuedAt: ISSUED }),
        neighbour: roleSession({ roleName: p.name, path: realPath, sessionName: 'healthy-run', issuedAt: ISSUED }),
        as: { role: p.name },
      };
    }
    default: {
      const r = role();
      return {
        principal: DeniedPrincipal.fromRole(r),
        session: SessionId.ofAllRoleSessions(r),
        role: r,
        caller: roleSession({ roleName: p.name, path: realPath, issuedAt: ISSUED }),
        as: { role: p.name },
      };
    }
  }
}

const decide = (s: Stack, caller: Caller, as: AttachedTo) => evaluate(caller, {
  action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`, identityPolicies: { Admin: ALLOW_ALL, ...attachedPolicies(s, as) },
});

test('synth refuses exactly the unreachable, or every named principal is denied by what is attached to it', async () => {
  const specs = fc.uniqueArray(spec, { minLength: 1, maxLength: 4, selector: (p) => p.name.trim().toLowerCase() });
  const construct = fc.constantFrom('DenyPrincipals', 'DenySessions', 'DenyAllSessions');
  await summary.check(fc.asyncProperty(specs, construct, async (list, which) => {
    const s = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const built = list.map((p, i) => build(s, p, i));
    const roleOnly = which === 'DenyAllSessions';
    const used = roleOnly ? list.filter((p) => p.kind === 'roleByName' || p.kind === 'roleByArn') : list;
    if (used.length === 0) {
      summary.rejected++;
      return true;
    }
    let refused: unknown;
    try {
      if (which === 'DenyPrincipals') {
        new DenyPrincipals(s, 'Deny', { principals: built.map((b) => b.principal) });
      } else if (which === 'DenySessions') {
        new DenySessions(s, 'Deny', { sessions: built.map((b) => b.session) });
      } else {
        new DenyAllSessions(s, 'Deny', { roles: built.filter((b) => 'role' in b).map((b) => (b as { role: iam.IRole }).role) });
      }
    } catch (e) {
      refused = e;
    }
    if (used.some(unreachable)) {
      // Refused, and the message names what to do.
      return refused instanceof Error && /cannot be|is not a valid|is not an IAM role ARN|is in account/.test(refused.message);
    }
    if (refused) {
      throw refused;
    }
    for (const [i, p] of list.entries()) {
      if (roleOnly && !used.includes(p)) {
        continue;
      }
      const b = built[i];
      if (await decide(s, b.caller, b.as) !== 'ExplicitlyDenied') {
        return false;
      }
      // DenyPrincipals denies every session of a role; DenySessions only the named one.
      const neighbourSpared = b.neighbour && !(p.kind === 'roleSession' && which !== 'DenySessions');
      if (neighbourSpared && await decide(s, b.neighbour!, b.as) !== 'Allowed') {
        return false;
      }
    }
    // A principal nobody named carries nothing, so nothing denies it.
    return await decide(s, roleSession({ roleName: 'bystander', issuedAt: ISSUED }), { role: 'bystander' }) === 'Allowed';
  }), 120);
});
