/**
 * The properties of `Custom::RevokeIdentityCenterSessions`: written by the construct, read and
 * validated again by the handler.
 */
import { instanceArnProblem, permissionSetArnProblem } from './inline-policy';
import { InputError } from '../core/failure-report';
import {
  CUTOFF_PROPERTIES, optionalString, readCutoff, readDestroy, readFlag, RequestedCutoff, resourceProperties, stringList,
} from '../core/resource-props';
import { userIdProblem } from '../revoke-organization-sessions/scp-document';

export const RESOURCE_TYPE = 'Custom::RevokeIdentityCenterSessions';
/** Each one is reprovisioned and waited for; the response lists their request ids. */
export const MAX_PERMISSION_SETS = 20;
export const MAX_USER_IDS = 100;

export const IcProp = {
  instanceArn: 'InstanceArn',
  permissionSetArns: 'PermissionSetArns',
  userIds: 'UserIds',
  removalPolicy: 'RemovalPolicy',
  allowEarlierCutoff: 'AllowEarlierCutoff',
  allowFutureCutoff: 'AllowFutureCutoff',
} as const;
const KNOWN = [...Object.values(IcProp), ...CUTOFF_PROPERTIES];
/** What a generation is made of: everything the resource targets, not its cutoff or opt-ins. */
export const IC_TARGET_KEYS = [IcProp.instanceArn, IcProp.permissionSetArns, IcProp.userIds];

export interface IdentityCenterRequest {
  readonly instanceArn: string;
  readonly permissionSetArns: string[];
  readonly userIds: string[];
  readonly cutoff: RequestedCutoff;
  readonly destroy: boolean;
  readonly allowEarlierCutoff: boolean;
  readonly allowFutureCutoff: boolean;
}

/** Validates every property; throws `InputError` naming the first problem. */
export function readIdentityCenterRequest(props: unknown): IdentityCenterRequest {
  const p = resourceProperties(props, 'RevokeIdentityCenterSessions', KNOWN);
  const instanceArn = optionalString(p, IcProp.instanceArn) ?? '';
  const why = instanceArnProblem(instanceArn);
  if (why) {
    throw new InputError(why);
  }
  // Identity Center issues lower-case ids and StringEquals compares exactly: an upper-case copy would match no one.
  const userIds = [...new Set(stringList(p, IcProp.userIds, MAX_USER_IDS, userIdProblem).map((u) => u.toLowerCase()))];
  const cutoff = readCutoff(p, true);
  if (cutoff.mode === 'none' && userIds.length === 0) {
    throw new InputError('a revocation without a cutoff and without user ids would deny every session of the permission sets for good; '
      + 'give issuedBefore, or the identity store user ids to cut off');
  }
  const destroy = readDestroy(p);
  return {
    instanceArn,
    permissionSetArns: [...new Set(stringList(p, IcProp.permissionSetArns, MAX_PERMISSION_SETS,
      (a) => permissionSetArnProblem(a, instanceArn), true))],
    userIds,
    cutoff,
    destroy,
    allowEarlierCutoff: readFlag(p, IcProp.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, IcProp.allowFutureCutoff),
  };
}
