import { CustomResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { instanceArnProblem, MAX_INLINE_POLICY_CHARS, permissionSetArnProblem } from './inline-policy';
import { IcProp, MAX_PERMISSION_SETS, MAX_USER_IDS, RESOURCE_TYPE } from './properties';
import { IdentityCenterProvider } from './provider';
import { ownStatement, renderStatement } from './statements';
import { Cutoff } from '../cutoff/cutoff';
import { userIdProblem } from '../revoke-organization-sessions/scp-document';
import { revocationGrant } from '../synth/revocation-grant';
import { checkKnown, cutoffProperties, optInProperties } from '../synth/revocation-properties';
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
   * every session of `userIds` is denied until the construct is removed. A cutoff more than an
   * hour ahead is refused at synth (see `allowFutureCutoff`), and one older than any session warns
   * (`cdk-revoke-sessions:cutoffRevokesNothing`).
   *
   * @default - no time condition (then `userIds` is required)
   */
  readonly issuedBefore?: Cutoff;

  /**
   * Only sessions of these identity store user ids (`identitystore:UserId`) are denied. Changing
   * them adds a statement beside the old one; a user dropped on an update stays denied, unless
   * the removal policy is `DESTROY` (then CloudFormation's cleanup frees the users the new list
   * does not name). Ids are written lower-case, as Identity Center issues them
   * (`StringEquals` compares exactly).
   *
   * @default - every user of the permission sets
   */
  readonly userIds?: string[];

  /**
   * `RETAIN` keeps the deny statements when the construct is removed or its targets change;
   * `DESTROY` removes only the statements this resource wrote, once CloudFormation deletes the
   * resource (or, after an update, the replaced generation), and reprovisions. Only `DESTROY`
   * grants `sso:DeleteInlinePolicyFromPermissionSet`.
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
   * `<outputPrefix>AccountsProvisioned` and `<outputPrefix>OwnedStatementSidPrefix`.
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
 * waits for that, naming any account where it failed, and checks that the statement is still in
 * force. Deploy it where Identity Center is administered (the management account or its
 * delegated administrator).
 */
export class RevokeIdentityCenterSessions extends Construct {
  /** The earliest cutoff in force among the permission sets, ISO 8601 UTC, or `none (every session)`. */
  public readonly effectiveCutoff: string;
  /** How many account assignments carry the revocation after reprovisioning. */
  public readonly accountsProvisioned: string;
  /**
   * The start of the `Sid` of every statement this construct owns in a permission set's inline
   * policy (one statement per cutoff and generation, each keyed by what it denies).
   */
  public readonly ownedStatementSidPrefix: string;

  constructor(scope: Construct, id: string, props: RevokeIdentityCenterSessionsProps) {
    super(scope, id);
    checkKnown(props.instanceArn, instanceArnProblem);
    const arns = props.permissionSetArns;
    if (arns.length === 0 || arns.length > MAX_PERMISSION_SETS) {
      throw new Error(`permissionSetArns must hold 1 to ${MAX_PERMISSION_SETS} permission sets; received ${arns.length}`);
    }
    arns.forEach((arn) => checkKnown(arn, (a) => permissionSetArnProblem(a, Token.isUnresolved(props.instanceArn) ? undefined : props.instanceArn)));
    // Written lower-case, as Identity Center issues them: StringEquals compares exactly.
    const userIds = (props.userIds ?? []).map((u) => (Token.isUnresolved(u) ? u : u.toLowerCase()));
    if (userIds.length > MAX_USER_IDS) {
      throw new Error(`userIds holds ${userIds.length} ids; at most ${MAX_USER_IDS} fit one statement, split them across constructs`);
    }
    userIds.forEach((u) => checkKnown(u, userIdProblem));
    if (!props.issuedBefore && userIds.length === 0) {
      throw new Error('give issuedBefore, userIds or both: without either the permission sets would deny every session for good');
    }
    // The own statement alone must fit; the handler checks it with the permission set's other statements.
    const own = JSON.stringify(renderStatement(ownStatement('0123456789', '01234567', {
      cutoffMs: props.issuedBefore ? 0 : Infinity,
      users: userIds.length > 0 ? userIds.map((u) => (Token.isUnresolved(u) ? 'x'.repeat(47) : u)) : 'all',
    }, '01234567')));
    if (own.length > MAX_INLINE_POLICY_CHARS) {
      throw new Error(`the deny statement would be ${own.length} characters, over the ${MAX_INLINE_POLICY_CHARS} of a permission set's inline policy; list fewer user ids`);
    }

    // The same cutoff checks and warnings as every revocation construct; what this resource may weaken goes to its function.
    const grant = revocationGrant(this, {
      cutoff: props.issuedBefore,
      removalPolicy: props.removalPolicy,
      allowEarlierCutoff: props.allowEarlierCutoff,
      allowFutureCutoff: props.allowFutureCutoff,
    });
    const provider = IdentityCenterProvider.of(this);
    provider.grantPermissionSets(props.instanceArn, arns, grant.remove);

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
    provider.serveResource(resource, grant);
    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');
    this.accountsProvisioned = resource.getAttString('AccountsProvisioned');
    this.ownedStatementSidPrefix = resource.getAttString('OwnedSidPrefix');
    addStackOutputs(this, props, [
      ['EffectiveCutoff', this.effectiveCutoff, 'Sessions issued before this instant are denied'],
      ['AccountsProvisioned', this.accountsProvisioned, 'Account assignments that carry the revocation after reprovisioning'],
      ['OwnedStatementSidPrefix', this.ownedStatementSidPrefix, 'Every statement this construct owns in a permission set\'s inline policy has a Sid that starts with this'],
    ]);
  }
}
