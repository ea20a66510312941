/**
 * The rules every writer of this library follows (role policies, SCPs, permission sets), so a
 * revocation is never lost, lowered or forged away. Pure, and free of aws-cdk-lib, so every
 * handler bundle can use it.
 */
import { createHash } from 'crypto';

/**
 * The cutoff a resource puts in force: never earlier than what it already has in force, unless
 * it may lower and asked to.
 *
 * @param ownInForce the latest cutoff this resource has in force now, read from the target (not the event)
 * @param requested the cutoff the event asks for
 * @param lower whether the resource's grant allows lowering and the request asks to
 */
export function nextCutoff(ownInForce: number | undefined, requested: number, lower: boolean): number {
  return lower || ownInForce === undefined ? requested : Math.max(ownInForce, requested);
}

/**
 * A short, stable tag that names one custom resource: derived from the stack id and logical
 * id, which every event carries, so a later event finds what an earlier one wrote.
 */
export function ownerTag(stackId: string, logicalResourceId: string): string {
  return createHash('sha256').update(`${stackId}\n${logicalResourceId}`).digest('hex').slice(0, 10);
}

/**
 * The name of what one resource owns (an inline policy, an SCP): `<prefix>-<owner tag>`,
 * clipped so the whole fits `maxLength`. No writer ever rewrites another's.
 */
export function ownedName(prefix: string, owner: string, maxLength = 128): string {
  return `${prefix.slice(0, maxLength - owner.length - 1)}-${owner}`;
}

/** Whether a name is one that `ownedName` built for `owner`, whatever the prefix. */
export function isOwnedBy(name: string, owner: string): boolean {
  return name.endsWith(`-${owner}`);
}
