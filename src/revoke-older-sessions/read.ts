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
/** When `ListRoles` did not return a role (created meanwhile), assume IAM's longest role session. */
export const LONGEST_ROLE_SESSION_SECONDS = 43_200;

/** Every role of the account with its tags and every inline policy (decoded); `withSessions` adds `MaxSessionDuration`. */
export async function readAccount(io: IamIo, withSessions: boolean): Promise<RoleState[]> {
  const sessions = withSessions ? await listSessionDurations(io) : undefined;
  const roles: RoleState[] = [];
  let marker: string | undefined;
  do {
    const page = await io.call(() => io.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: PAGE, Marker: marker })));
    for (const r of page.RoleDetailList ?? []) {
      if (!r.RoleName || !r.Arn) {
        continue;
      }
      roles.push({
        name: r.RoleName,
        path: r.Path ?? '/',
        arn: r.Arn,
        maxSessionSeconds: sessions?.get(r.RoleName.toLowerCase()),
        tags: r.Tags ?? [],
        policies: new Map((r.RolePolicyList ?? []).filter((p) => p.PolicyName)
          .map((p) => [p.PolicyName!, decodeDocument(p.PolicyDocument ?? '')])),
        trustedServices: trustedServicesOf(r.AssumeRolePolicyDocument),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return roles;
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
