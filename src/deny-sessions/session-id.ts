import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { policyVariableProblem } from '../core/role-target';
import { DeniedPrincipal } from '../deny-principals/denied-principal';
import { checkName, FEDERATED_NAME, PRINCIPAL_ARN_KEY, SOURCE_IDENTITY_KEY, USER_ID_KEY } from '../synth/condition-keys';
import { ConditionClause } from '../synth/deny-document';
import { Reach } from '../synth/identity-deny';
import { roleArnPatterns } from '../synth/target-roles';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const RAW_USER_ID = /^(AROA[A-Z0-9]{12,}:([\w+=,.@-]{2,64}|\*)|AIDA[A-Z0-9]{12,}|\d{12}:[\w+=,.@-]{2,32}|\d{12})$/;

/**
 * Chosen sessions to deny, matched on `aws:userId` (or `aws:SourceIdentity`), leaving the
 * other sessions of the same role alone. In `DenySessions` each deny is attached to the role
 * or user whose policies IAM evaluates for those sessions.
 */
export abstract class SessionId {
  /**
   * One named session of a role: `aws:userId` is `<role unique id>:<session name>`. The role's
   * unique id is not known at synth for an imported role, so the session is matched as the
   * role (`aws:PrincipalArn`, path-safe) AND `aws:userId` `*:<session name>`.
   *
   * @param role the role that was assumed
   * @param sessionName the `RoleSessionName` (for EC2, the instance id): 2 to 64 characters of letters, digits and +=,.@_-
   */
  public static ofRoleSession(role: iam.IRole, sessionName: string): SessionId {
    checkName('session name', sessionName, SESSION_NAME, '2 to 64');
    return new Clause(() => ({
      ArnLike: { [PRINCIPAL_ARN_KEY]: roleArnPatterns(role) },
      StringLike: { [USER_ID_KEY]: [`*:${sessionName}`] },
    }), () => ({ label: `session "${sessionName}" of role ${role.node.path}`, roles: [role] }));
  }

  /** Every session of a role, current and future. */
  public static ofAllRoleSessions(role: iam.IRole): SessionId {
    return fromPrincipal(DeniedPrincipal.fromRole(role));
  }

  /**
   * An IAM user's requests and session tokens. CloudFormation does not expose a user's unique
   * id (`AIDA…`), so the user is matched by `aws:PrincipalArn`, at any path when imported by name
   * (as `DeniedPrincipal.fromUser`); use `SessionId.of('AIDA…', user)` to match the unique id itself.
   */
  public static ofUser(user: iam.IUser): SessionId {
    return fromPrincipal(DeniedPrincipal.fromUser(user));
  }

  /**
   * A federated user's sessions: `aws:userId` is `<account>:<name>`. Its requests are judged by
   * the policies of the IAM user that minted the token, so that user receives the deny.
   *
   * @param mintedBy the IAM user that called `GetFederationToken`
   * @param name the name given to `GetFederationToken` (2 to 32 characters)
   */
  public static ofFederatedUser(mintedBy: iam.IUser, name: string): SessionId {
    checkName('federated user name', name, FEDERATED_NAME, '2 to 32');
    return new Clause(() => ({ StringLike: { [USER_ID_KEY]: [`${mintedBy.env.account}:${name}`] } }),
      () => ({ label: `federated user "${name}"`, users: [mintedBy] }));
  }

  /**
   * Sessions that carry a source identity (`aws:SourceIdentity`). The source identity is kept
   * across role chaining, so it spans roles: in `DenySessions` the deny is attached to `roles`
   * and matches sessions of those roles only; in `DenyInResourcePolicy` without `roles` it
   * matches every session that carries it.
   *
   * @param value the source identity (2 to 64 characters)
   * @param roles the roles whose sessions are denied; required in `DenySessions`
   */
  public static ofSourceIdentity(value: string, roles?: iam.IRole[]): SessionId {
    checkName('source identity', value, SOURCE_IDENTITY, '2 to 64');
    const label = `source identity "${value}"`;
    return new Clause(() => ({
      StringEquals: { [SOURCE_IDENTITY_KEY]: [value] },
      ...(roles?.length ? { ArnLike: { [PRINCIPAL_ARN_KEY]: roles.flatMap(roleArnPatterns) } } : {}),
    }), () => roles?.length
      ? { label, roles }
      : { label, unreachable: 'a source identity spans roles; pass the roles to deny it on: SessionId.ofSourceIdentity(value, roles)' });
  }

  /**
   * A raw `aws:userId` value: `AROA…:<session-name>`, `AROA…:*`, `AIDA…`, `<account>:<federated-name>`
   * or an account id (the root user).
   *
   * @param userId the `aws:userId` value, as CloudTrail shows it in `userIdentity.principalId`
   * @param principal in `DenySessions`, required: the role of an `AROA…` id, the user of an
   * `AIDA…` id, or the IAM user that minted a federated user
   */
  public static of(userId: string, principal?: iam.IIdentity): SessionId {
    const variable = Token.isUnresolved(userId) ? undefined : policyVariableProblem('userId', userId);
    if (variable) {
      throw new Error(variable);
    }
    if (!Token.isUnresolved(userId) && !RAW_USER_ID.test(userId)) {
      throw new Error(`userId "${userId}" is not a role session (AROA…:<session-name> or AROA…:*), an IAM user (AIDA…), `
        + 'a federated user (<account>:<name>) or an account id');
    }
    return new Clause(() => ({ StringLike: { [USER_ID_KEY]: [userId] } }), () => userIdReach(userId, principal));
  }

  /** @internal */
  public abstract _clause(): ConditionClause;

  /** @internal */
  public abstract _reach(): Reach;
}

function fromPrincipal(principal: DeniedPrincipal): SessionId {
  return new Clause(() => principal._clause(), () => principal._reach());
}

/** A raw user id is evaluated against the policies of the principal that holds it. */
function userIdReach(userId: string, principal: iam.IIdentity | undefined): Reach {
  const label = `"${userId}"`;
  if (/^\d{12}$/.test(userId)) {
    return { label, unreachable: 'it is the root user, whose permissions no policy of its own account can limit' };
  }
  const role = principal && 'roleArn' in principal ? principal as iam.IRole : undefined;
  const user = principal && 'userArn' in principal ? principal as iam.IUser : undefined;
  const wants = Token.isUnresolved(userId) ? undefined : userId.startsWith('AROA') ? 'role' : 'user';
  if (!role && !user) {
    return {
      label,
      unreachable: 'a raw aws:userId names no role or user to attach the deny to; pass the role (AROA…), '
      + 'the user (AIDA…) or the user that minted the federated user (<account>:<name>) as the second argument',
    };
  }
  if (wants === 'role' && !role) {
    return { label, unreachable: `an AROA… id is a role session, but ${principal!.node.path} is not a role; pass the role` };
  }
  if (wants === 'user' && !user) {
    return { label, unreachable: `this id is evaluated against an IAM user, but ${principal!.node.path} is not one; pass the user` };
  }
  return role ? { label, roles: [role] } : { label, users: [user!] };
}

class Clause extends SessionId {
  constructor(private readonly render: () => ConditionClause, private readonly reach: () => Reach) {
    super();
  }

  public _clause(): ConditionClause {
    return this.render();
  }

  public _reach(): Reach {
    return this.reach();
  }
}
