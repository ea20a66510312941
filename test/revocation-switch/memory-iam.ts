/**
 * An in-memory IAM for the switch's property test (a test double): managed policy versions with
 * IAM's rules (five at most, the default cannot be deleted), attachments, inline policies. Each
 * call of a run lands at a point a fast-check scheduler picks, and answers at another, so the
 * calls of concurrent runs interleave at every await; a run may die right after a call landed.
 */
import * as fc from 'fast-check';
import { SwitchIam, VersionInfo } from '../../src/revocation-switch/iam';
import { RoleView } from '../../src/revocation-switch/plan';

export interface MemoryRole {
  readonly name: string;
  readonly path: string;
  readonly tags: Record<string, string>;
  attached: string[];
  readonly inline: Map<string, string>;
}

interface MemoryPolicy {
  readonly versions: Map<string, { readonly document: string; readonly createdMs: number }>;
  defaultVersion: string;
  nextVersion: number;
  readonly createdMs: number;
}

function iamError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: `${code}Exception`, Code: code });
}

export class MemoryIam {
  public readonly policies = new Map<string, MemoryPolicy>();
  public readonly roles = new Map<string, MemoryRole>();
  private clock = 1;

  constructor(public readonly account = '111122223333') {}

  public addRole(name: string, path = '/', tags: Record<string, string> = {}): MemoryRole {
    const role: MemoryRole = { name, path, tags, attached: [], inline: new Map() };
    this.roles.set(name, role);
    return role;
  }

  public arnOf(role: MemoryRole): string {
    return `arn:aws:iam::${this.account}:role${role.path}${role.name}`;
  }

  public defaultDocument(arn: string): string | undefined {
    const p = this.policies.get(arn);
    return p?.versions.get(p.defaultVersion)?.document;
  }

  /**
   * A run's view: every call lands when the scheduler says, and answers when it says again. With
   * `diesAfter`, the run's invocation dies right after that many calls landed (the last one applied).
   */
  public view(s: fc.Scheduler | undefined, label: string, diesAfter = Infinity): SwitchIam {
    let landed = 0;
    const call = <T>(name: string, apply: () => T): Promise<T> => this.schedule(s, label, name, () => {
      if (landed >= diesAfter) {
        throw new Error(`${label}: the invocation was gone before ${name}`);
      }
      landed++;
      const result = apply();
      if (landed >= diesAfter) {
        throw new Error(`${label}: the invocation died after ${name} landed`);
      }
      return result;
    });
    const policy = (arn: string) => {
      const p = this.policies.get(arn);
      if (!p) {
        throw iamError('NoSuchEntity', `policy ${arn} does not exist`);
      }
      return p;
    };
    const role = (name: string) => {
      const r = this.roles.get(name);
      if (!r) {
        throw iamError('NoSuchEntity', `role ${name} does not exist`);
      }
      return r;
    };
    const orUndefined = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (err) {
        if ((err as { Code?: string }).Code === 'NoSuchEntity') {
          return undefined;
        }
        throw err;
      }
    };
    const roleView = (r: MemoryRole): RoleView => ({
      name: r.name, path: r.path, arn: this.arnOf(r), tags: { ...r.tags }, attached: [...r.attached], inline: new Map(r.inline),
    });
    return {
      listVersions: (arn) => call('ListPolicyVersions', () => orUndefined(() => [...policy(arn).versions].map(([id, v]): VersionInfo => ({
        id, isDefault: policy(arn).defaultVersion === id, createdMs: v.createdMs,
      })))),
      getVersion: (arn, id) => call('GetPolicyVersion', () => orUndefined(() => policy(arn).versions.get(id)?.document)),
      policyCreated: (arn) => call('GetPolicy', () => this.policies.get(arn)?.createdMs),
      createPolicy: (name, path, document) => call('CreatePolicy', () => {
        const arn = `arn:aws:iam::${this.account}:policy${path}${name}`;
        if (this.policies.has(arn)) {
          return 'exists';
        }
        this.policies.set(arn, { versions: new Map([['v1', { document, createdMs: this.clock++ }]]), defaultVersion: 'v1', nextVersion: 2, createdMs: this.clock });
        return 'created';
      }),
      createVersion: (arn, document, setAsDefault) => call('CreatePolicyVersion', () => {
        const p = policy(arn);
        if (p.versions.size >= 5) {
          throw iamError('LimitExceeded', 'A managed policy can have up to 5 versions.');
        }
        const id = `v${p.nextVersion++}`;
        p.versions.set(id, { document, createdMs: this.clock++ });
        if (setAsDefault) {
          p.defaultVersion = id;
        }
        return id;
      }),
      setDefault: (arn, id) => call('SetDefaultPolicyVersion', () => {
        const p = policy(arn);
        if (!p.versions.has(id)) {
          throw iamError('NoSuchEntity', `version ${id} does not exist`);
        }
        p.defaultVersion = id;
      }),
      deleteVersion: (arn, id) => call('DeletePolicyVersion', () => {
        const p = this.policies.get(arn);
        if (!p || !p.versions.has(id)) {
          return 'gone' as const;
        }
        if (p.defaultVersion === id) {
          return 'default' as const;
        }
        p.versions.delete(id);
        return 'deleted' as const;
      }),
      deletePolicy: (arn) => call('DeletePolicy', () => (this.policies.delete(arn) ? 'deleted' as const : 'gone' as const)),
      readRoles: () => call('GetAccountAuthorizationDetails', () => [...this.roles.values()].map(roleView)),
      getRole: (name) => call('GetRole', () => orUndefined(() => roleView(role(name)))),
      attach: (name, arn) => call('AttachRolePolicy', () => {
        const r = role(name);
        if (!r.attached.includes(arn)) {
          if (r.attached.length >= 10) {
            throw iamError('LimitExceeded', 'Cannot exceed quota for PoliciesPerRole: 10');
          }
          r.attached.push(arn);
        }
      }),
      detach: (name, arn) => call('DetachRolePolicy', () => {
        const r = role(name);
        const had = r.attached.includes(arn);
        r.attached = r.attached.filter((a) => a !== arn);
        return had ? 'detached' as const : 'gone' as const;
      }),
      attachedRoles: (arn) => call('ListEntitiesForPolicy', () => [...this.roles.values()].filter((r) => r.attached.includes(arn)).map((r) => r.name)),
      putRolePolicy: (name, policyName, document) => call('PutRolePolicy', () => {
        role(name).inline.set(policyName, document);
      }),
      getRolePolicy: (name, policyName) => call('GetRolePolicy', () => orUndefined(() => role(name).inline.get(policyName))),
      deleteRolePolicy: (name, policyName) => call('DeleteRolePolicy', () => (role(name).inline.delete(policyName) ? 'deleted' as const : 'gone' as const)),
    };
  }

  /** A direct change (someone else's write), landing when the scheduler says. */
  public change(s: fc.Scheduler | undefined, label: string, apply: () => void): Promise<void> {
    return this.schedule(s, label, 'change', apply);
  }

  private async schedule<T>(s: fc.Scheduler | undefined, label: string, name: string, apply: () => T): Promise<T> {
    if (s) {
      await s.schedule(Promise.resolve(), `${label} ${name} lands`);
    }
    const result = apply();
    if (s) {
      await s.schedule(Promise.resolve(), `${label} ${name} answers`);
    }
    return result;
  }
}
