/**
 * The rules every writer of this library follows (role policies, SCPs, permission sets), so a
 * revocation is never lost, lowered or forged away. Pure, and free of aws-cdk-lib, so every
 * handler bundle can use it.
 */
import { createHash } from 'crypto';

/**
 * What a provider's function may do beyond adding or raising a revocation. Set at synth in the
 * function's environment, one provider per capability set: an event can never grant it.
 */
export interface Capabilities {
  /** May delete what its resources wrote (`RemovalPolicy.DESTROY`). */
  readonly remove: boolean;
  /** May move a resource's cutoff earlier (`allowEarlierCutoff`). */
  readonly lower: boolean;
}

/** The environment variable that carries `Capabilities`: `remove`, `lower`, comma-separated, or empty. */
export const CAPABILITIES_ENV = 'REVOKE_CAPABILITIES';

/** The capabilities named in the function's environment; anything unknown grants nothing. */
export function capabilitiesFromEnv(env: Record<string, string | undefined> = process.env): Capabilities {
  const named = new Set((env[CAPABILITIES_ENV] ?? '').split(',').map((s) => s.trim()));
  return { remove: named.has('remove'), lower: named.has('lower') };
}

/** The environment value for a capability set, as `capabilitiesFromEnv` reads it. */
export function capabilitiesEnvValue(c: Capabilities): string {
  return [c.remove ? 'remove' : '', c.lower ? 'lower' : ''].filter(Boolean).join(',');
}

/**
 * The cutoff a resource puts in force: never earlier than what it already has in force, unless
 * it may lower and asked to.
 *
 * @param ownInForce the latest cutoff this resource has in force now, read from the target (not the event)
 * @param requested the cutoff the event asks for
 * @param lower whether the function may lower (`Capabilities.lower`) and the resource asks to
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

/**
 * The resources a function grants more than adding or raising: those of its own stack that the
 * construct routed to it (capabilities) or deployed with `allowFutureCutoff`, set at synth. Anyone
 * may send the function an event naming another resource (a `RETAIN` one, another stack's); for
 * those it may only add or raise, with a cutoff at most an hour ahead.
 */
export interface ServedResources {
  /** `AWS::StackId` of the function's stack. */
  readonly stackId: string;
  /** `servedResourceTag` of each resource's logical id. */
  readonly tags: ReadonlySet<string>;
}

/** The environment variables that carry `ServedResources`: the stack, then the resources per grant. */
export const SERVED_STACK_ENV = 'REVOKE_CAPABLE_STACK';
export const CAPABLE_RESOURCES_ENV = 'REVOKE_CAPABLE_RESOURCES';
export const FUTURE_RESOURCES_ENV = 'REVOKE_FUTURE_RESOURCES';

/** A short digest of a logical id: keeps the function's environment (4 KB in all) small. */
export function servedResourceTag(logicalId: string): string {
  return createHash('sha256').update(logicalId).digest('hex').slice(0, 12);
}

/** The resources the environment names under `tagsEnv`; none when it names none. */
export function servedResourcesFromEnv(tagsEnv: string, env: Record<string, string | undefined> = process.env): ServedResources {
  return {
    stackId: env[SERVED_STACK_ENV] ?? '',
    tags: new Set((env[tagsEnv] ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  };
}

/** Whether an event's resource is one of `served` (`any` only in tests). */
export function serves(served: ServedResources | 'any', stackId: string, logicalId: string): boolean {
  return served === 'any' || (served.stackId !== '' && served.stackId === stackId && served.tags.has(servedResourceTag(logicalId)));
}

/** What a function may do for one event's resource: its capabilities only for the resources it serves. */
export function capabilitiesFor(granted: Capabilities, served: ServedResources | 'any', stackId: string, logicalId: string): Capabilities {
  return serves(served, stackId, logicalId) ? granted : { remove: false, lower: false };
}

/**
 * What a function is granted beyond adding or raising, read from its own environment (tests
 * override it). Every handler of the library takes these with its other collaborators.
 */
export interface FunctionGrants {
  /** From `REVOKE_CAPABILITIES`; an event can never grant them. */
  readonly capabilities: Capabilities;
  /** The resources `capabilities` serve; `any` only in tests. */
  readonly capableResources: ServedResources | 'any';
  /** The resources deployed with `allowFutureCutoff`; `any` only in tests. */
  readonly futureResources: ServedResources | 'any';
}

/** `FunctionGrants` from the environment, where `overrides` does not set them. */
export function functionGrantsFromEnv(overrides: Partial<FunctionGrants> = {},
  env: Record<string, string | undefined> = process.env): FunctionGrants {
  return {
    capabilities: overrides.capabilities ?? capabilitiesFromEnv(env),
    capableResources: overrides.capableResources ?? servedResourcesFromEnv(CAPABLE_RESOURCES_ENV, env),
    futureResources: overrides.futureResources ?? servedResourcesFromEnv(FUTURE_RESOURCES_ENV, env),
  };
}
