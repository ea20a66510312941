import { CustomResource, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  DEFAULT_POLICY_NAME, MAX_EVENT_BYTES, MAX_EXPLICIT_ROLES_ESTIMATE, MAX_ROLES, policyPrefixProblem, Prop, RESOURCE_TYPE,
  sparedOf, UNRESOLVED_ARN_BYTES,
} from './properties';
import { RevokeSessionsProvider } from './provider';
import { Cutoff } from '../cutoff/cutoff';
import { BoundSelection, RoleSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { organizationAccessWarning } from '../synth/opt-in-warnings';
import { revocationGrant } from '../synth/revocation-grant';
import { cutoffProperties, optInProperties } from '../synth/revocation-properties';
import { addStackOutputs, OutputSpec } from '../synth/stack-outputs';
import { roleArnPatterns, validateTargetRoles } from '../synth/target-roles';

/**
 * What every revocation of older sessions is given: the cutoff, and how the deny behaves.
 */
export interface RevocationOptions {
  /**
   * Sessions issued before this instant are denied; sessions issued at or after it are not.
   */
  readonly issuedBefore: Cutoff;

  /**
   * The prefix of the inline policies that carry the deny: each construct writes its own policy
   * on each role, one per cutoff, named `<policyName>-<owner tag>-<generation>-<cutoff>` (see
   * `ownedPolicyName`), so no other writer (the console's "Revoke active sessions", which writes
   * `AWSRevokeOlderSessions`, or another stack) can overwrite or remove it, and a later cutoff never
   * rewrites an earlier one. At most 87 characters, so the name fits IAM's 128. The default prefix is
   * the console's name.
   *
   * @default 'AWSRevokeOlderSessions'
   */
  readonly policyName?: string;

  /**
   * What happens to the deny when the stack is deleted, or when an update drops a role (or
   * changes the selection, `policyName` or `dryRun`). `RETAIN` leaves it in place (the revoked
   * sessions stay revoked). `DESTROY` deletes only the inline policies this construct owns, and
   * only once CloudFormation confirms it: after the update succeeded, in its cleanup, or while the
   * stack is deleted; never during an update, so a rollback keeps every revocation. Revocations
   * written by the console or other stacks stay.
   *
   * A stack with a `DESTROY` revocation gives its function `iam:DeleteRolePolicy` on every role of
   * the account (`role/*`): it must reach every role the construct ever wrote to, and IAM has no
   * condition key for an inline policy's name. Its code deletes only the construct's own policies.
   * Switching the removal policy of a deployed construct deploys in place.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Let a deployment move this construct's cutoff earlier. Without it, a rollback or a
   * redeploy of an older cutoff leaves the later cutoff in force. Cutoffs written by the
   * console or other stacks are never moved, even with this set. Anyone who may invoke the
   * stack's revocation function can then send the lowering event too.
   *
   * @default false
   */
  readonly allowEarlierCutoff?: boolean;

  /**
   * Allow a cutoff more than 1 hour after the deploy time. Such a cutoff also denies every
   * session issued until then, including new ones, so it needs this explicit opt-in. The
   * function accepts only as far as synth knew: the literal `issuedBefore`, or the deploy-time
   * buffer; a cutoff known only at deploy time (a parameter) is refused with it.
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;

  /**
   * Add the effective cutoff, the moot-after time and the owned policy's name as stack outputs
   * (`<outputPrefix>EffectiveCutoff`, `<outputPrefix>MootAfter`, `<outputPrefix>OwnedPolicyName`),
   * so `cdk deploy` prints them at the end of an incident deployment. A selection also adds `<outputPrefix>RolesMatched`, `<outputPrefix>RolesSkipped`
   * and `<outputPrefix>SkippedReasons`.
   *
   * @default false
   */
  readonly stackOutputs?: boolean;

  /**
   * The start of each stack output's name, so scripts can read `aws cloudformation
   * describe-stacks` by a stable name. Letters and digits; unique among the revocations of a stack.
   *
   * @default - this construct's id, without characters other than letters and digits
   */
  readonly outputPrefix?: string;

  /**
   * Resolve the roles and plan the revocation exactly as a real deployment would, but write
   * nothing: the resource reports how many roles it would revoke and the first names (attributes
   * `rolesToWrite` and `rolesToWriteNames`, and outputs with `stackOutputs`); the function's log lists
   * every name. Its `effectiveCutoff` and `mootAfter` report what is in force on the targeted roles
   * now, as read from IAM. A dry run is its own generation: switching a deployed construct to a dry
   * run replaces its real generation, whose policies then go with `DESTROY` (and stay with `RETAIN`).
   *
   * @default false
   */
  readonly dryRun?: boolean;
}

/**
 * Properties for `RevokeOlderSessions`.
 */
export interface RevokeOlderSessionsProps extends RevocationOptions {
  /**
   * The roles whose older sessions are revoked: roles defined in the stack or imported with
   * `Role.fromRoleArn` / `Role.fromRoleName`. Service-linked roles and IAM Identity Center roles
   * are refused, because IAM does not let anyone edit their policies; so are this library's own
   * roles and the CDK bootstrap roles, because revoking them would lock out the revocation, and
   * (unless `allowOrganizationAccessRoles`) the roles that run the organization.
   *
   * One construct carries about 1,150 roles: CloudFormation sends the list twice (new and old
   * properties) in an event capped at 256 KB. For more, or for roles this app does not know,
   * use `selection`.
   *
   * @default - none; give either `roles` or `selection`
   */
  readonly roles?: iam.IRole[];

  /**
   * Which roles to revoke, resolved at deploy time: by path, tag, name glob, or every role in
   * the account. A selection runs on an asynchronous provider that can continue past one
   * 15-minute invocation, so it reaches thousands of roles.
   *
   * @default - none; give either `roles` or `selection`
   */
  readonly selection?: RoleSelection;

  /**
   * Let `roles` include the roles that run the organization: `AWSCloudFormationStackSetExecutionRole`,
   * `AWSCloudFormationStackSetAdministrationRole`, the service-managed `stacksets-exec-<hash>`,
   * `OrganizationAccountAccessRole` and `AWSControlTowerExecution`. Without it they are refused at
   * synth and by the handler, because revoking one can stop a StackSet deployment (this one
   * included) and its rollback midway. Set it only when one of them leaked; it warns
   * (`cdk-revoke-sessions:organizationAccessRolesAllowed`). A `selection` always skips them
   * (`organization-access` in `skippedReasons`).
   *
   * @default false
   */
  readonly allowOrganizationAccessRoles?: boolean;
}

/**
 * Revokes every session of the given roles that was issued before a cutoff, by attaching an
 * inline policy this construct owns on each role, `AWSRevokeOlderSessions-<owner tag>-<generation>-<cutoff>`
 * (`Deny *` on `*` when `aws:TokenIssueTime` is earlier than the cutoff), at deploy time. A later
 * cutoff writes a new policy, and deletes the earlier one only once the later one is in place.
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
   * every role already carried a later one. In a dry run, what is in force on the targeted roles
   * now (`none …` only when no targeted role carries a revocation).
   *
   * @attribute
   */
  public readonly effectiveCutoff: string;

  /**
   * The instant after which no session issued before the cutoff can still be used: the latest
   * cutoff plus the longest `MaxSessionDuration` among the roles. When a service may assume one
   * of the roles (its trust policy names a service principal, such as `ec2.amazonaws.com`), it is
   * `unknown (…); not before <instant>`: EC2 instance credentials are not bound by
   * `MaxSessionDuration`, and Lambda and ECS keep theirs for the life of the environment.
   *
   * @attribute
   */
  public readonly mootAfter: string;

  /**
   * The name of the inline policy that holds this construct's cutoff on the roles:
   * `<policyName>-<owner tag>-<generation>-<cutoff>`, the tag derived from the stack id and this
   * construct's logical id, the generation from what it targets. When the roles hold different
   * cutoffs, the name with `*` for the cutoff.
   *
   * @attribute
   */
  public readonly ownedPolicyName: string;

  /** The number of roles that carry the revocation after deployment (in a dry run, those that carry this construct's revocation already). */
  public readonly rolesRevoked: string;

  /**
   * How many roles the selection matched before the built-in exclusions (self-lockout,
   * service-linked and Identity Center roles) and `exclude`; for an explicit list, its length.
   *
   * @attribute
   */
  public readonly rolesMatched: string;

  /**
   * How many matched roles were skipped, not revoked; `0` for an explicit list.
   *
   * @attribute
   */
  public readonly rolesSkipped: string;

  /**
   * Why roles were skipped, as `reason=count` pairs sorted by reason (for example
   * `cdk-bootstrap=2, excluded=3, service-linked=41`), or `none`.
   *
   * @attribute
   */
  public readonly skippedReasons: string;

  /**
   * In a dry run, the number of roles the deployment would write; otherwise the number it wrote.
   *
   * @attribute
   */
  public readonly rolesToWrite: string;

  /**
   * In a dry run, the first names of the roles it would write, comma-separated (every name is in
   * the function's log); otherwise `none (not a dry run)`.
   *
   * @attribute
   */
  public readonly rolesToWriteNames: string;

  private readonly provider: RevokeSessionsProvider;
  private readonly roleArns: string[] = [];
  private readonly explicit: boolean;
  private readonly allowOrganizationAccess: boolean;

  constructor(scope: Construct, id: string, props: RevokeOlderSessionsProps) {
    super(scope, id);

    const selection = selectionOf(props);
    this.explicit = selection.kind === SelectionKind.explicit;
    this.allowOrganizationAccess = props.allowOrganizationAccessRoles ?? false;
    if (this.allowOrganizationAccess && !this.explicit) {
      throw new Error('allowOrganizationAccessRoles applies to an explicit roles list; a selection always skips the roles that run '
        + 'the organization: list the leaked one in roles, in a construct of its own');
    }
    const policyName = props.policyName ?? DEFAULT_POLICY_NAME;
    if (!Token.isUnresolved(policyName)) {
      const problem = policyPrefixProblem(policyName);
      if (problem) {
        throw new Error(problem);
      }
    }
    // What this resource may weaken (remove, lower, a future cutoff, what it spares) is its grant in the function's environment,
    // never the event's; so is revoking the roles that run the organization, which could lock it out.
    const grant = revocationGrant(this, {
      cutoff: props.issuedBefore,
      removalPolicy: props.removalPolicy,
      allowEarlierCutoff: props.allowEarlierCutoff,
      allowFutureCutoff: props.allowFutureCutoff,
      spared: sparedOf(selection.exclude, this.allowOrganizationAccess),
    });
    this.provider = RevokeSessionsProvider.of(this);
    if (this.explicit) {
      validateTargetRoles(this, selection.roles!, MAX_ROLES, this.allowOrganizationAccess);
      selection.roles!.forEach((role) => this.addRole(role));
      this.node.addValidation({ validate: () => this.validateEventSize() });
    } else {
      this.provider.grantSelection(selection);
    }

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        ...(this.explicit ? { [Prop.roleArns]: Lazy.list({ produce: () => this.roleArns }) } : selectionProperties(selection)),
        ...cutoffProperties(props.issuedBefore),
        [Prop.policyName]: policyName,
        ...optInProperties(props),
        ...(props.dryRun ? { [Prop.dryRun]: 'true' } : {}),
        ...(this.allowOrganizationAccess ? { [Prop.allowOrganizationAccessRoles]: 'true' } : {}),
      },
    });
    this.provider.serveRevocation(resource, grant);

    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');
    this.mootAfter = resource.getAttString('MootAfter');
    this.rolesRevoked = resource.getAttString('RolesRevoked');
    this.rolesMatched = resource.getAttString('RolesMatched');
    this.rolesSkipped = resource.getAttString('RolesSkipped');
    this.skippedReasons = resource.getAttString('SkippedReasons');
    this.ownedPolicyName = resource.getAttString('OwnedPolicyName');
    this.rolesToWrite = resource.getAttString(props.dryRun ? 'RolesToWrite' : 'RolesWritten');
    this.rolesToWriteNames = props.dryRun ? resource.getAttString('RolesToWriteNames') : 'none (not a dry run)';

    addStackOutputs(this, props, [
      ['EffectiveCutoff', this.effectiveCutoff, 'Sessions issued before this instant are denied on every revoked role'],
      ['MootAfter', this.mootAfter, 'After this instant no revoked session can still be alive; the deny may then be removed'],
      ['OwnedPolicyName', this.ownedPolicyName, 'The inline policy this construct owns on each revoked role'],
      ...(this.explicit ? [] : [
        ['RolesMatched', this.rolesMatched, 'Roles the selection matched'],
        ['RolesSkipped', this.rolesSkipped, 'Matched roles left alone: built-in exclusions and exclude'],
        ['SkippedReasons', this.skippedReasons, 'Why roles were skipped, as reason=count'],
      ] as OutputSpec[]),
      ...(props.dryRun ? [
        ['DryRunRolesToWrite', this.rolesToWrite, 'DRY RUN, nothing was revoked: the number of roles a real deployment would write'],
        ['DryRunRoleNames', this.rolesToWriteNames, 'DRY RUN, nothing was revoked: the first roles a real deployment would write (all in the function log)'],
      ] as OutputSpec[] : []),
    ]);
    organizationAccessWarning(this, this.allowOrganizationAccess);
  }

  /**
   * Adds a role to an explicit list, with the same checks as `roles`.
   */
  public addRole(role: iam.IRole): void {
    if (!this.explicit) {
      throw new Error(`${this.node.path} revokes a deploy-time selection; addRole works only with an explicit roles list`);
    }
    if (RevokeSessionsProvider.isProviderPart(role)) {
      throw new Error(`role ${role.node.path} belongs to this library's provider; revoking it would stop the revocation itself`);
    }
    validateTargetRoles(this, [role], MAX_ROLES, this.allowOrganizationAccess);
    if (!this.roleArns.includes(role.roleArn)) {
      this.roleArns.push(role.roleArn);
      this.provider.grantRoles(roleArnPatterns(role));
    }
  }

  /** CloudFormation sends the list twice on update, and Lambda takes at most 256 KB. */
  private validateEventSize(): string[] {
    const bytes = estimateEventBytes(this.roleArns);
    return bytes <= MAX_EVENT_BYTES ? [] : [
      `roles lists ${this.roleArns.length} roles, an update event of about ${Math.round(bytes / 1024)} KB; CloudFormation's `
      + `event to the provider must stay under ${MAX_EVENT_BYTES / 1000} KB (about ${MAX_EXPLICIT_ROLES_ESTIMATE} roles), so use `
      + 'selection: RoleSelection.pathPrefix(), tagged(), namePattern() or allInAccount(), or split the roles across constructs',
    ];
  }
}

/** New and old property lists, each ARN quoted and comma-separated. */
function estimateEventBytes(arns: string[]): number {
  return 2 * arns.reduce((sum, arn) => sum + (Token.isUnresolved(arn) ? UNRESOLVED_ARN_BYTES : Buffer.byteLength(arn)) + 3, 0);
}

function selectionOf(props: RevokeOlderSessionsProps): BoundSelection {
  if (props.roles !== undefined && props.selection !== undefined) {
    throw new Error('both roles and selection were given; use selection: RoleSelection.explicit(roles) or roles alone');
  }
  if (props.selection) {
    return props.selection._bind();
  }
  if (props.roles === undefined) {
    throw new Error('neither roles nor selection was given; list the roles, or pass a RoleSelection');
  }
  return RoleSelection.explicit(props.roles)._bind();
}

function selectionProperties(selection: BoundSelection): Record<string, unknown> {
  return {
    [Prop.selection]: selection.kind,
    ...(selection.pathPrefix !== undefined ? { [Prop.pathPrefix]: selection.pathPrefix } : {}),
    ...(selection.tagKey !== undefined ? { [Prop.tagKey]: selection.tagKey } : {}),
    ...(selection.tagValue !== undefined ? { [Prop.tagValue]: selection.tagValue } : {}),
    ...(selection.namePattern !== undefined ? { [Prop.namePattern]: selection.namePattern } : {}),
    ...(selection.exclude?.length ? { [Prop.exclude]: selection.exclude } : {}),
  };
}
