import { Annotations, CfnResource, CustomResource, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DEFAULT_POLICY_PREFIX, MAX_EXEMPT_ROLE_ARNS, MAX_NAMES, MAX_SELECTIONS, MAX_TARGETS, OrgProp, RESOURCE_TYPE, sparedOf } from './properties';
import { OrganizationSessionsProvider, stackRoleTails } from './provider';
import {
  buildScp,
  exemptPatterns,
  globCrossesPathWarning,
  MAX_SCP_CHARS,
  MAX_SCPS_PER_TARGET,
  permissionSetNameProblem,
  REPORTED_MAX_SCP_CHARS,
  REPORTED_MAX_SCPS_PER_TARGET,
  roleGlobProblem,
  ScpSelection,
  selectedPermissionSetProblem,
  scpQuotaProblem,
  selectedRoleProblem,
  targetKindProblem,
  userIdProblem,
} from './scp-document';
import { MAX_OWNED_SCPS } from './scp-plan';
import { SCP_PREVIEW_METADATA, scpPreview } from './scp-preview';
import { Cutoff } from '../cutoff/cutoff';
import { knownProtectedRoleArns } from '../synth/library-provider';
import { revocationGrant } from '../synth/revocation-grant';
import { checkKnown, cutoffProperties, optInProperties } from '../synth/revocation-properties';
import { addStackOutputs } from '../synth/stack-outputs';
import { LONGEST_ROLE_ARN, TokenEstimate } from '../synth/token-estimate';

/** The note (an info, so `--strict` passes) that says which SCP slots the policy takes. */
export const SCP_SLOT_INFO = 'cdk-revoke-sessions:scpSlot';
/** The warning that an account target is the stack's own account (the management account, where SCPs never apply). */
export const SCP_OWN_ACCOUNT_WARNING = 'cdk-revoke-sessions:scpOwnAccount';
/** Warned for a user glob ending in `*`: `ArnLike`'s `*` crosses `/`, so it spares roles under look-alike paths. */
export const GLOB_CROSSES_PATH_WARNING = 'cdk-revoke-sessions:globCrossesPath';
/** The longest value of each kind of token, for the size estimate: a role name, an identity store user id. */
const LONGEST = { roleName: 64, userId: 47 } as const;
const ACCOUNT_ID = /^\d{12}$/;

/** Options for `OrganizationSelection.allRoles()`. */
export interface AllRolesOptions {
  /**
   * Role names (with `*` and `?` wildcards, any path) to leave alone, besides the roles every
   * revocation exempts. Exact case. A glob ending in `*` warns
   * (`cdk-revoke-sessions:globCrossesPath`): in an SCP its `*` also matches `/`.
   *
   * @default - only the roles every revocation exempts
   */
  readonly exclude?: string[];
}

/**
 * Whose sessions the service control policy denies, in every account it applies to.
 */
export abstract class OrganizationSelection {
  /**
   * Roles with these names in every account, at any path (`role/<name>`, `role/<path>/<name>`),
   * never a role whose name only ends with one of them. Names match with their exact case, as
   * `ArnLike` compares them: `ci-deployer` does not match `CI-Deployer`. A name the SCP exempts
   * (deployment, StackSets, organization access or break-glass roles) is refused, and so is one
   * that differs from an exempt name only in case.
   *
   * @param names IAM role names, without path or wildcards
   */
  public static rolesNamed(names: string[]): OrganizationSelection {
    return new SpecSelection({ kind: 'roles-named', names: checkedNames(names, (n) => selectedRoleProblem(n, [])) });
  }

  /**
   * The IAM Identity Center roles of these permission sets in every account
   * (`role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_<name>_*`). A permission set whose name
   * starts with another's name and an underscore is matched too (`Admin` matches `Admin_ReadOnly`).
   *
   * @param names permission set names, as the Identity Center console shows them
   */
  public static permissionSets(names: string[]): OrganizationSelection {
    return new SpecSelection({ kind: 'permission-sets', names: checkedNames(names, permissionSetNameProblem) });
  }

  /**
   * Every session of one IAM Identity Center user, whatever permission set it came through,
   * matched on `identitystore:UserId` (stable, unlike the user name). Without `issuedBefore`
   * every session of that person is denied until the construct is removed.
   *
   * @param userId the identity store user id; written lower-case, as Identity Center issues it
   * (`StringEquals` compares exactly)
   */
  public static identityCenterUser(userId: string): OrganizationSelection {
    checkKnown(userId, userIdProblem);
    return new SpecSelection({ kind: 'identity-center-user', userId: Token.isUnresolved(userId) ? userId : userId.toLowerCase() });
  }

  /**
   * Every role in every account, except the roles every revocation exempts and `exclude`.
   */
  public static allRoles(options: AllRolesOptions = {}): OrganizationSelection {
    const exclude = options.exclude ?? [];
    exclude.forEach((n) => checkKnown(n, (v) => roleGlobProblem('excluded role', v)));
    return new SpecSelection({ kind: 'all-roles', exclude });
  }

  /** @internal */
  public abstract _spec(): ScpSelection;
}

class SpecSelection extends OrganizationSelection {
  constructor(private readonly spec: ScpSelection) {
    super();
  }

  public _spec(): ScpSelection {
    return this.spec;
  }
}

function checkedNames(names: string[], problem: (n: string) => string | undefined): string[] {
  if (names.length === 0 || names.length > MAX_NAMES) {
    throw new Error(`a selection takes 1 to ${MAX_NAMES} names; received ${names.length}`);
  }
  names.forEach((n) => checkKnown(n, problem));
  return [...names];
}

/**
 * Where the service control policy is attached: the organization root, an OU or an account.
 * SCPs never apply to the management account.
 */
export abstract class OrganizationTarget {
  /** The organization root (`r-xxxx`): every member account. */
  public static root(rootId: string): OrganizationTarget {
    return new IdTarget('root', rootId);
  }

  /** An organizational unit (`ou-xxxx-xxxxxxxx`) and everything below it. */
  public static organizationalUnit(ouId: string): OrganizationTarget {
    return new IdTarget('organizational unit', ouId);
  }

  /** One member account (12 digits). */
  public static account(accountId: string): OrganizationTarget {
    return new IdTarget('account', accountId);
  }

  /** The id of the root, OU or account. */
  public abstract readonly targetId: string;
}

class IdTarget extends OrganizationTarget {
  constructor(kind: 'root' | 'organizational unit' | 'account', public readonly targetId: string) {
    super();
    checkKnown(targetId, (id) => targetKindProblem(kind, id));
  }
}

/**
 * The Organizations quotas the SCP checks use. AWS's quotas pages, as stored here, give 5,120
 * characters per SCP and 5 SCPs per root, OU or account, the defaults. Third-party reports of May
 * 2026 say both doubled: once your organization's Organizations quotas page shows 10,240 and 10,
 * set `{ maxCharacters: 10240, maxPerTarget: 10 }`.
 */
export interface ScpQuotas {
  /**
   * Characters one SCP may hold; synth and the handler refuse a larger SCP. At most 10,240.
   *
   * @default 5120
   */
  readonly maxCharacters?: number;

  /**
   * SCPs a root, OU or account may have attached; the `cdk-revoke-sessions:scpSlot` note names it. At most 10.
   *
   * @default 5
   */
  readonly maxPerTarget?: number;
}

/** Properties of `RevokeOrganizationSessions`. */
export interface RevokeOrganizationSessionsProps {
  /**
   * Whose sessions are denied; each selection is one statement of the SCP. A selection dropped
   * on an update keeps its statement (in the SCP of the earlier deployment) unless the removal
   * policy is `DESTROY`.
   */
  readonly selections: OrganizationSelection[];

  /**
   * The roots, OUs and accounts the SCP is attached to. Each attachment takes one of the target's
   * SCP slots, and a later cutoff one more until it supersedes the earlier SCP. The organization's
   * management account is refused: SCPs never apply there.
   */
  readonly targets: OrganizationTarget[];

  /**
   * The organization's management account, where SCPs never apply: a target equal to it is refused
   * at synth (the function refuses it at deploy time in any case, from `DescribeOrganization`).
   *
   * @default - checked at deploy time only
   */
  readonly managementAccount?: string;

  /**
   * Sessions issued before this instant are denied. Without it there is no time condition,
   * which only `OrganizationSelection.identityCenterUser` selections may use: every session of
   * those users is denied until the construct is removed.
   *
   * @default - no time condition (Identity Center user selections only)
   */
  readonly issuedBefore?: Cutoff;

  /**
   * Role names (with `*` and `?` wildcards, any path) the SCP never denies, besides the built-in
   * exemptions (CDK bootstrap roles, the StackSets administration and execution roles,
   * `OrganizationAccountAccessRole`, `AWSControlTowerExecution` and this stack's own roles).
   * Names match with their exact case. A glob ending in `*` warns
   * (`cdk-revoke-sessions:globCrossesPath`): `ArnLike`'s `*` also matches `/`, so `Admin*` spares
   * every role under a path `/Admin.../`; prefer a fixed ending or `?` per character.
   *
   * @default - the built-in exemptions only
   */
  readonly breakGlassRoles?: string[];

  /**
   * Prefix of the SCPs' names; a name ends with a tag of this resource, its generation and a digest
   * of its text, so each resource owns its own SCPs and each SCP is written once.
   *
   * @default 'RevokeSessions'
   */
  readonly policyNamePrefix?: string;

  /**
   * `RETAIN` keeps the SCPs attached when the construct is removed (and keeps the selections and
   * targets an update dropped); `DESTROY` detaches and deletes them, once CloudFormation confirms
   * the update succeeded or the construct is deleted. Either way, an SCP superseded by a later one
   * (same selections and targets, a later cutoff) is detached and deleted once the later one is in place.
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
   * Accepts a cutoff more than one hour after the deploy time (it also denies new sessions until then).
   *
   * @default false
   */
  readonly allowFutureCutoff?: boolean;

  /**
   * Adds stack outputs that `cdk deploy` prints, named `<outputPrefix>PolicyId`,
   * `<outputPrefix>PolicyName` and `<outputPrefix>EffectiveCutoff`.
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

  /**
   * The Organizations quotas the checks use.
   *
   * @default - 5,120 characters per SCP and 5 SCPs per target, as AWS's quotas pages state
   */
  readonly scpQuotas?: ScpQuotas;
}

/**
 * Revokes sessions across an AWS organization with one service control policy: every action is
 * denied to sessions issued before the cutoff whose principal matches a selection, in every
 * member account below the targets. Deploy it in the management account or an Organizations
 * delegated administrator for policies. SCPs do not apply to the management account, to
 * service-linked roles, or to requests signed with long-term access keys.
 */
export class RevokeOrganizationSessions extends Construct {
  /** The id (`p-...`) of the SCP in force; each SCP is written once, so a later cutoff brings a new one. */
  public readonly policyId: string;
  /** The name of the SCP in force, owned by this resource. */
  public readonly policyName: string;
  /** The cutoff in force, ISO 8601 UTC, or `none (every session)`. */
  public readonly effectiveCutoff: string;

  constructor(scope: Construct, id: string, props: RevokeOrganizationSessionsProps) {
    super(scope, id);
    const selections = props.selections.map((s) => s._spec());
    if (selections.length === 0 || selections.length > MAX_SELECTIONS) {
      throw new Error(`selections must hold 1 to ${MAX_SELECTIONS} selections; received ${selections.length}`);
    }
    if (props.targets.length === 0 || props.targets.length > MAX_TARGETS) {
      throw new Error(`targets must hold 1 to ${MAX_TARGETS} roots, OUs or accounts; received ${props.targets.length}`);
    }
    if (!props.issuedBefore && selections.some((s) => s.kind !== 'identity-center-user')) {
      throw new Error('issuedBefore is required for role and permission set selections; only OrganizationSelection.identityCenterUser() '
        + 'may deny every session without a cutoff');
    }
    const breakGlass = props.breakGlassRoles ?? [];
    breakGlass.forEach((n) => checkKnown(n, (v) => roleGlobProblem('break-glass role', v)));
    const globs = [...breakGlass.map((g) => ['break-glass role', g]),
      ...selections.flatMap((sel) => (sel.kind === 'all-roles' ? sel.exclude.map((g) => ['excluded role', g]) : []))];
    for (const [label, glob] of globs) {
      const warning = Token.isUnresolved(glob) ? undefined : globCrossesPathWarning(label, glob);
      if (warning) {
        Annotations.of(this).addWarningV2(GLOB_CROSSES_PATH_WARNING, warning);
      }
    }
    for (const s of selections) {
      // Checked again with the break-glass roles, which the selection's factory did not know.
      if (s.kind === 'roles-named') {
        s.names.forEach((n) => checkKnown(n, (v) => selectedRoleProblem(v, breakGlass)));
      } else if (s.kind === 'permission-sets') {
        s.names.forEach((n) => checkKnown(n, (v) => selectedPermissionSetProblem(v, breakGlass)));
      }
    }
    const maxCharacters = props.scpQuotas?.maxCharacters ?? MAX_SCP_CHARS;
    const maxPerTarget = props.scpQuotas?.maxPerTarget ?? MAX_SCPS_PER_TARGET;
    // Numbers known at synth: the size check needs them, and a token is no figure from a quotas page.
    if (Token.isUnresolved(maxCharacters) || Token.isUnresolved(maxPerTarget)) {
      throw new Error('scpQuotas must be plain numbers known at synth, such as { maxCharacters: 10240, maxPerTarget: 10 }, not tokens');
    }
    const quotaProblem = scpQuotaProblem('scpQuotas.maxCharacters', maxCharacters, REPORTED_MAX_SCP_CHARS)
      ?? scpQuotaProblem('scpQuotas.maxPerTarget', maxPerTarget, REPORTED_MAX_SCPS_PER_TARGET);
    if (quotaProblem) {
      throw new Error(quotaProblem);
    }
    const prefix = props.policyNamePrefix ?? DEFAULT_POLICY_PREFIX;
    checkKnown(prefix, (p) => (/^[\w+=,.@-]{1,100}$/.test(p) ? undefined
      : `policyNamePrefix "${p}" must be 1 to 100 characters of letters, digits and +=,.@_-`));
    const targets = props.targets.map((t) => t.targetId);
    checkManagementAccount(props.managementAccount, targets);

    // What the SCP spares is bound to the function at synth: an event can never add to it.
    const grant = revocationGrant(this, {
      cutoff: props.issuedBefore,
      removalPolicy: props.removalPolicy,
      allowEarlierCutoff: props.allowEarlierCutoff,
      allowFutureCutoff: props.allowFutureCutoff,
      spared: sparedOf({ selections, breakGlass, exemptArns: [], policyPrefix: prefix }),
    });
    const provider = OrganizationSessionsProvider.of(this);

    // Every provider of the library in the stack and the deploy roles, added before or after this construct.
    const sizeProblem = () => this.sizeProblem(selections, breakGlass, knownProtectedRoleArns(this), props.issuedBefore, maxCharacters);
    const problem = sizeProblem();
    if (problem) {
      throw new Error(problem);
    }
    this.node.addValidation({ validate: () => [sizeProblem()].filter((p): p is string => p !== undefined) });

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        [OrgProp.selections]: selections.map(selectionProperties),
        [OrgProp.targets]: targets,
        ...(breakGlass.length > 0 ? { [OrgProp.breakGlassRoles]: breakGlass } : {}),
        ...cutoffProperties(props.issuedBefore),
        [OrgProp.policyPrefix]: prefix,
        ...(props.scpQuotas?.maxCharacters !== undefined ? { [OrgProp.maxScpCharacters]: String(maxCharacters) } : {}),
        ...optInProperties(props),
      },
    });
    // The SCP as synth knows it, for review in `cdk synth` before deploying: what the handler
    // will write, with deploy-time values shown as <LogicalId.Attribute> and <Parameter>.
    (resource.node.defaultChild as CfnResource).addMetadata(SCP_PREVIEW_METADATA, Lazy.any({
      produce: () => scpPreview(this, { selections, breakGlass, stackRoleTails: stackRoleTails(this), cutoff: props.issuedBefore }),
    }));
    provider.serveResource(resource, grant);
    this.policyId = resource.getAttString('PolicyId');
    this.policyName = resource.getAttString('PolicyName');
    this.effectiveCutoff = resource.getAttString('EffectiveCutoff');

    // Every organization revocation takes slots: a note, not a warning, or every strict synth would fail.
    Annotations.of(this).addInfo(`the revocation SCP takes one of the ${maxPerTarget} SCP slots `
      + `(${props.scpQuotas?.maxPerTarget === undefined ? 'the default quota' : 'scpQuotas.maxPerTarget'}) of each target: `
      + `${targets.map((t) => (Token.isUnresolved(t) ? '(a token)' : t)).join(', ')}, and a later cutoff one more until it supersedes `
      + `the earlier SCP (at most ${MAX_OWNED_SCPS} at once); a target with no free slot fails the deploy with the target named, `
      + `and the earlier SCP stays in force there [${SCP_SLOT_INFO}]`);
    const account = Stack.of(this).account;
    if (!Token.isUnresolved(account) && targets.includes(account)) {
      Annotations.of(this).addWarningV2(SCP_OWN_ACCOUNT_WARNING, `target account ${account} is the account this stack deploys to; `
        + 'if it is the management account, the SCP never applies there and its sessions stay valid: revoke them with '
        + 'RevokeOlderSessions or RevokeIdentityCenterSessions in that account (a delegated administrator is a member account, where it applies)');
    }
    addStackOutputs(this, props, [
      ['PolicyId', this.policyId, 'The session revocation SCP'],
      ['PolicyName', this.policyName, 'The name of the SCP this construct owns'],
      ['EffectiveCutoff', this.effectiveCutoff, 'Sessions issued before this instant are denied'],
    ]);
  }

  /** The SCP must fit Organizations' quota, tokens counted at their longest; the the stack's roles as the handler exempts them. */
  private sizeProblem(selections: ScpSelection[], breakGlass: string[], exemptArns: string[], cutoff: Cutoff | undefined,
    maxCharacters: number): string | undefined {
    if (exemptArns.length > MAX_EXEMPT_ROLE_ARNS) {
      return `the stack holds ${exemptArns.length} roles of this library's providers and deploy roles for the SCP to exempt, over `
        + `${MAX_EXEMPT_ROLE_ARNS}; move some revocations with other capabilities (removalPolicy, allowEarlierCutoff) to another stack`;
    }
    // Each token at its longest, and distinct from every other token: one shared placeholder was
    // de-duplicated, so ten token ARNs counted as one.
    const tokens = new TokenEstimate(this);
    const name = (s: string) => tokens.longest(s, LONGEST.roleName);
    const estimate = selections.map((s): ScpSelection => {
      switch (s.kind) {
        case 'identity-center-user': return { ...s, userId: tokens.longest(s.userId, LONGEST.userId) };
        case 'all-roles': return { ...s, exclude: s.exclude.map(name) };
        default: return { ...s, names: s.names.map(name) };
      }
    });
    const text = buildScp({
      selections: estimate,
      exempt: exemptPatterns(breakGlass.map(name), exemptArns.map((a) => tokens.longest(a, LONGEST_ROLE_ARN))),
      // The longest cutoff text, with milliseconds.
      cutoffMs: cutoff ? Date.UTC(2026, 0, 1, 0, 0, 0, 1) : undefined,
    });
    return text.length <= maxCharacters ? undefined
      : `the revocation SCP would be about ${text.length} characters (this stack's ${Stack.of(this).stackName} roles counted `
        + `at their longest), over Organizations' ${maxCharacters}; select fewer names or break-glass roles, or split them across constructs`
        + (maxCharacters < REPORTED_MAX_SCP_CHARS ? ` (or, once your organization's quota is ${REPORTED_MAX_SCP_CHARS}, set scpQuotas.maxCharacters)` : '');
  }
}

/** A literal target equal to the declared management account: SCPs never apply there. */
function checkManagementAccount(managementAccount: string | undefined, targets: readonly string[]): void {
  if (managementAccount === undefined || Token.isUnresolved(managementAccount)) {
    return;
  }
  if (!ACCOUNT_ID.test(managementAccount)) {
    throw new Error(`managementAccount "${managementAccount}" is not a 12-digit account id`);
  }
  if (targets.includes(managementAccount)) {
    throw new Error(`target ${managementAccount} is the organization's management account, where SCPs never apply, so its sessions would `
      + 'stay valid; remove it from targets and revoke its sessions there with RevokeOlderSessions or RevokeIdentityCenterSessions');
  }
}

function selectionProperties(s: ScpSelection): Record<string, unknown> {
  switch (s.kind) {
    case 'identity-center-user': return { Kind: s.kind, UserId: s.userId };
    case 'all-roles': return { Kind: s.kind, ...(s.exclude.length > 0 ? { Exclude: s.exclude } : {}) };
    default: return { Kind: s.kind, Names: s.names };
  }
}
