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
var import_client_iam = require("@aws-sdk/client-iam");

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
function globToRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
function isExcluded(name, path, exclude) {
  return exclude.some((p) => globToRegExp(p).test(p.startsWith("/") ? `${path}${name}` : name));
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
  return spec.kind !== SelectionKind.namePattern || globToRegExp(spec.namePattern).test(name);
}
function matchesTags(spec, tags) {
  const tag = tags.find((t) => t.Key === spec.tagKey);
  return tag !== void 0 && (spec.tagValue === void 0 || tag.Value === spec.tagValue);
}

// src/shared/instant.ts
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

// src/shared/role-target.ts
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

// src/revoke-older-sessions/properties.ts
var DEFAULT_POLICY_NAME = "AWSRevokeOlderSessions";
var MAX_FUTURE_MS = 60 * 60 * 1e3;
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
  selection: "Selection",
  pathPrefix: "PathPrefix",
  tagKey: "TagKey",
  tagValue: "TagValue",
  namePattern: "NamePattern",
  exclude: "Exclude"
};
var MAX_EXCLUDES = 100;
var CutoffMode = { fixed: "fixed", deployTime: "deploy-time" };
var Removal = { retain: "retain", destroy: "destroy" };
var InputError = class extends Error {
  name = "InputError";
};
var KNOWN = /* @__PURE__ */ new Set([...Object.values(Prop), "ServiceToken"]);
function readRequest(props) {
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    throw new InputError("resource properties are missing; deploy the RevokeOlderSessions construct rather than calling the function directly");
  }
  const p = props;
  const unknown = Object.keys(p).find((k) => !KNOWN.has(k));
  if (unknown !== void 0) {
    throw new InputError(`unexpected property "${clip(unknown)}"; only ${[...KNOWN].join(", ")} are accepted`);
  }
  const selection = readSelection(p);
  if (selection && p[Prop.roleArns] !== void 0) {
    throw new InputError(`properties ${Prop.roleArns} and a ${Prop.selection} of "${selection.kind}" were both given; use one of them`);
  }
  const roles = selection ? [] : readRoles(p[Prop.roleArns]);
  const policyName = optionalString(p, Prop.policyName) ?? DEFAULT_POLICY_NAME;
  check(policyNameProblem(policyName));
  const removal = optionalString(p, Prop.removalPolicy) ?? Removal.retain;
  if (removal !== Removal.retain && removal !== Removal.destroy) {
    throw new InputError(`property ${Prop.removalPolicy} "${clip(removal)}" is not supported; use "retain" or "destroy"`);
  }
  return {
    roles,
    selection,
    cutoff: readCutoff(p),
    policyName,
    destroy: removal === Removal.destroy,
    allowEarlierCutoff: readFlag(p, Prop.allowEarlierCutoff),
    allowFutureCutoff: readFlag(p, Prop.allowFutureCutoff)
  };
}
function readPreviousTargets(props) {
  try {
    const r = readRequest(props);
    return { roles: r.roles, selection: r.selection, policyName: r.policyName, destroy: r.destroy };
  } catch {
    return { roles: [], policyName: DEFAULT_POLICY_NAME, destroy: false };
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
    if (!seen.has(parts.name)) {
      seen.add(parts.name);
      roles.push({ ...parts, arn });
    }
  }
  return roles;
}
function readCutoff(p) {
  const mode = optionalString(p, Prop.cutoffMode) ?? CutoffMode.fixed;
  if (mode === CutoffMode.fixed) {
    const value = optionalString(p, Prop.issuedBefore);
    if (value === void 0) {
      throw new InputError(`property ${Prop.issuedBefore} is required; pass an ISO 8601 instant such as "2026-11-22T10:00:00Z"`);
    }
    const parsed = parseInstant(value);
    if (!parsed.ok) {
      throw new InputError(parsed.reason);
    }
    return { mode, epochMs: parsed.epochMs };
  }
  if (mode === CutoffMode.deployTime) {
    const generation = optionalString(p, Prop.generation);
    if (generation === void 0 || generation.length === 0 || generation.length > 256) {
      throw new InputError(`property ${Prop.generation} must be a string of 1 to 256 characters for a deploy-time cutoff; received ${describe(p[Prop.generation])}`);
    }
    const buffer = optionalString(p, Prop.bufferSeconds) ?? "30";
    if (!/^\d{1,6}$/.test(buffer)) {
      throw new InputError(`property ${Prop.bufferSeconds} "${clip(buffer)}" must be a whole number of seconds`);
    }
    return { mode, bufferMs: Number(buffer) * 1e3, generation };
  }
  throw new InputError(`property ${Prop.cutoffMode} "${clip(mode)}" is not supported; use "fixed" or "deploy-time"`);
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
function describe(v) {
  return v === void 0 ? "nothing" : clip(JSON.stringify(v) ?? String(v));
}
function clip(s, max = 120) {
  return s.length > max ? `${s.slice(0, max)}\u2026` : s;
}

// src/shared/lockout.ts
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

// src/shared/pacer.ts
var DEFAULT_PACER = {
  initialRate: 20,
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

// src/shared/retry.ts
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

// src/shared/revocation-document.ts
var import_crypto = require("crypto");
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
  const digest = (0, import_crypto.createHash)("sha256").update(`${stackId}
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

// src/revoke-older-sessions/revoke-older-sessions.lambda.ts
var MAX_REASON_BYTES = 3e3;
var DEADLINE_MARGIN_MS = 15e3;
var START_MARGIN_MS = 3e4;
var NOT_STARTED = "not started before the function ran out of time; deploy again to finish (roles already done stay done)";
var REQUEST_TIMEOUT_MS = 1e4;
var VERIFY_ROUNDS = 3;
var LIST_PAGE = 1e3;
function createHandler(overrides = {}) {
  const deps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    // A hung connection must fail and be retried, not hold a worker until the Lambda timeout.
    iam: overrides.iam ?? new import_client_iam.IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    pacer: overrides.pacer ?? (() => new Pacer()),
    protectedRoles: roleNameSet(overrides.protectedRoles ?? protectedRolesFromEnv()),
    phase: overrides.phase ?? phaseFromEnv()
  };
  return async (event, context) => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    const ops = new RoleOps(deps, remainingMs, ownerSid(event.StackId, event.LogicalResourceId), deps.pacer());
    const physicalId = event.RequestType === "Create" ? ops.sid : event.PhysicalResourceId;
    const account = accountOf(context?.invokedFunctionArn);
    if (event.RequestType === "Delete") {
      if (deps.phase === "continue") {
        return { IsComplete: true };
      }
      const previous = readPreviousTargets(event.ResourceProperties);
      const destroy = previous.destroy && event.PhysicalResourceId === ops.sid;
      if (destroy) {
        const targets = await ops.resolve(previous);
        throwIfFailed("remove the revocation from", await ops.removeFrom(targets.roles, previous.policyName));
      }
      log({ event: "delete", physicalId, retained: !destroy });
      return { PhysicalResourceId: physicalId };
    }
    const request = readRequest(event.ResourceProperties);
    const started = event.Data;
    if (deps.phase === "continue" && started?.Complete === "true") {
      return { IsComplete: true };
    }
    const requestedMs = deps.phase === "continue" ? resolveCutoff({ ...request, cutoff: { mode: "fixed", epochMs: startedCutoff(started) } }, deps.now()) : resolveCutoff(request, deps.now());
    const result = await run(ops, deps.phase, event, request, requestedMs, account);
    if (!result.complete) {
      log({ event: "incomplete", physicalId, requestedCutoff: formatInstant(requestedMs) });
      return deps.phase === "continue" ? { IsComplete: false } : { PhysicalResourceId: physicalId, Data: { Complete: "false", RequestedCutoff: formatInstant(requestedMs) } };
    }
    log({ event: event.RequestType.toLowerCase(), physicalId, ...result.data });
    switch (deps.phase) {
      case "continue":
        return { IsComplete: true, Data: result.data };
      case "start":
        return { PhysicalResourceId: physicalId, Data: { ...result.data, Complete: "true" } };
      default:
        return { PhysicalResourceId: physicalId, Data: result.data };
    }
  };
}
async function run(ops, phase, event, request, requestedMs, account) {
  const targets = await ops.resolve(request);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked (${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }
  const outcomes = await mapWithConcurrency(targets.roles, ops.concurrency, (role) => ops.settle(role, async () => {
    if (ops.outOfTime()) {
      return { deferred: true };
    }
    if (account && role.account !== account) {
      throw new InputError(`it is in account ${role.account}, but this function runs in ${account}; revoke it from a stack deployed to that account`);
    }
    return ops.revoke(role, request, requestedMs);
  }));
  const deferred = outcomes.filter((o) => o.deferred).length;
  if (deferred > 0 && phase !== "sync") {
    return { complete: false };
  }
  await verifyWrites(ops, outcomes, request, requestedMs);
  const warnings = event.RequestType === "Update" ? await removeDropped(ops, request, targets, event.OldResourceProperties) : 0;
  throwIfFailed("revoke", outcomes.map((o) => o.deferred ? { ...o, error: NOT_STARTED } : o));
  const applied = outcomes.map((o) => o.appliedMs);
  const mootAfter = Math.max(...outcomes.map((o) => o.appliedMs + o.maxSessionSeconds * 1e3));
  return {
    complete: true,
    data: {
      EffectiveCutoff: formatInstant(Math.min(...applied)),
      RequestedCutoff: formatInstant(requestedMs),
      MootAfter: formatInstant(mootAfter),
      RolesRevoked: String(outcomes.length),
      RolesWritten: String(outcomes.filter((o) => o.written).length),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      RemovalWarnings: String(warnings)
    }
  };
}
async function verifyWrites(ops, outcomes, request, requestedMs) {
  let pending = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.written);
  for (let round = 0; round < VERIFY_ROUNDS && pending.length > 0 && !ops.outOfTime(); round++) {
    const again = await mapWithConcurrency(pending, ops.concurrency, ({ o }) => ops.settle(o.role, () => ops.revoke({ ...o.role, maxSessionSeconds: o.maxSessionSeconds }, request, requestedMs)));
    pending.forEach(({ i }, k) => {
      outcomes[i] = { ...again[k], written: true };
    });
    pending = pending.filter((_, k) => again[k].written);
    if (pending.length > 0) {
      log({ event: "rewritten-after-concurrent-write", roles: pending.length, round: round + 1 });
    }
  }
}
var handler = createHandler();
var RoleOps = class {
  constructor(deps, remainingMs, sid, pacer) {
    this.deps = deps;
    this.remainingMs = remainingMs;
    this.sid = sid;
    this.pacer = pacer;
  }
  deps;
  remainingMs;
  sid;
  pacer;
  get concurrency() {
    return this.deps.concurrency;
  }
  /** Whether too little time is left to start another role. */
  outOfTime() {
    return this.remainingMs() < START_MARGIN_MS;
  }
  /** The roles an explicit list or a selection stands for, with the lockout guard applied to a selection. */
  async resolve(request) {
    const spec = request.selection;
    if (!spec) {
      return { roles: request.roles, matched: request.roles.length, skipped: {} };
    }
    let matched = (await this.listRoles(spec.pathPrefix)).filter((r) => matchesListing(spec, r.name, r.path));
    if (spec.kind === SelectionKind.tagged) {
      const tagged = await mapWithConcurrency(matched, this.deps.concurrency, async (r) => {
        const got = await this.call(() => this.deps.iam.send(new import_client_iam.GetRoleCommand({ RoleName: r.name })));
        return matchesTags(spec, got.Role?.Tags ?? []);
      });
      matched = matched.filter((_, i) => tagged[i]);
    }
    const skipped = {};
    const roles = matched.filter((r) => {
      const category = lockoutReason(r.name, r.path, this.deps.protectedRoles)?.category ?? (isExcluded(r.name, r.path, spec.exclude) ? "excluded" : void 0);
      if (category) {
        skipped[category] = (skipped[category] ?? 0) + 1;
      }
      return category === void 0;
    });
    log({ event: "selection", kind: spec.kind, matched: matched.length, selected: roles.length, skipped });
    return { roles, matched: matched.length, skipped };
  }
  /** Runs `work` for one role; any error becomes that role's reason, so other roles go on. */
  async settle(role, work) {
    try {
      return { role, ...await work() };
    } catch (err) {
      const reason = err instanceof InputError ? err.message : `${errorName(err)}: ${err?.message ?? String(err)}`;
      log({ event: "role-failed", role: role.name, reason });
      return { role, error: reason };
    }
  }
  /** Ensures the role denies sessions issued before `requestedMs`, never moving its cutoff earlier. */
  async revoke(role, request, requestedMs) {
    let maxSessionSeconds = role.maxSessionSeconds;
    if (maxSessionSeconds === void 0) {
      const got = await this.call(() => this.deps.iam.send(new import_client_iam.GetRoleCommand({ RoleName: role.name })));
      const refused = lockoutReason(role.name, got.Role?.Path, this.deps.protectedRoles);
      if (refused) {
        throw new InputError(refused.reason);
      }
      maxSessionSeconds = got.Role?.MaxSessionDuration ?? 3600;
    }
    const statements = await this.readStatements(role, request.policyName);
    const current = latestCutoff(statements);
    const own = statements.find((s) => s.sid === this.sid);
    const unchanged = request.allowEarlierCutoff ? own?.cutoffMs === requestedMs : current !== void 0 && current >= requestedMs;
    if (unchanged) {
      log({ event: "role-unchanged", role: role.name, cutoff: formatInstant(current) });
      return { appliedMs: current, maxSessionSeconds, written: false };
    }
    const next = [...statements.filter((s) => s.sid !== this.sid), { sid: this.sid, cutoffMs: requestedMs }];
    await this.call(() => this.deps.iam.send(new import_client_iam.PutRolePolicyCommand({
      RoleName: role.name,
      PolicyName: request.policyName,
      PolicyDocument: buildRevocationDocument(next)
    })));
    const appliedMs = latestCutoff(next);
    log({ event: "role-revoked", role: role.name, cutoff: formatInstant(appliedMs), statements: next.length });
    return { appliedMs, maxSessionSeconds, written: true };
  }
  /** Removes this resource's statement from each role, with bounded concurrency. */
  removeFrom(roles, policyName) {
    return mapWithConcurrency(roles, this.deps.concurrency, (role) => this.settle(role, async () => {
      if (this.outOfTime()) {
        throw new InputError(NOT_STARTED);
      }
      return this.removeOwnStatement(role, policyName);
    }));
  }
  /** Removes only the statement this resource wrote; other writers' statements stay. */
  async removeOwnStatement(role, policyName) {
    let statements;
    try {
      statements = await this.readStatements(role, policyName);
    } catch (err) {
      if (err instanceof InputError) {
        log({ event: "role-kept", role: role.name, reason: err.message });
        return { written: false };
      }
      throw err;
    }
    if (!statements.some((s) => s.sid === this.sid)) {
      return { written: false };
    }
    const rest = statements.filter((s) => s.sid !== this.sid);
    await this.call(
      () => rest.length > 0 ? this.deps.iam.send(new import_client_iam.PutRolePolicyCommand({ RoleName: role.name, PolicyName: policyName, PolicyDocument: buildRevocationDocument(rest) })) : this.deps.iam.send(new import_client_iam.DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: policyName }))
    ).catch((err) => {
      if (errorName(err) !== "NoSuchEntity") {
        throw err;
      }
    });
    log({ event: "role-removed", role: role.name, remainingStatements: rest.length });
    return { written: true };
  }
  /** The time statements of the existing policy; `InputError` when it holds anything else. */
  async readStatements(role, policyName) {
    let encoded;
    try {
      const res = await this.call(() => this.deps.iam.send(new import_client_iam.GetRolePolicyCommand({ RoleName: role.name, PolicyName: policyName })));
      encoded = res.PolicyDocument;
    } catch (err) {
      if (errorName(err) === "NoSuchEntity") {
        return [];
      }
      throw err;
    }
    if (encoded === void 0) {
      return [];
    }
    const read = readRevocationDocument(decodeDocument(encoded));
    if (read.kind === "unrecognized") {
      throw new InputError(`its existing policy "${policyName}" is not a time-based revocation this library can read (${read.reason}); it was left untouched: remove or rename it, or set a different policyName`);
    }
    return read.statements;
  }
  /** Every role under a path, with what `revoke` needs to skip `GetRole`. */
  async listRoles(pathPrefix) {
    const roles = [];
    let marker;
    do {
      const page = await this.call(() => this.deps.iam.send(new import_client_iam.ListRolesCommand({ PathPrefix: pathPrefix, MaxItems: LIST_PAGE, Marker: marker })));
      for (const r of page.Roles ?? []) {
        const parts = r.Arn ? parseRoleArn(r.Arn) : void 0;
        if (parts) {
          roles.push({ ...parts, arn: r.Arn, maxSessionSeconds: r.MaxSessionDuration ?? 3600 });
        }
      }
      marker = page.IsTruncated ? page.Marker : void 0;
    } while (marker);
    return roles;
  }
  call(fn) {
    return withRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs, pacer: this.pacer });
  }
};
function resolveCutoff(request, nowMs) {
  const cutoff = request.cutoff.mode === "fixed" ? request.cutoff.epochMs : nowMs + request.cutoff.bufferMs;
  if (!request.allowFutureCutoff && cutoff > nowMs + MAX_FUTURE_MS) {
    throw new InputError(`cutoff ${formatInstant(cutoff)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}, so it would also deny sessions issued until then; use an earlier cutoff, or set allowFutureCutoff: true`);
  }
  return cutoff;
}
async function removeDropped(ops, request, current, oldProps) {
  if (!request.destroy) {
    return 0;
  }
  const previous = readPreviousTargets(oldProps);
  const before = await ops.resolve(previous);
  const kept = new Set(current.roles.map((r) => `${r.name}
${request.policyName}`));
  const dropped = before.roles.filter((r) => !kept.has(`${r.name}
${previous.policyName}`));
  const outcomes = await ops.removeFrom(dropped, previous.policyName);
  return outcomes.filter((o) => o.error).length;
}
function throwIfFailed(verb, outcomes) {
  const failed = outcomes.filter((o) => o.error !== void 0);
  if (failed.length === 0) {
    return;
  }
  const done = outcomes.length - failed.length;
  const head = `failed to ${verb} ${failed.length} of ${outcomes.length} roles (${done} done and kept): `;
  let message = head;
  for (const [i, o] of failed.entries()) {
    const part = `${i > 0 ? "; " : ""}${o.role.name}: ${o.error}`;
    const tail = ` \u2026 and ${failed.length - i} more (see the function's log)`;
    if (Buffer.byteLength(message + part + tail) > MAX_REASON_BYTES) {
      message += tail;
      break;
    }
    message += part;
  }
  const err = new Error(message);
  err.stack = `Error: ${message}`;
  throw err;
}
function accountOf(functionArn) {
  return /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(functionArn ?? "")?.[1];
}
function decodeDocument(encoded) {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
function startedCutoff(data) {
  const parsed = typeof data?.RequestedCutoff === "string" ? parseInstant(data.RequestedCutoff) : void 0;
  if (!parsed?.ok) {
    throw new InputError(`the continuation carries no valid RequestedCutoff (received ${JSON.stringify(data?.RequestedCutoff) ?? "nothing"}); deploy again to start a new run`);
  }
  return parsed.epochMs;
}
function describeSkipped(skipped) {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
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
function log(entry) {
  console.log(JSON.stringify(entry));
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  MAX_REASON_BYTES,
  createHandler,
  handler
});
