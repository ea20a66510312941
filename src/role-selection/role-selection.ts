import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  excludeProblem,
  namePatternProblem,
  pathPrefixProblem,
  SelectionKind,
  SelectionKindValue,
  tagProblem,
} from './selection-match';

/**
 * Options for a role selection resolved at deploy time.
 */
export interface RoleSelectionOptions {
  /**
   * Roles never to revoke, even when selected: role-name globs (`breakglass-*`), or path-and-name
   * globs that start with `/` (`/ops/*`). `*` matches any characters and `?` one; matching is
   * case-sensitive. At most 100 entries.
   *
   * Service-linked roles, IAM Identity Center roles, this library's own roles, the stack's
   * deploy roles and every CDK bootstrap role are always left out; they need no entry here.
   *
   * @default - no exclusions beyond the built-in ones
   */
  readonly exclude?: string[];
}

/** What a selection contributes to the custom resource and to the function's grant. @internal */
export interface BoundSelection {
  readonly kind: SelectionKindValue;
  readonly roles?: iam.IRole[];
  readonly pathPrefix?: string;
  readonly tagKey?: string;
  readonly tagValue?: string;
  readonly namePattern?: string;
  readonly exclude?: string[];
}

/**
 * Which roles a `RevokeOlderSessions` revokes. `explicit` names roles at synth; the other
 * factories are resolved by the handler at deploy time with `ListRoles`, so they reach roles
 * this app does not know, up to every role in the account.
 */
export abstract class RoleSelection {
  /**
   * The given roles, as with the `roles` property.
   */
  public static explicit(roles: iam.IRole[]): RoleSelection {
    return new BoundRoleSelection({ kind: SelectionKind.explicit, roles });
  }

  /**
   * Every role whose path starts with `prefix`, e.g. `/app/` (which also takes `/app/batch/`).
   * The function may write only to roles under that path.
   *
   * @param prefix an IAM path: starts and ends with `/`
   */
  public static pathPrefix(prefix: string, options: RoleSelectionOptions = {}): RoleSelection {
    validate(pathPrefixProblem, prefix);
    return new BoundRoleSelection({ kind: SelectionKind.pathPrefix, pathPrefix: prefix, exclude: readExclude(options) });
  }

  /**
   * Every role that carries the tag `key`, with `value` when one is given. The function may write
   * only to roles that carry the tag (an `aws:ResourceTag` condition on its grant).
   *
   * @param key the tag key, matched exactly
   * @param value the tag value, matched exactly; any value when omitted
   */
  public static tagged(key: string, value?: string, options: RoleSelectionOptions = {}): RoleSelection {
    if (!Token.isUnresolved(key) && (value === undefined || !Token.isUnresolved(value))) {
      const problem = tagProblem(key, value);
      if (problem) {
        throw new Error(problem);
      }
    }
    return new BoundRoleSelection({ kind: SelectionKind.tagged, tagKey: key, tagValue: value, exclude: readExclude(options) });
  }

  /**
   * Every role whose name matches a glob, e.g. `ci-*`, at any path. `*` matches any characters
   * and `?` one; matching is case-sensitive.
   */
  public static namePattern(glob: string, options: RoleSelectionOptions = {}): RoleSelection {
    validate(namePatternProblem, glob);
    return new BoundRoleSelection({ kind: SelectionKind.namePattern, namePattern: glob, exclude: readExclude(options) });
  }

  /**
   * Every role in the account, less the built-in exclusions and `exclude`.
   */
  public static allInAccount(options: RoleSelectionOptions = {}): RoleSelection {
    return new BoundRoleSelection({ kind: SelectionKind.allInAccount, exclude: readExclude(options) });
  }

  /** @internal */
  public abstract _bind(): BoundSelection;
}

class BoundRoleSelection extends RoleSelection {
  constructor(private readonly bound: BoundSelection) {
    super();
  }

  public _bind(): BoundSelection {
    return this.bound;
  }
}

function validate(problemOf: (value: string) => string | undefined, value: string): void {
  const problem = Token.isUnresolved(value) ? undefined : problemOf(value);
  if (problem) {
    throw new Error(problem);
  }
}

function readExclude(options: RoleSelectionOptions): string[] {
  const exclude = options.exclude ?? [];
  if (exclude.length > 100) {
    throw new Error(`exclude lists ${exclude.length} patterns; at most 100 are accepted, use broader globs`);
  }
  exclude.forEach((entry) => validate(excludeProblem, entry));
  return exclude;
}
