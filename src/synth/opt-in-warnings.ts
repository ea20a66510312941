import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One warning id per opt-in, the same for every construct of the library (documented in the README). */
export const EARLIER_CUTOFF_WARNING = 'cdk-revoke-sessions:earlierCutoffAllowed';
export const FUTURE_CUTOFF_WARNING = 'cdk-revoke-sessions:futureCutoffAllowed';

/** The warnings an opt-in deserves, on the construct that opted in. */
export function optInWarnings(scope: IConstruct, allowEarlierCutoff?: boolean, allowFutureCutoff?: boolean): void {
  if (allowEarlierCutoff) {
    Annotations.of(scope).addWarningV2(EARLIER_CUTOFF_WARNING, 'allowEarlierCutoff is set: a rollback or an older deployment '
      + 'can move this construct\'s cutoff earlier and un-revoke sessions it had denied; remove it once the incident is over');
  }
  if (allowFutureCutoff) {
    Annotations.of(scope).addWarningV2(FUTURE_CUTOFF_WARNING, 'allowFutureCutoff is set: a cutoff in the future also denies '
      + 'every session started until then, new ones included');
  }
}
