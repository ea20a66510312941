/**
 * Stack outputs named `<prefix><name>`, not by hashed logical ids, so `cdk deploy` prints readable
 * names and scripts can read them with `aws cloudformation describe-stacks`. Every construct with
 * `stackOutputs` uses these; two of them whose output names would meet are refused, naming both.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export type OutputSpec = [name: string, value: string, description: string];

/** Prefixes and full output names already taken in each stack, so two revocations cannot collide. */
const outputPrefixes = new WeakMap<Stack, Map<string, string>>();
const outputNames = new WeakMap<Stack, Map<string, string>>();

/** The outputs' prefix: `given`, or the construct's id in letters and digits; unique in the stack. */
export function outputPrefixOf(scope: Construct, given: string | undefined): string {
  const prefix = given ?? scope.node.id.replace(/[^A-Za-z0-9]/g, '');
  if (!/^[A-Za-z0-9]{1,200}$/.test(prefix)) {
    throw new Error(given === undefined
      ? `construct id "${scope.node.id}" has no letters or digits to name its stack outputs; set outputPrefix, such as "Revoke"`
      : `outputPrefix "${given}" must be 1 to 200 letters and digits (CloudFormation output names); use a name such as "Revoke"`);
  }
  const stack = Stack.of(scope);
  const taken = outputPrefixes.get(stack) ?? new Map<string, string>();
  outputPrefixes.set(stack, taken);
  const owner = taken.get(prefix);
  if (owner !== undefined) {
    throw new Error(`outputPrefix "${prefix}" of ${scope.node.path} is already used by ${owner} in stack ${stack.stackName}; `
      + 'set a unique outputPrefix on one of them');
  }
  taken.set(prefix, scope.node.path);
  return prefix;
}

/** Adds the outputs when `stackOutputs` is set; refuses an `outputPrefix` without it. */
export function addStackOutputs(scope: Construct, props: { readonly stackOutputs?: boolean; readonly outputPrefix?: string },
  outputs: OutputSpec[]): void {
  if (!props.stackOutputs) {
    if (props.outputPrefix !== undefined) {
      throw new Error(`outputPrefix "${props.outputPrefix}" is set but stackOutputs is not; set stackOutputs: true, or drop outputPrefix`);
    }
    return;
  }
  const prefix = outputPrefixOf(scope, props.outputPrefix);
  const stack = Stack.of(scope);
  const taken = outputNames.get(stack) ?? new Map<string, string>();
  outputNames.set(stack, taken);
  for (const [name, value, description] of outputs) {
    const key = `${prefix}${name}`;
    // Prefixes can differ and still meet: `Revoke` + `OwnedPolicyName` and `RevokeOwned` + `PolicyName`.
    const owner = taken.get(key);
    if (owner !== undefined) {
      throw new Error(`stack output ${key} of ${scope.node.path} is already an output of ${owner} in stack ${stack.stackName}; `
        + 'set a different outputPrefix on one of them');
    }
    taken.set(key, scope.node.path);
    new CfnOutput(scope, name, { key, value, description });
  }
}
