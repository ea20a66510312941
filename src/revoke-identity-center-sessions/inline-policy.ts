/**
 * A permission set's inline policy as read and written back: every statement kept as it is,
 * anything this library cannot read refused. Pure, shared by synth and the handler.
 */

/** Identity Center's quota for a permission set's inline policy, in characters. */
export const MAX_INLINE_POLICY_CHARS = 32_768;

/** An inline policy as read: its statements in order, untouched. */
export type ReadPolicy =
  | { readonly ok: true; readonly statements: Array<Record<string, unknown>>; readonly version: string; readonly id?: string }
  | { readonly ok: false; readonly reason: string };

/** Reads an inline policy; anything this library cannot read is refused, never rewritten. */
export function readInlinePolicy(text: string | undefined): ReadPolicy {
  if (text === undefined || text.trim() === '') {
    return { ok: true, statements: [], version: '2012-10-17' };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, reason: 'it is not a JSON object' };
  }
  const d = doc as Record<string, unknown>;
  const extra = Object.keys(d).find((k) => k !== 'Version' && k !== 'Statement' && k !== 'Id');
  if (extra !== undefined || d.Statement === undefined) {
    return { ok: false, reason: extra ? `it has a top-level ${extra} element` : 'it has no Statement element' };
  }
  const raw = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  if (raw.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    return { ok: false, reason: 'a statement is not a JSON object' };
  }
  return {
    ok: true,
    statements: raw as Array<Record<string, unknown>>,
    version: typeof d.Version === 'string' ? d.Version : '2012-10-17',
    ...(typeof d.Id === 'string' ? { id: d.Id } : {}),
  };
}

/** The policy text with these statements in the read policy's Version and Id; `''` when there are none. */
export function renderPolicy(read: { version: string; id?: string }, statements: ReadonlyArray<Record<string, unknown>>): string {
  return statements.length === 0 ? '' : JSON.stringify({ Version: read.version, ...(read.id !== undefined ? { Id: read.id } : {}), Statement: statements });
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const PERMISSION_SET_ARN = /^arn:aws[a-z-]*:sso:::permissionSet\/((sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/;

export function instanceArnProblem(arn: string): string | undefined {
  return INSTANCE_ARN.test(arn)
    ? undefined
    : `instance ARN "${arn}" is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<16 characters>`;
}

export function permissionSetArnProblem(arn: string, instanceArn?: string): string | undefined {
  const m = PERMISSION_SET_ARN.exec(arn);
  if (!m) {
    return `permission set ARN "${arn}" is not valid; expected arn:aws:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>`;
  }
  if (instanceArn !== undefined && INSTANCE_ARN.test(instanceArn) && !instanceArn.endsWith(`/${m[1]}`)) {
    return `permission set ARN "${arn}" belongs to instance ${m[1]}, not to ${instanceArn}; use the permission sets of that instance`;
  }
  return undefined;
}
