import { ExpectedResult, IntegTest, IApiCall } from '@aws-cdk/integ-tests-alpha';
import * as iam from 'aws-cdk-lib/aws-iam';

/** An action every integ target role is allowed, so only the deny can refuse it. */
export const TEST_ACTION = 's3:ListAllMyBuckets';

/** One second before the cutoff: a session issued then is revoked. */
export function deniedAt(cutoff: string): string {
  return new Date(Date.parse(cutoff) - 1000).toISOString().replace('.000Z', 'Z');
}

/** One second after the cutoff: a session issued then is not. */
export function allowedAt(cutoff: string): string {
  return new Date(Date.parse(cutoff) + 1000).toISOString().replace('.000Z', 'Z');
}

export interface SimulationOptions {
  readonly action?: string;
  readonly resourceArn?: string;
  /** A resource-based policy to evaluate with the role's own policies. */
  readonly resourcePolicy?: string;
}

export interface Simulation {
  readonly call: IApiCall;
  expectDecision(decision: 'explicitDeny' | 'allowed' | 'implicitDeny'): void;
}

/**
 * `iam:SimulatePrincipalPolicy` for the role or user, judged by its own policies, with the given context keys (dates typed as dates),
 * asserting the decision IAM itself reaches.
 */
export function simulate(integ: IntegTest, principal: iam.IRole | iam.IUser, context: Record<string, string>,
  options: SimulationOptions = {}): Simulation {
  const call = integ.assertions.awsApiCall('IAM', 'simulatePrincipalPolicy', {
    PolicySourceArn: 'roleArn' in principal ? principal.roleArn : principal.userArn,
    ActionNames: [options.action ?? TEST_ACTION],
    ResourceArns: [options.resourceArn ?? '*'],
    ...(options.resourcePolicy ? { ResourcePolicy: options.resourcePolicy } : {}),
    ContextEntries: Object.entries(context).map(([key, value]) => ({
      ContextKeyName: key,
      ContextKeyValues: [value],
      ContextKeyType: key === 'aws:TokenIssueTime' ? 'date' : 'string',
    })),
  }, ['EvaluationResults.0.EvalDecision']);
  return {
    call,
    expectDecision: (decision) => {
      call.assertAtPath('EvaluationResults.0.EvalDecision', ExpectedResult.stringLikeRegexp(`^${decision}$`));
    },
  };
}
