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

// src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda.ts
var revoke_identity_center_sessions_lambda_exports = {};
__export(revoke_identity_center_sessions_lambda_exports, {
  createIdentityCenterHandler: () => createIdentityCenterHandler,
  handler: () => handler
});
module.exports = __toCommonJS(revoke_identity_center_sessions_lambda_exports);
var import_client_sso_admin = require("@aws-sdk/client-sso-admin");

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

// src/revoke-identity-center-sessions/inline-policy.ts
var MAX_INLINE_POLICY_CHARS = 32768;
var TOKEN_ISSUE_TIME = "aws:TokenIssueTime";
var IDENTITY_STORE_USER_ID = "identitystore:UserId";
function ownStatementSid(owner) {
  return `CdkRevokeSessions${owner}`;
}
function ownStatement(sid, cutoffMs, userIds) {
  const condition = {};
  if (cutoffMs !== Infinity) {
    condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(cutoffMs) };
  }
  if (userIds.length > 0) {
    condition.StringEquals = { [IDENTITY_STORE_USER_ID]: userIds.length === 1 ? userIds[0] : [...userIds] };
  }
  return { Sid: sid, Effect: "Deny", Action: "*", Resource: "*", ...Object.keys(condition).length > 0 ? { Condition: condition } : {} };
}
function readInlinePolicy(text) {
  if (text === void 0 || text.trim() === "") {
    return { ok: true, statements: [], version: "2012-10-17" };
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: "it is not valid JSON" };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { ok: false, reason: "it is not a JSON object" };
  }
  const d = doc;
  const extra = Object.keys(d).find((k) => k !== "Version" && k !== "Statement" && k !== "Id");
  if (extra !== void 0 || d.Statement === void 0) {
    return { ok: false, reason: extra ? `it has a top-level ${extra} element` : "it has no Statement element" };
  }
  const raw = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  if (raw.some((s) => typeof s !== "object" || s === null || Array.isArray(s))) {
    return { ok: false, reason: "a statement is not a JSON object" };
  }
  return {
    ok: true,
    statements: raw,
    version: typeof d.Version === "string" ? d.Version : "2012-10-17",
    ...typeof d.Id === "string" ? { id: d.Id } : {}
  };
}
function ownCutoff(statement) {
  if (!statement) {
    return void 0;
  }
  const value = statement.Condition?.DateLessThan?.[TOKEN_ISSUE_TIME];
  if (value === void 0) {
    return Infinity;
  }
  const parsed = typeof value === "string" ? parseInstant(value, TOKEN_ISSUE_TIME) : void 0;
  return parsed?.ok ? parsed.epochMs : `its statement ${String(statement.Sid)} has a cutoff this library cannot read`;
}
function ownUserIds(statement) {
  if (!statement) {
    return void 0;
  }
  const value = statement.Condition?.StringEquals?.[IDENTITY_STORE_USER_ID];
  return value === void 0 ? [] : (Array.isArray(value) ? value : [value]).map(String);
}
function nextUserIds(inForce, requested, mayRemove) {
  if (mayRemove || inForce === void 0) {
    return [...requested];
  }
  return inForce.length === 0 || requested.length === 0 ? [] : [.../* @__PURE__ */ new Set([...requested, ...inForce])];
}
function withOwnStatement(read, sid, own) {
  const i = read.statements.findIndex((s) => s.Sid === sid);
  const statements = [...read.statements];
  if (own && i >= 0) {
    statements[i] = own;
  } else if (own) {
    statements.push(own);
  } else if (i >= 0) {
    statements.splice(i, 1);
  }
  const doc = { Version: read.version, ...read.id !== void 0 ? { Id: read.id } : {}, Statement: statements };
  return { text: statements.length === 0 ? "" : JSON.stringify(doc), statements: statements.length };
}
var INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
var PERMISSION_SET_ARN = /^arn:aws[a-z-]*:sso:::permissionSet\/((sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/;
function instanceArnProblem(arn) {
  return INSTANCE_ARN.test(arn) ? void 0 : `instance ARN "${arn}" is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<16 characters>`;
}
function permissionSetArnProblem(arn, instanceArn) {
  const m = PERMISSION_SET_ARN.exec(arn);
  if (!m) {
    return `permission set ARN "${arn}" is not valid; expected arn:aws:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>`;
  }
  if (instanceArn !== void 0 && INSTANCE_ARN.test(instanceArn) && !instanceArn.endsWith(`/${m[1]}`)) {
    return `permission set ARN "${arn}" belongs to instance ${m[1]}, not to ${instanceArn}; use the permission sets of that instance`;
  }
  return void 0;
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

// src/core/role-target.ts
var IDENTITY_CENTER_NAME_PREFIX = "AWSReservedSSO_";

// src/revoke-organization-sessions/scp-document.ts
var USER_ID = /^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
function userIdProblem(id) {
  return USER_ID.test(id) ? void 0 : `identity store user id "${id}" is not valid; copy the user id (a UUID such as 906723b4-d071-70a1-3b0a-b19e5a4e0f31) from the Identity Center console`;
}
var IDENTITY_CENTER_SAMPLES = [`${IDENTITY_CENTER_NAME_PREFIX}AdministratorAccess_0123456789abcdef`, `${IDENTITY_CENTER_NAME_PREFIX}ViewOnly_fedcba9876543210`];

// src/revoke-identity-center-sessions/properties.ts
var MAX_PERMISSION_SETS = 20;
var MAX_USER_IDS = 100;
var IcProp = {
  instanceArn: "InstanceArn",
  permissionSetArns: "PermissionSetArns",
  userIds: "UserIds",
  removalPolicy: "RemovalPolicy",
  allowEarlierCutoff: "AllowEarlierCutoff",
  allowFutureCutoff: "AllowFutureCutoff"
};
var KNOWN = [...Object.values(IcProp), ...CUTOFF_PROPERTIES];
function readIdentityCenterRequest(props) {
  const p = resourceProperties(props, "RevokeIdentityCenterSessions", KNOWN);
  const instanceArn = optionalString(p, IcProp.instanceArn) ?? "";
  const why = instanceArnProblem(instanceArn);
  if (why) {
    throw new InputError(why);
  }
  const userIds = [...new Set(stringList(p, IcProp.userIds, MAX_USER_IDS, userIdProblem))];
  const cutoff = readCutoff(p, true);
  if (cutoff.mode === "none" && userIds.length === 0) {
    throw new InputError("a revocation without a cutoff and without user ids would deny every session of the permission sets for good; give issuedBefore, or the identity store user ids to cut off");
  }
  const destroy = readDestroy(p);
  return {
    instanceArn,
    permissionSetArns: [...new Set(stringList(
      p,
      IcProp.permissionSetArns,
      MAX_PERMISSION_SETS,
      (a) => permissionSetArnProblem(a, instanceArn),
      true
    ))],
    userIds,
    cutoff,
    destroy,
    allowEarlierCutoff: readFlag(p, IcProp.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, IcProp.allowFutureCutoff)
  };
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

// src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda.ts
var DEADLINE_MARGIN_MS = 15e3;
var REQUEST_TIMEOUT_MS = 1e4;
var CONCURRENCY = 4;
var ALL_PROVISIONED = "ALL_PROVISIONED_ACCOUNTS";
var PENDING_SUFFIX = "-pending";
function createIdentityCenterHandler(overrides = {}) {
  const deps = {
    sso: overrides.sso ?? new import_client_sso_admin.SSOAdminClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    ...functionGrantsFromEnv(overrides),
    phase: overrides.phase ?? (process.env.REVOKE_PHASE === "continue" ? "continue" : "start")
  };
  return async (event, context) => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    const ops = new SsoOps(deps, remainingMs);
    const sid = ownStatementSid(ownerTag(event.StackId, event.LogicalResourceId));
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);
    if (deps.phase === "continue") {
      return waitForProvisioning(ops, event, sid);
    }
    if (event.RequestType === "Delete") {
      return removeOwn(ops, capabilities, event.ResourceProperties, event.PhysicalResourceId, sid);
    }
    const request = readIdentityCenterRequest(event.ResourceProperties);
    const allowFuture = request.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId);
    const requestedMs = resolveCutoff(request.cutoff, deps.now(), allowFuture);
    const states = await ops.readAll(request);
    const lower = capabilities.lower && request.allowEarlierCutoff;
    const plans = states.map((state) => {
      const own = state.policy.statements.find((s) => s.Sid === sid);
      const inForce = ownCutoff(own);
      if (typeof inForce === "string") {
        throw new InputError(`permission set ${state.name} (${state.arn}): ${inForce}; it was left untouched, restore or remove that statement`);
      }
      if (inForce === Infinity && requestedMs !== Infinity && !lower) {
        throw new InputError(`permission set ${state.name} (${state.arn}) already denies every session of its users (no cutoff); keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose`);
      }
      const cutoffMs = nextCutoff(inForce, requestedMs, lower);
      const userIds = nextUserIds(ownUserIds(own), request.userIds, request.destroy && capabilities.remove);
      const next = withOwnStatement(state.policy, sid, ownStatement(sid, cutoffMs, userIds));
      if (next.text.length > MAX_INLINE_POLICY_CHARS) {
        throw new InputError(`permission set ${state.name} (${state.arn}): its inline policy would be ${next.text.length} characters, over Identity Center's ${MAX_INLINE_POLICY_CHARS}; nothing was written, shorten its other statements or list fewer user ids`);
      }
      return { state, cutoffMs, text: next.text };
    });
    const results = await mapWithConcurrency(plans, CONCURRENCY, async (plan) => {
      try {
        await ops.call(() => deps.sso.send(new import_client_sso_admin.PutInlinePolicyToPermissionSetCommand({
          InstanceArn: request.instanceArn,
          PermissionSetArn: plan.state.arn,
          InlinePolicy: plan.text
        })));
        const requestId = await ops.provision(request.instanceArn, plan.state.arn);
        log({ event: "permission-set-written", permissionSet: plan.state.name, cutoff: describeCutoff(plan.cutoffMs), requestId });
        return { requestId };
      } catch (err) {
        return { failure: { name: `permission set ${plan.state.name} (${plan.state.arn})`, reason: reasonOf(err) } };
      }
    });
    throwIfFailed("revoke sessions of", "permission sets", plans.length, results.flatMap((r) => r.failure ? [r.failure] : []));
    const effective = Math.min(...plans.map((p) => p.cutoffMs));
    return {
      // A Create gets its own id only once provisioning succeeds (isComplete sets it): the Delete
      // that follows a failed Create then carries the pending id and removes nothing.
      PhysicalResourceId: event.RequestType === "Create" ? `${sid}${PENDING_SUFFIX}` : event.PhysicalResourceId,
      Data: {
        ProvisioningRequests: results.map((r) => r.requestId).join(","),
        EffectiveCutoff: describeCutoff(effective),
        RequestedCutoff: describeCutoff(requestedMs),
        PermissionSets: String(plans.length)
      }
    };
  };
}
var handler = createIdentityCenterHandler();
async function removeOwn(ops, caps, props, physicalId, sid) {
  const request = readLeniently(readIdentityCenterRequest, props);
  if (!request?.destroy || !caps.remove || physicalId !== sid) {
    log({ event: "delete", physicalId, retained: true });
    return { PhysicalResourceId: physicalId, Data: { ProvisioningRequests: "" } };
  }
  const readable = new Map((await ops.readAll(request, true)).map((state) => [state.arn, state]));
  const states = request.permissionSetArns.map((arn) => readable.get(arn));
  const results = await mapWithConcurrency(states, CONCURRENCY, async (state) => {
    if (!state?.policy.statements.some((s) => s.Sid === sid)) {
      return {};
    }
    try {
      const next = withOwnStatement(state.policy, sid, void 0);
      const target = { InstanceArn: request.instanceArn, PermissionSetArn: state.arn };
      await ops.call(() => next.statements === 0 ? ops.sso.send(new import_client_sso_admin.DeleteInlinePolicyFromPermissionSetCommand(target)) : ops.sso.send(new import_client_sso_admin.PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: next.text })));
      log({ event: "permission-set-removed", permissionSet: state.name, remainingStatements: next.statements });
      return { requestId: await ops.provision(request.instanceArn, state.arn) };
    } catch (err) {
      return { failure: { name: `permission set ${state.name} (${state.arn})`, reason: reasonOf(err) } };
    }
  });
  throwIfFailed("remove the revocation from", "permission sets", states.length, results.flatMap((r) => r.failure ? [r.failure] : []));
  return { PhysicalResourceId: physicalId, Data: { ProvisioningRequests: results.map((r) => r.requestId ?? "").join(",") } };
}
async function waitForProvisioning(ops, event, sid) {
  const data = event.Data;
  const ids = typeof data?.ProvisioningRequests === "string" ? data.ProvisioningRequests.split(",") : [];
  const props = event.ResourceProperties;
  const instanceArn = String(props.InstanceArn ?? "");
  const arns = [...new Set(Array.isArray(props.PermissionSetArns) ? props.PermissionSetArns.map(String) : [])];
  const pending = ids.map((id, i) => ({ id, arn: arns[i] })).filter((r) => r.id !== "" && r.arn !== void 0);
  const complete = (result) => ({ IsComplete: true, ...event.RequestType === "Create" ? { PhysicalResourceId: sid } : {}, ...result ? { Data: result } : {} });
  if (pending.length === 0) {
    return complete();
  }
  const statuses = await mapWithConcurrency(pending, CONCURRENCY, async (r) => ({
    ...r,
    status: (await ops.call(() => ops.sso.send(new import_client_sso_admin.DescribePermissionSetProvisioningStatusCommand({
      InstanceArn: instanceArn,
      ProvisionPermissionSetRequestId: r.id
    })))).PermissionSetProvisioningStatus
  }));
  if (statuses.some((s) => s.status?.Status === "IN_PROGRESS")) {
    log({ event: "provisioning", inProgress: statuses.filter((s) => s.status?.Status === "IN_PROGRESS").length });
    return { IsComplete: false };
  }
  const reports = await mapWithConcurrency(statuses, CONCURRENCY, async (s) => {
    const notLatest = await ops.accounts(instanceArn, s.arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED");
    const latest = await ops.accounts(instanceArn, s.arn, "LATEST_PERMISSION_SET_PROVISIONED");
    const lost = event.RequestType !== "Delete" && !await ops.holdsStatement(instanceArn, s.arn, sid);
    const failed = lost || s.status?.Status !== "SUCCEEDED" || notLatest.length > 0;
    log({ event: "provisioned", permissionSet: s.arn, status: s.status?.Status, accounts: latest.length, failedAccounts: notLatest });
    if (!failed) {
      return { accounts: latest.length };
    }
    const name = await ops.nameOf(instanceArn, s.arn);
    if (lost) {
      return {
        accounts: latest.length,
        failure: {
          name: `permission set ${name} (${s.arn})`,
          reason: `its inline policy no longer holds statement ${sid}: another writer (a concurrent deploy, the console) replaced the inline policy after this revocation wrote it; deploy again to add it back`
        }
      };
    }
    const where = notLatest.length > 0 ? `in account${notLatest.length > 1 ? "s" : ""} ${notLatest.join(", ")}` : "in an account";
    return {
      accounts: latest.length,
      failure: {
        name: `permission set ${name} (${s.arn})`,
        reason: `provisioning ${s.status?.Status ?? "UNKNOWN"} ${where}: ${s.status?.FailureReason ?? "no reason given"}; ${latest.length} accounts have the revocation, deploy again to retry the others`
      }
    };
  });
  throwIfFailed("provision", "permission sets", reports.length, reports.flatMap((r) => r.failure ? [r.failure] : []));
  return complete({ AccountsProvisioned: String(reports.reduce((n, r) => n + r.accounts, 0)) });
}
var SsoOps = class {
  constructor(deps, remainingMs) {
    this.deps = deps;
    this.remainingMs = remainingMs;
  }
  deps;
  remainingMs;
  get sso() {
    return this.deps.sso;
  }
  call(fn) {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs });
  }
  /** Every permission set's name and inline policy; refuses (before any write) one it cannot read. */
  async readAll(request, skipUnreadable = false) {
    const states = await mapWithConcurrency(request.permissionSetArns, CONCURRENCY, async (arn) => {
      const name = await this.nameOf(request.instanceArn, arn);
      const got = await this.call(() => this.deps.sso.send(new import_client_sso_admin.GetInlinePolicyForPermissionSetCommand({
        InstanceArn: request.instanceArn,
        PermissionSetArn: arn
      })));
      return { arn, name, policy: readInlinePolicy(got.InlinePolicy) };
    });
    const unreadable = states.filter((s) => !s.policy.ok);
    if (unreadable.length > 0 && !skipUnreadable) {
      throw new InputError(`nothing was written: the inline policy of ${unreadable.map((s) => `permission set ${s.name} (${s.arn}): ${s.policy.reason}`).join("; ")}; this library keeps other statements untouched and cannot read it, fix or remove it`);
    }
    return states.filter((s) => s.policy.ok);
  }
  /** Whether the permission set's inline policy holds the statement with this Sid. */
  async holdsStatement(instanceArn, arn, sid) {
    const got = await this.call(() => this.deps.sso.send(new import_client_sso_admin.GetInlinePolicyForPermissionSetCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: arn
    })));
    const read = readInlinePolicy(got.InlinePolicy);
    return read.ok && read.statements.some((st) => st.Sid === sid);
  }
  async nameOf(instanceArn, arn) {
    const got = await this.call(() => this.deps.sso.send(new import_client_sso_admin.DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })));
    return got.PermissionSet?.Name ?? arn;
  }
  async provision(instanceArn, arn) {
    const res = await this.call(() => this.deps.sso.send(new import_client_sso_admin.ProvisionPermissionSetCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: arn,
      TargetType: ALL_PROVISIONED
    })));
    return res.PermissionSetProvisioningStatus?.RequestId ?? "";
  }
  async accounts(instanceArn, arn, status) {
    const accounts = [];
    let token;
    do {
      const page = await this.call(() => this.deps.sso.send(new import_client_sso_admin.ListAccountsForProvisionedPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: arn,
        ProvisioningStatus: status,
        NextToken: token
      })));
      accounts.push(...page.AccountIds ?? []);
      token = page.NextToken;
    } while (token);
    return accounts;
  }
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  createIdentityCenterHandler,
  handler
});
