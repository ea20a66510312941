/**
 * A resource-policy cutoff is written by CloudFormation as given, with no handler to check it,
 * so it must be a literal instant or a parameter CloudFormation itself constrains.
 */
import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { UTC_INSTANT_CONSTRAINT, UTC_INSTANT_PATTERN } from '../cutoff/utc-instant-pattern';

/**
 * Constrains the parameter an unresolved cutoff refers to with `UTC_INSTANT_PATTERN`, so a
 * malformed value fails the deploy before any policy is written. Anything else is refused.
 */
export function constrainCutoffParameter(scope: IConstruct, value: string): void {
  if (!Token.isUnresolved(value)) {
    return;
  }
  const stack = Stack.of(scope);
  const resolved = stack.resolve(value);
  const ref = typeof resolved === 'object' && resolved !== null && Object.keys(resolved).length === 1 ? resolved.Ref : undefined;
  const parameter = typeof ref === 'string'
    ? stack.node.findAll().find((c): c is CfnParameter => c instanceof CfnParameter && stack.resolve(c.logicalId) === ref)
    : undefined;
  if (!parameter) {
    throw new Error(`cutoff ${JSON.stringify(resolved)} cannot be checked before it is written into a resource policy; `
      + 'use Cutoff.at(...) with a literal instant, or Cutoff.fromParameter(...) with a String parameter of this stack');
  }
  if (parameter.type !== 'String') {
    throw new Error(`cutoff parameter ${parameter.node.path} has type ${parameter.type}; make it a String parameter `
      + 'holding a UTC instant such as 2026-11-22T10:00:00Z');
  }
  if (parameter.allowedPattern === undefined) {
    parameter.allowedPattern = UTC_INSTANT_PATTERN;
    parameter.constraintDescription ??= UTC_INSTANT_CONSTRAINT;
  } else if (parameter.allowedPattern !== UTC_INSTANT_PATTERN) {
    throw new Error(`cutoff parameter ${parameter.node.path} has its own allowedPattern "${parameter.allowedPattern}", which cannot be `
      + 'checked to admit UTC instants only; remove it, and the library sets one');
  }
}
