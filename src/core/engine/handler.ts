/**
 * The one engine every writer of the library runs on (per-role inline policies, SCPs, permission
 * sets, the account switch). It routes CloudFormation's events and the Provider framework's phases,
 * takes everything that could weaken a revocation from the function's own grants (never from the
 * event), computes the generation and physical id, resolves the cutoff once per generation, gates
 * every removal on CloudFormation's own report, and fits the response. A writer supplies only what
 * differs: how to read the request, what it spares, and how to apply and remove.
 *
 * Model: the aws-cdk EKS cluster handler, whose base routes `onEvent` and `isComplete` for two
 * resource types.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { RequestedCutoff } from '../resource-props';
import { resolveRequestedCutoff } from './cutoff';
import { generationOf, PENDING_PREFIX, physicalIdOf, readPhysicalId } from './generation';
import { GrantSource, grantOfEvent, narrowingDigest, ResourceGrant } from './grants';
import { confirmRemoval, StackReader } from './removal-gate';
import { fitResponseData } from './response';
import { InputError } from '../failure-report';
import { ownerTag } from '../ratchet';
import { ownerSid } from '../revocation-document';

/**
 * Which part of the custom resource a function plays. `sync`: the whole run in one invocation.
 * `start` and `continue`: `onEvent` and `isComplete` of an asynchronous provider.
 */
export type Phase = 'sync' | 'start' | 'continue';

/** What a writer's run returns: done, with its report; or not yet, with what the next phase needs. */
export type Outcome =
  | { readonly complete: true; readonly data: Record<string, string> }
  | { readonly complete: false; readonly carry: Record<string, string> };

/** Who is writing, for every run. */
export interface RunIdentity {
  readonly event: CloudFormationCustomResourceEvent;
  /** The stable id of the resource, the start of every physical id it gets. */
  readonly ownerId: string;
  /** A short tag of the resource, the suffix of what it names. */
  readonly owner: string;
  readonly grant: ResourceGrant;
  readonly nowMs: number;
  /** Data the previous phase handed on. Anyone may invoke a function: check everything read from it. */
  readonly carried?: Readonly<Record<string, unknown>>;
}

/** A Create or Update (or its continuation). */
export interface ApplyRun<Req> extends RunIdentity {
  readonly request: Req;
  /** This request's generation: the mark on everything it writes. */
  readonly generation: string;
  /**
   * The cutoff to put in force at least, checked against the grant. For a deploy-time cutoff, pass
   * the latest cutoff this resource already wrote with the same `deployTimeMark`, read from its targets.
   */
  readonly requestedCutoff: (markedInForce?: number) => number;
}

/** A Delete that CloudFormation confirmed. */
export interface RemovalRun<Req> extends RunIdentity {
  /** The properties of the generation being deleted, when they can be read. */
  readonly request?: Req;
  /** The generation being deleted. */
  readonly generation: string;
  /**
   * `all`: the resource is going, remove everything it ever wrote, any generation. Otherwise a
   * replaced generation: remove only its own writes, and only where `live` keeps a cutoff at least as late.
   */
  readonly scope: { readonly kind: 'all' } | { readonly kind: 'generation'; readonly live: string };
}

/** One kind of revocation resource. */
export interface Writer<Req> {
  /** The construct's name, for messages. */
  readonly construct: string;
  /** The properties whose values make a generation: everything but the cutoff and the opt-ins. */
  readonly targetKeys: readonly string[];
  /** Validates every property; throws `InputError` naming the first problem. */
  readRequest(props: unknown): Req;
  cutoffOf(request: Req): RequestedCutoff;
  /** What the request spares (exemptions, excludes, a prefix): must match what synth granted. */
  spared(request: Req): Record<string, string | readonly string[] | undefined>;
  apply(run: ApplyRun<Req>): Promise<Outcome>;
  remove(run: RemovalRun<Req>): Promise<Outcome>;
}

export interface EngineDeps {
  readonly now: () => number;
  readonly phase: Phase;
  /** The function's grants; `(stackId, logicalId) => grant` in tests. */
  readonly grants: GrantSource;
  readonly stack: StackReader;
  readonly log: (entry: Record<string, unknown>) => void;
}

export interface EngineResponse {
  readonly PhysicalResourceId?: string;
  readonly IsComplete?: boolean;
  readonly Data?: Record<string, string>;
}

/** Builds a handler (`onEvent`, or `isComplete` in the `continue` phase) for one writer. */
export function createRevocationHandler<Req>(writer: Writer<Req>, deps: EngineDeps) {
  return async (event: CloudFormationCustomResourceEvent): Promise<EngineResponse> => {
    const carried = (event as { Data?: Record<string, unknown> }).Data;
    if (deps.phase === 'continue' && carried?.Complete === 'true') {
      return { IsComplete: true };
    }
    const identity: RunIdentity = {
      event,
      ownerId: ownerSid(event.StackId, event.LogicalResourceId),
      owner: ownerTag(event.StackId, event.LogicalResourceId),
      grant: grantOfEvent(deps.grants, event),
      nowMs: deps.now(),
      carried: deps.phase === 'continue' ? carried : undefined,
    };
    if (event.RequestType === 'Delete') {
      return onDelete(writer, deps, identity, event.PhysicalResourceId);
    }

    const request = writer.readRequest(event.ResourceProperties);
    checkSpared(writer, request, identity.grant);
    const generation = generationOf(event.ResourceProperties as Record<string, unknown>, writer.targetKeys);
    const physicalId = physicalIdOf(identity.ownerId, generation);
    const cutoff = writer.cutoffOf(request);
    const outcome = await writer.apply({
      ...identity,
      request,
      generation,
      requestedCutoff: (marked) => resolveRequestedCutoff(cutoff, identity.nowMs, identity.grant, marked),
    });
    const create = event.RequestType === 'Create';
    if (!outcome.complete) {
      deps.log({ event: 'incomplete', physicalId });
      if (deps.phase === 'sync') {
        throw new Error(`${writer.construct} did not finish in one invocation; deploy again to finish (what is done stays done)`);
      }
      return deps.phase === 'continue' ? { IsComplete: false }
        : { PhysicalResourceId: create ? PENDING_PREFIX + physicalId : physicalId, Data: { ...outcome.carry, Complete: 'false' } };
    }
    const data = fitResponseData(outcome.data, event, physicalId);
    deps.log({ event: event.RequestType.toLowerCase(), physicalId, ...data });
    switch (deps.phase) {
      case 'continue': return { IsComplete: true, ...(create ? { PhysicalResourceId: physicalId } : {}), Data: data };
      case 'start': return { PhysicalResourceId: physicalId, Data: { ...data, Complete: 'true' } };
      default: return { PhysicalResourceId: physicalId, Data: data };
    }
  };
}

/**
 * Removes only when the resource's grant allows it (`RemovalPolicy.DESTROY`, set at synth), the
 * physical id is one of its completed generations, and CloudFormation reports the stack deleting it.
 * Anything else keeps every revocation, and the Delete succeeds.
 */
async function onDelete<Req>(writer: Writer<Req>, deps: EngineDeps, identity: RunIdentity, physicalId: string): Promise<EngineResponse> {
  const done = (retained: string | undefined): EngineResponse => {
    if (retained !== undefined) {
      deps.log({ event: 'delete', physicalId, retained: true, reason: retained });
    }
    return deps.phase === 'continue' ? { IsComplete: true } : { PhysicalResourceId: physicalId, ...(deps.phase === 'start' ? { Data: { Complete: 'true' } } : {}) };
  };
  const id = readPhysicalId(physicalId, identity.ownerId);
  if (id.kind !== 'live') {
    return done(id.kind === 'pending' ? 'its Create never completed, so nothing of it is removed' : 'the physical id is not one this resource was given');
  }
  if (!identity.grant.remove) {
    return done('the construct keeps its revocations (RemovalPolicy.RETAIN)');
  }
  const verdict = await confirmRemoval(deps.stack, { ...identity.event, PhysicalResourceId: physicalId }, identity.ownerId);
  if (verdict.kind === 'refused') {
    return done(verdict.reason);
  }
  let request: Req | undefined;
  try {
    request = writer.readRequest(identity.event.ResourceProperties);
  } catch {
    request = undefined;
  }
  const outcome = await writer.remove({
    ...identity,
    request,
    generation: id.generation,
    scope: verdict.kind === 'final' ? { kind: 'all' } : { kind: 'generation', live: verdict.live },
  });
  deps.log({ event: outcome.complete ? 'delete' : 'incomplete', physicalId, retained: false, scope: verdict.kind });
  if (!outcome.complete) {
    if (deps.phase === 'sync') {
      throw new Error(`${writer.construct} could not finish removing in one invocation; delete again to finish`);
    }
    return deps.phase === 'continue' ? { IsComplete: false } : { PhysicalResourceId: physicalId, Data: { ...outcome.carry, Complete: 'false' } };
  }
  return done(undefined);
}

function checkSpared<Req>(writer: Writer<Req>, request: Req, grant: ResourceGrant): void {
  const spared = writer.spared(request);
  if (narrowingDigest(spared) !== grant.narrowing) {
    const listed = Object.entries(spared).filter(([, v]) => v !== undefined && v.length > 0).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    throw new InputError(`the request spares ${listed.length > 0 ? listed.join(', ') : 'nothing'}, which is not what this stack deployed for `
      + `${writer.construct}; exemptions, excludes, prefixes and allowOrganizationAccessRoles come only from the deployed construct, so deploy the change instead`);
  }
}
