/**
 * Which roles a selection takes, and which roles no revocation may ever take. Shared by
 * synth-time validation and the handler, so it imports nothing from aws-cdk-lib.
 */
import { protectedRoleReason, SERVICE_LINKED_PATH_PREFIX } from '../shared/role-target';

export const SelectionKind = {
  explicit: 'explicit',
  pathPrefix: 'path-prefix',
  tagged: 'tagged',
  namePattern: 'name-pattern',
  allInAccount: 'all-in-account',
} as const;
export type SelectionKindValue = typeof SelectionKind[keyof typeof SelectionKind];

/** A deploy-time selection, as the handler reads it. */
export interface SelectionSpec {
  readonly kind: Exclude<SelectionKindValue, 'explicit'>;
  /** `ListRoles` path prefix; `/` lists every role. */
  readonly pathPrefix: string;
  readonly tagKey?: string;
  readonly tagValue?: string;
  readonly namePattern?: string;
  readonly exclude: string[];
}

/** Why a role is skipped: one word, counted in the handler's data. */
export type SkipCategory = 'service-linked' | 'identity-center' | 'provider' | 'cdk-bootstrap' | 'excluded';

/** The bootstrap roles of every qualifier and region: deploy, CloudFormation execution, publishing, lookup. */
const CDK_BOOTSTRAP_ROLE = /^cdk-[a-z0-9]+-(deploy|cfn-exec|file-publishing|image-publishing|lookup)-role-\d{12}-[a-z0-9-]+$/;

const PATTERN = /^[\w+=,.@*?-]{1,64}$/;
const PATH_PATTERN = /^\/(?:[\x21-\x7e]*\/)?[\w+=,.@*?-]{1,64}$/;
const PATH_PREFIX = /^\/(?:[\x21-\x7e]*\/)?$/;

/**
 * The reason a role must never be revoked by this library, with its category, or `undefined`.
 *
 * @param protectedNames names of the roles the provider runs as, and the stack's deploy roles
 */
export interface Lockout {
  readonly category: SkipCategory;
  readonly reason: string;
}

export function lockoutReason(name: string, path: string | undefined, protectedNames: ReadonlySet<string>): Lockout | undefined {
  const base = protectedRoleReason(path, name);
  if (base) {
    return { category: path?.startsWith(SERVICE_LINKED_PATH_PREFIX) ? 'service-linked' : 'identity-center', reason: base };
  }
  if (protectedNames.has(name)) {
    return {
      category: 'provider',
      reason: 'it is a role this library or its deployment runs as; revoking it would stop the revocation itself',
    };
  }
  if (CDK_BOOTSTRAP_ROLE.test(name)) {
    return {
      category: 'cdk-bootstrap',
      reason: 'it is a CDK bootstrap role (deploy, CloudFormation execution, publishing or lookup); revoking it would lock out deployments',
    };
  }
  return undefined;
}

/** A glob (`*`, `?`) as an anchored, case-sensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether a role (path and name) matches an `exclude` entry: a name glob, or a `/path/name` glob. */
export function isExcluded(name: string, path: string, exclude: readonly string[]): boolean {
  return exclude.some((p) => globToRegExp(p).test(p.startsWith('/') ? `${path}${name}` : name));
}

/** Why a role-name glob is refused, or `undefined`. */
export function namePatternProblem(glob: string, what = 'namePattern'): string | undefined {
  return PATTERN.test(glob)
    ? undefined
    : `${what} "${glob}" is not a role-name glob; use 1 to 64 characters of letters, digits, +=,.@_- and the wildcards * and ?`;
}

/** Why an `exclude` entry is refused, or `undefined`. */
export function excludeProblem(entry: string): string | undefined {
  if (entry.startsWith('/')) {
    return PATH_PATTERN.test(entry) && entry.length <= 576
      ? undefined
      : `exclude entry "${entry}" is not a /path/name glob; start with the path, end with a role-name glob, e.g. "/ops/*" or "/legacy-*"`;
  }
  return namePatternProblem(entry, 'exclude entry');
}

/** Why a path prefix is refused, or `undefined`. */
export function pathPrefixProblem(prefix: string): string | undefined {
  return PATH_PREFIX.test(prefix) && prefix.length <= 512
    ? undefined
    : `path prefix "${prefix}" is not an IAM path; it must start and end with "/", e.g. "/app/"`;
}

/** Why a tag key or value is refused, or `undefined`. */
export function tagProblem(key: string, value: string | undefined): string | undefined {
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(key) || key.toLowerCase().startsWith('aws:')) {
    return `tag key "${key}" is not a valid IAM tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"`;
  }
  if (value !== undefined && !/^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(value)) {
    return `tag value "${value}" is not a valid IAM tag value; use up to 256 letters, digits, spaces and _.:/=+-@`;
  }
  return undefined;
}

/** Whether a listed role is in the selection, before tags (which `ListRoles` does not return). */
export function matchesListing(spec: SelectionSpec, name: string, path: string): boolean {
  if (!path.startsWith(spec.pathPrefix)) {
    return false;
  }
  return spec.kind !== SelectionKind.namePattern || globToRegExp(spec.namePattern!).test(name);
}

/** Whether a role's tags put it in a `tagged` selection. */
export function matchesTags(spec: SelectionSpec, tags: ReadonlyArray<{ Key?: string; Value?: string }>): boolean {
  const tag = tags.find((t) => t.Key === spec.tagKey);
  return tag !== undefined && (spec.tagValue === undefined || tag.Value === spec.tagValue);
}
