/**
 * The properties of `Custom::RevokeOrganizationSessions`: written by the construct, read and
 * validated again by the handler.
 */
import {
  exemptRoleArnProblem,
  MAX_SCP_CHARS,
  REPORTED_MAX_SCP_CHARS,
  roleGlobProblem,
  scpQuotaProblem,
  ScpSelection,
  selectedPermissionSetProblem,
  selectedRoleProblem,
  SELECTION_KINDS,
  targetProblem,
  userIdProblem,
} from './scp-document';
import { InputError } from '../core/failure-report';
import {
  CUTOFF_PROPERTIES, describe, optionalString, readCutoff, readDestroy, readFlag, refuseUnknown, RequestedCutoff, resourceProperties,
  stringList,
} from '../core/resource-props';

export const RESOURCE_TYPE = 'Custom::RevokeOrganizationSessions';
/**
 * The function's environment variable naming the stack's own roles (its providers' and deploy
 * roles) as `path/name` after `role/`, comma-separated: every statement exempts them.
 */
export const STACK_ROLES_ENV = 'REVOKE_STACK_ROLES';
export const DEFAULT_POLICY_PREFIX = 'RevokeSessions';
/** Bounds that keep the event and the SCP small; the SCP's 5,120 characters bind long before. */
export const MAX_SELECTIONS = 20;
export const MAX_NAMES = 50;
export const MAX_TARGETS = 100;
/** Exact role ARNs one resource may exempt. */
export const MAX_EXEMPT_ROLE_ARNS = 50;

export const OrgProp = {
  selections: 'Selections',
  targets: 'Targets',
  breakGlassRoles: 'BreakGlassRoles',
  exemptRoleArns: 'ExemptRoleArns',
  policyPrefix: 'PolicyNamePrefix',
  removalPolicy: 'RemovalPolicy',
  allowEarlierCutoff: 'AllowEarlierCutoff',
  allowFutureCutoff: 'AllowFutureCutoff',
  maxScpCharacters: 'MaxScpCharacters',
} as const;
const KNOWN = [...Object.values(OrgProp), ...CUTOFF_PROPERTIES];

/** The properties whose values make a generation (everything but the cutoff and the opt-ins). */
export const TARGET_KEYS = [OrgProp.selections, OrgProp.targets, OrgProp.breakGlassRoles, OrgProp.exemptRoleArns, OrgProp.policyPrefix];

export interface OrganizationRequest {
  readonly selections: ScpSelection[];
  readonly targets: string[];
  readonly breakGlass: string[];
  readonly exemptArns: string[];
  readonly cutoff: RequestedCutoff;
  readonly policyPrefix: string;
  readonly allowEarlierCutoff: boolean;
  readonly allowFutureCutoff: boolean;
  /** Characters the SCP may hold (`scpQuotas.maxCharacters`; Organizations' documented 5,120 without it). */
  readonly maxScpCharacters: number;
}

const POLICY_PREFIX = /^[\w+=,.@-]{1,100}$/;

/** Validates every property; throws `InputError` naming the first problem. */
export function readOrganizationRequest(props: unknown): OrganizationRequest {
  const p = resourceProperties(props, 'RevokeOrganizationSessions', KNOWN);
  const breakGlass = stringList(p, OrgProp.breakGlassRoles, 50, (n) => roleGlobProblem('break-glass role', n));
  const selections = readSelections(p[OrgProp.selections], breakGlass);
  const cutoff = readCutoff(p, true);
  if (cutoff.mode === 'none' && selections.some((s) => s.kind !== 'identity-center-user')) {
    throw new InputError('a revocation without a cutoff denies every session, which only an Identity Center user selection may do; '
      + 'give issuedBefore for role and permission set selections');
  }
  const policyPrefix = optionalString(p, OrgProp.policyPrefix) ?? DEFAULT_POLICY_PREFIX;
  if (!POLICY_PREFIX.test(policyPrefix)) {
    throw new InputError(`property ${OrgProp.policyPrefix} "${policyPrefix.slice(0, 120)}" must be 1 to 100 characters of letters, digits and +=,.@_-`);
  }
  // Validated only: what may be removed comes from the function's grant, never from the event.
  readDestroy(p);
  return {
    selections,
    targets: [...new Set(stringList(p, OrgProp.targets, MAX_TARGETS, targetProblem, true))],
    breakGlass,
    exemptArns: stringList(p, OrgProp.exemptRoleArns, MAX_EXEMPT_ROLE_ARNS, exemptRoleArnProblem),
    cutoff,
    policyPrefix,
    allowEarlierCutoff: readFlag(p, OrgProp.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, OrgProp.allowFutureCutoff),
    maxScpCharacters: readMaxScpCharacters(p),
  };
}

function readMaxScpCharacters(p: Record<string, unknown>): number {
  const value = optionalString(p, OrgProp.maxScpCharacters);
  if (value === undefined) {
    return MAX_SCP_CHARS;
  }
  const why = /^\d{1,6}$/.test(value) ? scpQuotaProblem(`property ${OrgProp.maxScpCharacters}`, Number(value), REPORTED_MAX_SCP_CHARS)
    : `property ${OrgProp.maxScpCharacters} "${value.slice(0, 40)}" must be a whole number of characters`;
  if (why) {
    throw new InputError(why);
  }
  return Number(value);
}

function readSelections(value: unknown, breakGlass: string[]): ScpSelection[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SELECTIONS) {
    throw new InputError(`property ${OrgProp.selections} must be a list of 1 to ${MAX_SELECTIONS} selections; received ${describe(value)}`);
  }
  return value.map((raw): ScpSelection => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(`selection ${describe(raw)} must be an object with a Kind`);
    }
    const s = raw as Record<string, unknown>;
    const kind = optionalString(s, 'Kind');
    const names = (check: (n: string) => string | undefined, required: boolean) => stringList(s, 'Names', MAX_NAMES, check, required);
    switch (kind) {
      case 'roles-named':
        refuseUnknown(s, ['Kind', 'Names']);
        return { kind, names: names((n) => selectedRoleProblem(n, breakGlass), true) };
      case 'permission-sets':
        refuseUnknown(s, ['Kind', 'Names']);
        return { kind, names: names((n) => selectedPermissionSetProblem(n, breakGlass), true) };
      case 'identity-center-user': {
        refuseUnknown(s, ['Kind', 'UserId']);
        const userId = optionalString(s, 'UserId') ?? '';
        const why = userIdProblem(userId);
        if (why) {
          throw new InputError(why);
        }
        return { kind, userId };
      }
      case 'all-roles':
        refuseUnknown(s, ['Kind', 'Exclude']);
        return { kind, exclude: stringList(s, 'Exclude', MAX_NAMES, (n) => roleGlobProblem('excluded role', n)) };
      default:
        throw new InputError(`selection kind ${describe(kind)} is not supported; use one of ${SELECTION_KINDS.join(', ')}`);
    }
  });
}

/**
 * What a request spares, as the engine compares it with the grant set at synth: the break-glass
 * roles, the exact exempt ARNs, each all-roles selection's excludes, and the policy name prefix.
 * The construct computes the same from its props, so an event that spares anything else is refused.
 */
export function sparedOf(r: Pick<OrganizationRequest, 'selections' | 'breakGlass' | 'exemptArns' | 'policyPrefix'>): Record<string, string | string[]> {
  return {
    [OrgProp.breakGlassRoles]: [...r.breakGlass],
    [OrgProp.exemptRoleArns]: [...r.exemptArns],
    Exclude: r.selections.flatMap((s) => (s.kind === 'all-roles' ? [JSON.stringify([...new Set(s.exclude)].sort())] : [])),
    [OrgProp.policyPrefix]: r.policyPrefix,
  };
}
