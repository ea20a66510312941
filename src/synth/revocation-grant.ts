/**
 * The synth side of the engine's grants: what one construct may weaken, decided here from its props
 * and written into its function's environment by `LibraryProvider.serveResource`. The same checks
 * and warnings for every revocation construct: a cutoff too far ahead is refused at synth, a stale
 * one warned about, and every opt-in warned about with one id.
 */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { optInWarnings } from './opt-in-warnings';
import { removalOf } from './revocation-properties';
import { FutureBound, narrowingDigest, ResourceGrant } from '../core/engine/grants';
import { formatInstant } from '../core/instant';
import { MAX_FUTURE_MS } from '../core/resource-props';
import { Cutoff } from '../cutoff/cutoff';
import { synthClock, warnIfCutoffRevokesNothing } from '../cutoff/revokes-nothing';

/** What every revocation construct may opt into. */
export interface RevocationGrantOptions {
  /** `undefined`: the construct denies with no time condition (only where the construct allows it). */
  readonly cutoff?: Cutoff;
  readonly removalPolicy?: RemovalPolicy;
  readonly allowEarlierCutoff?: boolean;
  readonly allowFutureCutoff?: boolean;
  /** What the construct spares, as its handler reads it from the properties; every value literal. */
  readonly spared?: Record<string, string | readonly string[] | undefined>;
}

/**
 * Checks the cutoff (refused when more than an hour ahead without `allowFutureCutoff`, warned when
 * it revokes nothing), warns on each opt-in, and returns the grant for the construct's resource.
 */
export function revocationGrant(scope: IConstruct, options: RevocationGrantOptions): ResourceGrant {
  const future = options.cutoff ? futureBound(options.cutoff, options.allowFutureCutoff ?? false) : undefined;
  if (options.cutoff) {
    warnIfCutoffRevokesNothing(scope, options.cutoff);
  }
  optInWarnings(scope, options.allowEarlierCutoff, options.allowFutureCutoff);
  const spared = options.spared ?? {};
  for (const [key, value] of Object.entries(spared)) {
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    const token = values.find((v) => Token.isUnresolved(v));
    if (token !== undefined) {
      throw new Error(`${key} holds a value known only at deploy time (${token}); what a revocation spares is bound to its function at synth, `
        + 'so give it as a literal string');
    }
  }
  return {
    remove: removalOf(options.removalPolicy) === 'destroy',
    lower: options.allowEarlierCutoff === true,
    noCutoff: options.cutoff === undefined,
    future,
    narrowing: narrowingDigest(spared),
  };
}

/**
 * The furthest cutoff the handler may accept past the usual hour: only what synth knew. A literal
 * cutoff more than an hour ahead needs `allowFutureCutoff` (refused here otherwise), and then bounds
 * itself; a deploy-time buffer bounds itself the same way. A cutoff known only at deploy time (a
 * parameter) cannot be bounded, so `allowFutureCutoff` is refused for it.
 */
export function futureBound(cutoff: Cutoff, allowFuture: boolean): FutureBound | undefined {
  const spec = cutoff._spec();
  if (spec.mode === 'deploy-time') {
    const ms = (spec.bufferSeconds ?? 30) * 1000;
    if (ms > MAX_FUTURE_MS && !allowFuture) {
      throw new Error(`deploy-time cutoff buffer of ${spec.bufferSeconds} seconds is more than 1 hour, so it would also deny `
        + 'new sessions until then; use a shorter buffer, or set allowFutureCutoff: true');
    }
    return allowFuture ? { kind: 'buffer', ms } : undefined;
  }
  if (spec.epochMs === undefined) {
    if (allowFuture) {
      throw new Error('allowFutureCutoff needs a cutoff known at synth (Cutoff.at, Cutoff.fromDate, or -c with fromContextOrParameter) or a '
        + `deploy-time buffer, so the function can bound it; the cutoff here (${spec.issuedBefore}) is known only at deploy time, so `
        + 'drop allowFutureCutoff or give the cutoff at synth');
    }
    return undefined;
  }
  // The only clock read at synth: it can refuse a cutoff, never change the template.
  if (!allowFuture && spec.epochMs > synthClock.now() + MAX_FUTURE_MS) {
    throw new Error(`issuedBefore ${formatInstant(spec.epochMs)} is more than 1 hour in the future, so it would also deny `
      + 'new sessions until then; use an earlier cutoff, or set allowFutureCutoff: true');
  }
  return allowFuture ? { kind: 'until', epochMs: spec.epochMs } : undefined;
}
