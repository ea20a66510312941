import { CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  instanceArnProblem, MAX_INLINE_POLICY_CHARS, ownStatement, permissionSetArnProblem,
} from './inline-policy';
import { IcProp, MAX_PERMISSION_SETS, MAX_USER_IDS, RESOURCE_TYPE } from './properties';
import { RevokeIdentityCenterSessionsFunction } from './revoke-identity-center-sessions-function';
import { Cutoff } from '../cutoff/cutoff';
import { userIdProblem } from '../revoke-organization-sessions/scp-document';
import { CapabilityProvider, checkKnown, cutoffProperties, optInProperties, requestedCapabilities } from '../synth/capability-provider';
import { optInWarnings } from '../synth/opt-in-warnings';
import { addStackOutputs } from '../synth/stack-outputs';

/** Properties of `RevokeIdentityCenterSessions`. */
export interface RevokeIdentityCenterSessionsProps {
  /** The IAM Identity Center instance (`arn:aws:sso:::instance/ssoins-...`). */
  readonly instanceArn: string;

  /**
   * The permission sets whose sessions are revoked (`arn:aws:sso:::permissionSet/ssoins-.../ps-...`).
   * Each is reprovisioned to every account it is provisioned to.
   */
  readonly permissionSetArns: string[];

  /**
   * Sessions issued before this instant are denied. Without it there is no time condition:
   * every session of `userIds` is denied until the construct is removed.
   *
   * @default - no time condition (then `userIds` is required)
   */
  readonly issuedBefore?: Cutoff;

  /**
   * Only sessions of these identity store user ids (`identitystore:UserId`) are denied. A user
   * dropped on an update stays denied unless the removal policy is `DESTROY`.
   *
   * @default - every user of the permission sets
   */
  readonly userIds?: string[];

  /**
   * `RETAIN` keeps the deny statement when the construct is removed; `DESTROY` removes only the
   * statement this resource wrote and reprovisions. Only `DESTROY` grants
   * `sso:DeleteInlinePolicyFromPermissionSet`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Lets a rollback or an older deployment move the cutoff in force earlier (un-revoking sessions).
   *
   * @default false
   */
  readonly allowEarlierCutoff?: boolean;

  /**
   * Accepts a cutoff more than one hour after the deploy time.
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;

  /**
   * Adds stack outputs that `cdk deploy` prints, named `<outputPrefix>EffectiveCutoff`,
   * `<outputPrefix>AccountsProvisioned` and `<outputPrefix>OwnedStatementSid`.
   *
   * @default false
   */
  readonly stackOutputs?: boolean;

  /**
   * The start of each stack output's name. Letters and digits; unique among the revocations of a stack.
   *
   * @default - this construct's id, without characters other than letters and digits
   */
  readonly outputPrefix?: string;
}

/**
 * Revokes IAM Identity Center sessions: adds a time-based deny statement (optionally only for
 * given users) to the inline policy of each permission set, keeps the inline policy's other
 * statements untouched, reprovisions the permission set to every account it is provisioned to,
 * and waits for that, naming any account where it failed. Deploy it where Identity Center is
 * administered (the management account or its delegated administrator).
 */
export class RevokeIdentityCenterSessions extends Construct {
  /** The earliest cutoff in force among the permission sets, ISO 8601 UTC, or `none (every session)`. */
  public readonly effectiveCutoff: string;
  /** How many account assignments carry the revocation after reprovisioning. */
  public readonly accountsProvisioned: string;
  /** The `Sid` of the statement this construct owns in each permission set's inline policy. */
  public readonly ownedStatementSid: string;

  constructor(scope: Construct, id: string, props: RevokeIdentityCenterSessionsProps) {
    super(scope, id);
    checkKnown(props.instanceArn, instanceArnProblem);
    const arns = props.permissionSetArns;
    if (arns.length === 0 || arns.length > MAX_PERMISSION_SETS) {
      throw new Error(`permissionSetArns must hold 1 to ${MAX_PERMISSION_SETS} permission sets; received ${arns.length}`);
    }
    arns.forEach((arn) => checkKnown(arn, (a) => permissionSetArnProblem(a, Token.isUnresolved(props.instanceArn) ? undefined : props.instanceArn)));
    const userIds = props.userIds ?? [];
    if (userIds.length > MAX_USER_IDS) {
      throw new Error(`userIds holds ${userIds.length} ids; at most ${MAX_USER_IDS} fit one statement, split them across constructs`);
    }
    userIds.forEach((u) => checkKnown(u, userIdProblem));
    if (!props.issuedBefore && userIds.length === 0) {
      throw new Error('give issuedBefore, userIds or both: without either the permission sets would deny every session for good');
    }
    // The own statement alone must fit; the handler checks it with the permission set's other statements.
    const own = JSON.stringify(ownStatement('CdkRevokeSessions0123456789', props.issuedBefore ? 0 : Infinity,
      userIds.map((u) => (Token.isUnresolved(u) ? 'x'.repeat(47) : u))));
    if (own.length > MAX_INLINE_POLICY_CHARS) {
      throw new Error(`the deny statement would be ${own.length} characters, over the ${MAX_INLINE_POLICY_CHARS} of a permission set's inline policy; list fewer user ids`);
    }

    const capabilities = requestedCapabilities(props.removalPolicy, props.allowEarlierCutoff);
    const provider = CapabilityProvider.of(this, {
      id: 'CdkRevokeIdentityCenterSessionsProvider',
      capabilities,
      description: 'adds the session revocation to permission sets and reprovisions them',
      createFunction: (s, i, p) => new RevokeIdentityCenterSessionsFunction(s, i, p),
      // Reprovisioning takes seconds to minutes per permission set.
      queryInterval: Duration.seconds(15),
    });
    const actions = ['sso:DescribePermissionSet', 'sso:GetInlinePolicyForPermissionSet', 'sso:PutInlinePolicyToPermissionSet',
      'sso:ProvisionPermissionSet', 'sso:DescribePermissionSetProvisioningStatus', 'sso:ListAccountsForProvisionedPermissionSet'];
    if (capabilities.remove) {
      actions.push('sso:DeleteInlinePolicyFromPermissionSet');
    }
    const partition = Stack.of(this).partition;
    provider.grant(actions, [props.instanceArn, ...arns, `arn:${partition}:sso:::account/*`],
      'ProvisionPermissionSet to every provisioned account needs the account resource type, whose ids are not known at synth');

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        [IcProp.instanceArn]: props.instanceArn,
        [IcProp.permissionSetArns]: arns,
        ...(userIds.length > 0 ? { [IcProp.userIds]: userIds } : {}),
        ...cutoffProperties(props.issuedBefore),
        ...optInProperties(props),
      },
    });
    provider.serve(resource, props.allowFutureCutoff ?? false);
    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');
    this.accountsProvisioned = resource.getAttString('AccountsProvisioned');
    // The physical id is the statement's Sid once provisioning has succeeded.
    this.ownedStatementSid = resource.ref;
    optInWarnings(this, props.allowEarlierCutoff, props.allowFutureCutoff);
    addStackOutputs(this, props, [
      ['EffectiveCutoff', this.effectiveCutoff, 'Sessions issued before this instant are denied'],
      ['AccountsProvisioned', this.accountsProvisioned, 'Account assignments that carry the revocation after reprovisioning'],
      ['OwnedStatementSid', this.ownedStatementSid, 'The Sid of the statement this construct owns in each permission set\'s inline policy'],
    ]);
  }
}
