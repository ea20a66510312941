"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/revoke-organization-sessions/revoke-organization-sessions.lambda.ts
var revoke_organization_sessions_lambda_exports = {};
__export(revoke_organization_sessions_lambda_exports, {
  createOrganizationHandler: () => createOrganizationHandler,
  handler: () => handler
});
module.exports = __toCommonJS(revoke_organization_sessions_lambda_exports);
var import_client_organizations = require("@aws-sdk/client-organizations");

// src/core/instant.ts
var EXAMPLE = "2026-11-22T10:00:00Z";
var ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
var EPOCH = /^[+-]?\d+(\.\d+)?$/;
var MIN_YEAR = 1970;
function parseInstant(value, label = "issuedBefore") {
  const text = value.trim();
  if (EPOCH.test(text)) {
    return fail(`${label} "${value}" looks like an epoch number; give an ISO 8601 instant with a zone, such as "${EXAMPLE}"`);
  }
  const m = ISO_INSTANT.exec(text);
  if (!m) {
    return fail(`${label} "${value}" is not an ISO 8601 instant; give a date, a time and a zone, such as "${EXAMPLE}"`);
  }
  const [, y, mo, d, h, mi, s = "0", frac = "", zone] = m;
  if (!zone) {
    return fail(`${label} "${value}" has no time zone; append "Z" for UTC (or an offset such as "+01:00"), for example "${EXAMPLE}"`);
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return fail(`${label} "${value}" is not a valid calendar instant; check the date and time fields, for example "${EXAMPLE}"`);
  }
  const offsetMinutes = parseOffset(zone);
  if (offsetMinutes === void 0) {
    return fail(`${label} "${value}" has an invalid zone offset; use "Z" or an offset between -23:59 and +23:59`);
  }
  const ms = Math.ceil(Number(`0.${frac || "0"}`) * 1e3 - 1e-9);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMinutes * 6e4;
  return { ok: true, epochMs, iso: formatInstant(epochMs) };
}
function formatInstant(epochMs) {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}
function parseOffset(zone) {
  if (zone.toUpperCase() === "Z") {
    return 0;
  }
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) {
    return void 0;
  }
  return sign * (hours * 60 + minutes);
}
function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function fail(reason) {
  return { ok: false, reason };
}

// src/core/role-target.ts
var ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
var ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([^/]+)$/;
var IDENTITY_CENTER_NAME_PREFIX = "AWSReservedSSO_";
function parseRoleArn(arn) {
  const m = ROLE_ARN.exec(arn);
  if (!m || !ROLE_NAME_PATTERN.test(m[4]) || m[3].length > 512) {
    return void 0;
  }
  return { partition: m[1], account: m[2], path: m[3], name: m[4] };
}

// src/core/lockout.ts
var CDK_BOOTSTRAP_ROLE = /^cdk-[A-Za-z0-9_-]{1,10}-(deploy|cfn-exec|file-publishing|image-publishing|lookup)-role-\d{12}-[a-z0-9-]+$/i;

// src/revoke-organization-sessions/scp-document.ts
var MAX_SCP_CHARS = 5120;
var MAX_SCPS_PER_TARGET = 5;
var REPORTED_MAX_SCP_CHARS = 10240;
function scpQuotaProblem(label, value, reported) {
  return Number.isInteger(value) && value >= 1 && value <= reported ? void 0 : `${label} ${value} must be a whole number from 1 to ${reported} (the largest figure reported, May 2026); use the figure your organization's Organizations quotas page shows`;
}
var TOKEN_ISSUE_TIME = "aws:TokenIssueTime";
var PRINCIPAL_ARN = "aws:PrincipalArn";
var IDENTITY_STORE_USER_ID = "identitystore:UserId";
var SSO_ROLE_PATH = "aws-reserved/sso.amazonaws.com/";
var SELECTION_KINDS = ["roles-named", "permission-sets", "identity-center-user", "all-roles"];
var ALWAYS_EXEMPT_NAMES = [
  "cdk-*-role-*",
  "AWSCloudFormationStackSetExecutionRole",
  "stacksets-exec-*",
  "OrganizationAccountAccessRole",
  "AWSControlTowerExecution"
];
function roleNamePatterns(name) {
  return [`arn:*:iam::*:role/${name}`, `arn:*:iam::*:role/*/${name}`];
}
function permissionSetPattern(name) {
  return `arn:*:iam::*:role/${SSO_ROLE_PATH}*${IDENTITY_CENTER_NAME_PREFIX}${name}_*`;
}
function exemptPatterns(breakGlass, exemptArns) {
  return [.../* @__PURE__ */ new Set([...[...ALWAYS_EXEMPT_NAMES, ...breakGlass].flatMap(roleNamePatterns), ...exemptArns])];
}
function buildScp(spec) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: spec.selections.map((s, i) => {
      const condition = {};
      if (spec.cutoffMs !== void 0) {
        condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(spec.cutoffMs) };
      }
      switch (s.kind) {
        case "roles-named":
          condition.ArnLike = { [PRINCIPAL_ARN]: s.names.flatMap(roleNamePatterns) };
          break;
        case "permission-sets":
          condition.ArnLike = { [PRINCIPAL_ARN]: s.names.map(permissionSetPattern) };
          break;
        case "identity-center-user":
          condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.userId };
          break;
        case "all-roles":
          condition.ArnLike = { [PRINCIPAL_ARN]: "arn:*:iam::*:role/*" };
          break;
      }
      const excluded = s.kind === "all-roles" ? s.exclude.flatMap(roleNamePatterns) : [];
      condition.ArnNotLike = { [PRINCIPAL_ARN]: [...spec.exempt, ...excluded] };
      return { Sid: `RevokeSessions${i + 1}`, Effect: "Deny", Action: "*", Resource: "*", Condition: condition };
    })
  });
}
function scpCutoff(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: "it is not valid JSON" };
  }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : void 0;
  if (!statements || statements.length === 0 || statements.some((s) => s?.Effect !== "Deny" || s?.Action !== "*")) {
    return { ok: false, reason: "it is not a list of Deny * statements" };
  }
  let latest = -Infinity;
  for (const s of statements) {
    const value = s.Condition?.DateLessThan?.[TOKEN_ISSUE_TIME];
    if (value === void 0) {
      return { ok: true, cutoffMs: Infinity };
    }
    const parsed = typeof value === "string" ? parseInstant(value, TOKEN_ISSUE_TIME) : void 0;
    if (!parsed?.ok) {
      return { ok: false, reason: `it has a cutoff this library cannot read (${JSON.stringify(value).slice(0, 40)})` };
    }
    latest = Math.max(latest, parsed.epochMs);
  }
  return { ok: true, cutoffMs: latest };
}
function keepDroppedSelections(inForce, built, cutoffMs) {
  const fresh = JSON.parse(built);
  const exempt = fresh.Statement[0]?.Condition?.ArnNotLike?.[PRINCIPAL_ARN] ?? [];
  const selected = new Set(fresh.Statement.map(selectorOf));
  const kept = JSON.parse(inForce).Statement.filter((s) => !selected.has(selectorOf(s)) && selected.add(selectorOf(s))).map((s) => {
    const condition = { ...s.Condition };
    if (cutoffMs !== void 0) {
      condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(cutoffMs) };
    }
    condition.ArnNotLike = { [PRINCIPAL_ARN]: [.../* @__PURE__ */ new Set([...asList(condition.ArnNotLike?.[PRINCIPAL_ARN]), ...exempt])] };
    return { ...s, Condition: condition };
  });
  if (kept.length === 0) {
    return { text: built, kept: 0 };
  }
  const statements = [...fresh.Statement, ...kept].map((s, i) => ({ ...s, Sid: `RevokeSessions${i + 1}` }));
  return { text: JSON.stringify({ Version: fresh.Version, Statement: statements }), kept: kept.length };
}
function selectorOf(statement) {
  const { DateLessThan: _cutoff, ArnNotLike: _exempt, ...selector } = statement.Condition ?? {};
  return JSON.stringify(selector);
}
function asList(v) {
  return v === void 0 ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}
var ROOT_ID = /^r-[0-9a-z]{4,32}$/;
var OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
var ACCOUNT_ID = /^\d{12}$/;
var PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
var USER_ID = /^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
var GLOB_NAME = /^[\w+=,.@*?-]{1,64}$/;
function targetProblem(id) {
  return ROOT_ID.test(id) || OU_ID.test(id) || ACCOUNT_ID.test(id) ? void 0 : `target "${id}" is not an organization root (r-xxxx), OU (ou-xxxx-xxxxxxxx) or 12-digit account id; copy it from the Organizations console`;
}
function userIdProblem(id) {
  return USER_ID.test(id) ? void 0 : `identity store user id "${id}" is not valid; copy the user id (a UUID such as 906723b4-d071-70a1-3b0a-b19e5a4e0f31) from the Identity Center console`;
}
function permissionSetNameProblem(name) {
  return PERMISSION_SET_NAME.test(name) ? void 0 : `permission set name "${name}" is not valid; use its name (1 to 32 characters of letters, digits and +=,.@_-), not its ARN`;
}
function selectedRoleProblem(name, breakGlass) {
  if (!ROLE_NAME_PATTERN.test(name)) {
    return `role name "${name}" is not a valid IAM role name (1 to 64 characters of letters, digits and +=,.@_-, no wildcards); to select every role, use OrganizationSelection.allRoles()`;
  }
  if (name.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return `role name "${name}" is an IAM Identity Center role; select its permission set with OrganizationSelection.permissionSets() instead`;
  }
  const exempt = [...ALWAYS_EXEMPT_NAMES, ...breakGlass].find((pattern) => globMatch(pattern, name));
  if (exempt !== void 0 || CDK_BOOTSTRAP_ROLE.test(name)) {
    return `role name "${name}" is exempt from every revocation (it matches "${exempt ?? "cdk-*-role-*"}": a deployment, StackSets, organization access or break-glass role); denying it could lock the organization out, so remove it from the selection`;
  }
  return void 0;
}
function selectedPermissionSetProblem(name, breakGlass) {
  const sample = `${IDENTITY_CENTER_NAME_PREFIX}${name}_0123456789abcdef`;
  const exempt = breakGlass.find((pattern) => globMatch(pattern, sample));
  return permissionSetNameProblem(name) ?? (exempt === void 0 ? void 0 : `permission set "${name}" is exempt as a break-glass role (its roles match "${exempt}"), so selecting it would deny nothing; remove it from the selection or from breakGlassRoles`);
}
function roleGlobProblem(label, name) {
  if (!GLOB_NAME.test(name)) {
    return `${label} "${name}" is not a role name or a name with * and ? wildcards; give the role name only, without path or ARN`;
  }
  if (name.replace(/[*?]/g, "").length < MIN_GLOB_LITERALS) {
    return `${label} "${name}" would match nearly every role; name more of it (at least ${MIN_GLOB_LITERALS} characters besides * and ?)`;
  }
  if (IDENTITY_CENTER_SAMPLES.every((sample) => globMatch(name, sample))) {
    return `${label} "${name}" would match every IAM Identity Center role; name the break-glass permission set's role, such as ${IDENTITY_CENTER_NAME_PREFIX}BreakGlass_*`;
  }
  return void 0;
}
var MIN_GLOB_LITERALS = 3;
var IDENTITY_CENTER_SAMPLES = [`${IDENTITY_CENTER_NAME_PREFIX}AdministratorAccess_0123456789abcdef`, `${IDENTITY_CENTER_NAME_PREFIX}ViewOnly_fedcba9876543210`];
function globMatch(pattern, name) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(name);
}

// src/core/retry.ts
var PERMANENT = /* @__PURE__ */ new Set([
  "LimitExceeded",
  "MalformedPolicyDocument",
  "UnmodifiableEntity",
  "NoSuchEntity",
  "AccessDenied",
  "InvalidInput",
  "ValidationError"
]);
var THROTTLING = /* @__PURE__ */ new Set(["Throttling", "TooManyRequests", "RequestLimitExceeded", "SlowDown"]);
var TRANSIENT = /* @__PURE__ */ new Set([
  "ServiceFailure",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalError",
  "RequestTimeout",
  "TimeoutError",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "NetworkingError"
]);
var DEFAULT_MAX_THROTTLES = 100;
var DEFAULT_RETRY = {
  maxAttempts: 12,
  baseDelayMs: 200,
  maxDelayMs: 1e4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
function errorName(err) {
  const e = err;
  for (const v of [e?.Code, e?.code, e?.name]) {
    if (typeof v === "string" && v !== "Error") {
      return v.replace(/Exception$/, "");
    }
  }
  const message = typeof e?.message === "string" ? e.message : "";
  const wrapped = /^AWS SDK error wrapper for (\w+)/.exec(message)?.[1];
  if (wrapped && wrapped !== "Error") {
    return wrapped;
  }
  if (/socket hang up|ECONNRESET/.test(message)) {
    return "ECONNRESET";
  }
  return "Error";
}
function isThrottling(err) {
  return THROTTLING.has(errorName(err));
}
function isRetryable(err) {
  const name = errorName(err);
  if (PERMANENT.has(name)) {
    return false;
  }
  if (THROTTLING.has(name) || TRANSIENT.has(name)) {
    return true;
  }
  const status = err?.$metadata?.httpStatusCode;
  return typeof status === "number" && status >= 500;
}
async function withRetries(fn, options) {
  const random = options.random ?? Math.random;
  const pacer = options.pacer;
  let throttles = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await pacer?.acquire();
      const result = await fn();
      pacer?.served();
      return result;
    } catch (err) {
      if (!isThrottling(err)) {
        pacer?.served();
      } else if (pacer) {
        pacer.throttled();
        attempt--;
        if (++throttles < (options.maxThrottles ?? DEFAULT_MAX_THROTTLES) && options.remainingMs() > 0) {
          continue;
        }
        throw err;
      }
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.floor(random() * ceiling);
      if (attempt >= options.maxAttempts || !isRetryable(err) || options.remainingMs() <= delay) {
        throw err;
      }
      await options.sleep(delay);
    }
  }
}
async function mapWithConcurrency(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

// src/core/failure-report.ts
var MAX_REASON_BYTES = 3e3;
function failureMessage(verb, noun, total, failures) {
  if (failures.length === 0) {
    return void 0;
  }
  let message = `failed to ${verb} ${failures.length} of ${total} ${noun} (${total - failures.length} done and kept): `;
  for (const [i, f] of failures.entries()) {
    const part = `${i > 0 ? "; " : ""}${f.name}: ${f.reason}`;
    const tail = ` \u2026 and ${failures.length - i} more (see the function's log)`;
    if (Buffer.byteLength(message + part + tail) > MAX_REASON_BYTES) {
      return message + tail;
    }
    message += part;
  }
  return message;
}
function throwIfFailed(verb, noun, total, failures) {
  const message = failureMessage(verb, noun, total, failures);
  if (message !== void 0) {
    const err = new Error(message);
    err.stack = `Error: ${message}`;
    throw err;
  }
}
function reasonOf(err) {
  const message = err?.message ?? String(err);
  return err instanceof Error && err.name === "InputError" ? message : `${errorName(err)}: ${message}`;
}
var CONFLICTS = /* @__PURE__ */ new Set(["ConcurrentModification", "Conflict"]);
var MAX_CONFLICT_ATTEMPTS = 6;
async function withConflictRetries(fn, options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withRetries(fn, options);
    } catch (err) {
      const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
      if (!CONFLICTS.has(errorName(err)) || attempt >= MAX_CONFLICT_ATTEMPTS || options.remainingMs() <= delay) {
        throw err;
      }
      await options.sleep(delay);
    }
  }
}
var InputError = class extends Error {
  name = "InputError";
};
function log(entry) {
  console.log(JSON.stringify(entry));
}

// src/core/resource-props.ts
var CUTOFF_PROPERTIES = ["CutoffMode", "IssuedBefore", "Generation", "BufferSeconds"];
function resourceProperties(props, construct, known) {
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    throw new InputError(`resource properties are missing; deploy the ${construct} construct rather than calling the function directly`);
  }
  const p = props;
  refuseUnknown(p, known);
  return p;
}
function readLeniently(read, props) {
  try {
    return read(props);
  } catch {
    return void 0;
  }
}
function readDestroy(p) {
  const removal = optionalString(p, "RemovalPolicy") ?? "retain";
  if (removal !== "retain" && removal !== "destroy") {
    throw new InputError(`property RemovalPolicy "${clip(removal)}" is not supported; use "retain" or "destroy"`);
  }
  return removal === "destroy";
}
var MAX_FUTURE_MS = 60 * 60 * 1e3;
function readCutoff(p, allowNone) {
  const mode = optionalString(p, "CutoffMode") ?? "fixed";
  if (mode === "fixed") {
    const value = optionalString(p, "IssuedBefore");
    if (value === void 0) {
      throw new InputError('property IssuedBefore is required; pass an ISO 8601 instant such as "2026-11-22T10:00:00Z"');
    }
    const parsed = parseInstant(value);
    if (!parsed.ok) {
      throw new InputError(parsed.reason);
    }
    return { mode, epochMs: parsed.epochMs };
  }
  if (mode === "deploy-time") {
    const generation = optionalString(p, "Generation");
    if (generation === void 0 || generation.length === 0 || generation.length > 256) {
      throw new InputError(`property Generation must be a string of 1 to 256 characters for a deploy-time cutoff; received ${describe(p.Generation)}`);
    }
    const buffer = optionalString(p, "BufferSeconds") ?? "30";
    if (!/^\d{1,6}$/.test(buffer)) {
      throw new InputError(`property BufferSeconds "${clip(buffer)}" must be a whole number of seconds`);
    }
    return { mode, bufferMs: Number(buffer) * 1e3, generation };
  }
  if (mode === "none" && allowNone) {
    return { mode };
  }
  throw new InputError(`property CutoffMode "${clip(mode)}" is not supported; use ${allowNone ? '"fixed", "deploy-time" or "none"' : '"fixed" or "deploy-time"'}`);
}
function resolveCutoff(cutoff, nowMs, allowFuture) {
  if (cutoff.mode === "none") {
    return Infinity;
  }
  const ms = cutoff.mode === "fixed" ? cutoff.epochMs : nowMs + cutoff.bufferMs;
  if (!allowFuture && ms > nowMs + MAX_FUTURE_MS) {
    throw new InputError(`cutoff ${formatInstant(ms)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}, so it would also deny sessions issued until then; use an earlier cutoff, or set allowFutureCutoff: true`);
  }
  return ms;
}
function describeCutoff(ms) {
  return ms === Infinity ? "none (every session)" : formatInstant(ms);
}
function readFlag(p, key) {
  const v = p[key];
  if (v === void 0 || v === "false" || v === false) {
    return false;
  }
  if (v === "true" || v === true) {
    return true;
  }
  throw new InputError(`property ${key} must be "true" or "false"; received ${describe(v)}`);
}
function optionalString(p, key) {
  const v = p[key];
  if (v === void 0) {
    return void 0;
  }
  if (typeof v !== "string") {
    throw new InputError(`property ${key} must be a string; received ${describe(v)}`);
  }
  return v;
}
function stringList(p, key, max, problem, required = false) {
  const v = p[key];
  if (v === void 0 && !required) {
    return [];
  }
  if (!Array.isArray(v) || v.length > max || required && v.length === 0) {
    throw new InputError(`property ${key} must be a ${required ? "non-empty " : ""}list of at most ${max} strings; received ${describe(v)}`);
  }
  return v.map((entry) => {
    if (typeof entry !== "string") {
      throw new InputError(`property ${key} entry ${describe(entry)} must be a string`);
    }
    const why = problem(entry);
    if (why) {
      throw new InputError(clip(why, 600));
    }
    return entry;
  });
}
function refuseUnknown(p, known) {
  const unknown = Object.keys(p).find((k) => k !== "ServiceToken" && !known.includes(k));
  if (unknown !== void 0) {
    throw new InputError(`unexpected property "${clip(unknown)}"; only ${known.join(", ")} are accepted`);
  }
}
function describe(v) {
  return v === void 0 ? "nothing" : clip(JSON.stringify(v) ?? String(v));
}
function clip(s, max = 120) {
  return s.length > max ? `${s.slice(0, max)}\u2026` : s;
}

// src/revoke-organization-sessions/properties.ts
var DEFAULT_POLICY_PREFIX = "RevokeSessions";
var MAX_SELECTIONS = 20;
var MAX_NAMES = 50;
var MAX_TARGETS = 100;
var MAX_EXEMPT_ROLE_ARNS = 50;
var OrgProp = {
  selections: "Selections",
  targets: "Targets",
  breakGlassRoles: "BreakGlassRoles",
  exemptRoleArns: "ExemptRoleArns",
  policyPrefix: "PolicyNamePrefix",
  removalPolicy: "RemovalPolicy",
  allowEarlierCutoff: "AllowEarlierCutoff",
  allowFutureCutoff: "AllowFutureCutoff",
  maxScpCharacters: "MaxScpCharacters"
};
var KNOWN = [...Object.values(OrgProp), ...CUTOFF_PROPERTIES];
var POLICY_PREFIX = /^[\w+=,.@-]{1,100}$/;
function readOrganizationRequest(props) {
  const p = resourceProperties(props, "RevokeOrganizationSessions", KNOWN);
  const breakGlass = stringList(p, OrgProp.breakGlassRoles, 50, (n) => roleGlobProblem("break-glass role", n));
  const selections = readSelections(p[OrgProp.selections], breakGlass);
  const cutoff = readCutoff(p, true);
  if (cutoff.mode === "none" && selections.some((s) => s.kind !== "identity-center-user")) {
    throw new InputError("a revocation without a cutoff denies every session, which only an Identity Center user selection may do; give issuedBefore for role and permission set selections");
  }
  const policyPrefix = optionalString(p, OrgProp.policyPrefix) ?? DEFAULT_POLICY_PREFIX;
  if (!POLICY_PREFIX.test(policyPrefix)) {
    throw new InputError(`property ${OrgProp.policyPrefix} "${policyPrefix.slice(0, 120)}" must be 1 to 100 characters of letters, digits and +=,.@_-`);
  }
  const destroy = readDestroy(p);
  return {
    selections,
    targets: [...new Set(stringList(p, OrgProp.targets, MAX_TARGETS, targetProblem, true))],
    breakGlass,
    exemptArns: stringList(
      p,
      OrgProp.exemptRoleArns,
      MAX_EXEMPT_ROLE_ARNS,
      // ArnNotLike reads * and ? as wildcards: an exact ARN must never exempt a whole path or account.
      (arn) => parseRoleArn(arn) && !/[*?]/.test(arn) ? void 0 : `exempt role ${describe(arn)} is not an IAM role ARN without wildcards`
    ),
    cutoff,
    policyPrefix,
    destroy,
    allowEarlierCutoff: readFlag(p, OrgProp.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, OrgProp.allowFutureCutoff),
    maxScpCharacters: readMaxScpCharacters(p)
  };
}
function readMaxScpCharacters(p) {
  const value = optionalString(p, OrgProp.maxScpCharacters);
  if (value === void 0) {
    return MAX_SCP_CHARS;
  }
  const why = /^\d{1,6}$/.test(value) ? scpQuotaProblem(`property ${OrgProp.maxScpCharacters}`, Number(value), REPORTED_MAX_SCP_CHARS) : `property ${OrgProp.maxScpCharacters} "${value.slice(0, 40)}" must be a whole number of characters`;
  if (why) {
    throw new InputError(why);
  }
  return Number(value);
}
function readSelections(value, breakGlass) {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SELECTIONS) {
    throw new InputError(`property ${OrgProp.selections} must be a list of 1 to ${MAX_SELECTIONS} selections; received ${describe(value)}`);
  }
  return value.map((raw) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new InputError(`selection ${describe(raw)} must be an object with a Kind`);
    }
    const s = raw;
    const kind = optionalString(s, "Kind");
    const names = (check, required) => stringList(s, "Names", MAX_NAMES, check, required);
    switch (kind) {
      case "roles-named":
        refuseUnknown(s, ["Kind", "Names"]);
        return { kind, names: names((n) => selectedRoleProblem(n, breakGlass), true) };
      case "permission-sets":
        refuseUnknown(s, ["Kind", "Names"]);
        return { kind, names: names((n) => selectedPermissionSetProblem(n, breakGlass), true) };
      case "identity-center-user": {
        refuseUnknown(s, ["Kind", "UserId"]);
        const userId = optionalString(s, "UserId") ?? "";
        const why = userIdProblem(userId);
        if (why) {
          throw new InputError(why);
        }
        return { kind, userId };
      }
      case "all-roles":
        refuseUnknown(s, ["Kind", "Exclude"]);
        return { kind, exclude: stringList(s, "Exclude", MAX_NAMES, (n) => roleGlobProblem("excluded role", n)) };
      default:
        throw new InputError(`selection kind ${describe(kind)} is not supported; use one of ${SELECTION_KINDS.join(", ")}`);
    }
  });
}

// src/core/ratchet.ts
var import_crypto = require("crypto");
var CAPABILITIES_ENV = "REVOKE_CAPABILITIES";
function capabilitiesFromEnv(env = process.env) {
  const named = new Set((env[CAPABILITIES_ENV] ?? "").split(",").map((s) => s.trim()));
  return { remove: named.has("remove"), lower: named.has("lower") };
}
function nextCutoff(ownInForce, requested, lower) {
  return lower || ownInForce === void 0 ? requested : Math.max(ownInForce, requested);
}
function ownerTag(stackId, logicalResourceId) {
  return (0, import_crypto.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 10);
}
function ownedName(prefix, owner, maxLength = 128) {
  return `${prefix.slice(0, maxLength - owner.length - 1)}-${owner}`;
}
function isOwnedBy(name, owner) {
  return name.endsWith(`-${owner}`);
}
var SERVED_STACK_ENV = "REVOKE_CAPABLE_STACK";
var CAPABLE_RESOURCES_ENV = "REVOKE_CAPABLE_RESOURCES";
var FUTURE_RESOURCES_ENV = "REVOKE_FUTURE_RESOURCES";
function servedResourceTag(logicalId) {
  return (0, import_crypto.createHash)("sha256").update(logicalId).digest("hex").slice(0, 12);
}
function servedResourcesFromEnv(tagsEnv, env = process.env) {
  return {
    stackId: env[SERVED_STACK_ENV] ?? "",
    tags: new Set((env[tagsEnv] ?? "").split(",").map((s) => s.trim()).filter(Boolean))
  };
}
function serves(served, stackId, logicalId) {
  return served === "any" || served.stackId !== "" && served.stackId === stackId && served.tags.has(servedResourceTag(logicalId));
}
function capabilitiesFor(granted, served, stackId, logicalId) {
  return serves(served, stackId, logicalId) ? granted : { remove: false, lower: false };
}
function functionGrantsFromEnv(overrides = {}, env = process.env) {
  return {
    capabilities: overrides.capabilities ?? capabilitiesFromEnv(env),
    capableResources: overrides.capableResources ?? servedResourcesFromEnv(CAPABLE_RESOURCES_ENV, env),
    futureResources: overrides.futureResources ?? servedResourcesFromEnv(FUTURE_RESOURCES_ENV, env)
  };
}

// src/revoke-organization-sessions/revoke-organization-sessions.lambda.ts
var DEADLINE_MARGIN_MS = 15e3;
var REQUEST_TIMEOUT_MS = 1e4;
var CONCURRENCY = 4;
var SCP = "SERVICE_CONTROL_POLICY";
function createOrganizationHandler(overrides = {}) {
  const deps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    org: overrides.org ?? new import_client_organizations.OrganizationsClient({
      maxAttempts: 1,
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true }
    }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    ...functionGrantsFromEnv(overrides)
  };
  return async (event, context) => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    const ops = new OrgOps(deps, remainingMs);
    const owner = ownerTag(event.StackId, event.LogicalResourceId);
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);
    if (event.RequestType === "Delete") {
      return { PhysicalResourceId: await deleteOwn(ops, capabilities, event.ResourceProperties, event.PhysicalResourceId, owner) };
    }
    const request = readOrganizationRequest(event.ResourceProperties);
    const name = ownedName(request.policyPrefix, owner);
    const allowFuture = request.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId);
    const requestedMs = resolveCutoff(request.cutoff, deps.now(), allowFuture);
    const owned = await ops.findOwned(owner);
    const existing = owned.find((p) => p.name === name);
    const inForce = latestInForce(owned, name);
    const lower = capabilities.lower && request.allowEarlierCutoff;
    if (inForce === Infinity && requestedMs !== Infinity && !lower) {
      const holder = owned.find((p) => {
        const read = scpCutoff(p.content);
        return read.ok && read.cutoffMs === Infinity;
      });
      throw new InputError(`SCP ${holder.name} (${holder.id}) denies every session of its users (no cutoff); a cutoff would let sessions issued after it through again; keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose`);
    }
    const cutoffMs = nextCutoff(inForce, requestedMs, lower);
    const built = buildScp({
      selections: request.selections,
      exempt: exemptPatterns(request.breakGlass, request.exemptArns),
      cutoffMs: cutoffMs === Infinity ? void 0 : cutoffMs
    });
    const { text: content, kept: selectionsKept } = existing && !(request.destroy && capabilities.remove) ? keepDroppedSelections(existing.content, built, cutoffMs === Infinity ? void 0 : cutoffMs) : { text: built, kept: 0 };
    if (content.length > request.maxScpCharacters) {
      const keptNote = selectionsKept > 0 ? ` (including ${selectionsKept} statement${selectionsKept > 1 ? "s" : ""} of selections dropped from the properties, which RETAIN keeps)` : "";
      throw new InputError(`SCP ${name} would be ${content.length} characters${keptNote}, over Organizations' ${request.maxScpCharacters}; select fewer names or break-glass roles, or split them across two constructs`);
    }
    let policyId;
    if (!existing) {
      const created = await ops.call(() => deps.org.send(new import_client_organizations.CreatePolicyCommand({
        Name: name,
        Type: SCP,
        Content: content,
        Description: "cdk-revoke-sessions: denies sessions issued before a cutoff"
      })));
      policyId = created.Policy.PolicySummary.Id;
    } else {
      policyId = existing.id;
      if (existing.content !== content) {
        await ops.call(() => deps.org.send(new import_client_organizations.UpdatePolicyCommand({ PolicyId: policyId, Content: content })));
      }
    }
    log({ event: existing ? "scp-updated" : "scp-created", policy: name, policyId, cutoff: describeCutoff(cutoffMs), characters: content.length, selectionsKept });
    const attached = await ops.targetsOf(policyId);
    const missing = request.targets.filter((t) => !attached.has(t));
    const failures = (await mapWithConcurrency(missing, CONCURRENCY, (target) => ops.attach(policyId, target))).filter(isFailure);
    const dropped = [...attached].filter((t) => !request.targets.includes(t));
    let kept = dropped.length;
    if (dropped.length > 0 && request.destroy && capabilities.remove) {
      const detachFailures = (await mapWithConcurrency(dropped, CONCURRENCY, (target) => ops.detach(policyId, target))).filter(isFailure);
      kept = detachFailures.length;
    }
    throwIfFailed(`attach SCP ${name} (${policyId}) to`, "targets", request.targets.length, failures);
    log({ event: event.RequestType.toLowerCase(), policy: name, attached: missing.length, kept });
    return {
      PhysicalResourceId: name,
      Data: {
        PolicyId: policyId,
        PolicyName: name,
        EffectiveCutoff: describeCutoff(cutoffMs),
        RequestedCutoff: describeCutoff(requestedMs),
        TargetsAttached: String(request.targets.length),
        TargetsKept: String(kept),
        Characters: String(content.length)
      }
    };
  };
}
var handler = createOrganizationHandler();
async function deleteOwn(ops, caps, props, physicalId, owner) {
  const request = readLeniently(readOrganizationRequest, props);
  const name = ownedName(request?.policyPrefix ?? DEFAULT_POLICY_PREFIX, owner);
  const destroy = request?.destroy === true && caps.remove && physicalId === name;
  if (destroy) {
    const existing = (await ops.findOwned(owner)).find((p) => p.name === name);
    if (existing) {
      const targets = [...await ops.targetsOf(existing.id)];
      const failures = (await mapWithConcurrency(targets, CONCURRENCY, (t) => ops.detach(existing.id, t))).filter(isFailure);
      throwIfFailed(`detach SCP ${name} (${existing.id}) from`, "targets", targets.length, failures);
      await ops.call(() => ops.org.send(new import_client_organizations.DeletePolicyCommand({ PolicyId: existing.id }))).catch((err) => {
        if (errorName(err) !== "PolicyNotFound") {
          throw err;
        }
      });
    }
  }
  log({ event: "delete", policy: name, retained: !destroy });
  return physicalId;
}
function latestInForce(owned, name) {
  let latest;
  for (const policy of owned) {
    const read = scpCutoff(policy.content);
    if (!read.ok && policy.name === name) {
      throw new InputError(`SCP ${name} (${policy.id}) was changed outside this library: ${read.reason}; it was left untouched, restore it or delete it, then deploy again`);
    }
    if (read.ok) {
      latest = Math.max(latest ?? -Infinity, read.cutoffMs);
    }
  }
  return latest;
}
function isFailure(x) {
  return x !== void 0;
}
var OrgOps = class {
  constructor(deps, remainingMs) {
    this.deps = deps;
    this.remainingMs = remainingMs;
  }
  deps;
  remainingMs;
  get org() {
    return this.deps.org;
  }
  call(fn) {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs });
  }
  /** Every SCP this resource owns (named `<prefix>-<owner tag>`, whatever the prefix), with its text. */
  async findOwned(owner) {
    const found = [];
    let token;
    do {
      const page = await this.call(() => this.deps.org.send(new import_client_organizations.ListPoliciesCommand({ Filter: SCP, NextToken: token })));
      (page.Policies ?? []).forEach((p) => p.Name && p.Id && isOwnedBy(p.Name, owner) && found.push({ name: p.Name, id: p.Id }));
      token = page.NextToken;
    } while (token);
    return Promise.all(found.map(async (p) => {
      const described = await this.call(() => this.deps.org.send(new import_client_organizations.DescribePolicyCommand({ PolicyId: p.id })));
      return { ...p, content: described.Policy?.Content ?? "" };
    }));
  }
  async targetsOf(policyId) {
    const targets = /* @__PURE__ */ new Set();
    let token;
    do {
      const page = await this.call(() => this.deps.org.send(new import_client_organizations.ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })));
      (page.Targets ?? []).forEach((t) => t.TargetId && targets.add(t.TargetId));
      token = page.NextToken;
    } while (token);
    return targets;
  }
  /** Attaches the SCP; a failure is returned with the target, so other targets go on. */
  attach(policyId, target) {
    return this.settle(
      "attached",
      target,
      "DuplicatePolicyAttachment",
      () => this.deps.org.send(new import_client_organizations.AttachPolicyCommand({ PolicyId: policyId, TargetId: target }))
    );
  }
  detach(policyId, target) {
    return this.settle(
      "detached",
      target,
      "PolicyNotAttached",
      () => this.deps.org.send(new import_client_organizations.DetachPolicyCommand({ PolicyId: policyId, TargetId: target }))
    );
  }
  /** Runs one target's call; `done` (the error meaning it already holds) counts as success. */
  async settle(verb, target, done, fn) {
    try {
      await this.call(fn);
      log({ event: `scp-${verb}`, target });
      return void 0;
    } catch (err) {
      const name = errorName(err);
      if (name === done) {
        return void 0;
      }
      const hint = name === "ConstraintViolation" && verb === "attached" ? ` (the target may already have the most SCPs it can take, ${MAX_SCPS_PER_TARGET} by default: detach one, or attach this one to an OU above it)` : "";
      log({ event: `scp-not-${verb}`, target, reason: reasonOf(err) });
      return { name: target, reason: `${reasonOf(err)}${hint}` };
    }
  }
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  createOrganizationHandler,
  handler
});
