/**
 * For random principals and random ways of naming them, either synth refuses (exactly when one
 * of them cannot be reached from this stack) or every named principal is denied by the
 * policies the template attaches to it, at whatever path it really lives, and its neighbours
 * are not. A second property does the same for KMS key administrators: whatever way they are
 * named, and wherever they live, a broad key-policy deny leaves them working.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as fc from 'fast-check';
import { DeniedPrincipal, DenyAllSessions, DenyInResourcePolicy, DenyPrincipals, DenySessions, SessionId } from '../../src';
import { PropertySummary } from '../helpers/property-summary';
import { ACCOUNT, ALLOW_ALL, Caller, evaluate, federatedUser, roleSession, userWithAccessKeys } from '../helpers/request-context';
import { attachedPolicies, AttachedTo, concrete } from '../helpers/template-document';

const summary = new PropertySummary('every deny reaches the principal it names');
afterAll(() => summary.print());

const OTHER = '999988887777';
const ISSUED = '2026-11-22T10:00:00Z';
const GOOD = ['app', 'worker', 'ci-runner', 'data.reader', 'svc@x', 'Team_A'];
const BAD_ROLE = [
  'AWSServiceRoleForECS', `cdk-hnb659fds-deploy-role-${ACCOUNT}-us-east-1`, `CDK-xy_z-cfn-exec-role-${ACCOUNT}-eu-west-1`,
  'AWSReservedSSO_Admin_abc', ' app', 'OrganizationAccountAccessRole', 'stacksets-exec-899a82a2cb437e970934262f85c7628a',
];
const PATHS = ['/', '/team/', '/a/b/'];
/** Refused for roles; a policy variable is refused for every principal. */
const BAD_PATHS = ['/aws-service-role/ecs.amazonaws.com/', '/aws-reserved/sso.amazonaws.com/eu-west-1/', '/${aws:username}/'];

type Kind = 'roleByName' | 'roleByArn' | 'roleArnString' | 'user' | 'userByArn' | 'userArnString' | 'federated' | 'roleSession';
/** `omitted`: the ARN says no path, though the principal lives at `path` (names are unique whatever the path). */
interface Spec { kind: Kind; name: string; path: string; written: 'exact' | 'omitted'; account: string; session: string }

const KINDS: Kind[] = ['roleByName', 'roleByArn', 'roleArnString', 'user', 'userByArn', 'userArnString', 'federated', 'roleSession'];
const spec: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GOOD) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_ROLE) }),
  path: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_PATHS) }),
  written: fc.constantFrom<Spec['written']>('exact', 'omitted'),
  account: fc.oneof({ weight: 5, arbitrary: fc.constant(ACCOUNT) }, { weight: 1, arbitrary: fc.constant(OTHER) }),
  session: fc.constantFrom('leaked-run', 'i-0123456789abcdef0', 'alice@example.com'),
});

const isRole = (k: Kind) => k === 'roleByName' || k === 'roleByArn' || k === 'roleArnString' || k === 'roleSession';
const byArn = (k: Kind) => k === 'roleByArn' || k === 'roleArnString' || k === 'userByArn' || k === 'userArnString';

/** The path the ARN given to the construct carries. */
const writtenPath = (p: Spec) => (p.written === 'exact' ? p.path : '/');

/** Whether the spec names something no identity policy of this stack may or can carry. */
function unreachable(p: Spec): boolean {
  const variable = byArn(p.kind) && writtenPath(p).includes('$');
  const badRolePath = isRole(p.kind) && byArn(p.kind) && BAD_PATHS.includes(writtenPath(p));
  return p.name === ' app' || variable || badRolePath || (isRole(p.kind) && BAD_ROLE.includes(p.name))
    || (byArn(p.kind) && p.account !== ACCOUNT);
}

/** Where the principal really lives: a role named by name or a path-less ARN is at some path the ARN does not say. */
function realPath(p: Spec): string {
  const exactArn = byArn(p.kind) && p.written === 'exact';
  return BAD_PATHS.includes(p.path) && (isRole(p.kind) || p.path.includes('$')) && !exactArn ? '/' : p.path;
}

/** The principal as the construct is given it, the caller it stands for, and where its policies are. */
function build(s: Stack, p: Spec, i: number) {
  const roleArn = `arn:aws:iam::${p.account}:role${writtenPath(p)}${p.name}`;
  const userArn = `arn:aws:iam::${p.account}:user${writtenPath(p)}${p.name}`;
  const role = () => p.kind === 'roleByArn' ? iam.Role.fromRoleArn(s, `R${i}`, roleArn) : iam.Role.fromRoleName(s, `R${i}`, p.name);
  const path = realPath(p);
  const asRole = (principal: DeniedPrincipal, session: SessionId, r?: iam.IRole) => ({
    principal, session, role: r, caller: roleSession({ roleName: p.name, path, issuedAt: ISSUED }), as: { role: p.name } as AttachedTo,
  });
  const asUser = (principal: DeniedPrincipal, session: SessionId) => ({
    principal, session, caller: userWithAccessKeys({ userName: p.name, path }), as: { user: p.name } as AttachedTo,
  });
  switch (p.kind) {
    case 'user': {
      const user = iam.User.fromUserName(s, `U${i}`, p.name);
      return asUser(DeniedPrincipal.fromUser(user), SessionId.ofUser(user));
    }
    case 'userByArn': {
      const user = iam.User.fromUserArn(s, `U${i}`, userArn);
      return asUser(DeniedPrincipal.fromUser(user), SessionId.ofUser(user));
    }
    case 'userArnString':
      return asUser(DeniedPrincipal.fromArn(userArn), SessionId.ofUser(iam.User.fromUserArn(s, `U${i}`, userArn)));
    case 'roleArnString': {
      const r = iam.Role.fromRoleArn(s, `R${i}`, roleArn);
      return asRole(DeniedPrincipal.fromArn(roleArn), SessionId.ofAllRoleSessions(r), r);
    }
    case 'federated': {
      const minter = iam.User.fromUserName(s, `U${i}`, p.name);
      return {
        principal: DeniedPrincipal.fromFederatedUser(minter, p.session.slice(0, 32)),
        session: SessionId.ofFederatedUser(minter, p.session.slice(0, 32)),
        caller: federatedUser({ name: p.session.slice(0, 32), issuedAt: ISSUED }),
        neighbour: userWithAccessKeys({ userName: p.name }),
        as: { user: p.name } as AttachedTo,
      };
    }
    case 'roleSession': {
      const r = role();
      return {
        principal: DeniedPrincipal.fromRole(r),
        session: SessionId.ofRoleSession(r, p.session),
        caller: roleSession({ roleName: p.name, path, sessionName: p.session, issuedAt: ISSUED }),
        neighbour: roleSession({ roleName: p.name, path, sessionName: 'healthy-run', issuedAt: ISSUED }),
        as: { role: p.name } as AttachedTo,
      };
    }
    default: {
      const r = role();
      return asRole(DeniedPrincipal.fromRole(r), SessionId.ofAllRoleSessions(r), r);
    }
  }
}

type Built = ReturnType<typeof build> & { neighbour?: Caller; role?: iam.IRole };

const decide = (s: Stack, caller: Caller, as: AttachedTo) => evaluate(caller, {
  action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`, identityPolicies: { Admin: ALLOW_ALL, ...attachedPolicies(s, as) },
});

test('synth refuses exactly the unreachable, or every named principal is denied by what is attached to it', async () => {
  const specs = fc.uniqueArray(spec, { minLength: 1, maxLength: 4, selector: (p) => p.name.trim().toLowerCase() });
  const construct = fc.constantFrom('DenyPrincipals', 'DenySessions', 'DenyAllSessions');
  await summary.check(fc.asyncProperty(specs, construct, async (list, which) => {
    const s = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const roleOnly = which === 'DenyAllSessions';
    const used = roleOnly ? list.filter((p) => p.kind === 'roleByName' || p.kind === 'roleByArn' || p.kind === 'roleArnString') : list;
    if (used.length === 0) {
      summary.rejected++;
      return true;
    }
    let refused: unknown;
    let built: Built[] = [];
    try {
      built = list.map((p, i) => build(s, p, i)) as Built[];
      if (which === 'DenyPrincipals') {
        new DenyPrincipals(s, 'Deny', { principals: built.map((b) => b.principal) });
      } else if (which === 'DenySessions') {
        new DenySessions(s, 'Deny', { sessions: built.map((b) => b.session) });
      } else {
        new DenyAllSessions(s, 'Deny', { roles: built.flatMap((b, i) => (used.includes(list[i]) ? [b.role!] : [])) });
      }
    } catch (e) {
      refused = e;
    }
    // DeniedPrincipal.fromArn refuses a policy variable at once, whichever construct it is given to.
    const eager = list.some((p) => (p.kind === 'roleArnString' || p.kind === 'userArnString') && writtenPath(p).includes('$'));
    if (used.some(unreachable) || eager) {
      // Refused, and the message names what to do.
      return refused instanceof Error && /cannot be|is not a valid|is not an IAM (role|user) ARN|is in account|contains "\$"/.test(refused.message);
    }
    if (refused) {
      throw refused;
    }
    for (const [i, p] of list.entries()) {
      if (!used.includes(p)) {
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
  }), 150);
});

type AdminKind = 'roleByName' | 'roleArnString' | 'user' | 'userArnString';
interface Admin { kind: AdminKind; name: string; path: string; written: 'exact' | 'omitted' }

const admin: fc.Arbitrary<Admin> = fc.record({
  kind: fc.constantFrom<AdminKind>('roleByName', 'roleArnString', 'user', 'userArnString'),
  name: fc.constantFrom('key-admin', 'security-ops', 'KeyAdmin2'),
  path: fc.constantFrom(...PATHS, '/security/'),
  written: fc.constantFrom<Admin['written']>('exact', 'omitted'),
});

test('a KMS key administrator, however named and wherever it lives, is never locked out by a broad deny', async () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const admins = fc.uniqueArray(admin, { minLength: 1, maxLength: 3, selector: (a) => a.name.toLowerCase() });
  await summary.check(fc.asyncProperty(admins, async (list) => {
    const s = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const arn = (a: Admin, type: string) => `arn:aws:iam::${ACCOUNT}:${type}${a.written === 'exact' ? a.path : '/'}${a.name}`;
    const named = list.map((a, i) => {
      switch (a.kind) {
        case 'roleByName': return DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, `A${i}`, a.name));
        case 'roleArnString': return DeniedPrincipal.fromArn(arn(a, 'role'));
        case 'user': return DeniedPrincipal.fromUser(iam.User.fromUserName(s, `A${i}`, a.name));
        default: return DeniedPrincipal.fromArn(arn(a, 'user'));
      }
    });
    new DenyInResourcePolicy(s, 'Deny', {
      resource: new kms.Key(s, 'Key'),
      principals: [DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/*`), DeniedPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:user/*`)],
      keyAdministrators: named,
    });
    const [key] = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key')) as any[];
    const keyPolicy = concrete(key.Properties.KeyPolicy);
    const onKey = (caller: Caller) => evaluate(caller, { action: 'kms:PutKeyPolicy', resource: KEY, identityPolicies: { Admin: ALLOW_ALL }, resourcePolicy: keyPolicy });
    for (const a of list) {
      const caller = a.kind.startsWith('role') ? roleSession({ roleName: a.name, path: a.path, issuedAt: ISSUED }) : userWithAccessKeys({ userName: a.name, path: a.path });
      if (await onKey(caller) !== 'Allowed') {
        return false;
      }
    }
    // The deny still bites everyone else, at the same paths.
    return await onKey(roleSession({ roleName: 'leaked-app', path: list[0].path, issuedAt: ISSUED })) === 'ExplicitlyDenied'
      && await onKey(userWithAccessKeys({ userName: 'leaked-user', path: list[0].path })) === 'ExplicitlyDenied';
  }), 60);
});
