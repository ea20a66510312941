import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeniedPrincipal } from '../deny-principals/denied-principal';
import { checkAccount, checkName, FEDERATED_NAME, PRINCIPAL_ARN_KEY, SOURCE_IDENTITY_KEY, USER_ID_KEY } from '../shared/condition-keys';
import { ConditionClause } from '../shared/deny-document';
import { roleArnPatterns } from '../shared/target-roles';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const RAW_USER_ID = /^(AROA[A-Z0-9]{12,}:([\w+=,.@-]{2,64}|\*)|AIDA[A-Z0-9]{12,}|\d{12}:[\w+=,.@-]{2,32}|\d{12})$/;

/**
 * Chosen sessions to deny, matched on `aws:userId` (or `aws:SourceIdentity`), leaving the
 * other sessions of the same role alone.
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
    }));
  }

  /** Every session of a role, current and future. */
  public static ofAllRoleSessions(role: iam.IRole): SessionId {
    return new Clause(() => DeniedPrincipal.fromRole(role)._clause());
  }

  /**
   * An IAM user's requests and session tokens. CloudFormation does not expose a user's unique
   * id (`AIDA…`), so the user is matched by `aws:PrincipalArn`; use `SessionId.of('AIDA…')` to
   * match the unique id itself.
   */
  public static ofUser(user: iam.IUser): SessionId {
    return new Clause(() => DeniedPrincipal.fromUser(user)._clause());
  }

  /**
   * A federated user's sessions: `aws:userId` is `<account>:<name>`.
   *
   * @param account the 12-digit account id
   * @param name the name given to `GetFederationToken` (2 to 32 characters)
   */
  public static ofFederatedUser(account: string, name: string): SessionId {
    checkAccount(account);
    checkName('federated user name', name, FEDERATED_NAME, '2 to 32');
    return new Clause(() => ({ StringLike: { [USER_ID_KEY]: [`${account}:${name}`] } }));
  }

  /**
   * Sessions that carry a source identity (`aws:SourceIdentity`). The source identity is kept
   * across role chaining, so this also denies the sessions of roles assumed from them.
   */
  public static ofSourceIdentity(value: string): SessionId {
    checkName('source identity', value, SOURCE_IDENTITY, '2 to 64');
    return new Clause(() => ({ StringEquals: { [SOURCE_IDENTITY_KEY]: [value] } }));
  }

  /**
   * A raw `aws:userId` value: `AROA…:<session-name>`, `AROA…:*`, `AIDA…`, `<account>:<federated-name>`
   * or an account id (the root user).
   */
  public static of(userId: string): SessionId {
    if (!Token.isUnresolved(userId) && !RAW_USER_ID.test(userId)) {
      throw new Error(`userId "${userId}" is not a role session (AROA…:<session-name> or AROA…:*), an IAM user (AIDA…), `
        + 'a federated user (<account>:<name>) or an account id');
    }
    return new Clause(() => ({ StringLike: { [USER_ID_KEY]: [userId] } }));
  }

  /** @internal */
  public abstract _clause(): ConditionClause;
}

class Clause extends SessionId {
  constructor(private readonly render: () => ConditionClause) {
    super();
  }

  public _clause(): ConditionClause {
    return this.render();
  }
}
