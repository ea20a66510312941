import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT } from './request-context';

/**
 * Resolves the pseudo-parameters and joins the oracle cannot evaluate, so a synthesized policy
 * document becomes the concrete JSON that IAM would store.
 */
export function concrete(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(concrete);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const o = value as Record<string, any>;
  if (o.Ref === 'AWS::Partition') {
    return 'aws';
  }
  if (o.Ref === 'AWS::AccountId') {
    return ACCOUNT;
  }
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'];
    return concrete(parts).join(sep);
  }
  if (Object.keys(o).some((k) => k === 'Ref' || k.startsWith('Fn::'))) {
    throw new Error(`cannot make ${JSON.stringify(o)} concrete; use imported roles in semantics tests`);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, concrete(v)]));
}

/** Every policy document of the given type in the stack, made concrete. */
export function documentsOf(stack: Stack, type = 'AWS::IAM::Policy'): any[] {
  return Object.values(Template.fromStack(stack).findResources(type)).map((r: any) => concrete(r.Properties.PolicyDocument));
}
