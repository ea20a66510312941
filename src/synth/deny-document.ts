/**
 * Deny statements built from condition clauses, their estimated size, and packing into
 * documents that fit a policy size limit. Construct-side only.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** operator → condition key → values; the keys of one clause must all match (AND). */
export type ConditionClause = Record<string, Record<string, string[]>>;

export interface DenyStatement {
  readonly Sid?: string;
  readonly Effect: 'Deny';
  readonly Principal?: { AWS: '*' };
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: ConditionClause;
}

/** An unresolved value (a Ref or Fn::GetAtt) is counted as this many characters. */
export const TOKEN_SIZE_ESTIMATE = 100;

/**
 * One statement per clause, except that single-condition clauses on the same operator and key
 * are merged into one statement (their values are ORed, as IAM does within one key).
 */
export function denyStatements(clauses: ConditionClause[], base: Omit<DenyStatement, 'Effect' | 'Condition'>): DenyStatement[] {
  const merged = new Map<string, ConditionClause>();
  const compound: ConditionClause[] = [];
  for (const clause of clauses) {
    const ops = Object.entries(clause);
    const keys = ops.length === 1 ? Object.keys(ops[0][1]) : [];
    if (keys.length !== 1) {
      compound.push(clause);
      continue;
    }
    const [op, byKey] = ops[0];
    const id = `${op}\n${keys[0]}`;
    const existing = merged.get(id);
    const values = [...(existing?.[op][keys[0]] ?? []), ...byKey[keys[0]]];
    merged.set(id, { [op]: { [keys[0]]: [...new Set(values)] } });
  }
  return [...merged.values(), ...compound].map((Condition) => ({ Effect: 'Deny', ...base, Condition }));
}

/** A policy document's size as IAM counts it, with whitespace outside strings not counted. */
export function documentSize(scope: IConstruct, statements: DenyStatement[]): number {
  const resolved = Stack.of(scope).resolve({ Version: '2012-10-17', Statement: statements });
  return JSON.stringify(resolved, (_k, v) => isIntrinsic(v) ? 'x'.repeat(TOKEN_SIZE_ESTIMATE - 2) : v).length;
}

/**
 * Packs statements into as few documents as fit `limit`, splitting a statement's values where
 * one statement alone is too large. Throws when a single value cannot fit.
 */
export function packStatements(scope: IConstruct, statements: DenyStatement[], limit: number): DenyStatement[][] {
  const docs: DenyStatement[][] = [];
  let current: DenyStatement[] = [];
  for (const st of statements.flatMap((s) => splitToFit(scope, s, limit))) {
    if (current.length > 0 && documentSize(scope, [...current, st]) > limit) {
      docs.push(current);
      current = [];
    }
    current.push(st);
  }
  if (current.length > 0) {
    docs.push(current);
  }
  return docs;
}

function splitToFit(scope: IConstruct, st: DenyStatement, limit: number): DenyStatement[] {
  if (documentSize(scope, [st]) <= limit) {
    return [st];
  }
  const ops = Object.entries(st.Condition ?? {});
  const keys = ops.length === 1 ? Object.entries(ops[0][1]) : [];
  if (keys.length !== 1 || keys[0][1].length < 2) {
    throw new Error(`one deny statement is ${documentSize(scope, [st])} characters, over the ${limit}-character limit; `
      + 'deny fewer principals or sessions per statement');
  }
  const [op] = ops[0];
  const [key, values] = keys[0];
  const half = Math.ceil(values.length / 2);
  return [values.slice(0, half), values.slice(half)].flatMap((part) =>
    splitToFit(scope, { ...st, Condition: { [op]: { [key]: part } } }, limit));
}

function isIntrinsic(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
