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
  handler: () => handler,
  identityCenterHandler: () => identityCenterHandler,
  ssoAdminApi: () => ssoAdminApi
});
module.exports = __toCommonJS(revoke_identity_center_sessions_lambda_exports);
var import_client_sso_admin = require("@aws-sdk/client-sso-admin");

// src/revoke-identity-center-sessions/inline-policy.ts
var MAX_INLINE_POLICY_CHARS = 32768;
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
function renderPolicy(read, statements) {
  return statements.length === 0 ? "" : JSON.stringify({ Version: read.version, ...read.id !== void 0 ? { Id: read.id } : {}, Statement: statements });
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

// src/revoke-identity-center-sessions/statements.ts
var import_crypto = require("crypto");

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

// src/revoke-identity-center-sessions/statements.ts
var TOKEN_ISSUE_TIME = "aws:TokenIssueTime";
var IDENTITY_STORE_USER_ID = "identitystore:UserId";
var SID_PREFIX = "CdkRevokeSessions";
var OWN_SID = /^CdkRevokeSessions([0-9a-f]{10})g([0-9a-f]{8})k([0-9a-f]{8})(?:m([0-9a-f]{8}))?$/;
function ownSidPrefix(owner) {
  return `${SID_PREFIX}${owner}`;
}
function ownStatement(owner, generation, revocation, mark) {
  const users = revocation.users === "all" ? "all" : [...new Set(revocation.users)].sort();
  const r = { cutoffMs: revocation.cutoffMs, users };
  return { sid: `${ownSidPrefix(owner)}g${generation}k${contentKey(r)}${mark ? `m${mark}` : ""}`, generation, ...mark ? { mark } : {}, ...r };
}
function renderStatement(s) {
  if (s.cutoffMs === Infinity && s.users === "all") {
    throw new Error(`statement ${s.sid} would deny every session of every user with no condition; this library never writes one`);
  }
  const condition = {};
  if (s.cutoffMs !== Infinity) {
    condition.DateLessThan = { [TOKEN_ISSUE_TIME]: formatInstant(s.cutoffMs) };
  }
  if (s.users !== "all") {
    condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.users.length === 1 ? s.users[0] : [...s.users] };
  }
  return { Sid: s.sid, Effect: "Deny", Action: "*", Resource: "*", Condition: condition };
}
function readOwnStatement(st, owner) {
  const m = typeof st.Sid === "string" ? OWN_SID.exec(st.Sid) : null;
  if (!m || m[1] !== owner) {
    return void 0;
  }
  const revocation = readRevocation(st);
  if (!revocation || contentKey(revocation) !== m[3]) {
    return void 0;
  }
  return { sid: st.Sid, generation: m[2], ...m[4] ? { mark: m[4] } : {}, ...revocation };
}
var ANYONE = /* @__PURE__ */ Symbol("anyone");
function coverage(by, user) {
  let latest;
  for (const s of by) {
    if (s.users === "all" || user !== ANYONE && s.users.includes(user)) {
      latest = Math.max(latest ?? -Infinity, s.cutoffMs);
    }
  }
  return latest;
}
function keysOf(users, by) {
  if (users !== "all") {
    return [...users];
  }
  return [ANYONE, ...new Set(by.flatMap((s) => s.users === "all" ? [] : s.users))];
}
function dominated(target, by) {
  return keysOf(target.users, by).every((u) => (coverage(by, u) ?? -Infinity) >= target.cutoffMs);
}
function effectiveCutoff(users, by) {
  let earliest = Infinity;
  for (const u of keysOf(users, by)) {
    const c = coverage(by, u);
    if (c === void 0) {
      return void 0;
    }
    earliest = Math.min(earliest, c);
  }
  return earliest;
}
function raiseNeeded(old, live) {
  const low = keysOf(old.users, live).filter((u) => {
    const c = coverage(live, u);
    return c !== void 0 && c < old.cutoffMs;
  });
  if (low.length === 0) {
    return void 0;
  }
  return { cutoffMs: old.cutoffMs, users: low.includes(ANYONE) ? "all" : low };
}
function contentKey(r) {
  const users = r.users === "all" ? "*" : [...new Set(r.users)].sort().join(",");
  return (0, import_crypto.createHash)("sha256").update(`${r.cutoffMs === Infinity ? "none" : formatInstant(r.cutoffMs)}
${users}`).digest("hex").slice(0, 8);
}
var STATEMENT_KEYS = /* @__PURE__ */ new Set(["Sid", "Effect", "Action", "Resource", "Condition"]);
function readRevocation(st) {
  if (Object.keys(st).some((k) => !STATEMENT_KEYS.has(k)) || st.Effect !== "Deny" || st.Action !== "*" || st.Resource !== "*") {
    return void 0;
  }
  const condition = st.Condition;
  if (typeof condition !== "object" || condition === null || Object.keys(condition).some((k) => k !== "DateLessThan" && k !== "StringEquals")) {
    return void 0;
  }
  const date = onlyKey(condition.DateLessThan, TOKEN_ISSUE_TIME);
  const users = onlyKey(condition.StringEquals, IDENTITY_STORE_USER_ID);
  if (date === null || users === null || date === void 0 && users === void 0) {
    return void 0;
  }
  let cutoffMs = Infinity;
  if (date !== void 0) {
    const parsed = typeof date === "string" ? parseInstant(date, TOKEN_ISSUE_TIME) : void 0;
    if (!parsed?.ok) {
      return void 0;
    }
    cutoffMs = parsed.epochMs;
  }
  if (users === void 0) {
    return { cutoffMs, users: "all" };
  }
  const list = Array.isArray(users) ? users : [users];
  return list.length > 0 && list.every((u) => typeof u === "string") ? { cutoffMs, users: list } : void 0;
}
function onlyKey(block, key) {
  if (block === void 0) {
    return void 0;
  }
  if (typeof block !== "object" || block === null || Object.keys(block).length !== 1 || !(key in block)) {
    return null;
  }
  return block[key];
}

// src/revoke-identity-center-sessions/plan.ts
function ownStatements(read, owner) {
  return read.statements.flatMap((st) => readOwnStatement(st, owner) ?? []);
}
function planApply(read, owner, next, lower) {
  const own = ownStatements(read, owner);
  const sameGeneration = own.filter((o) => o.generation === next.generation);
  const done = lower ? sameGeneration.length === 1 && sameGeneration[0].sid === next.sid : dominated(next, sameGeneration);
  if (done) {
    return planOf(read, owner, read.statements);
  }
  const kept = read.statements.filter((st) => {
    const o = readOwnStatement(st, owner);
    if (!o) {
      return true;
    }
    if (o.sid === next.sid || lower && o.generation === next.generation) {
      return false;
    }
    return !(dominated(o, [next]) && (o.mark === void 0 || o.mark === next.mark));
  });
  return planOf(read, owner, [...kept, renderStatement(next)]);
}
function holds(read, owner, generation, asked) {
  return dominated(asked, ownStatements(read, owner).filter((o) => o.generation === generation));
}
function planRemoval(read, owner, scope) {
  if (scope.kind === "all") {
    return planOf(read, owner, read.statements.filter((st) => !readOwnStatement(st, owner)));
  }
  const own = ownStatements(read, owner);
  const live = own.filter((o) => o.generation === scope.live);
  const raised = [];
  for (const old of own.filter((o) => o.generation === scope.generation)) {
    const needed = raiseNeeded(old, [...live, ...raised]);
    if (needed) {
      raised.push(ownStatement(owner, scope.live, needed));
    }
  }
  const kept = read.statements.filter((st) => {
    const o = readOwnStatement(st, owner);
    const superseded = o?.generation === scope.live && o.mark === void 0 && raised.length > 0 && dominated(o, raised);
    return !o || o.generation !== scope.generation && !superseded;
  });
  return planOf(read, owner, [...kept, ...raised.map(renderStatement)]);
}
function planOf(read, owner, statements) {
  const text = renderPolicy(read, statements);
  return {
    text,
    changed: text !== renderPolicy(read, read.statements),
    own: statements.flatMap((st) => readOwnStatement(st, owner) ?? [])
  };
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
function failureMessage(verb, noun, total, failures, kept) {
  if (failures.length === 0) {
    return void 0;
  }
  const done = /^remove\b/.test(verb) ? "removed" : "done and kept";
  let message = `failed to ${verb} ${failures.length} of ${total} ${noun} (${total - failures.length} ${done}${kept ? `; ${kept}` : ""}): `;
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
function throwIfFailed(verb, noun, total, failures, kept) {
  const message = failureMessage(verb, noun, total, failures, kept);
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

// src/core/lockout.ts
var CDK_BOOTSTRAP_KINDS = ["deploy", "cfn-exec", "file-publishing", "image-publishing", "lookup"];
var CDK_BOOTSTRAP_ROLE = new RegExp(`^cdk-[A-Za-z0-9_-]{1,10}-(${CDK_BOOTSTRAP_KINDS.join("|")})-role-\\d{12}-[a-z0-9-]+$`, "i");
var CDK_BOOTSTRAP_GLOBS = CDK_BOOTSTRAP_KINDS.map((kind) => `cdk-*-${kind}-role-${"?".repeat(12)}-*`);
var ORGANIZATION_ACCESS_ROLES = [
  "AWSCloudFormationStackSetAdministrationRole",
  "AWSCloudFormationStackSetExecutionRole",
  "AWSControlTowerExecution",
  "OrganizationAccountAccessRole",
  `stacksets-exec-${"?".repeat(32)}`
];
var ALWAYS_EXEMPT_ROLE_GLOBS = [...CDK_BOOTSTRAP_GLOBS, ...ORGANIZATION_ACCESS_ROLES];

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
var IC_TARGET_KEYS = [IcProp.instanceArn, IcProp.permissionSetArns, IcProp.userIds];
function readIdentityCenterRequest(props) {
  const p = resourceProperties(props, "RevokeIdentityCenterSessions", KNOWN);
  const instanceArn = optionalString(p, IcProp.instanceArn) ?? "";
  const why = instanceArnProblem(instanceArn);
  if (why) {
    throw new InputError(why);
  }
  const userIds = [...new Set(stringList(p, IcProp.userIds, MAX_USER_IDS, userIdProblem).map((u) => u.toLowerCase()))];
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

// src/core/engine/cutoff.ts
var import_crypto2 = require("crypto");
function deployTimeMark(cutoff) {
  if (cutoff.mode !== "deploy-time") {
    return void 0;
  }
  return (0, import_crypto2.createHash)("sha256").update(`${cutoff.generation}
${cutoff.bufferMs}`).digest("hex").slice(0, 8);
}
function resolveRequestedCutoff(cutoff, nowMs, grant, markedInForce) {
  switch (cutoff.mode) {
    case "none":
      if (!grant.noCutoff) {
        throw new InputError("a revocation without a cutoff denies every session of its users for good, and only a construct deployed without issuedBefore may write one; give issuedBefore, or deploy the construct without it");
      }
      return Infinity;
    case "fixed": {
      const bound = grant.future?.kind === "until" ? grant.future.epochMs : nowMs + MAX_FUTURE_MS;
      if (cutoff.epochMs > Math.max(bound, nowMs + MAX_FUTURE_MS)) {
        throw new InputError(`cutoff ${formatInstant(cutoff.epochMs)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}` + (grant.future?.kind === "until" ? ` and later than the ${formatInstant(grant.future.epochMs)} this construct was deployed with` : "") + ", so it would also deny sessions issued until then; use an earlier cutoff, or deploy the construct with allowFutureCutoff and this cutoff");
      }
      return cutoff.epochMs;
    }
    case "deploy-time": {
      if (markedInForce !== void 0) {
        return markedInForce;
      }
      const bound = grant.future?.kind === "buffer" ? Math.max(grant.future.ms, MAX_FUTURE_MS) : MAX_FUTURE_MS;
      if (cutoff.bufferMs > bound) {
        throw new InputError(`deploy-time buffer of ${cutoff.bufferMs / 1e3} seconds is longer than the ${bound / 1e3} seconds this construct was deployed with, so it would also deny sessions issued until then; use a shorter buffer, or deploy the construct with allowFutureCutoff and this buffer`);
      }
      return nowMs + cutoff.bufferMs;
    }
  }
}

// src/revoke-identity-center-sessions/writer.ts
var WAIT_BUDGET_MS = 45 * 6e4;
var CONCURRENCY = 4;
var NOTHING = "none";
var UNDER_WAY = "wait";
var ROLLING_BACK = /* @__PURE__ */ new Set(["UPDATE_ROLLBACK_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "IMPORT_ROLLBACK_IN_PROGRESS"]);
function identityCenterWriter(deps) {
  const { api, log: log2 } = deps;
  const label = async (instanceArn, arn) => `permission set ${await api.permissionSetName(instanceArn, arn).catch(() => arn)} (${arn})`;
  async function readAll(instanceArn, arns) {
    const states = await mapWithConcurrency([...arns], CONCURRENCY, async (arn) => ({
      arn,
      name: await api.permissionSetName(instanceArn, arn),
      read: readInlinePolicy(await api.inlinePolicy(instanceArn, arn))
    }));
    return {
      sets: states.filter((s) => s.read.ok),
      unreadable: states.flatMap((s) => s.read.ok ? [] : [{ name: `permission set ${s.name} (${s.arn})`, why: s.read.reason }])
    };
  }
  function tooLarge(plan) {
    return plan.text.length > MAX_INLINE_POLICY_CHARS ? `its inline policy would be ${plan.text.length} characters, over Identity Center's ${MAX_INLINE_POLICY_CHARS}; nothing was written to it, shorten its other statements or list fewer user ids` : void 0;
  }
  function writePlanned(instanceArn, arn, plan) {
    return deps.retry(() => writeOnce(instanceArn, arn, plan));
  }
  async function writeOnce(instanceArn, arn, plan) {
    const fresh = readInlinePolicy(await api.inlinePolicy(instanceArn, arn));
    if (!fresh.ok) {
      throw new InputError(`its inline policy changed since it was read and ${fresh.reason}; nothing was written to it, fix or remove it`);
    }
    const planned = plan(fresh);
    if (!planned.changed) {
      return false;
    }
    const why = tooLarge(planned);
    if (why) {
      throw new InputError(why);
    }
    await (planned.text === "" ? api.deleteInlinePolicy(instanceArn, arn) : api.putInlinePolicy(instanceArn, arn, planned.text));
    return true;
  }
  async function provision(instanceArn, arn, written) {
    if (!written && (await api.accounts(instanceArn, arn, false)).length === 0) {
      return NOTHING;
    }
    return await api.provision(instanceArn, arn) ?? UNDER_WAY;
  }
  async function start(run, instanceArn, sets, verb, plan, carried, skipped = []) {
    const results = await mapWithConcurrency(sets, CONCURRENCY, async (ps) => {
      try {
        const written = await writePlanned(instanceArn, ps.arn, plan);
        const request = await provision(instanceArn, ps.arn, written);
        log2({ event: "permission-set-written", permissionSet: ps.name, written, provisioning: request });
        return { request };
      } catch (err) {
        return { failure: { name: `permission set ${ps.name} (${ps.arn})`, reason: reasonOf(err) } };
      }
    });
    throwIfFailed(verb, "permission sets", sets.length + skipped.length, [...skipped, ...results.flatMap((r) => r.failure ? [r.failure] : [])]);
    return { complete: false, carry: { ...carried, Requests: results.map((r) => r.request).join(","), StartedAt: String(run.nowMs) } };
  }
  async function settle(instanceArn, arn, entry, check) {
    let failed;
    if (entry !== NOTHING && entry !== UNDER_WAY) {
      const status = await api.provisioningStatus(instanceArn, entry);
      if (status.status === "IN_PROGRESS") {
        return { kind: "pending", arn };
      }
      if (status.status !== "SUCCEEDED") {
        failed = { status: status.status ?? "UNKNOWN", reason: status.failureReason ?? "no reason given" };
      }
    }
    const notLatest = await api.accounts(instanceArn, arn, false);
    if (notLatest.length > 0) {
      if (failed) {
        const latest = await api.accounts(instanceArn, arn, true);
        return {
          kind: "failed",
          arn,
          reason: `provisioning ${failed.status} in account${notLatest.length > 1 ? "s" : ""} ${notLatest.join(", ")}: ${failed.reason}; ${latest.length} accounts have the revocation, deploy again to retry the others`
        };
      }
      await api.provision(instanceArn, arn);
      return { kind: "pending", arn };
    }
    const read = readInlinePolicy(await api.inlinePolicy(instanceArn, arn));
    if (check && (!read.ok || !check(read))) {
      return { kind: "lost", arn, ...read.ok ? { read } : {} };
    }
    return { kind: "done", arn, accounts: (await api.accounts(instanceArn, arn, true)).length, ...read.ok ? { read } : {} };
  }
  async function stillRunning(run, instanceArn, arns) {
    const accounts = (await mapWithConcurrency(arns, CONCURRENCY, (arn) => api.accounts(instanceArn, arn, false))).reduce((n, a) => n + a.length, 0);
    const status = await deps.stack.stackStatus(run.event.StackId).catch(() => void 0);
    return { accounts, rollingBack: status !== void 0 && ROLLING_BACK.has(status) };
  }
  async function continueApply(run, carry) {
    const r = run.request;
    const arns = r.permissionSetArns;
    const asked = { cutoffMs: askedCutoff(run, carry), users: usersOf(r) };
    const next = ownStatement(run.owner, run.generation, asked, deployTimeMark(r.cutoff));
    const lower = run.grant.lower && r.allowEarlierCutoff;
    const settled = await mapWithConcurrency(
      arns.map((arn, i) => ({ arn, entry: carry.requests[i] })),
      CONCURRENCY,
      ({ arn, entry }) => settle(r.instanceArn, arn, entry, (read) => holds(read, run.owner, run.generation, asked))
    );
    await throwIfAnyFailed(r.instanceArn, "provision", settled);
    const atDeadline = run.nowMs - carry.startedAt >= WAIT_BUDGET_MS;
    const lost = settled.filter((s) => s.kind === "lost");
    if (lost.length > 0 && !atDeadline) {
      const failures = await mapWithConcurrency(lost, CONCURRENCY, async (s) => {
        try {
          const written = await writePlanned(r.instanceArn, s.arn, (read) => planApply(read, run.owner, next, lower));
          log2({ event: "permission-set-rewritten", permissionSet: s.arn, written });
          await api.provision(r.instanceArn, s.arn);
          return [];
        } catch (err) {
          return [{ name: await label(r.instanceArn, s.arn), reason: reasonOf(err) }];
        }
      });
      throwIfFailed("write the revocation again into", "permission sets", lost.length, failures.flat());
      return { complete: false, carry: {} };
    }
    const pending = settled.filter((s) => s.kind === "pending").map((s) => s.arn);
    if (atDeadline) {
      const notHeld = [...lost.map((s) => ({ arn: s.arn, read: s.read }))];
      for (const arn of pending) {
        const read = readInlinePolicy(await api.inlinePolicy(r.instanceArn, arn));
        if (!read.ok || !holds(read, run.owner, run.generation, asked)) {
          notHeld.push({ arn, read: read.ok ? read : void 0 });
        }
      }
      if (notHeld.length > 0) {
        const failures = await Promise.all(notHeld.map(async (s) => ({
          name: await label(r.instanceArn, s.arn),
          reason: lostReason(run.owner, asked, s.read)
        })));
        throwIfFailed("keep the revocation in", "permission sets", arns.length, failures);
      }
    } else if (pending.length > 0) {
      return { complete: false, carry: {} };
    }
    const done = settled.filter((s) => s.kind === "done");
    const inForce = done.map((s) => (s.read ? effectiveCutoff(asked.users, ownStatements(s.read, run.owner)) : void 0) ?? asked.cutoffMs);
    const data = {
      EffectiveCutoff: describeCutoff(Math.min(...inForce, ...pending.length > 0 ? [asked.cutoffMs] : [])),
      RequestedCutoff: describeCutoff(asked.cutoffMs),
      PermissionSets: String(arns.length),
      AccountsProvisioned: String(done.reduce((n, s) => n + s.accounts, 0)),
      OwnedSidPrefix: ownSidPrefix(run.owner)
    };
    if (pending.length > 0) {
      const running = await stillRunning(run, r.instanceArn, pending);
      const report = `statement written and in force in the inline policy of all ${arns.length} permission sets; provisioning still running in ${running.accounts} accounts after ${WAIT_BUDGET_MS / 6e4} minutes (${pending.join(", ")}): Identity Center goes on provisioning it, the statement stays written, and a rollback keeps it`;
      log2({ event: "provisioning-outlasted-wait", pending, accounts: running.accounts, rollingBack: running.rollingBack });
      if (!running.rollingBack) {
        const err = new Error(report);
        err.stack = `Error: ${report}`;
        throw err;
      }
      data.ProvisioningStillRunning = `${running.accounts} accounts`;
    }
    return { complete: true, data };
  }
  async function throwIfAnyFailed(instanceArn, verb, settled) {
    const failed = settled.filter((s) => s.kind === "failed");
    const failures = await Promise.all(failed.map(async (s) => ({ name: await label(instanceArn, s.arn), reason: s.reason })));
    throwIfFailed(verb, "permission sets", settled.length, failures);
  }
  return {
    construct: "RevokeIdentityCenterSessions",
    targetKeys: IC_TARGET_KEYS,
    readRequest: readIdentityCenterRequest,
    cutoffOf: (r) => r.cutoff,
    spared: () => ({}),
    async apply(run) {
      const r = run.request;
      const carry = run.carried ? readCarry(run.carried, r.permissionSetArns.length, run.nowMs) : void 0;
      if (carry) {
        return continueApply(run, carry);
      }
      const { sets, unreadable } = await readAll(r.instanceArn, r.permissionSetArns);
      if (unreadable.length > 0) {
        throw new InputError(`nothing was written: the inline policy of ${unreadable.map((u) => `${u.name}: ${u.why}`).join("; ")}; this library keeps other statements untouched and cannot read it, fix or remove it`);
      }
      const mark = deployTimeMark(r.cutoff);
      const marked = sets.flatMap((s) => ownStatements(s.read, run.owner)).filter((o) => mark !== void 0 && o.mark === mark).map((o) => o.cutoffMs);
      const asked = { cutoffMs: run.requestedCutoff(marked.length > 0 ? Math.max(...marked) : void 0), users: usersOf(r) };
      const next = ownStatement(run.owner, run.generation, asked, mark);
      const lower = run.grant.lower && r.allowEarlierCutoff;
      const plan = (read) => planApply(read, run.owner, next, lower);
      const oversize = sets.flatMap((s) => {
        const why = tooLarge(plan(s.read));
        return why ? [`permission set ${s.name} (${s.arn}): ${why}`] : [];
      });
      if (oversize.length > 0) {
        throw new InputError(oversize.join("; "));
      }
      log2({ event: "revoke", cutoff: describeCutoff(asked.cutoffMs), users: asked.users === "all" ? "all" : asked.users.length, generation: run.generation });
      return start(run, r.instanceArn, sets, "revoke sessions of", plan, { Cutoff: asked.cutoffMs === Infinity ? "none" : String(asked.cutoffMs) });
    },
    async remove(run) {
      const r = run.request;
      if (!r) {
        log2({ event: "delete", removed: false, reason: "the properties of the deleted generation cannot be read, so nothing is known to remove" });
        return { complete: true, data: {} };
      }
      const scope = run.scope.kind === "all" ? { kind: "all" } : { kind: "generation", generation: run.generation, live: run.scope.live };
      const carry = run.carried ? readCarry(run.carried, r.permissionSetArns.length, run.nowMs) : void 0;
      if (!carry) {
        const { sets, unreadable } = await readAll(r.instanceArn, r.permissionSetArns);
        return start(
          run,
          r.instanceArn,
          sets,
          "remove the revocation from",
          (read) => planRemoval(read, run.owner, scope),
          {},
          unreadable.map((u) => ({ name: u.name, reason: `its inline policy cannot be read (${u.why}), so it was left untouched; fix or remove it` }))
        );
      }
      const settled = await mapWithConcurrency(
        r.permissionSetArns.map((arn, i) => ({ arn, entry: carry.requests[i] })),
        CONCURRENCY,
        ({ arn, entry }) => settle(r.instanceArn, arn, entry)
      );
      await throwIfAnyFailed(r.instanceArn, "provision", settled);
      const pending = settled.filter((s) => s.kind === "pending").map((s) => s.arn);
      if (pending.length > 0 && run.nowMs - carry.startedAt < WAIT_BUDGET_MS) {
        return { complete: false, carry: {} };
      }
      log2({ event: "removed", scope: scope.kind, provisioningStillRunning: pending });
      return { complete: true, data: {} };
    }
  };
}
function usersOf(r) {
  return r.userIds.length > 0 ? r.userIds : "all";
}
function askedCutoff(run, carry) {
  const cutoff = run.request.cutoff;
  if (cutoff.mode === "deploy-time" && carry.cutoffMs !== void 0 && Number.isFinite(carry.cutoffMs)) {
    return run.requestedCutoff(Math.min(carry.cutoffMs, run.nowMs + cutoff.bufferMs));
  }
  return run.requestedCutoff();
}
function readCarry(carried, count, nowMs) {
  const entries = typeof carried.Requests === "string" ? carried.Requests.split(",") : [];
  const requests = Array.from({ length: count }, (_, i) => /^[\w-]{1,64}$/.test(entries[i] ?? "") ? entries[i] : UNDER_WAY);
  const startedAt = Number(carried.StartedAt);
  const cutoff = carried.Cutoff === "none" ? Infinity : Number(carried.Cutoff);
  return {
    requests,
    startedAt: Number.isFinite(startedAt) && startedAt <= nowMs ? startedAt : nowMs,
    ...Number.isNaN(cutoff) ? {} : { cutoffMs: cutoff }
  };
}
function lostReason(owner, asked, read) {
  const inForce = read ? effectiveCutoff(asked.users, ownStatements(read, owner)) : void 0;
  const now = inForce === void 0 ? "no revocation of these users" : `cutoff ${inForce === Infinity ? "none (every session)" : formatInstant(inForce)}`;
  return `its inline policy holds ${now} in force, not the ${describeCutoff(asked.cutoffMs)} this deployment wrote: another writer (a concurrent deploy, the console, a tool that manages the whole inline policy) replaced the inline policy after this revocation wrote it; stop that writer and deploy again`;
}

// src/core/engine/grants.ts
var import_crypto3 = require("crypto");
var GRANTS_ENV = "REVOKE_GRANTS";
var STACK_ENV = "REVOKE_STACK";
var NOTHING_SPARED = narrowingDigest({});
var NO_GRANT = { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED };
function resourceTag(logicalId) {
  return digest(logicalId, 12);
}
function narrowingDigest(parts) {
  const canonical = Object.keys(parts).sort().flatMap((k) => {
    const v = parts[k];
    const list = v === void 0 ? [] : typeof v === "string" ? [v] : [...new Set(v)].sort();
    return list.length === 0 ? [] : [[k, list]];
  });
  return digest(JSON.stringify(canonical), 12);
}
var MAX_ENCODED_GRANT_CHARS = 12 + 1 + 3 + 1 + 12 + 1 + 12 + 1;
function grantsFromEnv(env = process.env) {
  const resources = /* @__PURE__ */ new Map();
  for (const entry of (env[GRANTS_ENV] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([0-9a-f]{12}):([rln]{0,3}):(u\d{1,12}|b\d{1,9})?:([0-9a-f]{12})$/.exec(entry);
    if (!m) {
      continue;
    }
    const [, tag, flags, future, narrowing] = m;
    resources.set(tag, {
      remove: flags.includes("r"),
      lower: flags.includes("l"),
      noCutoff: flags.includes("n"),
      future: future === void 0 ? void 0 : future.startsWith("u") ? { kind: "until", epochMs: Number(future.slice(1)) * 1e3 } : { kind: "buffer", ms: Number(future.slice(1)) * 1e3 },
      narrowing
    });
  }
  return { stackId: env[STACK_ENV] ?? "", resources };
}
function servedGrant(table, stackId, logicalId) {
  if (table.stackId === "" || table.stackId !== stackId) {
    return void 0;
  }
  return table.resources.get(resourceTag(logicalId));
}
function grantOfEvent(grants, event) {
  const grant = typeof grants === "function" ? grants(event.StackId, event.LogicalResourceId) : servedGrant(grants, event.StackId, event.LogicalResourceId);
  if (grant !== void 0) {
    return grant;
  }
  if (event.RequestType === "Delete") {
    return NO_GRANT;
  }
  throw new InputError(`resource ${clip2(event.LogicalResourceId)} of stack ${clip2(event.StackId)} is not one this function serves (each construct routes its resource here at synth, in the function's environment); nothing was written. Deploy the construct in the stack whose function this is`);
}
function clip2(s) {
  return JSON.stringify(String(s).slice(0, 120));
}
function digest(text, chars) {
  return (0, import_crypto3.createHash)("sha256").update(text).digest("hex").slice(0, chars);
}

// src/core/engine/generation.ts
var import_crypto4 = require("crypto");
var PENDING_PREFIX = "pending-";
function generationOf(props, targetKeys) {
  const canonical = [...targetKeys].sort().map((k) => [k, canonicalValue(props[k])]);
  return (0, import_crypto4.createHash)("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 8);
}
function physicalIdOf(ownerId, generation) {
  return `${ownerId}-g${generation}`;
}
function readPhysicalId(physicalId, ownerId) {
  if (physicalId === void 0) {
    return { kind: "foreign" };
  }
  if (physicalId.startsWith(PENDING_PREFIX)) {
    return { kind: "pending" };
  }
  const m = /^(.*)-g([0-9a-f]{8})$/.exec(physicalId);
  return m && m[1] === ownerId ? { kind: "live", generation: m[2] } : { kind: "foreign" };
}
function canonicalValue(v) {
  if (Array.isArray(v)) {
    const items = v.map(canonicalValue).map((x) => JSON.stringify(x));
    return [...new Set(items)].sort();
  }
  if (v !== null && typeof v === "object") {
    return Object.keys(v).sort().map((k) => [k, canonicalValue(v[k])]);
  }
  return v ?? null;
}

// src/core/engine/removal-gate.ts
var import_client_cloudformation = require("@aws-sdk/client-cloudformation");
var REMOVING_PHASES = /* @__PURE__ */ new Set([
  "DELETE_IN_PROGRESS",
  "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
  "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
  "ROLLBACK_IN_PROGRESS",
  "IMPORT_ROLLBACK_IN_PROGRESS"
]);
function defaultStackReader(call) {
  let client;
  const lazy = () => client ??= new import_client_cloudformation.CloudFormationClient({
    maxAttempts: 1,
    requestHandler: { requestTimeout: 1e4, throwOnRequestTimeout: true }
  });
  return {
    stackStatus: (stackId) => cloudFormationReader(lazy(), call).stackStatus(stackId),
    resource: (stackId, logicalId) => cloudFormationReader(lazy(), call).resource(stackId, logicalId)
  };
}
function cloudFormationReader(cfn, call) {
  return {
    stackStatus: async (stackId) => (await call(() => cfn.send(new import_client_cloudformation.DescribeStacksCommand({ StackName: stackId })))).Stacks?.[0]?.StackStatus,
    resource: async (stackId, logicalId) => {
      try {
        const d = (await call(() => cfn.send(new import_client_cloudformation.DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId })))).StackResourceDetail;
        return d ? { physicalId: d.PhysicalResourceId, status: d.ResourceStatus } : void 0;
      } catch (err) {
        if (/does not exist/i.test(String(err?.message))) {
          return void 0;
        }
        throw err;
      }
    }
  };
}
async function confirmRemoval(reader, event, ownerId) {
  let status;
  let current;
  try {
    status = await reader.stackStatus(event.StackId);
    current = await reader.resource(event.StackId, event.LogicalResourceId);
  } catch (err) {
    return { kind: "refused", reason: `CloudFormation could not confirm the removal (${err?.message ?? err}); nothing was removed` };
  }
  if (status === void 0 || !REMOVING_PHASES.has(status)) {
    return {
      kind: "refused",
      reason: `stack ${event.StackId} is ${status ?? "not found"}, not deleting resources: this Delete did not come from CloudFormation, and nothing was removed`
    };
  }
  const live = current?.physicalId === void 0 ? void 0 : readPhysicalId(current.physicalId, ownerId);
  if (current === void 0) {
    return { kind: "final" };
  }
  if (current.physicalId === event.PhysicalResourceId || current.status === "DELETE_IN_PROGRESS") {
    return current.physicalId === event.PhysicalResourceId && current.status === "DELETE_IN_PROGRESS" ? { kind: "final" } : {
      kind: "refused",
      reason: `the stack deletes ${current.status === "DELETE_IN_PROGRESS" ? current.physicalId : "another resource"}, not ${event.PhysicalResourceId}; nothing was removed`
    };
  }
  if (live?.kind === "live") {
    return { kind: "replaced", live: live.generation };
  }
  return { kind: "refused", reason: `the resource's current physical id ${current.physicalId} is not one of its generations; nothing was removed` };
}

// src/core/engine/response.ts
var MAX_RESPONSE_BYTES = 4096;
var FRAMEWORK_OVERHEAD_BYTES = 400;
var CLIPPED = " \u2026 (clipped; see the function's log)";
function fitResponseData(data, event, physicalId) {
  const fixed = Buffer.byteLength(JSON.stringify({
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: physicalId
  })) + FRAMEWORK_OVERHEAD_BYTES;
  const out = { ...data };
  const size = () => fixed + Buffer.byteLength(JSON.stringify({ Data: out }));
  while (size() > MAX_RESPONSE_BYTES) {
    const [key, value] = Object.entries(out).sort(([, a], [, b]) => Buffer.byteLength(b) - Buffer.byteLength(a))[0];
    const excess = size() - MAX_RESPONSE_BYTES;
    const keep = Math.max(0, value.length - excess - CLIPPED.length - 8);
    if (keep === 0 && value === "") {
      break;
    }
    out[key] = keep > 0 ? `${value.slice(0, keep)}${CLIPPED}` : "";
  }
  return out;
}

// src/core/ratchet.ts
var import_crypto5 = require("crypto");
function ownerTag(stackId, logicalResourceId) {
  return (0, import_crypto5.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 10);
}

// src/core/revocation-document.ts
var import_crypto6 = require("crypto");
function ownerSid(stackId, logicalResourceId) {
  const stackName = /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? "";
  const readable = `${stackName}${logicalResourceId}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 48);
  const digest2 = (0, import_crypto6.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 12);
  return `CdkRevoke${readable}${digest2}`;
}

// src/core/engine/handler.ts
function createRevocationHandler(writer, deps) {
  return async (event) => {
    const carried = event.Data;
    if (deps.phase === "continue" && carried?.Complete === "true") {
      return { IsComplete: true };
    }
    const identity = {
      event,
      ownerId: ownerSid(event.StackId, event.LogicalResourceId),
      owner: ownerTag(event.StackId, event.LogicalResourceId),
      grant: grantOfEvent(deps.grants, event),
      nowMs: deps.now(),
      carried: deps.phase === "continue" ? carried : void 0
    };
    if (event.RequestType === "Delete") {
      return onDelete(writer, deps, identity, event.PhysicalResourceId);
    }
    const request = writer.readRequest(event.ResourceProperties);
    checkSpared(writer, request, identity.grant);
    const generation = generationOf(event.ResourceProperties, writer.targetKeys);
    const physicalId = physicalIdOf(identity.ownerId, generation);
    const cutoff = writer.cutoffOf(request);
    const outcome = await writer.apply({
      ...identity,
      request,
      generation,
      requestedCutoff: (marked) => resolveRequestedCutoff(cutoff, identity.nowMs, identity.grant, marked)
    });
    const create = event.RequestType === "Create";
    if (!outcome.complete) {
      deps.log({ event: "incomplete", physicalId });
      if (deps.phase === "sync") {
        throw new Error(`${writer.construct} did not finish in one invocation; deploy again to finish (what is done stays done)`);
      }
      return deps.phase === "continue" ? { IsComplete: false } : { PhysicalResourceId: create ? PENDING_PREFIX + physicalId : physicalId, Data: { ...outcome.carry, Complete: "false" } };
    }
    const data = fitResponseData(outcome.data, event, physicalId);
    deps.log({ event: event.RequestType.toLowerCase(), physicalId, ...data });
    switch (deps.phase) {
      case "continue":
        return { IsComplete: true, ...create ? { PhysicalResourceId: physicalId } : {}, Data: data };
      case "start":
        return { PhysicalResourceId: physicalId, Data: { ...data, Complete: "true" } };
      default:
        return { PhysicalResourceId: physicalId, Data: data };
    }
  };
}
async function onDelete(writer, deps, identity, physicalId) {
  const done = (retained) => {
    if (retained !== void 0) {
      deps.log({ event: "delete", physicalId, retained: true, reason: retained });
    }
    return deps.phase === "continue" ? { IsComplete: true } : { PhysicalResourceId: physicalId, ...deps.phase === "start" ? { Data: { Complete: "true" } } : {} };
  };
  const id = readPhysicalId(physicalId, identity.ownerId);
  if (id.kind !== "live") {
    return done(id.kind === "pending" ? "its Create never completed, so nothing of it is removed" : "the physical id is not one this resource was given");
  }
  if (!identity.grant.remove) {
    return done("the construct keeps its revocations (RemovalPolicy.RETAIN)");
  }
  const verdict = await confirmRemoval(deps.stack, { ...identity.event, PhysicalResourceId: physicalId }, identity.ownerId);
  if (verdict.kind === "refused") {
    return done(verdict.reason);
  }
  let request;
  try {
    request = writer.readRequest(identity.event.ResourceProperties);
  } catch {
    request = void 0;
  }
  const outcome = await writer.remove({
    ...identity,
    request,
    generation: id.generation,
    scope: verdict.kind === "final" ? { kind: "all" } : { kind: "generation", live: verdict.live }
  });
  deps.log({ event: outcome.complete ? "delete" : "incomplete", physicalId, retained: false, scope: verdict.kind });
  if (!outcome.complete) {
    if (deps.phase === "sync") {
      throw new Error(`${writer.construct} could not finish removing in one invocation; delete again to finish`);
    }
    return deps.phase === "continue" ? { IsComplete: false } : { PhysicalResourceId: physicalId, Data: { ...outcome.carry, Complete: "false" } };
  }
  return done(void 0);
}
function checkSpared(writer, request, grant) {
  const spared = writer.spared(request);
  if (narrowingDigest(spared) !== grant.narrowing) {
    const listed = Object.entries(spared).filter(([, v]) => v !== void 0 && v.length > 0).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    throw new InputError(`the request spares ${listed.length > 0 ? listed.join(", ") : "nothing"}, which is not what this stack deployed for ${writer.construct}; exemptions, excludes, prefixes and allowOrganizationAccessRoles come only from the deployed construct, so deploy the change instead`);
  }
}

// src/revoke-identity-center-sessions/revoke-identity-center-sessions.lambda.ts
var REQUEST_TIMEOUT_MS = 1e4;
var DEADLINE_MARGIN_MS = 15e3;
var ALL_PROVISIONED = "ALL_PROVISIONED_ACCOUNTS";
function ssoAdminApi(sso, call, once) {
  return {
    permissionSetName: async (instanceArn, arn) => (await call(() => sso.send(new import_client_sso_admin.DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })))).PermissionSet?.Name ?? arn,
    inlinePolicy: async (instanceArn, arn) => (await call(() => sso.send(new import_client_sso_admin.GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })))).InlinePolicy,
    putInlinePolicy: async (instanceArn, arn, text) => {
      await sso.send(new import_client_sso_admin.PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, InlinePolicy: text }));
    },
    deleteInlinePolicy: async (instanceArn, arn) => {
      await sso.send(new import_client_sso_admin.DeleteInlinePolicyFromPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    },
    provision: async (instanceArn, arn) => {
      try {
        const res = await once(() => sso.send(new import_client_sso_admin.ProvisionPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: arn,
          TargetType: ALL_PROVISIONED
        })));
        return res.PermissionSetProvisioningStatus?.RequestId;
      } catch (err) {
        if (errorName(err) === "Conflict") {
          return void 0;
        }
        throw err;
      }
    },
    provisioningStatus: async (instanceArn, requestId) => {
      const res = await call(() => sso.send(new import_client_sso_admin.DescribePermissionSetProvisioningStatusCommand({
        InstanceArn: instanceArn,
        ProvisionPermissionSetRequestId: requestId
      })));
      return { status: res.PermissionSetProvisioningStatus?.Status, failureReason: res.PermissionSetProvisioningStatus?.FailureReason };
    },
    accounts: async (instanceArn, arn, latest) => {
      const accounts = [];
      let token;
      do {
        const page = await call(() => sso.send(new import_client_sso_admin.ListAccountsForProvisionedPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: arn,
          ProvisioningStatus: latest ? "LATEST_PERMISSION_SET_PROVISIONED" : "LATEST_PERMISSION_SET_NOT_PROVISIONED",
          NextToken: token
        })));
        accounts.push(...page.AccountIds ?? []);
        token = page.NextToken;
      } while (token);
      return accounts;
    }
  };
}
function identityCenterHandler(deps) {
  let deadline = 0;
  const options = { ...DEFAULT_RETRY, sleep: deps.sleep, remainingMs: () => deadline - deps.now() };
  const call = (fn) => withConflictRetries(fn, options);
  const once = (fn) => withRetries(fn, options);
  const stack = deps.stack ?? defaultStackReader(call);
  const logTo = deps.log ?? log;
  const engine = createRevocationHandler(identityCenterWriter({ api: ssoAdminApi(deps.sso, call, once), retry: call, stack, log: logTo }), {
    now: deps.now,
    phase: deps.phase,
    grants: deps.grants,
    stack,
    log: logTo
  });
  return (event, context) => {
    deadline = deps.now() + (context?.getRemainingTimeInMillis?.() ?? 3e5) - DEADLINE_MARGIN_MS;
    return engine(event);
  };
}
var handler = identityCenterHandler({
  sso: new import_client_sso_admin.SSOAdminClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
  now: Date.now,
  sleep: DEFAULT_RETRY.sleep,
  phase: process.env.REVOKE_PHASE === "continue" ? "continue" : "start",
  grants: grantsFromEnv()
});
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler,
  identityCenterHandler,
  ssoAdminApi
});
