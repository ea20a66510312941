/**
 * Write: put the planned owned policies, delete owned policies on removal. Nothing else is
 * ever written or deleted.
 */
import { DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { IamIo } from './io';
import { PolicyWrite } from './plan';
import { errorName } from '../core/retry';

export async function putPolicies(io: IamIo, roleName: string, writes: readonly PolicyWrite[]): Promise<void> {
  for (const w of writes) {
    await io.call(() => io.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: w.policyName, PolicyDocument: w.document })));
  }
}

/** Deletes owned policies; one already gone is fine. */
export async function deletePolicies(io: IamIo, roleName: string, policyNames: readonly string[]): Promise<void> {
  for (const policyName of policyNames) {
    await io.call(() => io.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).catch((err) => {
      if (errorName(err) !== 'NoSuchEntity') {
        throw err;
      }
    });
  }
}
