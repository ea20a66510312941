/**
 * Role ARNs and the roles whose policies must not (or cannot) be edited.
 * Shared by synth-time validation and the handler.
 */

/** The parts of an IAM role ARN. */
export interface RoleArnParts {
  readonly partition: string;
  readonly account: string;
  /** Always starts and ends with `/`. */
  readonly path: string;
  readonly name: string;
}

export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([^/]+)$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export const SERVICE_LINKED_PATH_PREFIX = '/aws-service-role/';
export const IDENTITY_CENTER_PATH_PREFIX = '/aws-reserved/sso.amazonaws.com/';
export const IDENTITY_CENTER_NAME_PREFIX = 'AWSReservedSSO_';

/** `$`, `{` and `}`: IAM substitutes `${...}` in a policy per request (and `${$}` and the like are escapes). */
const POLICY_VARIABLE_CHARACTERS = /[${}]/;

/**
 * Why a value given for an ARN, name, path or glob is refused because IAM would read part of
 * it as a policy variable, or `undefined`. No IAM name contains these characters, and only `*`
 * and `?` are documented wildcards: `user/${aws:username}` would match every user at `/`.
 */
export function policyVariableProblem(label: string, value: string): string | undefined {
  return POLICY_VARIABLE_CHARACTERS.test(value)
    ? `${label} "${value}" contains "$", "{" or "}": IAM reads \${...} in a policy as a variable and substitutes it for each `
      + 'request, so it would match principals nobody named; give the literal name, path or ARN (only * and ? are wildcards)'
    : undefined;
}

/** Parses a role ARN; `undefined` when it is not one (a policy variable in the path included). */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m || !ROLE_NAME_PATTERN.test(m[4]) || m[3].length > 512 || POLICY_VARIABLE_CHARACTERS.test(m[3])) {
    return undefined;
  }
  return { partition: m[1], account: m[2], path: m[3], name: m[4] };
}

/**
 * Why a role must not be targeted, or `undefined` when it may be.
 *
 * @param path the role path, when known (`/` for none)
 * @param name the role name, when known
 */
export function protectedRoleReason(path: string | undefined, name: string | undefined): string | undefined {
  if (path?.startsWith(SERVICE_LINKED_PATH_PREFIX)) {
    return 'it is a service-linked role (path /aws-service-role/), which IAM does not let anyone modify; '
      + 'revoke the sessions of the principal that uses the service instead';
  }
  if (path?.startsWith(IDENTITY_CENTER_PATH_PREFIX) || name?.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return 'it is an IAM Identity Center role, which IAM does not let you edit; revoke the sessions in '
      + 'Identity Center (a deny in the permission set, or an SCP on aws:userId) instead';
  }
  return undefined;
}

/** Why a policy name is refused, or `undefined` when it is valid. */
export function policyNameProblem(name: string): string | undefined {
  return POLICY_NAME.test(name)
    ? undefined
    : `policyName "${name}" is not a valid IAM policy name; use 1 to 128 characters of letters, digits and +=,.@_-`;
}
