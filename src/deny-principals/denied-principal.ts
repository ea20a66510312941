import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { parseRoleArn, policyVariableProblem } from '../core/role-target';
import { checkName, FEDERATED_NAME, PRINCIPAL_ARN_KEY } from '../synth/condition-keys';
import { ConditionClause } from '../synth/deny-document';
import { Reach } from '../synth/identity-deny';
import { anyPathArnPatterns, roleArnPatterns, userArnPatterns } from '../synth/target-roles';

const PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:(iam|sts)::(\d{12}|\*):(role|user|federated-user|root)(\/.*)?$/;
const USER_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:user\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

/**
 * A principal all of whose requests are denied, matched on `aws:PrincipalArn`.
 *
 * For a role, that key holds the role's ARN including its path, never the `sts` assumed-role
 * ARN, so every session of the role matches. In `DenyPrincipals` the deny is attached to the
 * principal itself, because IAM evaluates a principal's own policies only.
 */
export abstract class DeniedPrincipal {
  /**
   * Every session of a role. A role imported with `Role.fromRoleName` has no path in its ARN;
   * it is matched as `role/<name>` or `role/*\/<name>`, which matches that role whatever its
   * path and no other role.
   */
  public static fromRole(role: iam.IRole): DeniedPrincipal {
    return new ArnPatterns(() => roleArnPatterns(role), () => ({ label: `role ${role.node.path}`, roles: [role] }));
  }

  /**
   * An IAM user: requests signed with its access keys and its session tokens alike. A user
   * imported by name (or by an ARN without a path) is matched as `user/<name>` or
   * `user/*\/<name>`, so at whatever path it lives, as for `fromRole`. The access keys themselves
   * stay active; see the runbook to deactivate them.
   */
  public static fromUser(user: iam.IUser): DeniedPrincipal {
    return new ArnPatterns(() => userArnPatterns(user), () => ({ label: `user ${user.node.path}`, users: [user] }));
  }

  /**
   * A federated user (`GetFederationToken`). Its requests are judged by the policies of the IAM
   * user that minted the token, so that user receives the deny (in `DenyPrincipals`); a namesake
   * minted by another IAM user is not denied by it.
   *
   * @param mintedBy the IAM user that called `GetFederationToken`
   * @param name the federated user name given to `GetFederationToken` (2 to 32 characters)
   */
  public static fromFederatedUser(mintedBy: iam.IUser, name: string): DeniedPrincipal {
    checkName('federated user name', name, FEDERATED_NAME, '2 to 32');
    return new ArnPatterns(
      () => [`arn:${mintedBy.stack.partition}:sts::${mintedBy.env.account}:federated-user/${name}`],
      () => ({ label: `federated user "${name}"`, users: [mintedBy] }));
  }

  /**
   * A principal ARN as `aws:PrincipalArn` carries it: `arn:aws:iam::<account>:role/<path/><name>`,
   * `...:user/<path/><name>`, `arn:aws:sts::<account>:federated-user/<name>` or
   * `arn:aws:iam::<account>:root`. Wildcards (`*`, `?`) are allowed in `DenyInResourcePolicy`.
   * An `sts` assumed-role ARN is refused: it never appears in `aws:PrincipalArn`.
   *
   * A literal role or user ARN without a path (`...:role/app`) names the principal by name, which
   * is unique in its account: it is matched at any path (`role/app` and `role/*\/app`). An ARN with
   * a path keeps that path exactly. `$`, `{` and `}` are refused: IAM would read `${...}` as a
   * policy variable and substitute it per request.
   *
   * `DenyPrincipals` accepts only a literal role or user ARN here, attached to that role or
   * user; a pattern, a federated user, the root user or a token is refused there, because no
   * single identity policy is evaluated for it.
   */
  public static fromArn(arn: string): DeniedPrincipal {
    if (!Token.isUnresolved(arn)) {
      const variable = policyVariableProblem('principal', arn);
      if (variable) {
        throw new Error(variable);
      }
      if (arn.includes(':assumed-role/')) {
        throw new Error(`principal "${arn}" is an assumed-role session ARN, which aws:PrincipalArn never carries; `
          + 'give the role ARN (arn:aws:iam::<account>:role/<path/><name>), or use DenySessions for one session');
      }
      if (!PRINCIPAL_ARN.test(arn)) {
        throw new Error(`principal "${arn}" is not a role, user, federated-user or root ARN`);
      }
    }
    return new ArnPatterns(() => literalArnPatterns(arn), () => arnReach(arn));
  }

  /** @internal */
  public abstract _clause(): ConditionClause;

  /** @internal */
  public abstract _reach(): Reach;
}

/** A literal path-less role or user ARN at any path; patterns, tokens and ARNs with a path as given. */
function literalArnPatterns(arn: string): string[] {
  if (Token.isUnresolved(arn) || /[*?]/.test(arn)) {
    return [arn];
  }
  const role = parseRoleArn(arn);
  if (role) {
    return role.path === '/' ? anyPathArnPatterns(arn, 'role', role.name) : [arn];
  }
  const user = USER_ARN.exec(arn);
  return user ? anyPathArnPatterns(arn, 'user', user[1]) : [arn];
}

/** Where an ARN given as a string can be denied by an identity policy. */
function arnReach(arn: string): Reach {
  const label = `"${arn}"`;
  if (Token.isUnresolved(arn)) {
    return { label, unreachable: 'an ARN known only at deploy time names no role or user to attach the deny to; use fromRole or fromUser' };
  }
  if (/[*?]/.test(arn)) {
    return { label, unreachable: 'a pattern matches principals whose own policies are not in this stack; name each role or user' };
  }
  if (arn.endsWith(':root')) {
    return { label, unreachable: 'the root user\'s permissions cannot be limited by any policy of its own account' };
  }
  if (arn.includes(':federated-user/')) {
    return { label, unreachable: 'a federated user\'s requests are judged by the IAM user that minted it; use fromFederatedUser(user, name)' };
  }
  if (parseRoleArn(arn)) {
    return { label, roleArns: [arn] };
  }
  if (USER_ARN.test(arn)) {
    return { label, userArns: [arn] };
  }
  return { label, unreachable: 'it is not the ARN of a role or user' };
}

class ArnPatterns extends DeniedPrincipal {
  constructor(private readonly patterns: () => string[], private readonly reach: () => Reach) {
    super();
  }

  public _clause(): ConditionClause {
    return { ArnLike: { [PRINCIPAL_ARN_KEY]: this.patterns() } };
  }

  public _reach(): Reach {
    return this.reach();
  }
}
