import { Annotations, CfnOutput, CfnResource, CustomResource, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { buildSwitchDocument, documentChars, exemptPatterns, MAX_MANAGED_POLICY_CHARS, SWITCH_POLICY_PATH } from './document';
import {
  DEFAULT_MAX_MANAGED_POLICIES, MAX_EXPLICIT_SWITCH_ROLES, MAX_MANAGED_POLICIES_QUOTA, Narrowing, narrowingProblem, narrowingProperties,
  RESOURCE_TYPE, SwitchProp, switchSpared,
} from './properties';
import { RevocationSwitchProvider } from './provider';
import { Cutoff } from '../cutoff/cutoff';
import { BoundSelection, RoleSelection } from '../role-selection/role-selection';
import { SelectionKind } from '../role-selection/selection-match';
import { knownProtectedRoleArns } from '../synth/library-provider';
import { revocationGrant } from '../synth/revocation-grant';
import { cutoffProperties, optInProperties } from '../synth/revocation-properties';
import { roleArnPatterns, validateTargetRoles } from '../synth/target-roles';

/** Warned when the stack's region is known and is not us-east-1, where IAM's CloudTrail events arrive. */
export const SWITCH_NO_CREATE_ROLE_RULE_WARNING = 'cdk-revoke-sessions:switchNoCreateRoleRule';
/** An EventBridge input (the sweep's, the rule's) holds at most 8,192 characters. */
const MAX_INPUT_CHARS = 8192;
/** A token is counted this long when a size is estimated at synth. */
const TOKEN_CHARS = 128;

/**
 * Which armed roles a revocation of the switch applies to. The narrowing is written as conditions
 * of the policy version (`aws:PrincipalArn`, `aws:PrincipalTag`), so it costs no write per role.
 */
export abstract class SwitchNarrowing {
  /** Every armed role (the lockout list and `exclude` aside). */
  public static everyArmedRole(): SwitchNarrowing {
    return new BoundNarrowing({ kind: 'all' });
  }

  /**
   * Armed roles whose path starts with `prefix` (`ArnLike aws:PrincipalArn arn:*:iam::*:role<prefix>*`).
   *
   * @param prefix an IAM path: starts and ends with `/`
   */
  public static pathPrefix(prefix: string): SwitchNarrowing {
    return new BoundNarrowing({ kind: 'path-prefix', pathPrefix: prefix });
  }

  /**
   * Armed roles whose name matches a glob (`*` and `?`), at any path. IAM's `ArnLike` lets a `*`
   * span path segments too: `ci-*` also takes `/team/ci-tools/deployer`; the reported counts say
   * exactly which roles it takes.
   */
  public static namePattern(glob: string): SwitchNarrowing {
    return new BoundNarrowing({ kind: 'name-pattern', namePattern: glob });
  }

  /**
   * Armed roles carrying the tag `key` (with `value` when given), as `aws:PrincipalTag` sees it.
   * A session tag of the same key overrides the role's tag, so where the role's trust policy allows
   * `sts:TagSession`, prefer a path or name narrowing.
   */
  public static tagged(key: string, value?: string): SwitchNarrowing {
    return new BoundNarrowing({ kind: 'tagged', tagKey: key, tagValue: value });
  }

  /** @internal */
  public abstract _narrowing(): Narrowing;
}

class BoundNarrowing extends SwitchNarrowing {
  constructor(private readonly narrowing: Narrowing) {
    super();
    const values = Object.values(narrowing).filter((v): v is string => typeof v === 'string');
    if (values.some((v) => Token.isUnresolved(v))) {
      throw new Error('a switch narrowing is written into the function\'s grant at synth, so give it as a literal string, not a token');
    }
    const problem = narrowingProblem(narrowing);
    if (problem) {
      throw new Error(problem);
    }
  }

  public _narrowing(): Narrowing {
    return this.narrowing;
  }
}

/** Options for the SCP statements that protect every switch. */
export interface SwitchProtectionOptions {
  /**
   * The role ARNs (or ARN patterns) still allowed to write, detach or delete the switch: the
   * switch's function role (`RevocationSwitch.functionRoleArn`) in each account, and a break-glass role if you keep one.
   */
  readonly exemptRoleArns: string[];

  /**
   * The partition of the policies' ARNs.
   *
   * @default 'aws'
   */
  readonly partition?: string;
}

/** Properties of `RevocationSwitch`. */
export interface RevocationSwitchProps {
  /**
   * The roles that carry the switch (its managed policy is attached to each). `exclude` entries
   * are never armed and are exempt in every version. The lockout list (this library's provider
   * roles, the stack's deploy roles, the CDK bootstrap, StackSets, organization access and
   * Control Tower roles), service-linked and Identity Center roles are never armed.
   *
   * @default RoleSelection.allInAccount()
   */
  readonly selection?: RoleSelection;

  /**
   * Revoke: sessions issued before this instant are denied on every armed role the narrowing
   * takes, by one new version of the switch policy. Without it the switch is idle: armed, denying
   * nothing. Every `Cutoff` factory works; `Cutoff.fromContextOrParameter` lets a responder bump it
   * with `cdk deploy -c issuedBefore=...` or `--parameters`.
   *
   * @default - idle: the switch denies nothing
   */
  readonly issuedBefore?: Cutoff;

  /**
   * Which armed roles the revocation applies to, written as conditions of the version.
   *
   * @default SwitchNarrowing.everyArmedRole()
   */
  readonly revokeOnly?: SwitchNarrowing;

  /**
   * The quota of managed policies per role in this account (IAM: 10, up to 20 after a quota
   * increase). A role already at the quota is not armed; its revocations are written inline.
   *
   * @default 10
   */
  readonly maxManagedPoliciesPerRole?: number;

  /**
   * How often the sweep (EventBridge Scheduler) arms roles the `CreateRole` rule missed, re-arms
   * roles that lost the attachment, and puts the highest version back as the default.
   *
   * @default Duration.minutes(15)
   */
  readonly sweepInterval?: Duration;

  /**
   * Arm each new role as it is created, from CloudTrail's `CreateRole` event. IAM's events arrive
   * in us-east-1 only, on a best-effort basis, and only where a trail logs management events; the
   * sweep is the sure path. Not for explicit role lists.
   *
   * @default true
   */
  readonly armNewRoles?: boolean;

  /**
   * `RETAIN` keeps the policy, its attachments and the inline fallbacks when the construct is
   * removed. `DESTROY` detaches the policy from every role, deletes it and the inline fallbacks,
   * only once CloudFormation reports the stack deleting the construct; a replaced narrowing's
   * statement goes in the cleanup phase.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Let a deployment move the switch's cutoff earlier, or back to idle. Without it, a rollback or
   * an older deployment keeps the later cutoff in force.
   *
   * @default false
   */
  readonly allowEarlierCutoff?: boolean;

  /**
   * Allow a cutoff more than 1 hour after the deploy time (it also denies new sessions until then).
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;

  /**
   * Add stack outputs `<outputPrefix>PolicyArn`, `EffectiveCutoff`, `RolesArmed`, `RolesNotArmed`,
   * `NotArmedReasons`, `RolesRevoked`, `RolesReArmed` and `Tampering`.
   *
   * @default false
   */
  readonly stackOutputs?: boolean;

  /**
   * The start of each stack output's name. Letters and digits.
   *
   * @default - this construct's id, without characters other than letters and digits
   */
  readonly outputPrefix?: string;
}

/**
 * An account-wide revocation at a constant number of IAM calls. In peacetime the switch attaches
 * one customer managed policy it owns to every selected role; its default version denies nothing.
 * In an incident, one deployment with `issuedBefore` writes one new default version that revokes
 * every armed role the narrowing takes, whatever their number; roles that could not be armed are
 * revoked inline in the same deployment.
 *
 * Whoever may detach the policy or set another default version can undo a revocation: protect it
 * with the statements of `protectionStatements` in an SCP, and watch the sweep's reports.
 *
 * @resource Custom::RevocationSwitch
 */
export class RevocationSwitch extends Construct {
  /**
   * SCP statements that deny creating, deleting or choosing the default version of any switch
   * policy (`policy/cdk-revoke-sessions/*`), deleting it and detaching it from a role, to everyone
   * but the exempt roles. SCPs do not apply to the management account.
   */
  public static protectionStatements(options: SwitchProtectionOptions): iam.PolicyStatement[] {
    if (options.exemptRoleArns.length === 0) {
      throw new Error('exemptRoleArns is empty; name the switch function\'s role (RevocationSwitch.functionRoleArn), or nobody could ever bump the switch');
    }
    const policies = `arn:${options.partition ?? 'aws'}:iam::*:policy${SWITCH_POLICY_PATH}*`;
    const exempt = { ArnNotLike: { 'aws:PrincipalArn': options.exemptRoleArns } };
    return [
      new iam.PolicyStatement({
        sid: 'ProtectRevocationSwitchVersions',
        effect: iam.Effect.DENY,
        actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'],
        resources: [policies],
        conditions: exempt,
      }),
      new iam.PolicyStatement({
        sid: 'ProtectRevocationSwitchAttachments',
        effect: iam.Effect.DENY,
        actions: ['iam:DetachRolePolicy'],
        resources: ['*'],
        conditions: { ...exempt, ArnLike: { 'iam:PolicyARN': policies } },
      }),
    ];
  }

  /**
   * The ARN of the switch's managed policy.
   *
   * @attribute
   */
  public readonly policyArn: string;
  /**
   * The version in force after deployment.
   *
   * @attribute
   */
  public readonly defaultVersion: string;
  /**
   * This switch's cutoff in force (ISO 8601, UTC), or `none (idle: the switch denies nothing)`.
   *
   * @attribute
   */
  public readonly effectiveCutoff: string;
  /**
   * How many selected roles carry the switch after deployment.
   *
   * @attribute
   */
  public readonly rolesArmed: string;
  /**
   * How many selected roles do not carry it.
   *
   * @attribute
   */
  public readonly rolesNotArmed: string;
  /**
   * Why, as `reason=count` (`quota-full`, `service-linked`, `identity-center`, `protected`, `missing`, `failed`), or `none`.
   *
   * @attribute
   */
  public readonly notArmedReasons: string;
  /**
   * The first names of the roles not armed, each with its reason.
   *
   * @attribute
   */
  public readonly notArmedNames: string;
  /**
   * Armed roles a statement in force revokes.
   *
   * @attribute
   */
  public readonly rolesRevokedBySwitch: string;
  /**
   * Roles that could not be armed and are revoked by an inline policy instead.
   *
   * @attribute
   */
  public readonly rolesRevokedInline: string;
  /**
   * Every role revoked: through the switch and inline, together.
   *
   * @attribute
   */
  public readonly rolesRevoked: string;
  /**
   * `none`, or what was wrong with the default version before this deployment put it right.
   *
   * @attribute
   */
  public readonly tampering: string;
  /**
   * Selected roles this deployment found unarmed although they existed before the switch: their
   * attachment was removed, or they could not be armed before (it arms them again).
   *
   * @attribute
   */
  public readonly rolesReArmed: string;
  /** The role of the function that writes the switch: exempt it in `protectionStatements`. */
  public readonly functionRoleArn: string;

  constructor(scope: Construct, id: string, props: RevocationSwitchProps = {}) {
    super(scope, id);
    const selection = (props.selection ?? RoleSelection.allInAccount())._bind();
    const narrowing = (props.revokeOnly ?? SwitchNarrowing.everyArmedRole())._narrowing();
    const exclude = selection.exclude ?? [];
    const quota = props.maxManagedPoliciesPerRole ?? DEFAULT_MAX_MANAGED_POLICIES;
    if (!Number.isInteger(quota) || quota < 1 || quota > MAX_MANAGED_POLICIES_QUOTA) {
      throw new Error(`maxManagedPoliciesPerRole ${quota} must be a whole number from 1 to ${MAX_MANAGED_POLICIES_QUOTA} `
        + '(IAM allows 10 managed policies per role, up to 20 after a quota increase)');
    }
    const interval = props.sweepInterval ?? Duration.minutes(15);
    if (!interval.isUnresolved() && interval.toSeconds() < 60) {
      throw new Error(`sweepInterval of ${interval.toSeconds()} seconds is shorter than EventBridge Scheduler's 1 minute; use Duration.minutes(1) or more`);
    }
    const explicitArns = selection.kind === SelectionKind.explicit ? validateTargetRoles(this, selection.roles!, MAX_EXPLICIT_SWITCH_ROLES) : [];
    const grant = revocationGrant(this, {
      cutoff: props.issuedBefore,
      removalPolicy: props.removalPolicy,
      allowEarlierCutoff: props.allowEarlierCutoff,
      allowFutureCutoff: props.allowFutureCutoff,
      spared: switchSpared(narrowing, exclude),
    });

    const provider = RevocationSwitchProvider.of(this);
    provider.grantSelection(selection, [...new Set((selection.roles ?? []).flatMap(roleArnPatterns))]);
    if (grant.remove) {
      provider.grantRemoval();
    }
    const targetProperties = {
      ...armingProperties(selection, explicitArns),
      ...narrowingProperties(narrowing),
      ...(exclude.length > 0 ? { [SwitchProp.exclude]: exclude } : {}),
      [SwitchProp.maxManagedPolicies]: String(quota),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: { ...targetProperties, ...cutoffProperties(props.issuedBefore), ...optInProperties(props) },
    });
    provider.serveResource(resource, grant);

    const cfn = resource.node.defaultChild as CfnResource;
    const switchEvent = (kind: string) => ({
      RevocationSwitch: kind,
      StackId: Stack.of(this).stackId,
      LogicalResourceId: Lazy.string({ produce: () => Stack.of(this).resolve(cfn.logicalId) }),
      ResourceProperties: { ...targetProperties, CutoffMode: 'none' },
    });
    const sweep = new scheduler.Schedule(this, 'Sweep', {
      description: 'cdk-revoke-sessions RevocationSwitch: re-arms roles, puts the highest version back, reports tampering',
      schedule: scheduler.ScheduleExpression.rate(interval),
      target: new schedulerTargets.LambdaInvoke(provider.onEventFunction, {
        input: scheduler.ScheduleTargetInput.fromObject(switchEvent('sweep')), role: provider.schedulerRole,
      }),
    });
    // The first sweep must find the policy the resource creates.
    sweep.node.addDependency(resource);
    provider.suppressSchedulerFindings();
    if ((props.armNewRoles ?? true) && selection.kind !== SelectionKind.explicit) {
      this.addCreateRoleRule(provider, switchEvent('create-role'));
    }
    this.node.addValidation({ validate: () => this.validateSizes(narrowing, exclude, targetProperties) });

    this.policyArn = resource.getAttString('PolicyArn');
    this.defaultVersion = resource.getAttString('DefaultVersion');
    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');
    this.rolesArmed = resource.getAttString('RolesArmed');
    this.rolesNotArmed = resource.getAttString('RolesNotArmed');
    this.notArmedReasons = resource.getAttString('NotArmedReasons');
    this.notArmedNames = resource.getAttString('NotArmedNames');
    this.rolesRevokedBySwitch = resource.getAttString('RolesRevokedBySwitch');
    this.rolesRevokedInline = resource.getAttString('RolesRevokedInline');
    this.rolesRevoked = resource.getAttString('RolesRevoked');
    this.tampering = resource.getAttString('Tampering');
    this.rolesReArmed = resource.getAttString('RolesReArmed');
    this.functionRoleArn = provider.functionRoleArn;

    if (props.stackOutputs) {
      const prefix = outputPrefixOf(this, props.outputPrefix);
      const outputs: Array<[string, string, string]> = [
        ['PolicyArn', this.policyArn, 'The switch policy: detaching it or setting another default version undoes a revocation'],
        ['EffectiveCutoff', this.effectiveCutoff, 'Sessions issued before this instant are denied on every armed role the narrowing takes'],
        ['RolesArmed', this.rolesArmed, 'Selected roles carrying the switch'],
        ['RolesNotArmed', this.rolesNotArmed, 'Selected roles not carrying it (revoked inline where IAM allows)'],
        ['NotArmedReasons', this.notArmedReasons, 'Why roles are not armed, as reason=count'],
        ['RolesRevoked', this.rolesRevoked, 'Roles revoked: through the switch and inline'],
        ['RolesReArmed', this.rolesReArmed, 'Roles found unarmed though they existed before the switch (detached?), armed again'],
        ['Tampering', this.tampering, 'What was wrong with the default version before this deployment put it right, or none'],
      ];
      outputs.forEach(([name, value, description]) => new CfnOutput(this, name, { key: `${prefix}${name}`, value, description }));
    } else if (props.outputPrefix !== undefined) {
      throw new Error(`outputPrefix "${props.outputPrefix}" is set but stackOutputs is not; set stackOutputs: true, or drop outputPrefix`);
    }
  }

  /** The SCP statements of `RevocationSwitch.protectionStatements`, exempting this switch's function role. */
  public scpStatements(): iam.PolicyStatement[] {
    return RevocationSwitch.protectionStatements({ exemptRoleArns: [this.functionRoleArn], partition: Stack.of(this).partition });
  }

  private addCreateRoleRule(provider: RevocationSwitchProvider, event: Record<string, unknown>): void {
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      Annotations.of(this).addWarningV2(SWITCH_NO_CREATE_ROLE_RULE_WARNING, `the stack deploys to ${region}, but IAM's CloudTrail events arrive in `
        + 'us-east-1 only, so new roles are armed by the sweep alone; deploy the switch in us-east-1 to arm them as they are created, or set armNewRoles: false');
      return;
    }
    new events.Rule(this, 'ArmNewRoles', {
      description: 'cdk-revoke-sessions RevocationSwitch: arms each new role (CloudTrail CreateRole; best effort, the sweep is the sure path)',
      eventPattern: {
        source: ['aws.iam'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateRole'] },
      },
      targets: [new eventsTargets.LambdaFunction(provider.onEventFunction, {
        event: events.RuleTargetInput.fromObject({ ...event, RoleName: events.EventField.fromPath('$.detail.requestParameters.roleName') }),
      })],
    });
  }

  /** The version must fit IAM's 6,144 characters, the inputs EventBridge's 8,192; tokens counted at their longest. */
  private validateSizes(narrowing: Narrowing, exclude: readonly string[], targetProperties: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const stack = Stack.of(this);
    const protectedArns = knownProtectedRoleArns(this).map((arn) => (Token.isUnresolved(arn) ? 'x'.repeat(TOKEN_CHARS) : arn));
    const text = buildSwitchDocument('0123456789', [{
      generation: '01234567', cutoffMs: Date.UTC(2026, 10, 22, 10), marks: ['01234567'], exempt: exemptPatterns(protectedArns, exclude), narrowing,
    }]);
    if (documentChars(text) > MAX_MANAGED_POLICY_CHARS) {
      problems.push(`the switch's version would be about ${documentChars(text)} characters, over IAM's ${MAX_MANAGED_POLICY_CHARS} for a managed policy `
        + `(${exclude.length} exclude entries and ${protectedArns.length} protected roles exempted); shorten exclude`);
    }
    const input = JSON.stringify(stack.resolve(targetProperties)).replace(/\{[^{}]*"(Ref|Fn::[A-Za-z]+)"[^{}]*\}/g, 'x'.repeat(TOKEN_CHARS));
    if (input.length + 400 > MAX_INPUT_CHARS) {
      problems.push(`the sweep's input would be about ${input.length + 400} characters, over EventBridge's ${MAX_INPUT_CHARS}; `
        + 'shorten exclude, or use a deploy-time selection instead of an explicit role list');
    }
    return problems;
  }
}

function armingProperties(selection: BoundSelection, explicitArns: readonly string[]): Record<string, unknown> {
  if (selection.kind === SelectionKind.explicit) {
    return { [SwitchProp.selection]: selection.kind, [SwitchProp.roleArns]: [...explicitArns] };
  }
  return {
    [SwitchProp.selection]: selection.kind,
    ...(selection.pathPrefix !== undefined ? { [SwitchProp.pathPrefix]: selection.pathPrefix } : {}),
    ...(selection.tagKey !== undefined ? { [SwitchProp.tagKey]: selection.tagKey } : {}),
    ...(selection.tagValue !== undefined ? { [SwitchProp.tagValue]: selection.tagValue } : {}),
    ...(selection.namePattern !== undefined ? { [SwitchProp.namePattern]: selection.namePattern } : {}),
  };
}

function outputPrefixOf(scope: Construct, given: string | undefined): string {
  const prefix = given ?? scope.node.id.replace(/[^A-Za-z0-9]/g, '');
  if (!/^[A-Za-z0-9]{1,200}$/.test(prefix)) {
    throw new Error(given === undefined
      ? `construct id "${scope.node.id}" has no letters or digits to name its stack outputs; set outputPrefix, such as "Switch"`
      : `outputPrefix "${given}" must be 1 to 200 letters and digits (CloudFormation output names); use a name such as "Switch"`);
  }
  return prefix;
}
