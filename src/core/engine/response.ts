/**
 * Responses that CloudFormation accepts: the whole response, framework fields included, stays under
 * 4,096 bytes, so a long report is clipped here rather than failing the deployment.
 */

/** CloudFormation's limit on a custom resource response. */
export const MAX_RESPONSE_BYTES = 4096;
/** What the Provider framework adds besides the event's ids and the Data: status, reason (a log stream name), NoEcho. */
const FRAMEWORK_OVERHEAD_BYTES = 400;
const CLIPPED = ' … (clipped; see the function\'s log)';

/**
 * `data`, with its longest values clipped until the response fits beside the event's own fields
 * (stack id, request id, logical id, physical id).
 */
export function fitResponseData(data: Record<string, string>, event: { StackId: string; RequestId: string; LogicalResourceId: string },
  physicalId: string): Record<string, string> {
  const fixed = Buffer.byteLength(JSON.stringify({
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: physicalId,
  })) + FRAMEWORK_OVERHEAD_BYTES;
  const out = { ...data };
  const size = () => fixed + Buffer.byteLength(JSON.stringify({ Data: out }));
  while (size() > MAX_RESPONSE_BYTES) {
    const [key, value] = Object.entries(out).sort(([, a], [, b]) => Buffer.byteLength(b) - Buffer.byteLength(a))[0];
    const excess = size() - MAX_RESPONSE_BYTES;
    const keep = Math.max(0, value.length - excess - CLIPPED.length - 8);
    if (keep === 0 && value === '') {
      break;
    }
    out[key] = keep > 0 ? `${value.slice(0, keep)}${CLIPPED}` : '';
  }
  return out;
}

/** Names joined with commas while they fit `maxBytes`, then how many more there are (all are in the log). */
export function firstNames(names: readonly string[], maxBytes: number): string {
  let out = '';
  for (const [i, name] of names.entries()) {
    const next = out ? `${out}, ${name}` : name;
    if (Buffer.byteLength(next) > maxBytes) {
      return `${out} … and ${names.length - i} more (see the function's log)`;
    }
    out = next;
  }
  return out || 'none';
}
