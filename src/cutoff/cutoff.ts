import { CfnParameter, Duration, Token } from 'aws-cdk-lib';
import { formatInstant, parseInstant } from '../shared/instant';

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
    const parsed = parseInstant(instant);
    if (!parsed.ok) {
      throw new Error(parsed.reason);
    }
    return new SpecCutoff({ mode: 'fixed', issuedBefore: parsed.iso, epochMs: parsed.epochMs });
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
