/**
 * The custom resource properties every revocation construct sends: its cutoff and its opt-ins.
 * (What the opt-ins grant is bound at synth by `revocationGrant`, not by these properties.)
 */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { Cutoff } from '../cutoff/cutoff';

/** `retain` or `destroy`; other removal policies mean nothing for a revocation. */
export function removalOf(policy: RemovalPolicy | undefined): 'retain' | 'destroy' {
  switch (policy ?? RemovalPolicy.RETAIN) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return 'retain';
    case RemovalPolicy.DESTROY:
      return 'destroy';
    default:
      throw new Error(`removalPolicy "${policy}" is not supported for a revocation; use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`);
  }
}

/** The custom resource properties of a cutoff; `none` when there is none. */
export function cutoffProperties(cutoff: Cutoff | undefined): Record<string, string> {
  if (!cutoff) {
    return { CutoffMode: 'none' };
  }
  // Synth reads no clock: the handler checks a cutoff in the future against its own.
  const spec = cutoff._spec();
  return {
    CutoffMode: spec.mode,
    ...(spec.issuedBefore !== undefined ? { IssuedBefore: spec.issuedBefore } : {}),
    ...(spec.generation !== undefined ? { Generation: spec.generation } : {}),
    ...(spec.bufferSeconds !== undefined ? { BufferSeconds: String(spec.bufferSeconds) } : {}),
  };
}

/** What a revocation may weaken, as every resource of the library carries it. */
export interface RevocationOptIns {
  readonly removalPolicy?: RemovalPolicy;
  readonly allowEarlierCutoff?: boolean;
  readonly allowFutureCutoff?: boolean;
}

/** The custom resource properties `RemovalPolicy`, `AllowEarlierCutoff` and `AllowFutureCutoff`. */
export function optInProperties(props: RevocationOptIns): Record<string, string> {
  return {
    RemovalPolicy: removalOf(props.removalPolicy),
    AllowEarlierCutoff: String(props.allowEarlierCutoff ?? false),
    AllowFutureCutoff: String(props.allowFutureCutoff ?? false),
  };
}

/** Throws `problem(value)` for a value known at synth; tokens are checked by the handler. */
export function checkKnown(value: string, problem: (v: string) => string | undefined): void {
  if (!Token.isUnresolved(value)) {
    const why = problem(value);
    if (why) {
      throw new Error(why);
    }
  }
}
