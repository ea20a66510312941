/**
 * The managed-policy half of the loopback IAM endpoint (a test double, not AWS): customer managed
 * policies with their versions, and their attachments to roles. `LoopbackIam` dispatches the
 * actions below here through one hook; everything else stays in `loopback-iam.ts`.
 *
 * As IAM: at most 5 versions per policy, documents of at most 6,144 characters (whitespace not
 * counted), a quota of managed policies per role (10 unless raised, up to 20), documents returned
 * URL-encoded by `GetPolicyVersion`, `ListPolicyVersions` without documents, and IAM's error codes
 * (`LimitExceeded`, `NoSuchEntity`, `DeleteConflict`, `EntityAlreadyExists`, `UnmodifiableEntity`).
 * `ConcurrentModification` is injected through `LoopbackIam.inject`, like any other fault.
 */
import type { LoopbackIam, LoopbackRole } from './loopback-iam';

/** A managed policy's document, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;
export const MAX_POLICY_VERSIONS = 5;
/** IAM's default quota of managed policies attached to one role. */
export const DEFAULT_ATTACHED_PER_ROLE = 10;

/** The actions served here. */
export const MANAGED_ACTIONS = [
  'CreatePolicy', 'GetPolicy', 'DeletePolicy', 'CreatePolicyVersion', 'ListPolicyVersions', 'GetPolicyVersion',
  'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'ListAttachedRolePolicies',
  'ListEntitiesForPolicy',
] as const;

export interface PolicyVersionState {
  readonly id: string;
  readonly document: string;
  readonly createdMs: number;
}

export interface ManagedPolicyState {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly createdMs: number;
  readonly versions: Map<string, PolicyVersionState>;
  defaultVersion: string;
  nextVersion: number;
}

/** How an error is raised: `LoopbackIam` passes its own error class. */
export type ErrorFactory = (code: string, status: number, message: string) => Error;

export class LoopbackManagedPolicies {
  public readonly policies = new Map<string, ManagedPolicyState>();
  /** Attached policy ARNs by role name: customer policies of `policies`, or any AWS managed ARN a test attaches. */
  public readonly attached = new Map<string, string[]>();
  /** The quota of managed policies per role (IAM: 10, up to 20 after an increase). */
  public attachedPerRole = DEFAULT_ATTACHED_PER_ROLE;
  private nextId = 1;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(private readonly iam: LoopbackIam, private readonly account: string) {
    iam.managed = this;
  }

  /** Attaches a policy without a request (test setup), e.g. AWS managed ones filling a role's quota. */
  public attachExisting(roleName: string, policyArn: string): void {
    const list = this.attached.get(roleName) ?? [];
    if (!list.includes(policyArn)) {
      list.push(policyArn);
    }
    this.attached.set(roleName, list);
  }

  /** The default version's document of every managed policy attached to a role (AWS managed ones read as Allow *). */
  public effectiveDocuments(roleName: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const arn of this.attached.get(roleName) ?? []) {
      const policy = this.policies.get(arn);
      out[`managed:${arn}`] = policy
        ? policy.versions.get(policy.defaultVersion)!.document
        : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    }
    return out;
  }

  /** The default version's document of a policy. */
  public defaultDocument(arn: string): string | undefined {
    const p = this.policies.get(arn);
    return p?.versions.get(p.defaultVersion)?.document;
  }

  /** `<member>` entries of `AttachedManagedPolicies` for `GetAccountAuthorizationDetails`. */
  public attachedXml(roleName: string): string {
    return (this.attached.get(roleName) ?? []).map((arn) => `<member><PolicyName>${esc(nameOf(arn))}</PolicyName>`
      + `<PolicyArn>${esc(arn)}</PolicyArn></member>`).join('');
  }

  /** The result XML of a managed-policy action, or `undefined` when the action is not one of them. */
  public dispatch(action: string, params: Readonly<Record<string, string>>, error: ErrorFactory): string | undefined {
    if (!(MANAGED_ACTIONS as readonly string[]).includes(action)) {
      return undefined;
    }
    const policy = () => {
      const p = this.policies.get(params.PolicyArn ?? '');
      if (!p) {
        throw error('NoSuchEntity', 404, `Policy ${params.PolicyArn} does not exist or is not attachable.`);
      }
      return p;
    };
    switch (action) {
      case 'CreatePolicy': {
        const path = params.Path ?? '/';
        const arn = `arn:aws:iam::${this.account}:policy${path}${params.PolicyName}`;
        if (this.policies.has(arn) || [...this.policies.values()].some((p) => p.name.toLowerCase() === params.PolicyName?.toLowerCase())) {
          throw error('EntityAlreadyExists', 409, `A policy called ${params.PolicyName} already exists. Duplicate names are not allowed.`);
        }
        this.checkDocument(params.PolicyDocument, error);
        const p: ManagedPolicyState = {
          arn,
          name: params.PolicyName,
          path,
          id: `ANPA${String(this.nextId++).padStart(17, '0')}`,
          createdMs: this.tick(),
          versions: new Map(),
          defaultVersion: 'v1',
          nextVersion: 2,
        };
        p.versions.set('v1', { id: 'v1', document: params.PolicyDocument, createdMs: p.createdMs });
        this.policies.set(arn, p);
        return `<Policy>${this.policyXml(p)}</Policy>`;
      }
      case 'GetPolicy':
        return `<Policy>${this.policyXml(policy())}</Policy>`;
      case 'DeletePolicy': {
        const p = policy();
        if (this.entitiesOf(p.arn).length > 0) {
          throw error('DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
        }
        if (p.versions.size > 1) {
          throw error('DeleteConflict', 409, 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions.');
        }
        this.policies.delete(p.arn);
        return '';
      }
      case 'CreatePolicyVersion': {
        const p = policy();
        if (p.versions.size >= MAX_POLICY_VERSIONS) {
          throw error('LimitExceeded', 409, `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, `
            + 'you must delete an existing version.');
        }
        this.checkDocument(params.PolicyDocument, error);
        const v: PolicyVersionState = { id: `v${p.nextVersion++}`, document: params.PolicyDocument, createdMs: this.tick() };
        p.versions.set(v.id, v);
        if (params.SetAsDefault === 'true') {
          p.defaultVersion = v.id;
        }
        return `<PolicyVersion>${this.versionXml(p, v, false)}</PolicyVersion>`;
      }
      case 'ListPolicyVersions': {
        const p = policy();
        // As IAM: no documents in the listing, newest first.
        const all = [...p.versions.values()].sort((a, b) => b.createdMs - a.createdMs);
        return this.page(params, all, (v) => `<member>${this.versionXml(p, v, false)}</member>`, 'Versions');
      }
      case 'GetPolicyVersion': {
        const p = policy();
        const v = p.versions.get(params.VersionId ?? '');
        if (!v) {
          throw error('NoSuchEntity', 404, `Policy ${p.arn} version ${params.VersionId} does not exist or is not attachable.`);
        }
        return `<PolicyVersion>${this.versionXml(p, v, true)}</PolicyVersion>`;
      }
      case 'DeletePolicyVersion': {
        const p = policy();
        if (!p.versions.has(params.VersionId ?? '')) {
          throw error('NoSuchEntity', 404, `Policy ${p.arn} version ${params.VersionId} does not exist or is not deletable.`);
        }
        if (p.defaultVersion === params.VersionId) {
          throw error('DeleteConflict', 409, 'Cannot delete the default version of a policy.');
        }
        p.versions.delete(params.VersionId);
        return '';
      }
      case 'SetDefaultPolicyVersion': {
        const p = policy();
        if (!p.versions.has(params.VersionId ?? '')) {
          throw error('NoSuchEntity', 404, `Policy ${p.arn} version ${params.VersionId} does not exist.`);
        }
        p.defaultVersion = params.VersionId;
        return '';
      }
      case 'AttachRolePolicy': {
        const role = this.role(params.RoleName, error);
        if (role.path.startsWith('/aws-service-role/') || role.path.startsWith('/aws-reserved/')) {
          throw error('UnmodifiableEntity', 400, `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
        }
        const arn = params.PolicyArn ?? '';
        if (!this.policies.has(arn) && !arn.startsWith('arn:aws:iam::aws:policy/')) {
          throw error('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`);
        }
        const list = this.attached.get(role.name) ?? [];
        if (!list.includes(arn)) {
          if (list.length >= this.attachedPerRole) {
            throw error('LimitExceeded', 409, `Cannot exceed quota for PoliciesPerRole: ${this.attachedPerRole}`);
          }
          list.push(arn);
        }
        this.attached.set(role.name, list);
        return '';
      }
      case 'DetachRolePolicy': {
        const role = this.role(params.RoleName, error);
        const list = this.attached.get(role.name) ?? [];
        if (!list.includes(params.PolicyArn)) {
          throw error('NoSuchEntity', 404, `Policy ${params.PolicyArn} was not found.`);
        }
        this.attached.set(role.name, list.filter((a) => a !== params.PolicyArn));
        return '';
      }
      case 'ListAttachedRolePolicies': {
        const role = this.role(params.RoleName, error);
        return this.page(params, this.attached.get(role.name) ?? [],
          (arn) => `<member><PolicyName>${esc(nameOf(arn))}</PolicyName><PolicyArn>${esc(arn)}</PolicyArn></member>`, 'AttachedPolicies');
      }
      case 'ListEntitiesForPolicy': {
        const p = policy();
        if (params.EntityFilter !== undefined && params.EntityFilter !== 'Role') {
          throw error('InvalidInput', 400, 'the loopback endpoint lists only roles');
        }
        const roles = this.entitiesOf(p.arn).map((n) => this.iam.roles.get(n)).filter((r): r is LoopbackRole => r !== undefined);
        return `${this.page(params, roles, (r) => `<member><RoleName>${esc(r.name)}</RoleName><RoleId>${r.id}</RoleId></member>`, 'PolicyRoles')}`
          + '<PolicyGroups/><PolicyUsers/>';
      }
    }
    return undefined;
  }

  /** Roles the policy is attached to, by name. */
  public entitiesOf(arn: string): string[] {
    return [...this.attached].filter(([name, list]) => list.includes(arn) && this.iam.roles.has(name)).map(([name]) => name).sort();
  }

  private checkDocument(document: string | undefined, error: ErrorFactory): void {
    try {
      JSON.parse(document ?? '');
    } catch {
      throw error('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    }
    if (document!.replace(/\s/g, '').length > MANAGED_POLICY_MAX_CHARS) {
      throw error('LimitExceeded', 409, `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX_CHARS}`);
    }
  }

  private role(name: string | undefined, error: ErrorFactory): LoopbackRole {
    const role = name === undefined ? undefined : this.iam.roles.get(name);
    if (!role) {
      throw error('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    }
    return role;
  }

  private page<T>(params: Readonly<Record<string, string>>, all: readonly T[], member: (t: T) => string, element: string): string {
    const start = params.Marker ? Number(params.Marker) : 0;
    const max = Math.min(Number(params.MaxItems ?? 100), 1000);
    const truncated = start + max < all.length;
    return `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${start + max}</Marker>` : ''}`
      + `<${element}>${all.slice(start, start + max).map(member).join('')}</${element}>`;
  }

  private policyXml(p: ManagedPolicyState): string {
    return `<PolicyName>${esc(p.name)}</PolicyName><PolicyId>${p.id}</PolicyId><Arn>${esc(p.arn)}</Arn><Path>${esc(p.path)}</Path>`
      + `<DefaultVersionId>${p.defaultVersion}</DefaultVersionId><AttachmentCount>${this.entitiesOf(p.arn).length}</AttachmentCount>`
      + `<IsAttachable>true</IsAttachable><CreateDate>${new Date(p.createdMs).toISOString()}</CreateDate>`;
  }

  private versionXml(p: ManagedPolicyState, v: PolicyVersionState, withDocument: boolean): string {
    return `${withDocument ? `<Document>${esc(encodeURIComponent(v.document))}</Document>` : ''}<VersionId>${v.id}</VersionId>`
      + `<IsDefaultVersion>${p.defaultVersion === v.id}</IsDefaultVersion><CreateDate>${new Date(v.createdMs).toISOString()}</CreateDate>`;
  }

  /** Creation dates one second apart, so "oldest" is well defined whatever the wall clock does. */
  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }
}

function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
