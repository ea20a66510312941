/**
 * The IAM evaluation oracle (@cloud-copilot/iam-simulate, AGPL, tests only) judging an SCP
 * attached to the organization root beside FullAWSAccess, for callers in a member account. The
 * oracle does not derive context keys: each caller must carry them (see `request-context.ts`).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ALLOW_ALL, Caller, roleSession, SAMPLE_REQUESTS } from './request-context';

export const MEMBER = '111122223333';

/** The oracle's decision for each sample request of the caller, under the SCP attached to the root. */
export function scpDecisions(caller: Caller, policy: unknown): Promise<string[]> {
  return scpDecisionsOnPath(caller, [{ id: 'r-ab12', policies: [policy] }, { id: 'ou-ab12-cd34ef56', policies: [] }, { id: MEMBER, policies: [] }]);
}

/**
 * The oracle's decision for each sample request of the caller, in an account whose path from the
 * root is given with the SCPs attached at each level (each level also has FullAWSAccess).
 */
export async function scpDecisionsOnPath(caller: Caller, path: ReadonlyArray<{ id: string; policies: readonly unknown[] }>,
  requests = SAMPLE_REQUESTS): Promise<string[]> {
  return Promise.all(requests.map(async (r) => {
    const result = await runSimulation({
      identityPolicies: [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
      serviceControlPolicies: path.map((level) => ({
        orgIdentifier: level.id,
        policies: [{ name: 'FullAWSAccess', policy: ALLOW_ALL }, ...level.policies.map((policy, i) => ({ name: `Scp${i + 1}`, policy }))],
      })),
      resourceControlPolicies: [],
      request: {
        action: r.action, principal: caller.principal, resource: { resource: r.resource, accountId: MEMBER }, contextVariables: caller.context,
      },
    } as any, {});
    if (result.resultType === 'error') {
      throw new Error(`the oracle refused the simulation: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as string;
  }));
}

/** The same decision for every sample request. */
export const every = (d: string) => SAMPLE_REQUESTS.map(() => d);

/** A session of a role in the member account. */
export const memberRole = (roleName: string, issuedAt: string, path = '/') => roleSession({ roleName, path, issuedAt, account: MEMBER });

/** A session of an Identity Center permission set role (with the region segment newer setups add). */
export function ssoSession(permissionSet: string, userId: string, issuedAt: string, hash = '0123456789abcdef'): Caller {
  const session = roleSession({
    roleName: `AWSReservedSSO_${permissionSet}_${hash}`,
    path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
    sessionName: 'alice@example.com',
    issuedAt,
    account: MEMBER,
  });
  return { ...session, kind: 'Identity Center session', context: { ...session.context, 'identitystore:UserId': userId } };
}
