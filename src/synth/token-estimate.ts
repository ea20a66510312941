/**
 * Unresolved values at their longest, for size estimates made at synth. Every distinct token
 * gets its own placeholder, so the estimate never de-duplicates two values that differ at deploy.
 */
import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The longest role ARN CloudFormation generates: the longest partition, path `/`, a 64-character name. */
const ROLE_ARN_PREFIX = 'arn:aws-us-gov:iam::111122223333:role/';
export const LONGEST_ROLE_ARN = ROLE_ARN_PREFIX.length + 64;

/** The longest value of each pseudo parameter an ARN is made of. */
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::AccountId': '111122223333',
  'AWS::Region': 'us-isof-south-1',
  'AWS::URLSuffix': 'amazonaws.com.cn',
};

/** Placeholders of one estimate: the same token is one value at deploy, two tokens are two. */
export class TokenEstimate {
  private readonly placeholders = new Map<string, string>();

  constructor(private readonly scope: IConstruct) {}

  /**
   * The value with each token at its longest: a pseudo parameter at its longest value, a role's
   * `Arn` attribute at the longest role ARN, any other token at `length` characters (the longest
   * value of what it stands for), each distinct.
   */
  public longest(value: string, length: number): string {
    if (!Token.isUnresolved(value)) {
      return value;
    }
    const stack = Stack.of(this.scope);
    return Tokenization.reverseString(value)
      .mapTokens({ mapToken: (token) => this.placeholder(stack.resolve(token), length) })
      .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
  }

  private placeholder(resolved: unknown, length: number): string {
    const ref = (resolved as { Ref?: unknown } | null)?.Ref;
    if (typeof ref === 'string' && PSEUDO[ref] !== undefined) {
      return PSEUDO[ref];
    }
    const key = JSON.stringify(resolved);
    const known = this.placeholders.get(key);
    if (known !== undefined) {
      return known;
    }
    const getAtt = (resolved as { 'Fn::GetAtt'?: unknown[] } | null)?.['Fn::GetAtt'];
    const roleArn = Array.isArray(getAtt) && getAtt[1] === 'Arn';
    const id = String(this.placeholders.size);
    const fill = (prefix: string, total: number) => `${prefix}${id}${'x'.repeat(Math.max(0, total - prefix.length - id.length))}`;
    const text = roleArn ? fill(ROLE_ARN_PREFIX, LONGEST_ROLE_ARN) : fill('', length);
    this.placeholders.set(key, text);
    return text;
  }
}
