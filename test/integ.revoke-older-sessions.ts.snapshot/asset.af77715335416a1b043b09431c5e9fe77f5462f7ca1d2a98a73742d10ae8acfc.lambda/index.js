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

// src/revoke-older-sessions/revoke-older-sessions.lambda.ts
var revoke_older_sessions_lambda_exports = {};
__export(revoke_older_sessions_lambda_exports, {
  MAX_REASON_BYTES: () => MAX_REASON_BYTES,
  createHandler: () => createHandler,
  handler: () => handler
});
module.exports = __toCommonJS(revoke_older_sessions_lambda_exports);
var import_client_iam3 = require("@aws-sdk/client-iam");

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
var InputError = class extends Error {
  name = "InputError";
};
function log(entry) {
  console.log(JSON.stringify(entry));
}

// src/revoke-older-sessions/io.ts
var START_MARGIN_MS = 3e4;
var IamIo = class {
  constructor(iam, concurrency, remainingMs, sleep, pacer, log2) {
    this.iam = iam;
    this.concurrency = concurrency;
    this.remainingMs = remainingMs;
    this.sleep = sleep;
    this.pacer = pacer;
    this.log = log2;
  }
  iam;
  concurrency;
  remainingMs;
  sleep;
  pacer;
  log;
  /** Whether too little time is left to start another role. */
  outOfTime() {
    return this.remainingMs() < START_MARGIN_MS;
  }
  call(fn) {
    return withRetries(fn, { ...DEFAULT_RETRY, sleep: this.sleep, remainingMs: this.remainingMs, pacer: this.pacer });
  }
  /** Runs `work` for one role; any error becomes that role's reason, logged with its name. */
  async settle(roleName, work) {
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      const reason = reasonOf(err);
      this.log({ event: "role-failed", role: roleName, reason });
      return { ok: false, reason };
    }
  }
};

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

// src/core/ratchet.ts
var import_crypto = require("crypto");
function nextCutoff(ownInForce, requested, lower) {
  return lower || ownInForce === void 0 ? requested : Math.max(ownInForce, requested);
}
function ownerTag(stackId, logicalResourceId) {
  return (0, import_crypto.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 10);
}

// src/core/revocation-document.ts
var import_crypto2 = require("crypto");
var TOKEN_ISSUE_TIME_KEY = "aws:TokenIssueTime";
var SID = /^[A-Za-z0-9]{1,100}$/;
var STATEMENT_KEYS = /* @__PURE__ */ new Set(["Sid", "Effect", "Action", "Resource", "Condition"]);
function buildRevocationDocument(statements) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...s.sid && SID.test(s.sid) ? { Sid: s.sid } : {},
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { [TOKEN_ISSUE_TIME_KEY]: formatInstant(s.cutoffMs) } }
    }))
  });
}
function readRevocationDocument(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return unrecognized("it is not valid JSON");
  }
  if (!isObject(doc) || doc.Statement === void 0) {
    return unrecognized("it has no Statement element");
  }
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements = [];
  for (const [i, st] of raw.entries()) {
    const read = readStatement(st);
    if (typeof read === "string") {
      return unrecognized(`statement ${i + 1} ${read}`);
    }
    statements.push(read);
  }
  return { kind: "revocation", statements };
}
function latestCutoff(statements) {
  return statements.length === 0 ? void 0 : Math.max(...statements.map((s) => s.cutoffMs));
}
function ownerSid(stackId, logicalResourceId) {
  const stackName = /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? "";
  const readable = `${stackName}${logicalResourceId}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 48);
  const digest2 = (0, import_crypto2.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 12);
  return `CdkRevoke${readable}${digest2}`;
}
function readStatement(st) {
  if (!isObject(st)) {
    return "is not an object";
  }
  const extra = Object.keys(st).find((k) => !STATEMENT_KEYS.has(k));
  if (extra) {
    return `has a ${extra} element`;
  }
  if (st.Effect !== "Deny") {
    return "is not a Deny";
  }
  if (!isWildcard(st.Action) || !isWildcard(st.Resource)) {
    return "does not deny every action on every resource";
  }
  const cutoffMs = readCondition(st.Condition);
  if (typeof cutoffMs === "string") {
    return cutoffMs;
  }
  const sid = typeof st.Sid === "string" && SID.test(st.Sid) ? st.Sid : void 0;
  return sid ? { sid, cutoffMs } : { cutoffMs };
}
function readCondition(condition) {
  if (!isObject(condition) || Object.keys(condition).length !== 1 || !isObject(condition.DateLessThan)) {
    return "has a condition other than DateLessThan";
  }
  const entries = Object.entries(condition.DateLessThan);
  if (entries.length !== 1 || entries[0][0].toLowerCase() !== TOKEN_ISSUE_TIME_KEY.toLowerCase()) {
    return `does not test only ${TOKEN_ISSUE_TIME_KEY}`;
  }
  const values = Array.isArray(entries[0][1]) ? entries[0][1] : [entries[0][1]];
  if (values.length === 0) {
    return "has no cutoff value";
  }
  let latest = -Infinity;
  for (const v of values) {
    const parsed = typeof v === "string" ? parseInstant(v, TOKEN_ISSUE_TIME_KEY) : void 0;
    if (!parsed?.ok) {
      return `has a cutoff this library cannot read (${JSON.stringify(v).slice(0, 40)})`;
    }
    latest = Math.max(latest, parsed.epochMs);
  }
  return latest;
}
function isWildcard(value) {
  const values = Array.isArray(value) ? value : [value];
  return values.length > 0 && values.every((v) => v === "*");
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function unrecognized(reason) {
  return { kind: "unrecognized", reason };
}

// src/revoke-older-sessions/plan.ts
function cutoffStamp(cutoffMs) {
  return formatInstant(cutoffMs).replace(/[-:]/g, "");
}
function ownedPolicyName(policyName, owner, generation, cutoffMs) {
  const suffix = `-${owner}-${generation}-${cutoffStamp(cutoffMs)}`;
  return `${policyName.slice(0, 128 - suffix.length)}${suffix}`;
}
function parseOwnedName(name, owner) {
  let pattern = ownedNamePatterns.get(owner);
  if (!pattern) {
    pattern = new RegExp(`^(.+)-${owner}(?:-([0-9a-f]{8})-(\\d{8}T\\d{6}(?:\\.\\d{3})?Z))?$`);
    ownedNamePatterns.set(owner, pattern);
  }
  const m = pattern.exec(name);
  return m ? { prefix: m[1], generation: m[2] } : void 0;
}
var ownedNamePatterns = /* @__PURE__ */ new Map();
function markedSid(ownerSid2, mark) {
  return mark === void 0 ? ownerSid2 : `${ownerSid2}D${mark}`;
}
function ownedPolicies(role, owner) {
  const owned = [];
  let refuse;
  for (const [name, text] of role.policies) {
    const parsed = parseOwnedName(name, owner);
    const read = parsed ? readRevocationDocument(text) : void 0;
    if (!parsed || !read) {
      continue;
    }
    if (read.kind === "unrecognized") {
      refuse ??= `its policy "${name}" carries this resource's name but is not a time-based revocation (${read.reason}); it was left untouched: remove it, then deploy again`;
    } else if (read.statements.length > 0) {
      owned.push({ ...parsed, name, cutoffMs: latestCutoff(read.statements), statements: read.statements });
    }
  }
  return { owned, refuse };
}
function markedCutoff(roles, owner, sid) {
  const cutoffs = roles.flatMap((r) => ownedPolicies(r, owner).owned.flatMap((p) => p.statements.filter((s) => s.sid === sid).map((s) => s.cutoffMs)));
  return cutoffs.length > 0 ? Math.max(...cutoffs) : void 0;
}
function planRevocation(role, input) {
  const read = ownedPolicies(role, input.owner);
  if (read.refuse !== void 0) {
    return { kind: "refuse", role, reason: read.refuse };
  }
  const legacy = legacyCutoff(role, input);
  const inForce = [...read.owned.map((p) => p.cutoffMs), ...legacy === void 0 ? [] : [legacy]];
  const ownInForceMs = inForce.length > 0 ? Math.max(...inForce) : void 0;
  const cutoffMs = nextCutoff(ownInForceMs, input.requestedMs, input.lower);
  const target = ownedPolicyName(input.policyName, input.owner, input.generation, cutoffMs);
  const carried = input.lower ? void 0 : read.owned.flatMap((p) => p.statements).filter((s) => s.sid !== void 0 && s.sid !== input.sid && s.sid.startsWith(`${input.ownerSid}D`) && s.cutoffMs <= cutoffMs).sort((a, b) => b.cutoffMs - a.cutoffMs)[0];
  const document = buildRevocationDocument([{ sid: input.sid, cutoffMs }, ...carried ? [carried] : []]);
  const write = role.policies.get(target) === document ? void 0 : { policyName: target, document, cutoffMs };
  return { kind: "revoke", role, cutoffMs, ownInForceMs, target, write, legacyStatement: legacy !== void 0 };
}
function planSupersede(role, input) {
  const read = ownedPolicies(role, input.owner);
  const foldable = read.owned.filter((p) => input.foldOtherGenerations ? true : p.generation === input.generation);
  if (input.lowered !== void 0) {
    const kept = read.owned.find((p) => p.name === input.lowered);
    if (!kept) {
      return [];
    }
    return read.owned.filter((p) => p.name !== kept.name && (p.cutoffMs > kept.cutoffMs || foldable.includes(p) && p.cutoffMs < kept.cutoffMs)).map((p) => p.name).sort();
  }
  const top = Math.max(...foldable.map((p) => p.cutoffMs));
  return foldable.filter((p) => p.cutoffMs < top).map((p) => p.name).sort();
}
function planRemoval(role, owner, scope) {
  const read = ownedPolicies(role, owner);
  if (scope.kind === "all") {
    return { deletes: read.owned.map((p) => p.name).sort() };
  }
  const gone = read.owned.filter((p) => p.generation === scope.generation);
  const live = read.owned.filter((p) => p.generation === scope.live);
  if (gone.length === 0) {
    return { deletes: [] };
  }
  const goneTop = latestOf(gone);
  const liveTop = latestOf(live);
  let raise;
  if (liveTop && liveTop.cutoffMs < goneTop.cutoffMs) {
    const statements = goneTop.statements.filter((s) => s.cutoffMs === goneTop.cutoffMs);
    raise = {
      policyName: ownedPolicyName(liveTop.prefix, owner, scope.live, goneTop.cutoffMs),
      document: buildRevocationDocument(statements),
      cutoffMs: goneTop.cutoffMs
    };
  }
  return { raise, deletes: gone.map((p) => p.name).sort() };
}
function roleCutoff(role, written = []) {
  const docs = new Map(role.policies);
  written.forEach((w) => docs.set(w.policyName, w.document));
  const cutoffs = [...docs.values()].map((text) => {
    const read = readRevocationDocument(text);
    return read.kind === "revocation" ? latestCutoff(read.statements) : void 0;
  }).filter((c) => c !== void 0);
  return cutoffs.length > 0 ? Math.max(...cutoffs) : void 0;
}
function latestOf(policies) {
  return [...policies].sort((a, b) => b.cutoffMs - a.cutoffMs || a.name.localeCompare(b.name))[0];
}
function legacyCutoff(role, input) {
  const cutoffs = [];
  for (const [name, text] of role.policies) {
    const read = parseOwnedName(name, input.owner) ? void 0 : readRevocationDocument(text);
    if (read?.kind === "revocation") {
      cutoffs.push(...read.statements.filter((s) => s.sid === input.ownerSid).map((s) => s.cutoffMs));
    }
  }
  return cutoffs.length > 0 ? Math.max(...cutoffs) : void 0;
}

// src/core/resource-props.ts
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
var ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
var ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([^/]+)$/;
var POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
var SERVICE_LINKED_PATH_PREFIX = "/aws-service-role/";
var IDENTITY_CENTER_PATH_PREFIX = "/aws-reserved/sso.amazonaws.com/";
var IDENTITY_CENTER_NAME_PREFIX = "AWSReservedSSO_";
var POLICY_VARIABLE_CHARACTERS = /[${}]/;
function policyVariableProblem(label, value) {
  return POLICY_VARIABLE_CHARACTERS.test(value) ? `${label} "${value}" contains "$", "{" or "}": IAM reads \${...} in a policy as a variable and substitutes it for each request, so it would match principals nobody named; give the literal name, path or ARN (only * and ? are wildcards)` : void 0;
}
function parseRoleArn(arn) {
  const m = ROLE_ARN.exec(arn);
  if (!m || !ROLE_NAME_PATTERN.test(m[4]) || m[3].length > 512 || POLICY_VARIABLE_CHARACTERS.test(m[3])) {
    return void 0;
  }
  return { partition: m[1], account: m[2], path: m[3], name: m[4] };
}
function protectedRoleReason(path, name) {
  if (path?.startsWith(SERVICE_LINKED_PATH_PREFIX)) {
    return "it is a service-linked role (path /aws-service-role/), which IAM does not let anyone modify; revoke the sessions of the principal that uses the service instead";
  }
  if (path?.startsWith(IDENTITY_CENTER_PATH_PREFIX) || name?.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return "it is an IAM Identity Center role, which IAM does not let you edit; revoke the sessions in Identity Center (a deny in the permission set, or an SCP on aws:userId) instead";
  }
  return void 0;
}
function policyNameProblem(name) {
  return POLICY_NAME.test(name) ? void 0 : `policyName "${name}" is not a valid IAM policy name; use 1 to 128 characters of letters, digits and +=,.@_-`;
}

// src/core/glob.ts
function globMatches(glob, text) {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === "?" || glob[g] !== "*" && glob[g] === text[t])) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      resume = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === "*") {
    g++;
  }
  return g === glob.length;
}

// src/role-selection/selection-match.ts
var SelectionKind = {
  explicit: "explicit",
  pathPrefix: "path-prefix",
  tagged: "tagged",
  namePattern: "name-pattern",
  allInAccount: "all-in-account"
};
var PATTERN = /^[\w+=,.@*?-]{1,64}$/;
var PATH_PATTERN = /^\/(?:[\x21-\x7e]*\/)?[\w+=,.@*?-]{1,64}$/;
var PATH_PREFIX = /^\/(?:[\x21-\x7e]*\/)?$/;
function isExcluded(name, path, exclude) {
  return exclude.some((p) => globMatches(p, p.startsWith("/") ? `${path}${name}` : name));
}
function namePatternProblem(glob, what = "namePattern") {
  return policyVariableProblem(what, glob) ?? (PATTERN.test(glob) ? void 0 : `${what} "${glob}" is not a role-name glob; use 1 to 64 characters of letters, digits, +=,.@_- and the wildcards * and ?`);
}
function excludeProblem(entry) {
  const variable = policyVariableProblem("exclude entry", entry);
  if (variable) {
    return variable;
  }
  if (entry.startsWith("/")) {
    return PATH_PATTERN.test(entry) && entry.length <= 576 ? void 0 : `exclude entry "${entry}" is not a /path/name glob; start with the path, end with a role-name glob, e.g. "/ops/*" or "/legacy-*"`;
  }
  return namePatternProblem(entry, "exclude entry");
}
function pathPrefixProblem(prefix) {
  return policyVariableProblem("path prefix", prefix) ?? (PATH_PREFIX.test(prefix) && prefix.length <= 512 ? void 0 : `path prefix "${prefix}" is not an IAM path; it must start and end with "/", e.g. "/app/"`);
}
function tagProblem(key, value) {
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(key) || key.toLowerCase().startsWith("aws:")) {
    return `tag key "${key}" is not a valid IAM tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"`;
  }
  if (value !== void 0 && !/^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(value)) {
    return `tag value "${value}" is not a valid IAM tag value; use up to 256 letters, digits, spaces and _.:/=+-@`;
  }
  return void 0;
}
function matchesListing(spec, name, path) {
  if (!path.startsWith(spec.pathPrefix)) {
    return false;
  }
  return spec.kind !== SelectionKind.namePattern || globMatches(spec.namePattern, name);
}
function matchesTags(spec, tags) {
  const tag = tags.find((t) => t.Key === spec.tagKey);
  return tag !== void 0 && (spec.tagValue === void 0 || tag.Value === spec.tagValue);
}

// src/revoke-older-sessions/properties.ts
var DEFAULT_POLICY_NAME = "AWSRevokeOlderSessions";
var PER_ROLE_READ_MAX = 20;
var MAX_ROLES = 5e3;
var MAX_EVENT_BYTES = 24e4;
var UNRESOLVED_ARN_BYTES = 100;
var MAX_EXPLICIT_ROLES_ESTIMATE = Math.floor(MAX_EVENT_BYTES / (2 * (UNRESOLVED_ARN_BYTES + 3)));
var Prop = {
  roleArns: "RoleArns",
  cutoffMode: "CutoffMode",
  issuedBefore: "IssuedBefore",
  generation: "Generation",
  bufferSeconds: "BufferSeconds",
  policyName: "PolicyName",
  removalPolicy: "RemovalPolicy",
  allowEarlierCutoff: "AllowEarlierCutoff",
  allowFutureCutoff: "AllowFutureCutoff",
  dryRun: "DryRun",
  selection: "Selection",
  pathPrefix: "PathPrefix",
  tagKey: "TagKey",
  tagValue: "TagValue",
  namePattern: "NamePattern",
  exclude: "Exclude",
  allowOrganizationAccessRoles: "AllowOrganizationAccessRoles"
};
var MAX_EXCLUDES = 100;
var TARGET_KEYS = [
  Prop.roleArns,
  Prop.selection,
  Prop.pathPrefix,
  Prop.tagKey,
  Prop.tagValue,
  Prop.namePattern,
  Prop.exclude,
  Prop.policyName,
  Prop.dryRun
];
var OWNED_SUFFIX_MAX_CHARS = 41;
var MAX_POLICY_NAME_CHARS = 128 - OWNED_SUFFIX_MAX_CHARS;
function policyPrefixProblem(name) {
  return policyNameProblem(name) ?? (name.length > MAX_POLICY_NAME_CHARS ? `policyName "${clip(name)}" is ${name.length} characters; each role's policy is named <policyName>-<owner tag>-<generation>-<cutoff>, which adds up to ${OWNED_SUFFIX_MAX_CHARS} to IAM's 128, so use at most ${MAX_POLICY_NAME_CHARS} characters` : void 0);
}
var KNOWN = [...Object.values(Prop), "ServiceToken"];
function readRequest(props) {
  const p = resourceProperties(props, "RevokeOlderSessions", KNOWN);
  const selection = readSelection(p);
  if (selection && p[Prop.roleArns] !== void 0) {
    throw new InputError(`properties ${Prop.roleArns} and a ${Prop.selection} of "${selection.kind}" were both given; use one of them`);
  }
  const roles = selection ? [] : readRoles(p[Prop.roleArns]);
  const policyName = optionalString(p, Prop.policyName) ?? DEFAULT_POLICY_NAME;
  check(policyPrefixProblem(policyName));
  readDestroy(p);
  readFlag(p, Prop.allowFutureCutoff);
  return {
    roles,
    selection,
    cutoff: readCutoff(p, false),
    policyName,
    allowEarlierCutoff: readFlag(p, Prop.allowEarlierCutoff),
    dryRun: readFlag(p, Prop.dryRun),
    allowOrganizationAccessRoles: readFlag(p, Prop.allowOrganizationAccessRoles)
  };
}
function readSelection(p) {
  const kind = optionalString(p, Prop.selection) ?? SelectionKind.explicit;
  const extra = [Prop.pathPrefix, Prop.tagKey, Prop.tagValue, Prop.namePattern, Prop.exclude].filter((k) => p[k] !== void 0);
  if (kind === SelectionKind.explicit) {
    if (extra.length > 0) {
      throw new InputError(`properties ${extra.join(", ")} only apply to a role selection; received them with an explicit role list`);
    }
    return void 0;
  }
  const pathPrefix = optionalString(p, Prop.pathPrefix) ?? "/";
  check(pathPrefixProblem(pathPrefix));
  const exclude = readExclude(p[Prop.exclude]);
  switch (kind) {
    case SelectionKind.pathPrefix:
    case SelectionKind.allInAccount:
      return { kind, pathPrefix, exclude };
    case SelectionKind.tagged: {
      const tagKey = optionalString(p, Prop.tagKey) ?? "";
      const tagValue = optionalString(p, Prop.tagValue);
      check(tagProblem(tagKey, tagValue));
      return { kind, pathPrefix, tagKey, tagValue, exclude };
    }
    case SelectionKind.namePattern: {
      const namePattern = optionalString(p, Prop.namePattern) ?? "";
      check(namePatternProblem(namePattern));
      return { kind, pathPrefix, namePattern, exclude };
    }
    default:
      throw new InputError(`property ${Prop.selection} "${clip(kind)}" is not supported; use one of ${Object.values(SelectionKind).join(", ")}`);
  }
}
function readExclude(value) {
  if (value === void 0) {
    return [];
  }
  if (!Array.isArray(value) || value.length > MAX_EXCLUDES) {
    throw new InputError(`property ${Prop.exclude} must be a list of at most ${MAX_EXCLUDES} patterns; received ${describe(value)}`);
  }
  return value.map((entry) => {
    if (typeof entry !== "string") {
      throw new InputError(`property ${Prop.exclude} entry ${describe(entry)} must be a string`);
    }
    check(excludeProblem(entry));
    return entry;
  });
}
function check(problem) {
  if (problem) {
    throw new InputError(clip(problem, 600));
  }
}
function readRoles(value) {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(`property ${Prop.roleArns} must be a non-empty list of role ARNs; received ${describe(value)}`);
  }
  if (value.length > MAX_ROLES) {
    throw new InputError(`property ${Prop.roleArns} lists ${value.length} roles; at most ${MAX_ROLES} fit one resource, split them across several constructs`);
  }
  const seen = /* @__PURE__ */ new Set();
  const roles = [];
  for (const arn of value) {
    const parts = typeof arn === "string" ? parseRoleArn(arn) : void 0;
    if (!parts) {
      throw new InputError(`property ${Prop.roleArns} entry ${describe(arn)} is not an IAM role ARN; expected arn:<partition>:iam::<account>:role/<path/><name>`);
    }
    const key = `${parts.partition}:${parts.account}:${parts.path}${parts.name.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      roles.push({ ...parts, arn });
    }
  }
  return roles;
}
function sparedOf(exclude, organizationAccess) {
  return { exclude, organizationAccess: organizationAccess ? "allowed" : void 0 };
}

// src/revoke-older-sessions/read.ts
var import_client_iam = require("@aws-sdk/client-iam");
var PAGE = 1e3;
var DETAILS_PAGE = 100;
var LONGEST_ROLE_SESSION_SECONDS = 43200;
async function readAccount(io, wanted, withSessions) {
  const sessions = withSessions ? await listSessionDurations(io) : void 0;
  const roles = [];
  let marker;
  do {
    const page = await readDetailsPage(io, marker, wanted, sessions);
    roles.push(...page.roles);
    marker = page.marker;
  } while (marker);
  return roles;
}
async function readDetailsPage(io, marker, wanted, sessions) {
  const page = await io.call(() => io.iam.send(new import_client_iam.GetAccountAuthorizationDetailsCommand({ Filter: ["Role"], MaxItems: DETAILS_PAGE, Marker: marker })));
  const roles = [];
  for (const r of page.RoleDetailList ?? []) {
    if (!r.RoleName || !r.Arn) {
      continue;
    }
    const policies = /* @__PURE__ */ new Map();
    for (const p of r.RolePolicyList ?? []) {
      if (p.PolicyName && wanted(p.PolicyName)) {
        policies.set(p.PolicyName, decodeDocument(p.PolicyDocument ?? ""));
      }
    }
    roles.push({
      name: r.RoleName,
      path: r.Path ?? "/",
      arn: r.Arn,
      ...sessions ? { maxSessionSeconds: sessions.get(r.RoleName.toLowerCase()) } : {},
      tags: r.Tags ?? [],
      policies,
      trustedServices: trustedServicesOf(r.AssumeRolePolicyDocument)
    });
  }
  return { roles, marker: page.IsTruncated ? page.Marker : void 0 };
}
async function readRole(io, name, wanted) {
  let role;
  try {
    role = (await io.call(() => io.iam.send(new import_client_iam.GetRoleCommand({ RoleName: name })))).Role;
  } catch (err) {
    if (errorName(err) === "NoSuchEntity") {
      return void 0;
    }
    throw err;
  }
  const realName = role?.RoleName ?? name;
  return {
    name: realName,
    path: role?.Path ?? "/",
    arn: role?.Arn ?? "",
    maxSessionSeconds: role?.MaxSessionDuration ?? LONGEST_ROLE_SESSION_SECONDS,
    tags: role?.Tags ?? [],
    policies: await readInlinePolicies(io, realName, wanted),
    trustedServices: trustedServicesOf(role?.AssumeRolePolicyDocument)
  };
}
async function readInlinePolicies(io, roleName, wanted) {
  const names = [];
  let marker;
  do {
    const page = await io.call(() => io.iam.send(new import_client_iam.ListRolePoliciesCommand({ RoleName: roleName, MaxItems: PAGE, Marker: marker })));
    names.push(...page.PolicyNames ?? []);
    marker = page.IsTruncated ? page.Marker : void 0;
  } while (marker);
  const policies = /* @__PURE__ */ new Map();
  for (const policyName of names.filter(wanted)) {
    const text = await readPolicy(io, roleName, policyName);
    if (text !== void 0) {
      policies.set(policyName, text);
    }
  }
  return policies;
}
function trustedServicesOf(encoded) {
  let doc;
  try {
    doc = encoded === void 0 ? void 0 : JSON.parse(decodeDocument(encoded));
  } catch {
    return void 0;
  }
  if (doc === null || typeof doc !== "object" || doc.Statement === void 0) {
    return void 0;
  }
  const services = /* @__PURE__ */ new Set();
  for (const st of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
    if (st?.Effect !== "Allow") {
      continue;
    }
    if (st.Principal === "*" || st.Principal?.AWS === "*" || st.NotPrincipal !== void 0) {
      services.add("*");
    }
    const service = st.Principal?.Service;
    (Array.isArray(service) ? service : service === void 0 ? [] : [service]).forEach((s) => services.add(String(s)));
  }
  return [...services].sort();
}
async function readPolicy(io, roleName, policyName) {
  try {
    const res = await io.call(() => io.iam.send(new import_client_iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
    return res.PolicyDocument === void 0 ? void 0 : decodeDocument(res.PolicyDocument);
  } catch (err) {
    if (errorName(err) === "NoSuchEntity") {
      return void 0;
    }
    throw err;
  }
}
async function listSessionDurations(io) {
  const out = /* @__PURE__ */ new Map();
  let marker;
  do {
    const page = await io.call(() => io.iam.send(new import_client_iam.ListRolesCommand({ MaxItems: PAGE, Marker: marker })));
    for (const r of page.Roles ?? []) {
      if (r.RoleName) {
        out.set(r.RoleName.toLowerCase(), r.MaxSessionDuration ?? LONGEST_ROLE_SESSION_SECONDS);
      }
    }
    marker = page.IsTruncated ? page.Marker : void 0;
  } while (marker);
  return out;
}
function decodeDocument(encoded) {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

// src/revoke-older-sessions/verify.ts
async function readAgain(io, roles, batched, wanted, names) {
  if (batched) {
    const before = new Map(roles.map((r) => [r.name.toLowerCase(), r]));
    return new Map((await readAccount(io, wanted, false)).filter((r) => before.has(r.name.toLowerCase())).map((r) => [r.name.toLowerCase(), { ...before.get(r.name.toLowerCase()), policies: r.policies }]));
  }
  const fresh = await mapWithConcurrency(roles, io.concurrency, async (role) => {
    const again = new Set(names(role));
    const policies = new Map([...role.policies].filter(([name]) => !again.has(name)));
    for (const name of again) {
      const text = await readPolicy(io, role.name, name);
      if (text !== void 0) {
        policies.set(name, text);
      }
    }
    return [role.name.toLowerCase(), { ...role, policies }];
  });
  return new Map(fresh);
}

// src/revoke-older-sessions/write.ts
var import_client_iam2 = require("@aws-sdk/client-iam");
async function putPolicies(io, roleName, writes) {
  for (const w of writes) {
    await io.call(() => io.iam.send(new import_client_iam2.PutRolePolicyCommand({ RoleName: roleName, PolicyName: w.policyName, PolicyDocument: w.document })));
  }
}
async function deletePolicies(io, roleName, policyNames) {
  for (const policyName of policyNames) {
    await io.call(() => io.iam.send(new import_client_iam2.DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).catch((err) => {
      if (errorName(err) !== "NoSuchEntity") {
        throw err;
      }
    });
  }
}

// src/core/engine/cutoff.ts
var import_crypto3 = require("crypto");
function deployTimeMark(cutoff) {
  if (cutoff.mode !== "deploy-time") {
    return void 0;
  }
  return (0, import_crypto3.createHash)("sha256").update(`${cutoff.generation}
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
function firstNames(names, maxBytes) {
  let out = "";
  for (const [i, name] of names.entries()) {
    const next = out ? `${out}, ${name}` : name;
    if (Buffer.byteLength(next) > maxBytes) {
      return `${out} \u2026 and ${names.length - i} more (see the function's log)`;
    }
    out = next;
  }
  return out || "none";
}

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
function roleNameSet(names) {
  return new Set([...names].map((n) => n.toLowerCase()));
}
function organizationAccessRole(name) {
  return ORGANIZATION_ACCESS_ROLES.find((glob) => globMatches(glob.toLowerCase(), name.toLowerCase()));
}
var ORGANIZATION_ACCESS_REASON = "it is a role that administers the organization (StackSets, Organizations or Control Tower deploy through it); set allowOrganizationAccessRoles: true only if it must be cut off, since that can stop the very deployment that carries the revocation, and its rollback";
function lockoutReason(name, path, protectedNames, options = {}) {
  const base = protectedRoleReason(path, name);
  if (base) {
    return { category: path?.startsWith(SERVICE_LINKED_PATH_PREFIX) ? "service-linked" : "identity-center", reason: base };
  }
  if (protectedNames.has(name.toLowerCase())) {
    return {
      category: "provider",
      reason: "it is a role this library or its deployment runs as; revoking it would stop the revocation itself"
    };
  }
  if (CDK_BOOTSTRAP_ROLE.test(name)) {
    return {
      category: "cdk-bootstrap",
      reason: "it is a CDK bootstrap role (deploy, CloudFormation execution, publishing or lookup); revoking it would lock out deployments"
    };
  }
  if (!options.allowOrganizationAccess && organizationAccessRole(name) !== void 0) {
    return { category: "organization-access", reason: ORGANIZATION_ACCESS_REASON };
  }
  return void 0;
}

// src/revoke-older-sessions/writer.ts
var NOT_STARTED = "not started before the function ran out of time; deploy again to finish (roles already done stay done)";
var ROLLBACK_KEEPS = "a rollback keeps them too";
var MAX_NAMES_BYTES = 1500;
var DEFERRED = "deferred";
function iamWriter(ctx) {
  return {
    construct: "RevokeOlderSessions",
    targetKeys: TARGET_KEYS,
    readRequest,
    cutoffOf: (r) => r.cutoff,
    spared: (r) => sparedOf(r.selection?.exclude, r.allowOrganizationAccessRoles),
    apply: (run) => apply(ctx, run),
    remove: (run) => remove(ctx, run)
  };
}
function isBatched(request) {
  return request.selection !== void 0 || request.roles.length > PER_ROLE_READ_MAX;
}
async function apply(ctx, run) {
  const { io, log: log2 } = ctx;
  const request = run.request;
  run.requestedCutoff();
  const batched = isBatched(request);
  const wanted = (name) => parseOwnedName(name, run.owner) !== void 0 || name === request.policyName || name === DEFAULT_POLICY_NAME;
  const snapshot = batched ? await readAccount(io, wanted, true) : void 0;
  const targets = selectTargets(ctx, request, snapshot, wanted);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked (${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }
  const roles = targets.roles.map((t) => ({ name: t.name }));
  await mapWithConcurrency(targets.roles.map((t, i) => ({ t, r: roles[i] })), io.concurrency, async ({ t, r }) => {
    const read2 = await io.settle(t.name, async () => !batched && io.outOfTime() ? DEFERRED : t.resolve());
    if (!read2.ok) {
      r.failure = read2.reason;
    } else if (read2.value === DEFERRED) {
      r.deferred = true;
    } else {
      r.state = read2.value;
    }
  });
  const read = roles.flatMap((r) => r.state ? [r.state] : []);
  const sid = markedSid(run.ownerId, deployTimeMark(request.cutoff));
  const requestedMs = run.requestedCutoff(request.cutoff.mode === "deploy-time" ? markedCutoff(snapshot ?? read, run.owner, sid) : void 0);
  const lower = run.grant.lower && request.allowEarlierCutoff;
  if (request.allowEarlierCutoff && !lower) {
    log2({ event: "capability-missing", capability: "lower", detail: "AllowEarlierCutoff ignored: this resource was not deployed with allowEarlierCutoff" });
  }
  const generation = request.dryRun ? generationOf({ ...run.event.ResourceProperties, [Prop.dryRun]: void 0 }, TARGET_KEYS) : run.generation;
  const input = { owner: run.owner, ownerSid: run.ownerId, sid, policyName: request.policyName, generation, requestedMs, lower };
  const supersede = { owner: run.owner, generation: run.generation, foldOtherGenerations: !run.grant.remove };
  await mapWithConcurrency(roles.filter((r) => r.state), io.concurrency, async (r) => {
    const plan = planRevocation(r.state, input);
    if (plan.kind === "refuse") {
      r.failure = plan.reason;
      log2({ event: "role-failed", role: r.name, reason: plan.reason });
      return;
    }
    r.plan = plan;
    if (request.dryRun || !plan.write) {
      return;
    }
    if (io.outOfTime()) {
      r.deferred = true;
      return;
    }
    const put = await io.settle(r.name, () => putRoomily(io, plan, supersede, log2));
    if (put.ok) {
      r.written = true;
      log2({ event: "role-revoked", role: r.name, cutoff: formatInstant(plan.cutoffMs), policy: plan.target });
    } else {
      r.failure = put.reason;
    }
  });
  const writtenBefore = Math.min(Math.max(0, Number(run.carried?.RolesWritten) || 0), 1e5);
  const writtenNow = roles.filter((r) => r.written).length;
  if (roles.some((r) => r.deferred) && ctx.mayContinue) {
    return { complete: false, carry: { RolesWritten: String(writtenBefore + writtenNow) } };
  }
  const failures = roles.flatMap((r) => r.failure !== void 0 ? [{ name: r.name, reason: r.failure }] : r.deferred ? [{ name: r.name, reason: NOT_STARTED }] : []);
  const plans = roles.flatMap((r) => r.plan && !r.failure && !r.deferred ? [r] : []);
  if (request.dryRun) {
    return { complete: true, data: dryRunData(ctx, run, input, plans.map((r) => r.plan), failures, targets) };
  }
  const targetOf = new Map(plans.map((r) => [r.state, r.plan.target]));
  const fresh = await readAgain(
    io,
    plans.filter((r) => batched || r.written).map((r) => r.state),
    batched,
    wanted,
    (role) => [...role.policies.keys()].filter((n) => parseOwnedName(n, run.owner)).concat(targetOf.get(role))
  );
  let superseded = 0;
  await mapWithConcurrency(plans, io.concurrency, async (r) => {
    const plan = r.plan;
    const now = fresh.get(r.name.toLowerCase());
    if (r.written && !holds(now?.policies.get(plan.target), plan.cutoffMs)) {
      log2({ event: "rewritten-after-concurrent-delete", role: r.name });
      const again = await io.settle(r.name, () => putPolicies(io, r.name, [plan.write]));
      if (!again.ok) {
        r.failure = again.reason;
        failures.push({ name: r.name, reason: again.reason });
      }
      return;
    }
    const state = now ?? r.state;
    r.state = state;
    const names = planSupersede(state, { ...supersede, lowered: lower ? plan.target : void 0 });
    if (names.length > 0) {
      const done = await io.settle(r.name, () => deletePolicies(io, r.name, names));
      if (done.ok) {
        superseded += names.length;
        r.state = { ...state, policies: new Map([...state.policies].filter(([n]) => !names.includes(n))) };
        log2({ event: "superseded", role: r.name, policies: names });
      } else {
        log2({ event: "supersede-failed", role: r.name, reason: done.reason, detail: "the later cutoff is in force; the next run folds the lower policy" });
      }
    }
  });
  throwIfFailed("revoke", "roles", roles.length, failures, ROLLBACK_KEEPS);
  const revoked = plans.map((r) => r.plan);
  const legacy = revoked.filter((p) => p.legacyStatement).length;
  if (legacy > 0) {
    log2({ event: "legacy-statement-kept", roles: legacy, detail: "statements an earlier release wrote into a shared document stay; they never lower a cutoff" });
  }
  const applied = plans.map((r) => roleCutoff(r.state, r.written ? [r.plan.write] : []) ?? r.plan.cutoffMs);
  return {
    complete: true,
    data: {
      EffectiveCutoff: formatInstant(Math.min(...applied)),
      RequestedCutoff: formatInstant(requestedMs),
      MootAfter: mootAfter(plans.map((r, i) => ({ role: r.state, cutoffMs: applied[i] }))),
      OwnedPolicyName: ownedNameOf(input, revoked),
      RolesRevoked: String(revoked.length),
      RolesWritten: String(writtenBefore + writtenNow),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      PoliciesSuperseded: String(superseded),
      LegacyOwnSidsKept: String(legacy)
    }
  };
}
async function putRoomily(io, plan, supersede, log2) {
  try {
    await putPolicies(io, plan.role.name, [plan.write]);
  } catch (err) {
    const folded = planSupersede(plan.role, supersede);
    if (errorName(err) !== "LimitExceeded" || folded.length === 0) {
      throw err;
    }
    await deletePolicies(io, plan.role.name, folded);
    log2({ event: "superseded", role: plan.role.name, policies: folded, detail: "to make room" });
    await putPolicies(io, plan.role.name, [plan.write]);
  }
}
async function remove(ctx, run) {
  const { io, log: log2 } = ctx;
  const scope = run.scope.kind === "all" ? { kind: "all" } : { kind: "generation", generation: run.generation, live: run.scope.live };
  const owned = (n) => parseOwnedName(n, run.owner) !== void 0;
  const work = (await readAccount(io, owned, false)).map((role) => ({ role, plan: planRemoval(role, run.owner, scope) })).filter((w) => w.plan.deletes.length > 0);
  const outcomes = await mapWithConcurrency(work, io.concurrency, (w) => io.settle(w.role.name, async () => {
    if (io.outOfTime()) {
      return DEFERRED;
    }
    if (w.plan.raise) {
      await putPolicies(io, w.role.name, [w.plan.raise]);
      if (!holds(await readPolicy(io, w.role.name, w.plan.raise.policyName), w.plan.raise.cutoffMs)) {
        throw new Error(`the live generation's policy ${w.plan.raise.policyName} was not found after it was written, so nothing was removed; delete again`);
      }
      log2({ event: "raised-before-removal", role: w.role.name, policy: w.plan.raise.policyName, cutoff: formatInstant(w.plan.raise.cutoffMs) });
    }
    await deletePolicies(io, w.role.name, w.plan.deletes);
    log2({ event: "role-removed", role: w.role.name, policies: w.plan.deletes });
    return "done";
  }));
  if (outcomes.some((o) => o.ok && o.value === DEFERRED) && ctx.mayContinue) {
    return { complete: false, carry: {} };
  }
  throwIfFailed("remove the revocation from", "roles", outcomes.length, outcomes.flatMap((o, i) => o.ok ? o.value === DEFERRED ? [{ name: work[i].role.name, reason: NOT_STARTED }] : [] : [{ name: work[i].role.name, reason: o.reason }]));
  return { complete: true, data: {} };
}
function holds(text, cutoffMs) {
  const read = text === void 0 ? void 0 : readRevocationDocument(text);
  return read?.kind === "revocation" && (latestCutoff(read.statements) ?? -Infinity) >= cutoffMs;
}
function mootAfter(roles) {
  const bound = formatInstant(Math.max(...roles.map((r) => r.cutoffMs + (r.role.maxSessionSeconds ?? LONGEST_ROLE_SESSION_SECONDS) * 1e3)));
  const serviced = roles.filter((r) => r.role.trustedServices === void 0 || r.role.trustedServices.length > 0);
  if (serviced.length === 0) {
    return bound;
  }
  const first = serviced[0].role;
  const by = first.trustedServices === void 0 ? "an unreadable trust policy" : first.trustedServices.join(", ");
  return `unknown (${serviced.length} role${serviced.length > 1 ? "s" : ""} a service may assume, e.g. ${first.name} by ${by}: its credentials can outlive MaxSessionDuration); not before ${bound}`;
}
function ownedNameOf(input, plans) {
  const names = new Set(plans.map((p) => p.target));
  return names.size === 1 ? [...names][0] : `${ownedPolicyName(input.policyName, input.owner, input.generation, 0).replace(/-[^-]+$/, "")}-*`;
}
function selectTargets(ctx, request, snapshot, wanted) {
  const spec = request.selection;
  if (!spec) {
    const byName = snapshot && new Map(snapshot.map((r) => [r.name.toLowerCase(), r]));
    const roles2 = request.roles.map((t) => ({
      name: t.name,
      resolve: async () => {
        checkArn(ctx, t);
        return checkExplicit(
          ctx,
          t,
          byName ? byName.get(t.name.toLowerCase()) : await readRole(ctx.io, t.name, wanted),
          { allowOrganizationAccess: request.allowOrganizationAccessRoles }
        );
      }
    }));
    return { roles: roles2, matched: request.roles.length, skipped: {} };
  }
  const matched = snapshot.filter((r) => matchesListing(spec, r.name, r.path) && (spec.kind !== "tagged" || matchesTags(spec, r.tags)));
  const skipped = {};
  const roles = matched.filter((r) => {
    const category = lockoutReason(r.name, r.path, ctx.protectedRoles)?.category ?? (isExcluded(r.name, r.path, spec.exclude) ? "excluded" : void 0);
    if (category) {
      skipped[category] = (skipped[category] ?? 0) + 1;
    }
    return category === void 0;
  });
  ctx.log({ event: "selection", kind: spec.kind, matched: matched.length, selected: roles.length, skipped });
  return { roles: roles.map((r) => ({ name: r.name, resolve: async () => r })), matched: matched.length, skipped };
}
function checkArn(ctx, target) {
  if (ctx.partition && target.partition !== ctx.partition) {
    throw new InputError(`its ARN is in partition ${target.partition}, but this function runs in ${ctx.partition}; use an ARN of this partition`);
  }
  if (ctx.account && target.account !== ctx.account) {
    throw new InputError(`it is in account ${target.account}, but this function runs in ${ctx.account}; revoke it from a stack deployed to that account`);
  }
}
function checkExplicit(ctx, target, state, options) {
  if (!state) {
    throw new InputError("the role does not exist (NoSuchEntity); check the ARN, or remove the role from the list");
  }
  if (target.path !== "/" && target.path !== state.path) {
    throw new InputError(`its ARN has path ${target.path}, but IAM has the role at path ${state.path}; correct the ARN`);
  }
  const refused = lockoutReason(state.name, state.path, ctx.protectedRoles, options);
  if (refused) {
    throw new InputError(refused.reason);
  }
  return state;
}
function dryRunData(ctx, run, input, plans, failures, targets) {
  const toWrite = plans.filter((p) => p.write).map((p) => p.role.name);
  for (let i = 0; i < Math.max(toWrite.length, 1); i += 500) {
    ctx.log({ event: "dry-run-plan", cutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : "none", rolesToWrite: toWrite.slice(i, i + 500) });
  }
  failures.forEach((f) => ctx.log({ event: "dry-run-would-fail", role: f.name, reason: f.reason }));
  const inForce = plans.flatMap((p) => {
    const c = roleCutoff(p.role);
    return c === void 0 ? [] : [{ role: p.role, cutoffMs: c }];
  });
  const nothing = "none (dry run: nothing was written, and no targeted role carries a revocation)";
  const partly = inForce.length < plans.length ? ` on ${inForce.length} of ${plans.length} roles, none on the others (dry run: nothing was written)` : "";
  const own = plans.filter((p) => ownedPolicies(p.role, run.owner).owned.length > 0 || p.legacyStatement);
  return {
    DryRun: "true",
    OwnedPolicyName: ownedNameOf(input, plans),
    EffectiveCutoff: inForce.length === 0 ? nothing : `${formatInstant(Math.min(...inForce.map((r) => r.cutoffMs)))}${partly}`,
    MootAfter: inForce.length === 0 ? nothing : `${mootAfter(inForce)}${partly}`,
    RequestedCutoff: formatInstant(input.requestedMs),
    PlannedCutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : "none",
    RolesRevoked: String(own.length),
    RolesWritten: "0",
    RolesToRevoke: String(plans.length),
    RolesToWrite: String(toWrite.length),
    RolesToWriteNames: firstNames(toWrite, MAX_NAMES_BYTES),
    RolesFailing: String(failures.length),
    RolesFailingNames: firstNames(failures.map((f) => f.name), MAX_NAMES_BYTES),
    RolesMatched: String(targets.matched),
    RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
    SkippedReasons: describeSkipped(targets.skipped)
  };
}
function describeSkipped(skipped) {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

// src/core/engine/grants.ts
var import_crypto5 = require("crypto");
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
  return (0, import_crypto5.createHash)("sha256").update(text).digest("hex").slice(0, chars);
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

// src/core/pacer.ts
var DEFAULT_PACER = {
  initialRate: 50,
  burst: 20,
  minRate: 1,
  maxRate: 1e3,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
var SLOW_START_STEP = 1;
var RECOVERY_STEP = 0.5;
var STEADY_STEP = 0.05;
var WINDOW_MS = 1e3;
var Pacer = class {
  constructor(options = DEFAULT_PACER) {
    this.options = options;
    this.rate = options.initialRate;
    this.tokens = options.burst;
    this.refilledAt = options.now();
  }
  options;
  rate;
  tokens;
  refilledAt;
  slowStart = true;
  lastCutAt = -Infinity;
  beforeCut = 0;
  answered = [];
  /** The current rate, in calls per second. */
  get callsPerSecond() {
    return this.rate;
  }
  /** Waits for a slot to start one call. */
  async acquire() {
    for (; ; ) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.options.sleep(Math.ceil((1 - this.tokens) * 1e3 / this.rate));
    }
  }
  /** IAM answered a call, with a result or an error other than throttling. */
  served() {
    const now = this.options.now();
    this.answered.push(now);
    this.trim(now);
    const step = this.slowStart ? SLOW_START_STEP : this.rate < this.beforeCut ? RECOVERY_STEP : STEADY_STEP;
    this.rate = Math.min(this.options.maxRate, this.rate + step);
  }
  /** A call was throttled: fall back to what IAM served in the last second, at most once a second. */
  throttled() {
    const now = this.options.now();
    this.slowStart = false;
    this.tokens = 0;
    if (now - this.lastCutAt < WINDOW_MS) {
      return;
    }
    this.lastCutAt = now;
    this.beforeCut = this.rate;
    this.trim(now);
    const served = Math.max(this.answered.length, this.rate / 2);
    this.rate = Math.max(this.options.minRate, Math.min(this.rate, served));
  }
  refill() {
    const now = this.options.now();
    this.tokens = Math.min(this.options.burst, this.tokens + (now - this.refilledAt) / 1e3 * this.rate);
    this.refilledAt = now;
  }
  trim(now) {
    while (this.answered.length > 0 && this.answered[0] <= now - WINDOW_MS) {
      this.answered.shift();
    }
  }
};

// src/revoke-older-sessions/revoke-older-sessions.lambda.ts
var DEADLINE_MARGIN_MS = 15e3;
var REQUEST_TIMEOUT_MS = 1e4;
function createHandler(overrides = {}) {
  const sleep = overrides.sleep ?? DEFAULT_RETRY.sleep;
  const deps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    iam: overrides.iam ?? new import_client_iam3.IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    pacer: overrides.pacer ?? (() => new Pacer()),
    protectedRoles: roleNameSet(overrides.protectedRoles ?? protectedRolesFromEnv()),
    phase: overrides.phase ?? phaseFromEnv(),
    grants: overrides.grants ?? grantsFromEnv(),
    stack: overrides.stack
  };
  return async (event, context) => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    const functionArn = /^arn:([^:]+):lambda:[^:]*:(\d{12}):/.exec(context?.invokedFunctionArn ?? "");
    const writer = iamWriter({
      io: new IamIo(deps.iam, deps.concurrency, remainingMs, deps.sleep, deps.pacer(), log),
      log,
      protectedRoles: deps.protectedRoles,
      partition: functionArn?.[1],
      account: functionArn?.[2],
      mayContinue: deps.phase !== "sync"
    });
    const stack = deps.stack ?? defaultStackReader((fn) => withRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs }));
    return createRevocationHandler(writer, { now: deps.now, phase: deps.phase, grants: deps.grants, stack, log })(event);
  };
}
var handler = createHandler();
function phaseFromEnv() {
  const phase = process.env.REVOKE_PHASE;
  return phase === "start" || phase === "continue" ? phase : "sync";
}
function protectedRolesFromEnv() {
  return roleNameSet((process.env.REVOKE_PROTECTED_ROLES ?? "").split(",").map((s) => s.trim().replace(/^.*:role\/(?:.*\/)?/, "")).filter(Boolean));
}
function concurrencyFromEnv() {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  MAX_REASON_BYTES,
  createHandler,
  handler
});
