import { CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LONGEST_SESSION_MS, synthClock } from './revokes-nothing';
import { UTC_INSTANT_CONSTRAINT, UTC_INSTANT_PATTERN } from './utc-instant-pattern';
import { formatInstant, parseInstant } from '../core/instant';

/**
 * Options for `Cutoff.deployTime()`.
 */
export interface DeployTimeCutoffOptions {
  /**
   * Any value that identifies this revocation. The handler computes a new cutoff whenever it
   * changes, so bumping it (for example to the incident ticket, or a counter) revokes again.
   */
  readonly generation: string;

  /**
   * Added to the handler's clock, so that sessions issued while the policy propagates are
   * revoked too. The IAM console uses about 30 seconds.
   *
   * @default Duration.seconds(30)
   */
  readonly buffer?: Duration;
}

/**
 * Options for `Cutoff.fromContextOrParameter()`.
 */
export interface ContextOrParameterCutoffOptions {
  /**
   * The context key that holds the cutoff: `cdk deploy -c <key>=2026-11-22T10:00:00Z`.
   *
   * @default 'issuedBefore'
   */
  readonly contextKey?: string;

  /**
   * The id (and logical id) of the stack parameter used when the context key is not set:
   * `cdk deploy --parameters <id>=2026-11-22T10:00:00Z`. Letters and digits only.
   *
   * @default 'IssuedBefore'
   */
  readonly parameterId?: string;
}

/**
 * How a cutoff reaches the custom resource.
 *
 * @internal
 */
export interface CutoffSpec {
  readonly mode: 'fixed' | 'deploy-time';
  /** ISO 8601 instant in UTC, or a token. */
  readonly issuedBefore?: string;
  /** Milliseconds since the epoch, when known at synth. */
  readonly epochMs?: number;
  readonly generation?: string;
  readonly bufferSeconds?: number;
}

/**
 * The instant before which role sessions are revoked: every session whose
 * `aws:TokenIssueTime` is earlier is denied. Sessions issued at or after it are not affected.
 */
export abstract class Cutoff {
  /**
   * The `AllowedPattern` of the parameter `fromContextOrParameter` creates, for parameters of
   * your own: a UTC instant with seconds and `Z`, optionally with a fraction of a second, such
   * as `2026-11-22T10:00:00Z`. Every `effectiveCutoff` matches it.
   */
  public static readonly UTC_INSTANT_PATTERN: string = UTC_INSTANT_PATTERN;

  /**
   * A fixed instant, as an ISO 8601 string with a zone, such as `2026-11-22T10:00:00Z` or
   * `2026-11-22T11:00:00+01:00`. It is normalized to UTC with `Z`. A token (for example a
   * parameter's value) is passed through and validated by the handler at deploy time.
   *
   * @param instant ISO 8601 instant with a zone, or a string token
   */
  public static at(instant: string): Cutoff {
    if (Token.isUnresolved(instant)) {
      return new SpecCutoff({ mode: 'fixed', issuedBefore: instant });
    }
    return fixedCutoff(instant, 'issuedBefore');
  }

  /**
   * A fixed instant given as a date.
   *
   * @param date the instant; it must be a valid date
   */
  public static fromDate(date: Date): Cutoff {
    const ms = date.getTime();
    if (Number.isNaN(ms)) {
      throw new Error('issuedBefore date is invalid (NaN); pass a valid Date such as new Date("2026-11-22T10:00:00Z")');
    }
    return Cutoff.at(formatInstant(ms));
  }

  /**
   * The value of a CloudFormation parameter, so a responder can bump the cutoff with
   * `cdk deploy --parameters Name=2026-11-22T10:00:00Z` without changing code. The handler
   * validates the value at deploy time.
   *
   * @param parameter a `String` parameter that holds an ISO 8601 instant with a zone
   */
  public static fromParameter(parameter: CfnParameter): Cutoff {
    return new SpecCutoff({ mode: 'fixed', issuedBefore: parameter.valueAsString });
  }

  /**
   * The cutoff from context when it is set (`cdk deploy -c issuedBefore=2026-11-22T10:00:00Z`,
   * written into the template as a literal and checked like `Cutoff.at`), and otherwise from a
   * `String` parameter of the stack (`cdk deploy --parameters IssuedBefore=2026-11-22T10:00:00Z`)
   * whose `AllowedPattern` is `Cutoff.UTC_INSTANT_PATTERN`. The parameter has no default, so a
   * first deployment without either fails instead of revoking at an unintended instant; later
   * deployments keep its previous value. Calling it twice in a stack reuses one parameter.
   *
   * Two mistypes are refused rather than ignored: a context key that differs from `contextKey`
   * only in case or separators (`-c IssuedBefore=...`, `issued-before`), which would otherwise
   * leave the previous parameter value in force; and a context cutoff more than 36 hours before
   * synth (no session lives longer, so it is likely a year typo). A stale `Cutoff.at` in code
   * only warns, so an old incident stack still redeploys. Synth reads its clock only to refuse.
   *
   * @param scope any construct in the stack that holds the parameter
   * @param options the context key and the parameter id
   */
  public static fromContextOrParameter(scope: Construct, options: ContextOrParameterCutoffOptions = {}): Cutoff {
    const contextKey = options.contextKey ?? DEFAULT_CONTEXT_KEY;
    const parameterId = options.parameterId ?? DEFAULT_PARAMETER_ID;
    if (contextKey.length === 0) {
      throw new Error('contextKey "" is empty; pass a context key such as "issuedBefore", or omit it');
    }
    if (!/^[A-Za-z0-9]{1,255}$/.test(parameterId)) {
      throw new Error(`parameterId "${parameterId}" must be 1 to 255 letters and digits (a CloudFormation logical id), `
        + 'such as "IssuedBefore"');
    }
    refuseLookAlikeContextKeys(scope, contextKey, parameterId);
    const value: unknown = scope.node.tryGetContext(contextKey);
    if (value !== undefined) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new Error(`context ${contextKey} must be a string such as "2026-11-22T10:00:00Z"; received ${JSON.stringify(value)}`);
      }
      const cutoff = fixedCutoff(String(value), contextKey);
      refuseStaleContextCutoff(contextKey, cutoff._spec().epochMs!);
      return cutoff;
    }
    return Cutoff.fromParameter(cutoffParameter(Stack.of(scope), parameterId));
  }

  /**
   * The handler's clock at deploy time plus a buffer, as the IAM console's "Revoke active
   * sessions" button does. The synthesized template holds no clock value; it changes only
   * when `generation` does, which revokes again.
   */
  public static deployTime(options: DeployTimeCutoffOptions): Cutoff {
    const generation = options.generation;
    if (!Token.isUnresolved(generation) && (generation.length === 0 || generation.length > 256)) {
      throw new Error(`generation "${generation}" must be 1 to 256 characters; use an incident id or a counter`);
    }
    const buffer = options.buffer ?? Duration.seconds(30);
    if (buffer.isUnresolved()) {
      throw new Error('deploy-time cutoff buffer must be known at synth; pass a Duration such as Duration.seconds(30)');
    }
    const bufferSeconds = buffer.toMilliseconds() / 1000;
    if (!Number.isInteger(bufferSeconds) || bufferSeconds < 0) {
      throw new Error(`deploy-time cutoff buffer must be a whole, non-negative number of seconds; received ${bufferSeconds}`);
    }
    return new SpecCutoff({ mode: 'deploy-time', generation, bufferSeconds });
  }

  /**
   * The instant as an ISO 8601 UTC string, a token, or `undefined` for a deploy-time cutoff.
   */
  public get issuedBefore(): string | undefined {
    return this._spec().issuedBefore;
  }

  /** @internal */
  public abstract _spec(): CutoffSpec;
}

/** The one concrete kind: the spec says which cutoff it is. */
class SpecCutoff extends Cutoff {
  constructor(private readonly spec: CutoffSpec) {
    super();
  }

  public _spec(): CutoffSpec {
    return this.spec;
  }
}

const DEFAULT_CONTEXT_KEY = 'issuedBefore';
const DEFAULT_PARAMETER_ID = 'IssuedBefore';

/** A literal instant, refused with the parser's message under the name the user gave it. */
function fixedCutoff(instant: string, label: string): Cutoff {
  const parsed = parseInstant(instant, label);
  if (!parsed.ok) {
    throw new Error(parsed.reason);
  }
  return new SpecCutoff({ mode: 'fixed', issuedBefore: parsed.iso, epochMs: parsed.epochMs });
}

/** A key as a tired responder might type it: case and separators dropped. */
const lookAlike = (key: string) => key.toLowerCase().replace(/[-_.\s]/g, '');

/**
 * Context keys are matched exactly: `-c IssuedBefore=...` would be ignored and the previous
 * parameter value kept, with no error. Refused, naming both keys.
 */
function refuseLookAlikeContextKeys(scope: Construct, contextKey: string, parameterId: string): void {
  const typo = Object.keys(scope.node.getAllContext()).find((k) => k !== contextKey && lookAlike(k) === lookAlike(contextKey));
  if (typo !== undefined) {
    throw new Error(`context key "${typo}" is not "${contextKey}": context keys are matched exactly, so this cutoff would be ignored `
      + `and the parameter ${parameterId} keep its previous value; pass -c ${contextKey}=2026-11-22T10:00:00Z`);
  }
}

/** A cutoff typed on the command line now that revokes no live session is a typo; refused (the clock only refuses). */
function refuseStaleContextCutoff(contextKey: string, epochMs: number): void {
  const now = synthClock.now();
  if (epochMs < now - LONGEST_SESSION_MS) {
    throw new Error(`context ${contextKey} ${formatInstant(epochMs)} is more than 36 hours before synth `
      + `(${formatInstant(Math.floor(now / 1000) * 1000)}), so it revokes no live session: it is likely a typo in the year; `
      + 'give the instant the leak was contained, or, to redeploy an old incident stack on purpose, put its cutoff in code with Cutoff.at(...)');
  }
}

/** One cutoff parameter per stack and id, so two revocations share the value a responder bumps. */
function cutoffParameter(stack: Stack, id: string): CfnParameter {
  const existing = stack.node.tryFindChild(id);
  if (existing === undefined) {
    return new CfnParameter(stack, id, {
      type: 'String',
      description: 'Revoke sessions issued before this UTC instant, such as 2026-11-22T10:00:00Z',
      allowedPattern: UTC_INSTANT_PATTERN,
      constraintDescription: UTC_INSTANT_CONSTRAINT,
    });
  }
  if (existing instanceof CfnParameter && existing.type === 'String' && existing.allowedPattern === UTC_INSTANT_PATTERN) {
    return existing;
  }
  throw new Error(`stack ${stack.stackName} already has a construct "${id}" that is not a cutoff parameter `
    + '(a String parameter with Cutoff.UTC_INSTANT_PATTERN); pass another parameterId');
}
