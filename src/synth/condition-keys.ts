/** Condition keys and identifier checks shared by the deny matchers. */
import { Token } from 'aws-cdk-lib';

/** The caller's principal ARN: for a role session, the role's ARN with its path. */
export const PRINCIPAL_ARN_KEY = 'aws:PrincipalArn';
export const USER_ID_KEY = 'aws:userId';
export const SOURCE_IDENTITY_KEY = 'aws:SourceIdentity';

const ACCOUNT_ID = /^\d{12}$/;
export const FEDERATED_NAME = /^[\w+=,.@-]{2,32}$/;

/** Throws unless `account` is a 12-digit account id (or a token). */
export function checkAccount(account: string): void {
  if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
    throw new Error(`account "${account}" is not a 12-digit AWS account id`);
  }
}

/** Throws unless `value` (when known) matches `pattern`; the message names the allowed range. */
export function checkName(label: string, value: string, pattern: RegExp, range: string): void {
  if (!Token.isUnresolved(value) && !pattern.test(value)) {
    throw new Error(`${label} "${value}" is not valid; use ${range} characters of letters, digits and +=,.@_-`);
  }
}
