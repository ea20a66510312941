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
  PENDING_PREFIX: () => PENDING_PREFIX,
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
function parseRoleArn(arn) {
  const m = ROLE_ARN.exec(arn);
  if (!m || !ROLE_NAME_PATTERN.test(m[4]) || m[3].length > 512) {
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
function isExcluded(name, path, exclude) {
  return exclude.some((p) => globMatches(p, p.startsWith("/") ? `${path}${name}` : name));
}
function namePatternProblem(glob, what = "namePattern") {
  return PATTERN.test(glob) ? void 0 : `${what} "${glob}" is not a role-name glob; use 1 to 64 characters of letters, digits, +=,.@_- and the wildcards * and ?`;
}
function excludeProblem(entry) {
  if (entry.startsWith("/")) {
    return PATH_PATTERN.test(entry) && entry.length <= 576 ? void 0 : `exclude entry "${entry}" is not a /path/name glob; start with the path, end with a role-name glob, e.g. "/ops/*" or "/legacy-*"`;
  }
  return namePatternProblem(entry, "exclude entry");
}
function pathPrefixProblem(prefix) {
  return PATH_PREFIX.test(prefix) && prefix.length <= 512 ? void 0 : `path prefix "${prefix}" is not an IAM path; it must start and end with "/", e.g. "/app/"`;
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
  exclude: "Exclude"
};
var MAX_EXCLUDES = 100;
var KNOWN = [...Object.values(Prop), "ServiceToken"];
function readRequest(props) {
  const p = resourceProperties(props, "RevokeOlderSessions", KNOWN);
  const selection = readSelection(p);
  if (selection && p[Prop.roleArns] !== void 0) {
    throw new InputError(`properties ${Prop.roleArns} and a ${Prop.selection} of "${selection.kind}" were both given; use one of them`);
  }
  const roles = selection ? [] : readRoles(p[Prop.roleArns]);
  const policyName = optionalString(p, Prop.policyName) ?? DEFAULT_POLICY_NAME;
  check(policyNameProblem(policyName));
  const destroy = readDestroy(p);
  return {
    roles,
    selection,
    cutoff: readCutoff(p, false),
    policyName,
    destroy,
    allowEarlierCutoff: readFlag(p, Prop.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, Prop.allowFutureCutoff),
    dryRun: readFlag(p, Prop.dryRun)
  };
}
function readPreviousTargets(props) {
  try {
    const r = readRequest(props);
    return { roles: r.roles, selection: r.selection, policyName: r.policyName, destroy: r.destroy, dryRun: r.dryRun };
  } catch {
    return { roles: [], policyName: DEFAULT_POLICY_NAME, destroy: false, dryRun: false };
  }
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
  const digest = (0, import_crypto2.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 12);
  return `CdkRevoke${readable}${digest}`;
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
function ownedPolicyName(policyName, owner) {
  return ownedName(policyName, owner);
}
function planRevocation(role, input) {
  const target = ownedPolicyName(input.policyName, input.owner);
  const owned = /* @__PURE__ */ new Map();
  for (const [name, text] of role.policies) {
    if (!isOwnedBy(name, input.owner)) {
      continue;
    }
    const read = readRevocationDocument(text);
    if (read.kind === "unrecognized") {
      return {
        kind: "refuse",
        role,
        reason: `its policy "${name}" carries this resource's name but is not a time-based revocation (${read.reason}); it was left untouched: remove it, then deploy again`
      };
    }
    owned.set(name, latestCutoff(read.statements));
  }
  const legacy = legacyCutoff(role, input);
  const inForce = [...owned.values(), legacy].filter((c) => c !== void 0);
  const ownInForceMs = inForce.length > 0 ? Math.max(...inForce) : void 0;
  const cutoffMs = nextCutoff(ownInForceMs, input.requestedMs, input.lower);
  const document = buildRevocationDocument([{ sid: input.ownerSid, cutoffMs }]);
  const writes = [];
  if (role.policies.get(target) !== document) {
    writes.push({ policyName: target, document, cutoffMs });
  }
  if (input.lower) {
    for (const [name, c] of owned) {
      if (name !== target && c !== void 0 && c > cutoffMs) {
        writes.push({ policyName: name, document, cutoffMs });
      }
    }
  }
  return { kind: "revoke", role, cutoffMs, ownInForceMs, writes, legacyStatement: legacy !== void 0 };
}
function planRemoval(role, owner, keep) {
  return [...role.policies.keys()].filter((name) => isOwnedBy(name, owner) && name !== keep).sort();
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
function legacyCutoff(role, input) {
  const cutoffs = [];
  for (const [name, text] of role.policies) {
    const read = isOwnedBy(name, input.owner) ? void 0 : readRevocationDocument(text);
    if (read?.kind === "revocation") {
      cutoffs.push(...read.statements.filter((s) => s.sid === input.ownerSid).map((s) => s.cutoffMs));
    }
  }
  return cutoffs.length > 0 ? Math.max(...cutoffs) : void 0;
}

// src/revoke-older-sessions/read.ts
var import_client_iam = require("@aws-sdk/client-iam");
var PAGE = 1e3;
var LONGEST_ROLE_SESSION_SECONDS = 43200;
async function readAccount(io, withSessions) {
  const sessions = withSessions ? await listSessionDurations(io) : void 0;
  const roles = [];
  let marker;
  do {
    const page = await io.call(() => io.iam.send(new import_client_iam.GetAccountAuthorizationDetailsCommand({ Filter: ["Role"], MaxItems: PAGE, Marker: marker })));
    for (const r of page.RoleDetailList ?? []) {
      if (!r.RoleName || !r.Arn) {
        continue;
      }
      roles.push({
        name: r.RoleName,
        path: r.Path ?? "/",
        arn: r.Arn,
        maxSessionSeconds: sessions?.get(r.RoleName.toLowerCase()),
        tags: r.Tags ?? [],
        policies: new Map((r.RolePolicyList ?? []).filter((p) => p.PolicyName).map((p) => [p.PolicyName, decodeDocument(p.PolicyDocument ?? "")]))
      });
    }
    marker = page.IsTruncated ? page.Marker : void 0;
  } while (marker);
  return roles;
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
  const names = [];
  let marker;
  do {
    const page = await io.call(() => io.iam.send(new import_client_iam.ListRolePoliciesCommand({ RoleName: realName, MaxItems: PAGE, Marker: marker })));
    names.push(...page.PolicyNames ?? []);
    marker = page.IsTruncated ? page.Marker : void 0;
  } while (marker);
  const policies = /* @__PURE__ */ new Map();
  for (const policyName of names.filter(wanted)) {
    const text = await readPolicy(io, realName, policyName);
    if (text !== void 0) {
      policies.set(policyName, text);
    }
  }
  return {
    name: realName,
    path: role?.Path ?? "/",
    arn: role?.Arn ?? "",
    maxSessionSeconds: role?.MaxSessionDuration ?? LONGEST_ROLE_SESSION_SECONDS,
    tags: role?.Tags ?? [],
    policies
  };
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
async function findLost(io, written, policyName, batched) {
  if (written.length === 0) {
    return [];
  }
  const holds = (text, cutoffMs) => {
    const read = text === void 0 ? void 0 : readRevocationDocument(text);
    return read?.kind === "revocation" && (latestCutoff(read.statements) ?? -Infinity) >= cutoffMs;
  };
  if (batched) {
    const byName = new Map((await readAccount(io, false)).map((r) => [r.name.toLowerCase(), r]));
    return written.filter((p) => !holds(byName.get(p.role.name.toLowerCase())?.policies.get(policyName(p)), p.cutoffMs));
  }
  const lost = [];
  for (const p of written) {
    if (!holds(await readPolicy(io, p.role.name, policyName(p)), p.cutoffMs)) {
      lost.push(p);
    }
  }
  return lost;
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

// src/core/lockout.ts
var CDK_BOOTSTRAP_ROLE = /^cdk-[A-Za-z0-9_-]{1,10}-(deploy|cfn-exec|file-publishing|image-publishing|lookup)-role-\d{12}-[a-z0-9-]+$/i;
function roleNameSet(names) {
  return new Set([...names].map((n) => n.toLowerCase()));
}
function lockoutReason(name, path, protectedNames) {
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
  return void 0;
}

// src/revoke-older-sessions/revoke.ts
var NOT_STARTED = "not started before the function ran out of time; deploy again to finish (roles already done stay done)";
var MAX_NAMES_BYTES = 1500;
function isBatched(request) {
  return request.selection !== void 0 || request.roles.length > PER_ROLE_READ_MAX;
}
async function revokeAll(ctx, request, requestedMs, oldProps, mayContinue) {
  const { io, log: log2 } = ctx;
  const batched = isBatched(request);
  const snapshot = batched ? await readAccount(io, true) : void 0;
  const targets = selectTargets(ctx, request, snapshot);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked (${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }
  const lower = request.allowEarlierCutoff && ctx.capabilities.lower;
  if (request.allowEarlierCutoff && !lower) {
    log2({ event: "capability-missing", capability: "lower", detail: "AllowEarlierCutoff ignored: this function may not lower a cutoff" });
  }
  const input = { owner: ctx.owner, ownerSid: ctx.ownerSid, policyName: request.policyName, requestedMs, lower };
  const outcomes = await mapWithConcurrency(targets.roles, io.concurrency, (t) => io.settle(t.name, async () => {
    if (io.outOfTime()) {
      return "deferred";
    }
    const state = await t.resolve();
    const plan = planRevocation(state, input);
    if (plan.kind === "refuse") {
      throw new InputError(plan.reason);
    }
    if (!ctx.dryRun) {
      await putPolicies(io, state.name, plan.writes);
      log2(plan.writes.length > 0 ? { event: "role-revoked", role: state.name, cutoff: formatInstant(plan.cutoffMs), policies: plan.writes.map((w) => w.policyName) } : { event: "role-unchanged", role: state.name, cutoff: formatInstant(plan.cutoffMs) });
    }
    return plan;
  }));
  if (outcomes.some((o) => o.ok && o.value === "deferred") && mayContinue) {
    return { complete: false };
  }
  const failures = outcomes.map((o, i) => o.ok ? o.value === "deferred" ? { name: targets.roles[i].name, reason: NOT_STARTED } : void 0 : { name: targets.roles[i].name, reason: o.reason }).filter((f) => f !== void 0);
  const plans = outcomes.flatMap((o) => o.ok && o.value !== "deferred" ? [o.value] : []);
  if (ctx.dryRun) {
    return { complete: true, data: dryRunData(ctx, request.policyName, plans, failures, targets, requestedMs) };
  }
  failures.push(...await verify(ctx, plans, batched));
  const removalWarnings = request.destroy ? await removeDropped(ctx, request, plans, failures, snapshot, oldProps) : 0;
  throwIfFailed("revoke", "roles", outcomes.length, failures);
  const legacy = plans.filter((p) => p.legacyStatement).length;
  if (legacy > 0) {
    log2({ event: "legacy-statement-kept", roles: legacy, detail: "statements an earlier release wrote into a shared document stay; they never lower a cutoff" });
  }
  return {
    complete: true,
    data: {
      ...runData(plans, requestedMs),
      OwnedPolicyName: ownedPolicyName(request.policyName, ctx.owner),
      RolesWritten: String(plans.filter((p) => p.writes.length > 0).length),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      RemovalWarnings: String(removalWarnings),
      LegacyOwnSidsKept: String(legacy)
    }
  };
}
async function removeAll(ctx, props, mayContinue) {
  const previous = readPreviousTargets(props);
  const { io } = ctx;
  let states;
  if (isBatched(previous)) {
    states = (await readAccount(io, false)).filter((r) => planRemoval(r, ctx.owner).length > 0).map((r) => ({ name: r.name, state: r }));
  } else {
    states = previous.roles.map((r) => ({ name: r.name }));
  }
  const outcomes = await mapWithConcurrency(states, io.concurrency, (s) => io.settle(s.name, async () => {
    if (io.outOfTime()) {
      return "deferred";
    }
    const state = s.state ?? await readRole(io, s.name, (n) => isOwnedBy(n, ctx.owner));
    const names = state ? planRemoval(state, ctx.owner) : [];
    await deletePolicies(io, s.name, names);
    ctx.log({ event: "role-removed", role: s.name, policies: names });
    return "done";
  }));
  if (outcomes.some((o) => o.ok && o.value === "deferred") && mayContinue) {
    return { complete: false };
  }
  throwIfFailed("remove the revocation from", "roles", outcomes.length, outcomes.map((o, i) => o.ok ? o.value === "deferred" ? { name: states[i].name, reason: NOT_STARTED } : void 0 : { name: states[i].name, reason: o.reason }).filter((f) => f !== void 0));
  return { complete: true };
}
function selectTargets(ctx, request, snapshot) {
  const spec = request.selection;
  if (!spec) {
    const byName = snapshot && new Map(snapshot.map((r) => [r.name.toLowerCase(), r]));
    const wanted = (name) => isOwnedBy(name, ctx.owner) || name === request.policyName || name === DEFAULT_POLICY_NAME;
    const roles2 = request.roles.map((t) => ({
      name: t.name,
      resolve: async () => {
        checkArn(ctx, t);
        return checkExplicit(ctx, t, byName ? byName.get(t.name.toLowerCase()) : await readRole(ctx.io, t.name, wanted));
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
function checkExplicit(ctx, target, state) {
  if (!state) {
    throw new InputError("the role does not exist (NoSuchEntity); check the ARN, or remove the role from the list");
  }
  if (target.path !== "/" && target.path !== state.path) {
    throw new InputError(`its ARN has path ${target.path}, but IAM has the role at path ${state.path}; correct the ARN`);
  }
  const refused = lockoutReason(state.name, state.path, ctx.protectedRoles);
  if (refused) {
    throw new InputError(refused.reason);
  }
  return state;
}
async function verify(ctx, plans, batched) {
  const written = plans.filter((p) => p.writes.length > 0);
  const nameOf = (p) => p.writes[0].policyName;
  const lost = await findLost(ctx.io, written, nameOf, batched);
  if (lost.length === 0) {
    return [];
  }
  ctx.log({ event: "rewritten-after-concurrent-delete", roles: lost.map((p) => p.role.name) });
  const again = await mapWithConcurrency(
    lost,
    ctx.io.concurrency,
    (p) => ctx.io.settle(p.role.name, () => putPolicies(ctx.io, p.role.name, p.writes))
  );
  return again.flatMap((o, i) => o.ok ? [] : [{ name: lost[i].role.name, reason: o.reason }]);
}
async function removeDropped(ctx, request, plans, failures, snapshot, oldProps) {
  if (!ctx.capabilities.remove) {
    ctx.log({ event: "capability-missing", capability: "remove", detail: "RemovalPolicy destroy ignored: this function may not delete a revocation" });
    return 0;
  }
  const keep = ownedPolicyName(request.policyName, ctx.owner);
  const failed = new Set(failures.map((f) => f.name.toLowerCase()));
  const targeted = new Map(plans.map((p) => [p.role.name.toLowerCase(), p]));
  try {
    const previous = readPreviousTargets(oldProps);
    let candidates;
    if (snapshot) {
      candidates = snapshot.map((r) => ({ name: r.name, state: r }));
    } else if (isBatched(previous)) {
      candidates = (await readAccount(ctx.io, false)).map((r) => ({ name: r.name, state: r }));
    } else {
      candidates = [...plans.map((p) => ({ name: p.role.name, state: p.role })), ...previous.roles.filter((r) => !targeted.has(r.name.toLowerCase()) && !failed.has(r.name.toLowerCase())).map((r) => ({ name: r.name }))];
    }
    candidates = candidates.filter((c) => !failed.has(c.name.toLowerCase()));
    const outcomes = await mapWithConcurrency(candidates, ctx.io.concurrency, (c) => ctx.io.settle(c.name, async () => {
      const state = c.state ?? await readRole(ctx.io, c.name, (n) => isOwnedBy(n, ctx.owner));
      const names = state ? planRemoval(state, ctx.owner, targeted.has(c.name.toLowerCase()) ? keep : void 0) : [];
      if (names.length > 0) {
        await deletePolicies(ctx.io, c.name, names);
        ctx.log({ event: "role-removed", role: c.name, policies: names });
      }
    }));
    return outcomes.filter((o) => !o.ok).length;
  } catch (err) {
    ctx.log({ event: "removal-failed", reason: String(err?.message ?? err) });
    return 1;
  }
}
function runData(plans, requestedMs) {
  const applied = plans.map((p) => roleCutoff(p.role, p.writes) ?? p.cutoffMs);
  const moot = plans.map((p, i) => applied[i] + (p.role.maxSessionSeconds ?? LONGEST_ROLE_SESSION_SECONDS) * 1e3);
  return {
    EffectiveCutoff: formatInstant(Math.min(...applied)),
    RequestedCutoff: formatInstant(requestedMs),
    MootAfter: formatInstant(Math.max(...moot)),
    RolesRevoked: String(plans.length)
  };
}
function dryRunData(ctx, policyName, plans, failures, targets, requestedMs) {
  const toWrite = plans.filter((p) => p.writes.length > 0).map((p) => p.role.name);
  for (let i = 0; i < Math.max(toWrite.length, 1); i += 500) {
    ctx.log({ event: "dry-run-plan", cutoff: formatInstant(requestedMs), rolesToWrite: toWrite.slice(i, i + 500) });
  }
  failures.forEach((f) => ctx.log({ event: "dry-run-would-fail", role: f.name, reason: f.reason }));
  const none = "none (dry run: nothing was revoked)";
  return {
    DryRun: "true",
    OwnedPolicyName: ownedPolicyName(policyName, ctx.owner),
    EffectiveCutoff: none,
    MootAfter: none,
    RequestedCutoff: formatInstant(requestedMs),
    PlannedCutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : none,
    RolesRevoked: "0",
    RolesWritten: "0",
    RolesToRevoke: String(plans.length),
    RolesToWrite: String(toWrite.length),
    RolesToWriteNames: firstNames(toWrite),
    RolesFailing: String(failures.length),
    RolesFailingNames: firstNames(failures.map((f) => f.name)),
    RolesMatched: String(targets.matched),
    RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
    SkippedReasons: describeSkipped(targets.skipped)
  };
}
function firstNames(names) {
  let out = "";
  for (const [i, name] of names.entries()) {
    const next = out ? `${out}, ${name}` : name;
    if (Buffer.byteLength(next) > MAX_NAMES_BYTES) {
      return `${out} \u2026 and ${names.length - i} more (see the function's log)`;
    }
    out = next;
  }
  return out || "none";
}
function describeSkipped(skipped) {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
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
var PENDING_PREFIX = "pending-";
function createHandler(overrides = {}) {
  const deps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    // A hung connection must fail and be retried, not hold a worker until the Lambda timeout.
    iam: overrides.iam ?? new import_client_iam3.IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    pacer: overrides.pacer ?? (() => new Pacer()),
    protectedRoles: roleNameSet(overrides.protectedRoles ?? protectedRolesFromEnv()),
    phase: overrides.phase ?? phaseFromEnv(),
    ...functionGrantsFromEnv(overrides)
  };
  return async (event, context) => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    const io = new IamIo(deps.iam, deps.concurrency, remainingMs, deps.sleep, deps.pacer(), log);
    const ownerId = ownerSid(event.StackId, event.LogicalResourceId);
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);
    if (capabilities !== deps.capabilities && (deps.capabilities.remove || deps.capabilities.lower)) {
      log({ event: "capability-refused", logicalId: event.LogicalResourceId, detail: "this function removes or lowers only for the resources of its own stack it serves" });
    }
    const functionArn = /^arn:([^:]+):lambda:[^:]*:(\d{12}):/.exec(context?.invokedFunctionArn ?? "");
    const ctx = (dryRun) => ({
      io,
      log,
      protectedRoles: deps.protectedRoles,
      capabilities,
      partition: functionArn?.[1],
      account: functionArn?.[2],
      owner: ownerTag(event.StackId, event.LogicalResourceId),
      ownerSid: ownerId,
      dryRun
    });
    const continuing = deps.phase === "continue";
    const data = event.Data;
    if (event.RequestType === "Delete") {
      return onDelete(event.PhysicalResourceId, event.ResourceProperties, ownerId, { ...deps, capabilities }, data, ctx);
    }
    const asked = readRequest(event.ResourceProperties);
    const request = { ...asked, allowFutureCutoff: asked.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId) };
    if (continuing && data?.Complete === "true") {
      return { IsComplete: true };
    }
    const requestedMs = continuing ? resolveCutoff({ mode: "fixed", epochMs: startedCutoff(data) }, deps.now(), request.allowFutureCutoff) : resolveCutoff(request.cutoff, deps.now(), request.allowFutureCutoff);
    const physicalId = event.RequestType === "Create" ? ownerId : event.PhysicalResourceId;
    const oldProps = event.RequestType === "Update" ? event.OldResourceProperties : void 0;
    const result = await revokeAll(ctx(request.dryRun), request, requestedMs, oldProps, deps.phase !== "sync");
    if (!result.complete) {
      log({ event: "incomplete", physicalId, requestedCutoff: formatInstant(requestedMs) });
      return continuing ? { IsComplete: false } : { PhysicalResourceId: event.RequestType === "Create" ? PENDING_PREFIX + ownerId : physicalId, Data: { Complete: "false", RequestedCutoff: formatInstant(requestedMs) } };
    }
    log({ event: event.RequestType.toLowerCase(), physicalId, ...result.data });
    switch (deps.phase) {
      case "continue":
        return { IsComplete: true, ...event.RequestType === "Create" ? { PhysicalResourceId: ownerId } : {}, Data: result.data };
      case "start":
        return { PhysicalResourceId: physicalId, Data: { ...result.data, Complete: "true" } };
      default:
        return { PhysicalResourceId: physicalId, Data: result.data };
    }
  };
}
async function onDelete(physicalId, props, ownerId, deps, data, ctx) {
  const continuing = deps.phase === "continue";
  const previous = readPreviousTargets(props);
  const destroy = previous.destroy && !previous.dryRun && physicalId === ownerId;
  if (destroy && !deps.capabilities.remove) {
    log({ event: "capability-missing", capability: "remove", detail: "RemovalPolicy destroy ignored: this function may not delete a revocation" });
  }
  if (!destroy || !deps.capabilities.remove || continuing && data?.Complete === "true") {
    if (!continuing) {
      log({ event: "delete", physicalId, retained: true });
    }
    return continuing ? { IsComplete: true } : { PhysicalResourceId: physicalId };
  }
  const { complete } = await removeAll(ctx(false), props, deps.phase !== "sync");
  log({ event: complete ? "delete" : "incomplete", physicalId, retained: false });
  if (continuing) {
    return { IsComplete: complete };
  }
  return { PhysicalResourceId: physicalId, ...deps.phase === "start" ? { Data: { Complete: String(complete) } } : {} };
}
var handler = createHandler();
function startedCutoff(data) {
  const parsed = typeof data?.RequestedCutoff === "string" ? parseInstant(data.RequestedCutoff) : void 0;
  if (!parsed?.ok) {
    throw new InputError(`the continuation carries no valid RequestedCutoff (received ${JSON.stringify(data?.RequestedCutoff) ?? "nothing"}); deploy again to start a new run`);
  }
  return parsed.epochMs;
}
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
  PENDING_PREFIX,
  createHandler,
  handler
});
