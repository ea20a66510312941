import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAccount, checkName, FEDERATED_NAME, PRINCIPAL_ARN_KEY } from '../shared/condition-keys';
import { ConditionClause } from '../shared/deny-document';
import { roleArnPatterns } from '../shared/target-roles';

const PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:(iam|sts)::(\d{12}|\*):(role|user|federated-user|root)(\/.*)?$/;

/**
 * A principal all of whose requests are denied, matched on `aws:PrincipalArn`.
 *
 * For a role, that key holds the role's ARN including its path, never the `sts` assumed-role
 * ARN, so every session of the role matches.
 */
export abstract class DeniedPrincipal {
  /**
   * Every session of a role. A role imported with `Role.fromRoleName` has no path in its ARN;
   * it is matched as `role/<name>` or `role/*\/<name>`, which matches that role whatever its
   * path and no other role.
   */
  public static fromRole(role: iam.IRole): DeniedPrincipal {
    return new ArnPatterns(() => roleArnPatterns(role));
  }

  /** An IAM user: requests signed with its access keys and its session tokens alike. */
  public static fromUser(user: iam.IUser): DeniedPrincipal {
    return new ArnPatterns(() => [user.userArn]);
  }

  /**
   * A federated user (`GetFederationToken`).
   *
   * @param account the 12-digit account id
   * @param name the federated user name given to `GetFederationToken` (2 to 32 characters)
   */
  public static fromFederatedUser(account: string, name: string): DeniedPrincipal {
    checkAccount(account);
    checkName('federated user name', name, FEDERATED_NAME, '2 to 32');
    return new ArnPatterns(() => [`arn:${Aws.PARTITION}:sts::${account}:federated-user/${name}`]);
  }

  /**
   * A principal ARN as `aws:PrincipalArn` carries it: `arn:aws:iam::<account>:role/<path/><name>`,
   * `...:user/<path/><name>`, `arn:aws:sts::<account>:federated-user/<name>` or
   * `arn:aws:iam::<account>:root`. Wildcards (`*`, `?`) are allowed. An `sts` assumed-role ARN is
   * refused: it never appears in `aws:PrincipalArn`.
   */
  public static fromArn(arn: string): DeniedPrincipal {
    if (!Token.isUnresolved(arn)) {
      if (arn.includes(':assumed-role/')) {
        throw new Error(`principal "${arn}" is an assumed-role session ARN, which aws:PrincipalArn never carries; `
          + 'give the role ARN (arn:aws:iam::<account>:role/<path/><name>), or use DenySessions for one session');
      }
      if (!PRINCIPAL_ARN.test(arn)) {
        throw new Error(`principal "${arn}" is not a role, user, federated-user or root ARN`);
      }
    }
    return new ArnPatterns(() => [arn]);
  }

  /** @internal */
  public abstract _clause(): ConditionClause;
}

class ArnPatterns extends DeniedPrincipal {
  constructor(private readonly patterns: () => string[]) {
    super();
  }

  public _clause(): ConditionClause {
    return { ArnLike: { [PRINCIPAL_ARN_KEY]: this.patterns() } };
  }
}
