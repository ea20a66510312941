/**
 * cdk-nag suppressions for this library's own resources, written as the `cdk_nag` metadata that
 * cdk-nag reads, so the library needs no dependency on it. Each carries its reason, which shows
 * in the template and in cdk-nag's reports.
 */
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

export interface NagSuppression {
  readonly id: string;
  /** ASCII only: cdk-nag base64-encodes anything else. */
  readonly reason: string;
  /** Finding ids, or `{ regex }` objects, the suppression is limited to. */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/** Adds suppressions to the CloudFormation resource of `construct`, keeping any already there. */
export function suppressNag(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  const known = new Set(existing.map((s: { id: string; applies_to?: unknown }) => `${s.id}${JSON.stringify(s.applies_to ?? null)}`));
  const added = suppressions
    .map((s) => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) }))
    .filter((s) => !known.has(`${s.id}${JSON.stringify(s.applies_to ?? null)}`));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}
