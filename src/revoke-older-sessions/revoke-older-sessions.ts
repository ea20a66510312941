import { CustomResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CutoffMode, DEFAULT_POLICY_NAME, MAX_FUTURE_MS, MAX_ROLES, Prop, Removal, RESOURCE_TYPE } from './properties';
import { RevokeSessionsProvider } from './provider';
import { Cutoff, CutoffSpec } from '../cutoff/cutoff';
import { formatInstant } from '../shared/instant';
import { policyNameProblem } from '../shared/role-target';
import { roleArnPatterns, validateTargetRoles } from '../shared/target-roles';

/**
 * Properties for `RevokeOlderSessions`.
 */
export interface RevokeOlderSessionsProps {
  /**
   * The roles whose older sessions are revoked: roles defined in the stack or imported with
   * `Role.fromRoleArn` / `Role.fromRoleName`. At least one. Service-linked roles and IAM Identity
   * Center roles are refused, because IAM does not let anyone edit their policies.
   */
  readonly roles: iam.IRole[];

  /**
   * Sessions issued before this instant are denied; sessions issued at or after it are not.
   */
  readonly issuedBefore: Cutoff;

  /**
   * The name of the inline policy that carries the deny. The default is the name the IAM
   * console's "Revoke active sessions" uses, so console and code refresh the same policy.
   *
   * @default 'AWSRevokeOlderSessions'
   */
  readonly policyName?: string;

  /**
   * What happens to the deny when this construct is removed from the stack, or a role is
   * dropped from `roles`. `RETAIN` leaves it in place (the revoked sessions stay revoked).
   * `DESTROY` removes only the statement this construct wrote, and only if it is still there;
   * a revocation written later by the console or another stack stays.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Let a deployment move this construct's cutoff earlier. Without it, a rollback or a
   * redeploy of an older cutoff leaves the later cutoff in force. Cutoffs written by the
   * console or other stacks are never moved, even with this set.
   *
   * @default false
   */
  readonly allowEarlierCutoff?: boolean;

  /**
   * Allow a cutoff more than 1 hour after the deploy time. Such a cutoff also denies every
   * session issued until then, including new ones, so it needs this explicit opt-in.
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;
}

/**
 * Revokes every session of the given roles that was issued before a cutoff, by attaching or
 * refreshing the `AWSRevokeOlderSessions` inline policy (`Deny *` on `*` when
 * `aws:TokenIssueTime` is earlier than the cutoff) at deploy time.
 *
 * Requests signed with long-term access keys carry no `aws:TokenIssueTime`, so this deny does
 * not apply to them.
 *
 * @resource Custom::RevokeOlderSessions
 */
export class RevokeOlderSessions extends Construct {
  /**
   * The cutoff in force on every targeted role after deployment (ISO 8601, UTC): sessions
   * issued before it are denied on all of them. It is later than the requested cutoff when
   * every role already carried a later one.
   *
   * @attribute
   */
  public readonly effectiveCutoff: string;

  /**
   * The instant after which no revoked session can still be alive: the latest cutoff plus the
   * longest `MaxSessionDuration` among the roles. From then on the deny is moot.
   *
   * @attribute
   */
  public readonly mootAfter: string;

  /** The number of roles that carry the revocation after deployment. */
  public readonly rolesRevoked: string;

  constructor(scope: Construct, id: string, props: RevokeOlderSessionsProps) {
    super(scope, id);

    const roleArns = validateTargetRoles(this, props.roles, MAX_ROLES);
    const policyName = props.policyName ?? DEFAULT_POLICY_NAME;
    if (!Token.isUnresolved(policyName)) {
      const problem = policyNameProblem(policyName);
      if (problem) {
        throw new Error(problem);
      }
    }
    const cutoff = props.issuedBefore._spec();
    validateFuture(cutoff, props.allowFutureCutoff ?? false);

    const provider = RevokeSessionsProvider.of(this);
    provider.grantRoles(grantArns(props.roles));

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        [Prop.roleArns]: roleArns,
        [Prop.cutoffMode]: cutoff.mode,
        ...(cutoff.issuedBefore !== undefined ? { [Prop.issuedBefore]: cutoff.issuedBefore } : {}),
        ...(cutoff.generation !== undefined ? { [Prop.generation]: cutoff.generation } : {}),
        ...(cutoff.bufferSeconds !== undefined ? { [Prop.bufferSeconds]: String(cutoff.bufferSeconds) } : {}),
        [Prop.policyName]: policyName,
        [Prop.removalPolicy]: removalOf(props.removalPolicy),
        [Prop.allowEarlierCutoff]: String(props.allowEarlierCutoff ?? false),
        [Prop.allowFutureCutoff]: String(props.allowFutureCutoff ?? false),
      },
    });
    // The grant must be in place before the first write.
    resource.node.addDependency(provider.onEventFunction);

    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');
    this.mootAfter = resource.getAttString('MootAfter');
    this.rolesRevoked = resource.getAttString('RolesRevoked');
  }
}

/** Every ARN pattern of every role: the function's grant, path-safe for roles imported by name. */
function grantArns(roles: iam.IRole[]): string[] {
  return [...new Set(roles.flatMap(roleArnPatterns))];
}

function validateFuture(cutoff: CutoffSpec, allowFuture: boolean): void {
  if (allowFuture) {
    return;
  }
  if (cutoff.mode === CutoffMode.deployTime && (cutoff.bufferSeconds ?? 0) * 1000 > MAX_FUTURE_MS) {
    throw new Error(`deploy-time cutoff buffer of ${cutoff.bufferSeconds} seconds is more than 1 hour, so it would also deny `
      + 'new sessions until then; use a shorter buffer, or set allowFutureCutoff: true');
  }
  // The only clock read at synth: it can refuse a cutoff, never change the template.
  const now = Date.now();
  if (cutoff.epochMs !== undefined && cutoff.epochMs > now + MAX_FUTURE_MS) {
    throw new Error(`issuedBefore ${formatInstant(cutoff.epochMs)} is more than 1 hour in the future, so it would also deny `
      + 'new sessions until then; use an earlier cutoff, or set allowFutureCutoff: true');
  }
}

function removalOf(policy: RemovalPolicy | undefined): string {
  switch (policy ?? RemovalPolicy.RETAIN) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return Removal.retain;
    case RemovalPolicy.DESTROY:
      return Removal.destroy;
    default:
      throw new Error(`removalPolicy "${policy}" is not supported for a revocation; use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`);
  }
}
