import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT } from './request-context';

/**
 * Resolves the pseudo-parameters and joins the oracle cannot evaluate, so a synthesized policy
 * document becomes the concrete JSON that IAM would store.
 */
export function concrete(value: unknown, attributes: Record<string, string> = {}): any {
  const recurse = (v: unknown) => concrete(v, attributes);
  if (Array.isArray(value)) {
    return value.map(recurse);
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
  if (o.Ref === 'AWS::StackId') {
    return `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Stack/00000000-0000-4000-8000-000000000000`;
  }
  if (typeof o.Ref === 'string' && attributes[o.Ref]) {
    return attributes[o.Ref];
  }
  if (typeof o['Fn::Sub'] === 'string') {
    return o['Fn::Sub'].replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, ACCOUNT).replace(/\$\{AWS::Region\}/g, 'us-east-1');
  }
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'];
    return recurse(parts).join(sep);
  }
  const getAtt = o['Fn::GetAtt'] && attributes[o['Fn::GetAtt'].join('.')];
  if (getAtt) {
    return getAtt;
  }
  if (Object.keys(o).some((k) => k === 'Ref' || k.startsWith('Fn::'))) {
    throw new Error(`cannot make ${JSON.stringify(o)} concrete; use imported roles in semantics tests`);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, recurse(v)]));
}

/**
 * Every policy document of the given type in the stack, made concrete.
 *
 * @param attributes values for `Fn::GetAtt`, keyed `LogicalId.Attribute`, and for `Ref`, keyed `LogicalId`
 */
export function documentsOf(stack: Stack, type = 'AWS::IAM::Policy', attributes: Record<string, string> = {}): any[] {
  return Object.values(Template.fromStack(stack).findResources(type)).map((r: any) => concrete(r.Properties.PolicyDocument, attributes));
}

/** A role or an IAM user, by the name IAM knows it by. */
export interface AttachedTo {
  readonly role?: string;
  readonly user?: string;
}

/**
 * The identity policies the template attaches to one principal, by logical id: what IAM
 * evaluates for that principal's requests, and nothing else. Judging a deny from here, not from
 * "the document the construct wrote", is what shows it reaches the principal it names.
 *
 * @param attributes values for `Ref` and `Fn::GetAtt` of in-stack roles and users
 */
export function attachedPolicies(stack: Stack, to: AttachedTo, attributes: Record<string, string> = {}): Record<string, unknown> {
  const template = Template.fromStack(stack);
  const out: Record<string, unknown> = {};
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of Object.entries(template.findResources(type)) as [string, any][]) {
      const names = (list: unknown[] | undefined) => (list ?? []).map((n) => concrete(n, attributes));
      const hit = (to.role !== undefined && names(r.Properties.Roles).includes(to.role))
        || (to.user !== undefined && names(r.Properties.Users).includes(to.user));
      if (hit) {
        out[id] = concrete(r.Properties.PolicyDocument, attributes);
      }
    }
  }
  return out;
}
