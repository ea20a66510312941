import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, iamError, OWNER } from './events';
import { ACCOUNT_TRUST } from './loopback-iam';

export interface FakeRole {
  path: string;
  maxSessionDuration: number;
  /** Inline policies, by name, as plain (decoded) JSON text. */
  policies: Record<string, string>;
  tags?: Record<string, string>;
  /** The trust policy as JSON text; principals of the account by default. */
  trust?: string;
}

/**
 * An in-memory IAM behind aws-sdk-client-mock: the handler's calls read and change `roles`,
 * so tests assert on the resulting state, not only on the calls made.
 */
export class FakeIam {
  public readonly mock = mockClient(IAMClient);
  public readonly roles = new Map<string, FakeRole>();
  /** Errors to throw, in order, per `Command:RoleName`, before the call behaves normally. */
  public readonly faults = new Map<string, Error[]>();

  constructor() {
    this.mock.on(GetRoleCommand).callsFake(async ({ RoleName }) => {
      this.fault('GetRole', RoleName);
      const role = this.role(RoleName);
      return {
        Role: {
          RoleName,
          Path: role.path,
          Arn: `arn:aws:iam::${ACCOUNT}:role${role.path}${RoleName}`,
          RoleId: 'AROAEXAMPLE',
          CreateDate: new Date(0),
          MaxSessionDuration: role.maxSessionDuration,
          Tags: Object.entries(role.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          AssumeRolePolicyDocument: encodeURIComponent(role.trust ?? ACCOUNT_TRUST),
        },
      };
    });
    this.mock.on(ListRolePoliciesCommand).callsFake(async ({ RoleName }) => {
      this.fault('ListRolePolicies', RoleName);
      return { PolicyNames: Object.keys(this.role(RoleName).policies).sort(), IsTruncated: false };
    });
    // One page each: paging is covered against the loopback endpoint.
    this.mock.on(GetAccountAuthorizationDetailsCommand).callsFake(async () => ({
      IsTruncated: false,
      RoleDetailList: [...this.roles].map(([RoleName, r]) => ({
        RoleName,
        Path: r.path,
        Arn: `arn:aws:iam::${ACCOUNT}:role${r.path}${RoleName}`,
        Tags: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        AssumeRolePolicyDocument: encodeURIComponent(r.trust ?? ACCOUNT_TRUST),
        RolePolicyList: Object.entries(r.policies).map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: encodeURIComponent(d) })),
      })),
    }));
    this.mock.on(ListRolesCommand).callsFake(async () => ({
      IsTruncated: false,
      Roles: [...this.roles].map(([RoleName, r]) => ({
        RoleName, Path: r.path, Arn: `arn:aws:iam::${ACCOUNT}:role${r.path}${RoleName}`, RoleId: 'AROAEXAMPLE', CreateDate: new Date(0), MaxSessionDuration: r.maxSessionDuration,
      })),
    }));
    this.mock.on(GetRolePolicyCommand).callsFake(async ({ RoleName, PolicyName }) => {
      this.fault('GetRolePolicy', RoleName);
      const doc = this.role(RoleName).policies[PolicyName];
      if (doc === undefined) {
        throw iamError('NoSuchEntity', `The role policy with name ${PolicyName} cannot be found.`, 404);
      }
      return { RoleName, PolicyName, PolicyDocument: encodeURIComponent(doc) };
    });
    this.mock.on(PutRolePolicyCommand).callsFake(async ({ RoleName, PolicyName, PolicyDocument }) => {
      this.fault('PutRolePolicy', RoleName);
      const role = this.role(RoleName);
      const others = Object.entries(role.policies).filter(([n]) => n !== PolicyName);
      const size = [...others.map(([, d]) => d), PolicyDocument].join('').replace(/\s/g, '').length;
      if (size > 10_240) {
        throw iamError('LimitExceeded', `Maximum policy size of 10240 bytes exceeded for role ${RoleName}`, 409);
      }
      role.policies[PolicyName] = PolicyDocument;
      return {};
    });
    this.mock.on(DeleteRolePolicyCommand).callsFake(async ({ RoleName, PolicyName }) => {
      this.fault('DeleteRolePolicy', RoleName);
      const role = this.role(RoleName);
      if (role.policies[PolicyName] === undefined) {
        throw iamError('NoSuchEntity', `The role policy with name ${PolicyName} cannot be found.`, 404);
      }
      delete role.policies[PolicyName];
      return {};
    });
  }

  public addRole(name: string, init: Partial<FakeRole> = {}): FakeRole {
    const role = { path: '/', maxSessionDuration: 3600, policies: {}, ...init };
    this.roles.set(name, role);
    return role;
  }

  public failNext(command: string, roleName: string, ...errors: Error[]): void {
    this.faults.set(`${command}:${roleName}`, [...(this.faults.get(`${command}:${roleName}`) ?? []), ...errors]);
  }

  /**
   * Parsed document of a role's policy, or `undefined`. By default: the one policy the events'
   * resource owns there (`<prefix>-<owner tag>-<generation>-<cutoff>`, any prefix); more than one
   * fails the test, since a completed run leaves one.
   */
  public document(roleName: string, policyName?: string): any {
    const policies = this.roles.get(roleName)?.policies ?? {};
    const owned = this.owned(roleName);
    if (policyName === undefined && owned.length > 1) {
      throw new Error(`${roleName} carries ${owned.length} owned policies: ${owned.join(', ')}`);
    }
    const name = policyName ?? owned[0];
    const text = name === undefined ? undefined : policies[name];
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** The names of the policies the events' resource owns on a role. */
  public owned(roleName: string): string[] {
    return Object.keys(this.roles.get(roleName)?.policies ?? {}).filter((n) => new RegExp(`-${OWNER}(-[0-9a-f]{8}-[0-9T.Z]+)?$`).test(n)).sort();
  }

  public calls(command: string): number {
    return this.mock.calls().filter((c) => c.args[0].constructor.name === `${command}Command`).length;
  }

  public restore(): void {
    this.mock.restore();
  }

  private role(name: string): FakeRole {
    const role = this.roles.get(name);
    if (!role) {
      throw iamError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    }
    return role;
  }

  private fault(command: string, roleName: string): void {
    const queue = this.faults.get(`${command}:${roleName}`);
    const next = queue?.shift();
    if (next) {
      throw next;
    }
  }
}
