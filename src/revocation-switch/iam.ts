/**
 * The IAM calls the switch makes, behind one interface: the SDK adapter here for the deployed
 * function (every call retried, paced and bounded by the Lambda deadline), an in-memory double in
 * the property tests (whose calls can be delayed and reordered at every await).
 */
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DeleteRolePolicyCommand, DetachRolePolicyCommand, GetAccountAuthorizationDetailsCommand, GetPolicyCommand, GetPolicyVersionCommand,
  GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListEntitiesForPolicyCommand, ListPolicyVersionsCommand,
  PutRolePolicyCommand, SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { RoleView } from './plan';
import { errorName } from '../core/retry';

/** A version as `ListPolicyVersions` returns it: no document. */
export interface VersionInfo {
  readonly id: string;
  readonly isDefault: boolean;
  readonly createdMs: number;
}

export interface SwitchIam {
  /** `undefined`: the policy does not exist. */
  listVersions(policyArn: string): Promise<VersionInfo[] | undefined>;
  /** The decoded document; `undefined` when the version is gone. */
  getVersion(policyArn: string, versionId: string): Promise<string | undefined>;
  /** When the policy was created; `undefined` when it does not exist. */
  policyCreated(policyArn: string): Promise<number | undefined>;
  createPolicy(name: string, path: string, document: string, description: string): Promise<'created' | 'exists'>;
  /** The new version's id. */
  createVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<string>;
  setDefault(policyArn: string, versionId: string): Promise<void>;
  /** `default`: IAM refused, the version is the default (again). */
  deleteVersion(policyArn: string, versionId: string): Promise<'deleted' | 'gone' | 'default'>;
  deletePolicy(policyArn: string): Promise<'deleted' | 'gone'>;
  /** Every role of the account, batched (`GetAccountAuthorizationDetails`). */
  readRoles(): Promise<RoleView[]>;
  /** One role with its attached policies (no inline documents); `undefined` when it does not exist. */
  getRole(roleName: string): Promise<RoleView | undefined>;
  attach(roleName: string, policyArn: string): Promise<void>;
  detach(roleName: string, policyArn: string): Promise<'detached' | 'gone'>;
  /** Names of the roles the policy is attached to. */
  attachedRoles(policyArn: string): Promise<string[]>;
  putRolePolicy(roleName: string, policyName: string, document: string): Promise<void>;
  getRolePolicy(roleName: string, policyName: string): Promise<string | undefined>;
  deleteRolePolicy(roleName: string, policyName: string): Promise<'deleted' | 'gone'>;
}

/** The most items IAM returns per page (it may return fewer; paging follows `Marker`). */
const PAGE = 1000;

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/** The SDK adapter: one attempt per SDK call, `call` retries and paces. */
export class SdkSwitchIam implements SwitchIam {
  constructor(private readonly iam: IAMClient, private readonly call: Call) {}

  public async listVersions(policyArn: string): Promise<VersionInfo[] | undefined> {
    const out: VersionInfo[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.call(() => this.iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, Marker: marker, MaxItems: PAGE })));
        out.push(...(page.Versions ?? []).filter((v) => v.VersionId)
          .map((v) => ({ id: v.VersionId!, isDefault: v.IsDefaultVersion === true, createdMs: v.CreateDate?.getTime() ?? 0 })));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (err) {
      return missing(err, undefined);
    }
    return out;
  }

  public async getVersion(policyArn: string, versionId: string): Promise<string | undefined> {
    try {
      const res = await this.call(() => this.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
      return res.PolicyVersion?.Document === undefined ? undefined : decode(res.PolicyVersion.Document);
    } catch (err) {
      return missing(err, undefined);
    }
  }

  public async policyCreated(policyArn: string): Promise<number | undefined> {
    try {
      return (await this.call(() => this.iam.send(new GetPolicyCommand({ PolicyArn: policyArn })))).Policy?.CreateDate?.getTime();
    } catch (err) {
      return missing(err, undefined);
    }
  }

  public async createPolicy(name: string, path: string, document: string, description: string): Promise<'created' | 'exists'> {
    try {
      await this.call(() => this.iam.send(new CreatePolicyCommand({
        PolicyName: name, Path: path, PolicyDocument: document, Description: description,
      })));
      return 'created';
    } catch (err) {
      if (errorName(err) === 'EntityAlreadyExists') {
        return 'exists';
      }
      throw err;
    }
  }

  public async createVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<string> {
    const res = await this.call(() => this.iam.send(new CreatePolicyVersionCommand({
      PolicyArn: policyArn, PolicyDocument: document, SetAsDefault: setAsDefault,
    })));
    return res.PolicyVersion?.VersionId ?? '';
  }

  public async setDefault(policyArn: string, versionId: string): Promise<void> {
    await this.call(() => this.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }

  public async deleteVersion(policyArn: string, versionId: string): Promise<'deleted' | 'gone' | 'default'> {
    try {
      await this.call(() => this.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
      return 'deleted';
    } catch (err) {
      return errorName(err) === 'DeleteConflict' ? 'default' : missing(err, 'gone');
    }
  }

  public async deletePolicy(policyArn: string): Promise<'deleted' | 'gone'> {
    try {
      await this.call(() => this.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
      return 'deleted';
    } catch (err) {
      return missing(err, 'gone');
    }
  }

  public async readRoles(): Promise<RoleView[]> {
    const roles: RoleView[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(() => this.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: PAGE, Marker: marker })));
      for (const r of page.RoleDetailList ?? []) {
        if (r.RoleName && r.Arn) {
          roles.push({
            name: r.RoleName,
            path: r.Path ?? '/',
            arn: r.Arn,
            tags: tagRecord(r.Tags),
            attached: (r.AttachedManagedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])),
            inline: new Map((r.RolePolicyList ?? []).filter((p) => p.PolicyName).map((p) => [p.PolicyName!, decode(p.PolicyDocument ?? '')])),
            createdMs: r.CreateDate?.getTime(),
          });
        }
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return roles;
  }

  public async getRole(roleName: string): Promise<RoleView | undefined> {
    let role;
    try {
      role = (await this.call(() => this.iam.send(new GetRoleCommand({ RoleName: roleName })))).Role;
    } catch (err) {
      return missing(err, undefined);
    }
    if (!role?.RoleName || !role.Arn) {
      return undefined;
    }
    const attached: string[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(() => this.iam.send(new ListAttachedRolePoliciesCommand({
        RoleName: role.RoleName, Marker: marker, MaxItems: PAGE,
      })));
      attached.push(...(page.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return {
      name: role.RoleName, path: role.Path ?? '/', arn: role.Arn, tags: tagRecord(role.Tags), attached, inline: new Map(), createdMs: role.CreateDate?.getTime(),
    };
  }

  public async attach(roleName: string, policyArn: string): Promise<void> {
    await this.call(() => this.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
  }

  public async detach(roleName: string, policyArn: string): Promise<'detached' | 'gone'> {
    try {
      await this.call(() => this.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
      return 'detached';
    } catch (err) {
      return missing(err, 'gone');
    }
  }

  public async attachedRoles(policyArn: string): Promise<string[]> {
    const out: string[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(() => this.iam.send(new ListEntitiesForPolicyCommand({
        PolicyArn: policyArn, EntityFilter: 'Role', Marker: marker, MaxItems: PAGE,
      })));
      out.push(...(page.PolicyRoles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : [])));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return out;
  }

  public async putRolePolicy(roleName: string, policyName: string, document: string): Promise<void> {
    await this.call(() => this.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document })));
  }

  public async getRolePolicy(roleName: string, policyName: string): Promise<string | undefined> {
    try {
      const res = await this.call(() => this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
      return res.PolicyDocument === undefined ? undefined : decode(res.PolicyDocument);
    } catch (err) {
      return missing(err, undefined);
    }
  }

  public async deleteRolePolicy(roleName: string, policyName: string): Promise<'deleted' | 'gone'> {
    try {
      await this.call(() => this.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
      return 'deleted';
    } catch (err) {
      return missing(err, 'gone');
    }
  }
}

/** `NoSuchEntity` is an answer (`value`); any other error is thrown. */
function missing<T>(err: unknown, value: T): T {
  if (errorName(err) === 'NoSuchEntity') {
    return value;
  }
  throw err;
}

function tagRecord(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
}

/** IAM returns policy documents URL-encoded. */
function decode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
