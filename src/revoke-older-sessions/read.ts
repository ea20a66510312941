/**
 * Read: roles and their inline policies, batched for selections and long lists
 * (`GetAccountAuthorizationDetails` + `ListRoles`, a page per call), per role for short lists.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { IamIo } from './io';
import { RoleState } from './plan';
import { PER_ROLE_READ_MAX } from './properties';
import { errorName } from '../core/retry';

export { PER_ROLE_READ_MAX };

/** The most items IAM returns per page; it may return fewer, and paging follows `Marker` whatever comes. */
const PAGE = 1000;
/**
 * Roles per `GetAccountAuthorizationDetails` page: IAM's own default. A realistic role is about
 * 14 KB of XML there (every inline document, the trust policy again per instance profile), and the
 * SDK holds a page as text, parsed tree and output at once: over 5,000 such roles the bundled
 * handler peaked at about 200 MB reading 1,000 a page, about 150 MB reading 100 (256 MB flags).
 */
const DETAILS_PAGE = 100;
/** When `ListRoles` did not return a role (created meanwhile), assume IAM's longest role session. */
export const LONGEST_ROLE_SESSION_SECONDS = 43_200;

/**
 * Every role of the account, keeping of each page only what the plan needs: name, path, ARN,
 * tags, the services its trust policy names, and the inline documents `wanted` picks (decoded).
 * A page of realistic roles is megabytes (every inline document, the trust policy once more per
 * instance profile); each one is let go before the next is read. `withSessions` adds
 * `MaxSessionDuration`.
 */
export async function readAccount(io: IamIo, wanted: (policyName: string) => boolean, withSessions: boolean): Promise<RoleState[]> {
  const sessions = withSessions ? await listSessionDurations(io) : undefined;
  const roles: RoleState[] = [];
  let marker: string | undefined;
  do {
    // The page lives only inside readDetailsPage: nothing here holds it while the next one loads.
    const page = await readDetailsPage(io, marker, wanted, sessions);
    roles.push(...page.roles);
    marker = page.marker;
  } while (marker);
  return roles;
}

async function readDetailsPage(io: IamIo, marker: string | undefined, wanted: (policyName: string) => boolean,
  sessions: Map<string, number> | undefined): Promise<{ roles: RoleState[]; marker?: string }> {
  const page = await io.call(() => io.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: DETAILS_PAGE, Marker: marker })));
  const roles: RoleState[] = [];
  for (const r of page.RoleDetailList ?? []) {
    if (!r.RoleName || !r.Arn) {
      continue;
    }
    const policies = new Map<string, string>();
    for (const p of r.RolePolicyList ?? []) {
      if (p.PolicyName && wanted(p.PolicyName)) {
        policies.set(p.PolicyName, decodeDocument(p.PolicyDocument ?? ''));
      }
    }
    roles.push({
      name: r.RoleName,
      path: r.Path ?? '/',
      arn: r.Arn,
      ...(sessions ? { maxSessionSeconds: sessions.get(r.RoleName.toLowerCase()) } : {}),
      tags: r.Tags ?? [],
      policies,
      trustedServices: trustedServicesOf(r.AssumeRolePolicyDocument),
    });
  }
  return { roles, marker: page.IsTruncated ? page.Marker : undefined };
}

/**
 * One role by name, with the policies `wanted` picks (owned ones, the legacy shared one).
 * `undefined` when the role does not exist.
 */
export async function readRole(io: IamIo, name: string, wanted: (policyName: string) => boolean): Promise<RoleState | undefined> {
  let role;
  try {
    role = (await io.call(() => io.iam.send(new GetRoleCommand({ RoleName: name })))).Role;
  } catch (err) {
    if (errorName(err) === 'NoSuchEntity') {
      return undefined;
    }
    throw err;
  }
  const realName = role?.RoleName ?? name;
  return {
    name: realName,
    path: role?.Path ?? '/',
    arn: role?.Arn ?? '',
    maxSessionSeconds: role?.MaxSessionDuration ?? LONGEST_ROLE_SESSION_SECONDS,
    tags: role?.Tags ?? [],
    policies: await readInlinePolicies(io, realName, wanted),
    trustedServices: trustedServicesOf(role?.AssumeRolePolicyDocument),
  };
}

/** The inline policies of one role that `wanted` picks, decoded (`ListRolePolicies`, then `GetRolePolicy` for each). */
export async function readInlinePolicies(io: IamIo, roleName: string, wanted: (policyName: string) => boolean): Promise<Map<string, string>> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await io.call(() => io.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, MaxItems: PAGE, Marker: marker })));
    names.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const policies = new Map<string, string>();
  for (const policyName of names.filter(wanted)) {
    const text = await readPolicy(io, roleName, policyName);
    if (text !== undefined) {
      policies.set(policyName, text);
    }
  }
  return policies;
}

/**
 * The service principals a trust policy (URL-encoded, as IAM returns it) lets assume the role,
 * `*` for any principal; `undefined` when there is none or it cannot be read.
 */
export function trustedServicesOf(encoded: string | undefined): string[] | undefined {
  let doc: any;
  try {
    doc = encoded === undefined ? undefined : JSON.parse(decodeDocument(encoded));
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || doc.Statement === undefined) {
    return undefined;
  }
  const services = new Set<string>();
  for (const st of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
    if (st?.Effect !== 'Allow') {
      continue;
    }
    if (st.Principal === '*' || st.Principal?.AWS === '*' || st.NotPrincipal !== undefined) {
      services.add('*');
    }
    const service = st.Principal?.Service;
    (Array.isArray(service) ? service : service === undefined ? [] : [service]).forEach((s: unknown) => services.add(String(s)));
  }
  return [...services].sort();
}

/** One inline policy, decoded; `undefined` when it (or the role) is gone. */
export async function readPolicy(io: IamIo, roleName: string, policyName: string): Promise<string | undefined> {
  try {
    const res = await io.call(() => io.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
    return res.PolicyDocument === undefined ? undefined : decodeDocument(res.PolicyDocument);
  } catch (err) {
    if (errorName(err) === 'NoSuchEntity') {
      return undefined;
    }
    throw err;
  }
}

/** `MaxSessionDuration` by lower-cased role name: `GetAccountAuthorizationDetails` does not return it. */
async function listSessionDurations(io: IamIo): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let marker: string | undefined;
  do {
    const page = await io.call(() => io.iam.send(new ListRolesCommand({ MaxItems: PAGE, Marker: marker })));
    for (const r of page.Roles ?? []) {
      if (r.RoleName) {
        out.set(r.RoleName.toLowerCase(), r.MaxSessionDuration ?? LONGEST_ROLE_SESSION_SECONDS);
      }
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

/** IAM returns policy documents URL-encoded. */
export function decodeDocument(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
