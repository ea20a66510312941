/**
 * A second opinion from an emulator nobody here wrote: the construct is synthesized, and the
 * BUNDLED handler staged in its cloud assembly is driven as CloudFormation and the Provider
 * framework would drive it, unmocked, against moto's IAM. The final state is read back from moto
 * and judged by the IAM oracle from the principal's side: a session issued before the cutoff is
 * denied, one issued at it allowed, and roles outside the selection keep exactly what they had.
 *
 * Nothing here names a handler property, an owned policy or a physical id: they come from the
 * construct and from the handler's answers.
 */
import {
  CreateRoleCommand, CreateServiceLinkedRoleCommand, IAMClient, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  accountSnapshot, cloudFormationOn, LAMBDA_TRUST, motoForSuite, revocationByRole,
} from './moto-state';
import { Cutoff, RevokeOlderSessions, RevokeOlderSessionsProps, RoleSelection } from '../../src';
import { TemplateVersion } from '../helpers/cloudformation';
import { describeWithMoto, MOTO_ACCOUNT } from '../helpers/moto';

const T1 = '2026-11-22T10:00:00Z';
const T2 = '2026-11-22T10:20:00Z';
const TEAM_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

/** The account's roles before any deploy: every one carries a policy someone else wrote. */
const FIXTURE: ReadonlyArray<{ name: string; path?: string; tags?: Record<string, string> }> = [
  { name: 'api', path: '/app/' },
  { name: 'worker', path: '/app/batch/' },
  { name: 'svc-orders', tags: { team: 'payments' } },
  { name: 'svc-billing', tags: { team: 'billing' } },
  { name: 'ci-deploy', path: '/pipelines/' },
  { name: 'breakglass-admin', path: '/emergency/' },
  { name: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', path: '/aws-reserved/sso.amazonaws.com/' },
  { name: `cdk-hnb659fds-deploy-role-${MOTO_ACCOUNT}-us-east-1` },
];
const imported = (scope: Stack, name: string, path = '/') => iam.Role.fromRoleArn(scope, name, `arn:aws:iam::${MOTO_ACCOUNT}:role${path}${name}`);
/** Which roles a construct names: its `roles` or its `selection`. */
type Targets = (stack: Stack) => Pick<RevokeOlderSessionsProps, 'roles' | 'selection'>;

describeWithMoto('RevokeOlderSessions, bundled, against moto IAM', () => {
  const suite = motoForSuite(IAMClient);
  let serviceLinked: string;

  /** The fixture, the stack's own roles (the lockout guard must skip them) and a service-linked role, in moto. */
  async function seed(stackRoles: TemplateVersion): Promise<void> {
    for (const r of [...FIXTURE, ...stackRoles.roles()]) {
      await suite.client.send(new CreateRoleCommand({
        RoleName: r.name,
        Path: r.path,
        AssumeRolePolicyDocument: LAMBDA_TRUST,
        Tags: Object.entries((r as { tags?: Record<string, string> }).tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }));
      await suite.client.send(new PutRolePolicyCommand({ RoleName: r.name, PolicyName: 'TeamAccess', PolicyDocument: TEAM_ACCESS }));
    }
    // moto names it AWSServiceRoleForsupport, AWS AWSServiceRoleForSupport: the name is taken from the answer.
    serviceLinked = (await suite.client.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'support.amazonaws.com' }))).Role!.RoleName!;
  }

  const synth = (targets: Targets, o: { cutoff?: string; removalPolicy?: RemovalPolicy } = {}) => TemplateVersion.synth((stack) => {
    new RevokeOlderSessions(stack, 'RevokeLeaked', { ...targets(stack), issuedBefore: Cutoff.at(o.cutoff ?? T1), removalPolicy: o.removalPolicy });
  }, { account: MOTO_ACCOUNT });

  /** Every role of the account: revoked at the cutoff if listed, else untouched. */
  function expected(revoked: string[], stack: TemplateVersion): Record<string, string> {
    const all = [...FIXTURE.map((r) => r.name), ...stack.roles().map((r) => r.name), serviceLinked];
    return Object.fromEntries(all.sort().map((n) => [n, revoked.includes(n) ? 'revoked' : 'untouched']));
  }

  // Each way to name roles, as the construct renders it into the handler's properties.
  const kinds: Array<[string, Targets, string[]]> = [
    ['roles (imported, with paths)', (s) => ({ roles: [imported(s, 'api', '/app/'), imported(s, 'svc-orders')] }), ['api', 'svc-orders']],
    ['RoleSelection.explicit', (s) => ({ selection: RoleSelection.explicit([imported(s, 'ci-deploy', '/pipelines/')]) }), ['ci-deploy']],
    ['RoleSelection.pathPrefix("/app/")', () => ({ selection: RoleSelection.pathPrefix('/app/') }), ['api', 'worker']],
    ['RoleSelection.tagged("team", "payments")', () => ({ selection: RoleSelection.tagged('team', 'payments') }), ['svc-orders']],
    ['RoleSelection.tagged("team")', () => ({ selection: RoleSelection.tagged('team') }), ['svc-billing', 'svc-orders']],
    ['RoleSelection.namePattern("svc-*")', () => ({ selection: RoleSelection.namePattern('svc-*') }), ['svc-billing', 'svc-orders']],
    ['RoleSelection.allInAccount({ exclude: ["breakglass-*"] })', () => ({ selection: RoleSelection.allInAccount({ exclude: ['breakglass-*'] }) }),
      ['api', 'ci-deploy', 'svc-billing', 'svc-orders', 'worker']],
  ];

  test.each(kinds)('%s revokes exactly its roles; every other role and policy is untouched', async (_name, targets, revoked) => {
    const v = synth(targets);
    await seed(v);
    const before = await accountSnapshot(suite.client);
    await cloudFormationOn(suite.moto).deploy(v);

    expect(await revocationByRole(suite.client, T1)).toEqual(expected(revoked, v));
    // What others wrote is byte for byte what it was; unselected roles gained nothing.
    const after = await accountSnapshot(suite.client);
    for (const [role, policies] of Object.entries(before)) {
      expect({ role, policies: revoked.includes(role) ? pick(after[role], Object.keys(policies)) : after[role] }).toEqual({ role, policies });
    }
  });

  test.each(kinds.filter(([name]) => /^roles|namePattern/.test(name)))(
    '%s with DESTROY: a bump raises the cutoff, its rollback keeps it, the Delete restores every role', async (_name, targets, revoked) => {
      const first = synth(targets, { cutoff: T1, removalPolicy: RemovalPolicy.DESTROY });
      const bumped = synth(targets, { cutoff: T2, removalPolicy: RemovalPolicy.DESTROY });
      await seed(first);
      const initial = await accountSnapshot(suite.client);
      const cfn = cloudFormationOn(suite.moto);

      await cfn.deploy(first);
      expect(await revocationByRole(suite.client, T1)).toEqual(expected(revoked, first));

      // The incident goes on: redeploy with a later cutoff.
      await cfn.deploy(bumped, first);
      expect(await revocationByRole(suite.client, T2)).toEqual(expected(revoked, first));

      // The stack update fails elsewhere; CloudFormation rolls this resource back (old and new swapped).
      await cfn.deploy(first, bumped, { rollback: true });
      expect(await revocationByRole(suite.client, T2)).toEqual(expected(revoked, first));

      // The incident is over: the stack is deleted, and DESTROY removes what the construct wrote, and only that.
      await cfn.destroy(first);
      expect(await revocationByRole(suite.client, T2)).toEqual(expected([], first));
      expect(await accountSnapshot(suite.client)).toEqual(initial);
    });

  test('without DESTROY a Delete leaves the revocation in force', async () => {
    const v = synth(() => ({ selection: RoleSelection.namePattern('svc-*') }));
    await seed(v);
    const cfn = cloudFormationOn(suite.moto);
    await cfn.deploy(v);
    await cfn.destroy(v);
    expect(await revocationByRole(suite.client, T1)).toEqual(expected(['svc-billing', 'svc-orders'], v));
  });
});

function pick(o: Record<string, string> | undefined, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, o?.[k] as string]));
}
