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

// src/revocation-switch/revocation-switch.lambda.ts
var revocation_switch_lambda_exports = {};
__export(revocation_switch_lambda_exports, {
  SWITCH_EVENT_KEY: () => SWITCH_EVENT_KEY,
  createSwitchHandler: () => createSwitchHandler,
  handler: () => handler
});
module.exports = __toCommonJS(revocation_switch_lambda_exports);
var import_client_iam2 = require("@aws-sdk/client-iam");

// src/revocation-switch/iam.ts
var import_client_iam = require("@aws-sdk/client-iam");

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

// src/revocation-switch/iam.ts
var PAGE = 1e3;
var SdkSwitchIam = class {
  constructor(iam, call) {
    this.iam = iam;
    this.call = call;
  }
  iam;
  call;
  async listVersions(policyArn) {
    const out = [];
    let marker;
    try {
      do {
        const page = await this.call(() => this.iam.send(new import_client_iam.ListPolicyVersionsCommand({ PolicyArn: policyArn, Marker: marker, MaxItems: PAGE })));
        out.push(...(page.Versions ?? []).filter((v) => v.VersionId).map((v) => ({ id: v.VersionId, isDefault: v.IsDefaultVersion === true, createdMs: v.CreateDate?.getTime() ?? 0 })));
        marker = page.IsTruncated ? page.Marker : void 0;
      } while (marker);
    } catch (err) {
      return missing(err, void 0);
    }
    return out;
  }
  async getVersion(policyArn, versionId) {
    try {
      const res = await this.call(() => this.iam.send(new import_client_iam.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
      return res.PolicyVersion?.Document === void 0 ? void 0 : decode(res.PolicyVersion.Document);
    } catch (err) {
      return missing(err, void 0);
    }
  }
  async policyCreated(policyArn) {
    try {
      return (await this.call(() => this.iam.send(new import_client_iam.GetPolicyCommand({ PolicyArn: policyArn })))).Policy?.CreateDate?.getTime();
    } catch (err) {
      return missing(err, void 0);
    }
  }
  async createPolicy(name, path, document, description) {
    try {
      await this.call(() => this.iam.send(new import_client_iam.CreatePolicyCommand({
        PolicyName: name,
        Path: path,
        PolicyDocument: document,
        Description: description
      })));
      return "created";
    } catch (err) {
      if (errorName(err) === "EntityAlreadyExists") {
        return "exists";
      }
      throw err;
    }
  }
  async createVersion(policyArn, document, setAsDefault) {
    const res = await this.call(() => this.iam.send(new import_client_iam.CreatePolicyVersionCommand({
      PolicyArn: policyArn,
      PolicyDocument: document,
      SetAsDefault: setAsDefault
    })));
    return res.PolicyVersion?.VersionId ?? "";
  }
  async setDefault(policyArn, versionId) {
    await this.call(() => this.iam.send(new import_client_iam.SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }
  async deleteVersion(policyArn, versionId) {
    try {
      await this.call(() => this.iam.send(new import_client_iam.DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
      return "deleted";
    } catch (err) {
      return errorName(err) === "DeleteConflict" ? "default" : missing(err, "gone");
    }
  }
  async deletePolicy(policyArn) {
    try {
      await this.call(() => this.iam.send(new import_client_iam.DeletePolicyCommand({ PolicyArn: policyArn })));
      return "deleted";
    } catch (err) {
      return missing(err, "gone");
    }
  }
  async readRoles() {
    const roles = [];
    let marker;
    do {
      const page = await this.call(() => this.iam.send(new import_client_iam.GetAccountAuthorizationDetailsCommand({ Filter: ["Role"], MaxItems: PAGE, Marker: marker })));
      for (const r of page.RoleDetailList ?? []) {
        if (r.RoleName && r.Arn) {
          roles.push({
            name: r.RoleName,
            path: r.Path ?? "/",
            arn: r.Arn,
            tags: tagRecord(r.Tags),
            attached: (r.AttachedManagedPolicies ?? []).flatMap((p) => p.PolicyArn ? [p.PolicyArn] : []),
            inline: new Map((r.RolePolicyList ?? []).filter((p) => p.PolicyName).map((p) => [p.PolicyName, decode(p.PolicyDocument ?? "")])),
            createdMs: r.CreateDate?.getTime()
          });
        }
      }
      marker = page.IsTruncated ? page.Marker : void 0;
    } while (marker);
    return roles;
  }
  async getRole(roleName) {
    let role;
    try {
      role = (await this.call(() => this.iam.send(new import_client_iam.GetRoleCommand({ RoleName: roleName })))).Role;
    } catch (err) {
      return missing(err, void 0);
    }
    if (!role?.RoleName || !role.Arn) {
      return void 0;
    }
    const attached = [];
    let marker;
    do {
      const page = await this.call(() => this.iam.send(new import_client_iam.ListAttachedRolePoliciesCommand({
        RoleName: role.RoleName,
        Marker: marker,
        MaxItems: PAGE
      })));
      attached.push(...(page.AttachedPolicies ?? []).flatMap((p) => p.PolicyArn ? [p.PolicyArn] : []));
      marker = page.IsTruncated ? page.Marker : void 0;
    } while (marker);
    return {
      name: role.RoleName,
      path: role.Path ?? "/",
      arn: role.Arn,
      tags: tagRecord(role.Tags),
      attached,
      inline: /* @__PURE__ */ new Map(),
      createdMs: role.CreateDate?.getTime()
    };
  }
  async attach(roleName, policyArn) {
    await this.call(() => this.iam.send(new import_client_iam.AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
  }
  async detach(roleName, policyArn) {
    try {
      await this.call(() => this.iam.send(new import_client_iam.DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
      return "detached";
    } catch (err) {
      return missing(err, "gone");
    }
  }
  async attachedRoles(policyArn) {
    const out = [];
    let marker;
    do {
      const page = await this.call(() => this.iam.send(new import_client_iam.ListEntitiesForPolicyCommand({
        PolicyArn: policyArn,
        EntityFilter: "Role",
        Marker: marker,
        MaxItems: PAGE
      })));
      out.push(...(page.PolicyRoles ?? []).flatMap((r) => r.RoleName ? [r.RoleName] : []));
      marker = page.IsTruncated ? page.Marker : void 0;
    } while (marker);
    return out;
  }
  async putRolePolicy(roleName, policyName, document) {
    await this.call(() => this.iam.send(new import_client_iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document })));
  }
  async getRolePolicy(roleName, policyName) {
    try {
      const res = await this.call(() => this.iam.send(new import_client_iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
      return res.PolicyDocument === void 0 ? void 0 : decode(res.PolicyDocument);
    } catch (err) {
      return missing(err, void 0);
    }
  }
  async deleteRolePolicy(roleName, policyName) {
    try {
      await this.call(() => this.iam.send(new import_client_iam.DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
      return "deleted";
    } catch (err) {
      return missing(err, "gone");
    }
  }
};
function missing(err, value) {
  if (errorName(err) === "NoSuchEntity") {
    return value;
  }
  throw err;
}
function tagRecord(tags) {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key !== void 0).map((t) => [t.Key, t.Value ?? ""]));
}
function decode(encoded) {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
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
var ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
var ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([^/]+)$/;
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

// src/revocation-switch/properties.ts
var MAX_EXPLICIT_SWITCH_ROLES = 50;
var MAX_EXCLUDES = 100;
var DEFAULT_MAX_MANAGED_POLICIES = 10;
var MAX_MANAGED_POLICIES_QUOTA = 20;
var SwitchProp = {
  selection: "Selection",
  roleArns: "RoleArns",
  pathPrefix: "PathPrefix",
  tagKey: "TagKey",
  tagValue: "TagValue",
  namePattern: "NamePattern",
  exclude: "Exclude",
  narrow: "Narrow",
  narrowPathPrefix: "NarrowPathPrefix",
  narrowNamePattern: "NarrowNamePattern",
  narrowTagKey: "NarrowTagKey",
  narrowTagValue: "NarrowTagValue",
  maxManagedPolicies: "MaxManagedPolicies"
};
var SWITCH_TARGET_KEYS = [
  SwitchProp.narrow,
  SwitchProp.narrowPathPrefix,
  SwitchProp.narrowNamePattern,
  SwitchProp.narrowTagKey,
  SwitchProp.narrowTagValue,
  SwitchProp.exclude
];
var KNOWN = [
  ...Object.values(SwitchProp),
  "CutoffMode",
  "IssuedBefore",
  "Generation",
  "BufferSeconds",
  "RemovalPolicy",
  "AllowEarlierCutoff",
  "AllowFutureCutoff"
];
var IDLE_CUTOFF_MS = 0;
function readSwitchRequest(props) {
  const p = resourceProperties(props, "RevocationSwitch", KNOWN);
  const exclude = stringList(p, SwitchProp.exclude, MAX_EXCLUDES, excludeProblem);
  const mode = optionalString(p, "CutoffMode");
  const idle = mode === "none";
  return {
    arming: readArming(p, exclude),
    exclude,
    narrowing: readNarrowing(p),
    idle,
    cutoff: idle ? { mode: "fixed", epochMs: IDLE_CUTOFF_MS } : readCutoff(p, false),
    maxManagedPolicies: readQuota(p),
    allowEarlierCutoff: readFlag(p, "AllowEarlierCutoff")
  };
}
function switchSpared(narrowing, exclude) {
  return {
    narrowPathPrefix: narrowing.kind === "path-prefix" ? narrowing.pathPrefix : void 0,
    narrowNamePattern: narrowing.kind === "name-pattern" ? narrowing.namePattern : void 0,
    narrowTagKey: narrowing.kind === "tagged" ? narrowing.tagKey : void 0,
    narrowTagValue: narrowing.kind === "tagged" ? narrowing.tagValue : void 0,
    exclude
  };
}
function narrowingProblem(n) {
  switch (n.kind) {
    case "all":
      return void 0;
    case "path-prefix":
      return pathPrefixProblem(n.pathPrefix);
    case "name-pattern":
      return namePatternProblem(n.namePattern);
    case "tagged":
      return tagProblem(n.tagKey, n.tagValue);
  }
}
function readNarrowing(p) {
  const kind = optionalString(p, SwitchProp.narrow) ?? "all";
  const value = (key) => optionalString(p, key);
  const allowed = {
    "all": [],
    "path-prefix": [SwitchProp.narrowPathPrefix],
    "name-pattern": [SwitchProp.narrowNamePattern],
    "tagged": [SwitchProp.narrowTagKey, SwitchProp.narrowTagValue]
  };
  if (allowed[kind] === void 0) {
    throw new InputError(`property ${SwitchProp.narrow} "${clip(kind)}" is not supported; use all, path-prefix, name-pattern or tagged`);
  }
  const stray = [SwitchProp.narrowPathPrefix, SwitchProp.narrowNamePattern, SwitchProp.narrowTagKey, SwitchProp.narrowTagValue].find((k) => p[k] !== void 0 && !allowed[kind].includes(k));
  if (stray) {
    throw new InputError(`property ${stray} does not apply to a ${SwitchProp.narrow} of "${kind}"; remove it`);
  }
  const n = kind === "path-prefix" ? { kind, pathPrefix: value(SwitchProp.narrowPathPrefix) ?? "" } : kind === "name-pattern" ? { kind, namePattern: value(SwitchProp.narrowNamePattern) ?? "" } : kind === "tagged" ? { kind, tagKey: value(SwitchProp.narrowTagKey) ?? "", tagValue: value(SwitchProp.narrowTagValue) } : { kind: "all" };
  check(narrowingProblem(n));
  return n;
}
function readArming(p, exclude) {
  const kind = optionalString(p, SwitchProp.selection) ?? SelectionKind.allInAccount;
  const stray = (keys) => {
    const found = keys.find((k) => p[k] !== void 0);
    if (found) {
      throw new InputError(`property ${found} does not apply to a ${SwitchProp.selection} of "${kind}"; remove it`);
    }
  };
  if (kind === SelectionKind.explicit) {
    stray([SwitchProp.pathPrefix, SwitchProp.tagKey, SwitchProp.tagValue, SwitchProp.namePattern]);
    const arns = stringList(
      p,
      SwitchProp.roleArns,
      MAX_EXPLICIT_SWITCH_ROLES,
      (arn) => parseRoleArn(arn) ? void 0 : `property ${SwitchProp.roleArns} entry "${clip(arn)}" is not an IAM role ARN`,
      true
    );
    return { kind: "explicit", roles: arns.map((a) => parseRoleArn(a)) };
  }
  stray([SwitchProp.roleArns]);
  const pathPrefix = optionalString(p, SwitchProp.pathPrefix) ?? "/";
  check(pathPrefixProblem(pathPrefix));
  switch (kind) {
    case SelectionKind.pathPrefix:
    case SelectionKind.allInAccount:
      stray([SwitchProp.tagKey, SwitchProp.tagValue, SwitchProp.namePattern]);
      return { kind: "selection", spec: { kind, pathPrefix, exclude } };
    case SelectionKind.tagged: {
      stray([SwitchProp.namePattern]);
      const tagKey = optionalString(p, SwitchProp.tagKey) ?? "";
      const tagValue = optionalString(p, SwitchProp.tagValue);
      check(tagProblem(tagKey, tagValue));
      return { kind: "selection", spec: { kind, pathPrefix, tagKey, tagValue, exclude } };
    }
    case SelectionKind.namePattern: {
      stray([SwitchProp.tagKey, SwitchProp.tagValue]);
      const namePattern = optionalString(p, SwitchProp.namePattern) ?? "";
      check(namePatternProblem(namePattern));
      return { kind: "selection", spec: { kind, pathPrefix, namePattern, exclude } };
    }
    default:
      throw new InputError(`property ${SwitchProp.selection} "${clip(kind)}" is not supported; use one of ${Object.values(SelectionKind).join(", ")}`);
  }
}
function readQuota(p) {
  const raw = optionalString(p, SwitchProp.maxManagedPolicies) ?? String(DEFAULT_MAX_MANAGED_POLICIES);
  const n = Number(raw);
  if (!/^\d{1,2}$/.test(raw) || n < 1 || n > MAX_MANAGED_POLICIES_QUOTA) {
    throw new InputError(`property ${SwitchProp.maxManagedPolicies} ${describe(raw)} must be a whole number from 1 to ${MAX_MANAGED_POLICIES_QUOTA} (IAM allows 10 managed policies per role, up to 20 after a quota increase)`);
  }
  return n;
}
function check(problem) {
  if (problem) {
    throw new InputError(clip(problem, 600));
  }
}

// src/core/revocation-document.ts
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
  const digest2 = (0, import_crypto.createHash)("sha256").update(`${stackId}
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

// src/revoke-organization-sessions/scp-document.ts
var ALWAYS_EXEMPT_NAMES = ALWAYS_EXEMPT_ROLE_GLOBS;
function roleNamePatterns(name) {
  return [`arn:*:iam::*:role/${name}`, `arn:*:iam::*:role/*/${name}`];
}
var IDENTITY_CENTER_SAMPLES = [`${IDENTITY_CENTER_NAME_PREFIX}AdministratorAccess_0123456789abcdef`, `${IDENTITY_CENTER_NAME_PREFIX}ViewOnly_fedcba9876543210`];

// src/revocation-switch/document.ts
var SWITCH_POLICY_PATH = "/cdk-revoke-sessions/";
var SWITCH_POLICY_PREFIX = "RevocationSwitch";
var MAX_MANAGED_POLICY_CHARS = 6144;
var MAX_POLICY_VERSIONS = 5;
var MAX_MARKS = 8;
var PRINCIPAL_ARN_KEY = "aws:PrincipalArn";
function switchPolicyName(owner) {
  return `${SWITCH_POLICY_PREFIX}-${owner}`;
}
function switchPolicyArn(partition, account, owner) {
  return `arn:${partition}:iam::${account}:policy${SWITCH_POLICY_PATH}${switchPolicyName(owner)}`;
}
function exemptPatterns(protectedRoleArns, exclude) {
  const excluded = exclude.flatMap((e) => e.startsWith("/") ? [`arn:*:iam::*:role${e}`] : roleNamePatterns(e));
  return [.../* @__PURE__ */ new Set([...ALWAYS_EXEMPT_NAMES.flatMap(roleNamePatterns), ...protectedRoleArns, ...excluded])];
}
function sidOf(owner, s) {
  return `CdkSwitch${owner}G${s.generation}${s.marks.map((m) => `D${m}`).join("")}`;
}
function buildSwitchDocument(owner, statements) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [...statements].sort((a, b) => a.generation.localeCompare(b.generation)).map((s) => ({
      Sid: sidOf(owner, { ...s, marks: s.marks.slice(0, MAX_MARKS) }),
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        DateLessThan: { [TOKEN_ISSUE_TIME_KEY]: formatInstant(s.cutoffMs) },
        ArnNotLike: { [PRINCIPAL_ARN_KEY]: [...s.exempt] },
        ...narrowingCondition(s.narrowing)
      }
    }))
  });
}
function narrowingCondition(n) {
  switch (n.kind) {
    case "all":
      return {};
    case "path-prefix":
      return { ArnLike: { [PRINCIPAL_ARN_KEY]: `arn:*:iam::*:role${n.pathPrefix}*` } };
    case "name-pattern":
      return { ArnLike: { [PRINCIPAL_ARN_KEY]: roleNamePatterns(n.namePattern) } };
    case "tagged":
      return n.tagValue === void 0 ? { Null: { [`aws:PrincipalTag/${n.tagKey}`]: "false" } } : { StringEquals: { [`aws:PrincipalTag/${n.tagKey}`]: n.tagValue } };
  }
}
function documentChars(text) {
  return text.replace(/\s/g, "").length;
}
function readSwitchDocument(text, owner) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: "foreign", reason: "it is not JSON" };
  }
  if (!isObject2(doc) || !Array.isArray(doc.Statement) || doc.Statement.length === 0) {
    return { kind: "foreign", reason: "it has no list of statements" };
  }
  const statements = [];
  for (const [i, st] of doc.Statement.entries()) {
    const read = readStatement2(st, owner);
    if (typeof read === "string") {
      return { kind: "foreign", reason: `statement ${i + 1} ${read}` };
    }
    statements.push(read);
  }
  if (new Set(statements.map((s) => s.generation)).size !== statements.length) {
    return { kind: "foreign", reason: "two statements carry the same generation" };
  }
  return { kind: "owned", statements };
}
function readStatement2(st, owner) {
  if (!isObject2(st) || Object.keys(st).some((k) => !["Sid", "Effect", "Action", "Resource", "Condition"].includes(k))) {
    return "is not a statement this library writes";
  }
  const sid = typeof st.Sid === "string" ? new RegExp(`^CdkSwitch${owner}G([0-9a-f]{8})((?:D[0-9a-f]{8})*)$`).exec(st.Sid) : null;
  if (!sid) {
    return `has the Sid ${JSON.stringify(st.Sid)}, not one of this switch`;
  }
  if (st.Effect !== "Deny" || st.Action !== "*" || st.Resource !== "*" || !isObject2(st.Condition)) {
    return "is not a Deny of every action on every resource with conditions";
  }
  const { DateLessThan: before, ArnNotLike: exempt, ...rest } = st.Condition;
  const cutoff = isObject2(before) && Object.keys(before).length === 1 ? before[TOKEN_ISSUE_TIME_KEY] : void 0;
  const parsed = typeof cutoff === "string" ? parseInstant(cutoff, TOKEN_ISSUE_TIME_KEY) : void 0;
  if (!parsed?.ok) {
    return `has no single ${TOKEN_ISSUE_TIME_KEY} cutoff`;
  }
  const exemptList = isObject2(exempt) && Object.keys(exempt).length === 1 ? exempt[PRINCIPAL_ARN_KEY] : void 0;
  if (!Array.isArray(exemptList) || exemptList.length === 0 || !exemptList.every((e) => typeof e === "string")) {
    return `has no ArnNotLike ${PRINCIPAL_ARN_KEY} exemptions`;
  }
  const narrowing = readNarrowing2(rest);
  if (typeof narrowing === "string") {
    return narrowing;
  }
  return {
    generation: sid[1],
    cutoffMs: parsed.epochMs,
    marks: (sid[2].match(/D[0-9a-f]{8}/g) ?? []).map((m) => m.slice(1)),
    exempt: exemptList,
    narrowing
  };
}
function readNarrowing2(rest) {
  const keys = Object.keys(rest);
  if (keys.length === 0) {
    return { kind: "all" };
  }
  const candidates = [];
  const op = isObject2(rest[keys[0]]) ? rest[keys[0]] : {};
  const entries = Object.entries(op);
  if (keys.length === 1 && entries.length === 1) {
    const [key, value] = entries[0];
    const path = /^arn:\*:iam::\*:role(\/.*)\*$/.exec(typeof value === "string" ? value : "")?.[1];
    if (keys[0] === "ArnLike" && key === PRINCIPAL_ARN_KEY && path !== void 0) {
      candidates.push({ kind: "path-prefix", pathPrefix: path });
    }
    if (keys[0] === "ArnLike" && key === PRINCIPAL_ARN_KEY && Array.isArray(value) && typeof value[0] === "string") {
      candidates.push({ kind: "name-pattern", namePattern: value[0].replace(/^arn:\*:iam::\*:role\//, "") });
    }
    const tag = /^aws:PrincipalTag\/(.+)$/.exec(key)?.[1];
    if (tag !== void 0 && keys[0] === "StringEquals" && typeof value === "string") {
      candidates.push({ kind: "tagged", tagKey: tag, tagValue: value });
    }
    if (tag !== void 0 && keys[0] === "Null" && value === "false") {
      candidates.push({ kind: "tagged", tagKey: tag });
    }
  }
  const match = candidates.find((n) => JSON.stringify(narrowingCondition(n)) === JSON.stringify(rest));
  return match ?? `has conditions this library does not write (${keys.join(", ")})`;
}
function statementApplies(s, role) {
  if (s.exempt.some((p) => arnLike(p, role.arn))) {
    return false;
  }
  const n = s.narrowing;
  switch (n.kind) {
    case "all":
      return true;
    case "path-prefix":
    case "name-pattern": {
      const patterns = narrowingCondition(n).ArnLike[PRINCIPAL_ARN_KEY];
      return (Array.isArray(patterns) ? patterns : [patterns]).some((p) => arnLike(p, role.arn));
    }
    case "tagged": {
      const key = Object.keys(role.tags).find((k) => k.toLowerCase() === n.tagKey.toLowerCase());
      return key !== void 0 && (n.tagValue === void 0 || role.tags[key] === n.tagValue);
    }
  }
}
function arnLike(pattern, arn) {
  const split = (s) => {
    const parts = s.split(":");
    return parts.length < 6 ? void 0 : [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const p = split(pattern);
  const a = split(arn);
  return p !== void 0 && a !== void 0 && p.every((part, i) => globMatches(part, a[i]));
}
function isObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/revocation-switch/plan.ts
function mergeVersions(versions) {
  return mergeStatements(versions.flatMap((v) => v.content.kind === "owned" ? [v.content.statements] : []));
}
function mergeStatements(lists) {
  const out = /* @__PURE__ */ new Map();
  for (const s of lists.flat()) {
    const have = out.get(s.generation);
    if (!have) {
      out.set(s.generation, s);
      continue;
    }
    const later = s.cutoffMs > have.cutoffMs ? s : have;
    out.set(s.generation, { ...later, marks: [.../* @__PURE__ */ new Set([...later.marks, ...have.marks, ...s.marks])].slice(0, MAX_MARKS) });
  }
  return out;
}
function dominates(a, b) {
  return b.every((sb) => sb.cutoffMs <= 0 || a.some((sa) => sa.generation === sb.generation && sa.cutoffMs >= sb.cutoffMs));
}
function sameStatements(a, b) {
  const key = (list) => JSON.stringify([...list].sort((x, y) => x.generation.localeCompare(y.generation)));
  return key(a) === key(b);
}
function markedCutoff(baseline, generation, mark) {
  const own = baseline.get(generation);
  return mark !== void 0 && own?.marks.includes(mark) ? own.cutoffMs : void 0;
}
function planStatements(baseline, input) {
  const own = baseline.get(input.generation);
  const cutoffMs = input.lower ? input.requestedMs : Math.max(own?.cutoffMs ?? 0, input.requestedMs);
  const held = own?.marks ?? [];
  const marks = input.mark === void 0 || held.includes(input.mark) ? held : [input.mark, ...held].slice(0, MAX_MARKS);
  const others = [...baseline.values()].filter((s) => s.generation !== input.generation && s.cutoffMs > 0);
  return {
    cutoffMs,
    statements: [...others, { generation: input.generation, cutoffMs, marks, exempt: [...input.exempt], narrowing: input.narrowing }]
  };
}
function planGenerationRemoval(baseline, removed, live) {
  const gone = baseline.get(removed);
  const kept = baseline.get(live);
  if (removed === live || gone === void 0 || kept === void 0) {
    return void 0;
  }
  return [...baseline.values()].filter((s) => s.generation !== removed && s.generation !== live).concat({ ...kept, cutoffMs: Math.max(kept.cutoffMs, gone.cutoffMs) });
}
function planReassert(versions, required, exact = false) {
  const owned = versions.filter((v) => v.content.kind === "owned");
  const fits = (v) => exact ? sameStatements(v.content.statements, required) : dominates(v.content.statements, required);
  const current = owned.find((v) => v.isDefault);
  if (current && fits(current)) {
    return { kind: "in-force" };
  }
  const best = owned.filter(fits).sort((a, b) => b.createdMs - a.createdMs)[0];
  return best ? { kind: "set-default", versionId: best.id } : { kind: "create", statements: [...mergeStatements([required]).values()] };
}
function describeTampering(versions) {
  const current = versions.find((v) => v.isDefault);
  if (current === void 0) {
    return void 0;
  }
  if (current.content.kind === "foreign") {
    return `the default version ${current.id} was not written by this switch (${current.content.reason})`;
  }
  const all = [...mergeVersions(versions).values()];
  if (dominates(current.content.statements, all)) {
    return void 0;
  }
  const higher = versions.find((v) => v.content.kind === "owned" && dominates(v.content.statements, all));
  return `the default version ${current.id} holds an earlier cutoff than version ${higher?.id ?? "another version"}: an older version was made the default (iam:SetDefaultPolicyVersion, or a stale write)`;
}
function planCleanup(versions, verifiedDefault, authoritative) {
  const kept = verifiedDefault.content.kind === "owned" ? verifiedDefault.content.statements : void 0;
  return versions.filter((v) => v.id !== verifiedDefault.id && (authoritative || v.content.kind === "foreign" || kept !== void 0 && dominates(kept, v.content.statements))).map((v) => v.id);
}
function planMakeRoom(versions) {
  const current = versions.find((v) => v.isDefault);
  if (current === void 0 || current.content.kind !== "owned") {
    return versions.filter((v) => !v.isDefault && v.content.kind === "foreign").sort((a, b) => a.createdMs - b.createdMs)[0]?.id;
  }
  const statements = current.content.statements;
  return versions.filter((v) => !v.isDefault && (v.content.kind === "foreign" || dominates(statements, v.content.statements))).sort((a, b) => a.createdMs - b.createdMs)[0]?.id;
}
function planArming(role, request, policyArn, protectedNames) {
  if (!isSelected(role, request)) {
    return { kind: "unselected" };
  }
  const lockout = lockoutReason(role.name, role.path, protectedNames);
  if (lockout?.category === "service-linked" || lockout?.category === "identity-center") {
    return { kind: "not-armed", reason: lockout.category, detail: lockout.reason };
  }
  const organization = ALWAYS_EXEMPT_NAMES.find((g) => globMatches(g.toLowerCase(), role.name.toLowerCase()));
  if (lockout || organization) {
    return { kind: "not-armed", reason: "protected", detail: lockout?.reason ?? `it is a role that administers the account (${organization}); revoking it could lock out the organization` };
  }
  if (request.exclude.length > 0 && isExcluded(role.name, role.path, request.exclude)) {
    return { kind: "excluded" };
  }
  if (role.attached.includes(policyArn)) {
    return { kind: "armed" };
  }
  if (role.attached.length >= request.maxManagedPolicies) {
    return {
      kind: "not-armed",
      reason: "quota-full",
      detail: `it already has ${role.attached.length} managed policies, the quota of ${request.maxManagedPolicies}; its revocations are written inline (raise the quota, or detach a policy, to arm it)`
    };
  }
  return { kind: "arm" };
}
function isSelected(role, request) {
  const a = request.arming;
  if (a.kind === "explicit") {
    return a.roles.some((r) => r.name.toLowerCase() === role.name.toLowerCase() && (r.path === "/" || r.path === role.path));
  }
  return matchesListing(a.spec, role.name, role.path) && (a.spec.kind !== "tagged" || matchesTags(a.spec, Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }))));
}
function cutoffFor(role, inForce) {
  return Math.max(0, ...inForce.filter((s) => s.cutoffMs > 0 && statementApplies(s, role)).map((s) => s.cutoffMs));
}
function fallbackPolicyName(owner, cutoffMs) {
  return `${fallbackPrefix(owner)}${cutoffMs.toString(36)}`;
}
function fallbackPrefix(owner) {
  return `CdkSwitch-${owner}-`;
}
function planFallback(role, owner, cutoffMs, lower) {
  const owned = ownedFallbacks(role, owner);
  const latest = Math.max(-Infinity, ...owned.values());
  if (!lower && latest >= cutoffMs) {
    const holder2 = [...owned].find(([, c]) => c === latest)[0];
    return { holder: holder2, superseded: [...owned].filter(([n, c]) => n !== holder2 && c < latest).map(([n]) => n).sort() };
  }
  const holder = fallbackPolicyName(owner, cutoffMs);
  const existing = owned.get(holder);
  return {
    holder,
    put: existing === cutoffMs ? void 0 : { policyName: holder, document: fallbackDocument(owner, cutoffMs) },
    superseded: [...owned].filter(([n, c]) => n !== holder && (lower || c < cutoffMs)).map(([n]) => n).sort()
  };
}
function fallbackDocument(owner, cutoffMs) {
  return buildRevocationDocument([{ sid: `CdkSwitch${owner}`, cutoffMs }]);
}
function ownedFallbacks(role, owner) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, text] of role.inline) {
    const read = name.startsWith(fallbackPrefix(owner)) ? readRevocationDocument(text) : void 0;
    const cutoff = read?.kind === "revocation" ? latestCutoff(read.statements) : void 0;
    if (cutoff !== void 0) {
      out.set(name, cutoff);
    }
  }
  return out;
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

// src/revocation-switch/switch.ts
var CONSTRUCT = "RevocationSwitch";
var DESCRIPTION = "cdk-revoke-sessions RevocationSwitch: its default version revokes the sessions of every role it is attached to. Written only by the switch's function; setting another default version or detaching it undoes a revocation.";
var SETTLE_ROUNDS = 5;
var MAX_NAMES_BYTES = 800;
var IDLE_REPORT = "none (idle: the switch denies nothing)";
function switchWriter(ctx) {
  return {
    construct: CONSTRUCT,
    targetKeys: SWITCH_TARGET_KEYS,
    readRequest: readSwitchRequest,
    cutoffOf: (r) => r.cutoff,
    spared: (r) => switchSpared(r.narrowing, r.exclude),
    apply: (run) => applySwitch(ctx, run),
    remove: (run) => removeSwitch(ctx, run)
  };
}
function policyArnOf(stackId, owner) {
  const m = /^arn:([^:]+):cloudformation:[^:]*:(\d{12}):stack\//.exec(stackId);
  if (!m) {
    throw new InputError(`the event's StackId "${stackId.slice(0, 120)}" is not a CloudFormation stack ARN; deploy the ${CONSTRUCT} construct`);
  }
  return switchPolicyArn(m[1], m[2], owner);
}
async function readVersions(ctx, arn, owner, cache) {
  const listed = await ctx.iam.listVersions(arn);
  if (listed === void 0) {
    return void 0;
  }
  const out = [];
  for (const v of listed) {
    let content = cache.get(v.id);
    if (content === void 0) {
      const text = await ctx.iam.getVersion(arn, v.id);
      if (text === void 0) {
        continue;
      }
      content = readSwitchDocument(text, owner);
      cache.set(v.id, content);
    }
    out.push({ ...v, content });
  }
  return out;
}
function checkedDocument(owner, statements) {
  const text = buildSwitchDocument(owner, statements);
  const chars = documentChars(text);
  if (chars > MAX_MANAGED_POLICY_CHARS) {
    throw new InputError(`the switch's next version would be ${chars} characters, over IAM's ${MAX_MANAGED_POLICY_CHARS} for a managed policy (${statements.length} statements, one per narrowing this switch was deployed with, each exempting ${statements[0]?.exempt.length ?? 0} roles); nothing was written: shorten exclude, or deploy with RemovalPolicy.DESTROY so replaced narrowings go in the cleanup phase`);
  }
  return text;
}
async function writeVersion(ctx, arn, owner, cache, versions, statements, written) {
  const text = checkedDocument(owner, statements);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    const room = planMakeRoom(versions);
    if (room === void 0) {
      throw new Error(`the switch policy ${arn} holds ${versions.length} versions and the default dominates none of them, so none may be deleted; nothing was written; the sweep or the next deployment reads them all again`);
    }
    ctx.log({ event: "version-deleted", policy: arn, version: room, reason: "room for the next version" });
    await ctx.iam.deleteVersion(arn, room);
  }
  const id = await ctx.iam.createVersion(arn, text, true);
  written?.add(id);
  cache.set(id, readSwitchDocument(text, owner));
  ctx.log({ event: "version-created", policy: arn, version: id, statements: statements.map((s) => `${s.generation}@${formatInstant(s.cutoffMs)}`) });
  return id;
}
async function settle(ctx, arn, owner, cache, required, exact, written = /* @__PURE__ */ new Set()) {
  const waited = /* @__PURE__ */ new Set();
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    const versions = await readVersions(ctx, arn, owner, cache);
    if (versions === void 0) {
      throw new Error(`the switch policy ${arn} was deleted during the deployment; deploy again to create it (what is armed stays armed)`);
    }
    const want = exact ? [...required] : [...mergeStatements([required, ...ownedStatements(versions)]).values()];
    const plan = planReassert(versions, want, exact);
    if (plan.kind === "in-force") {
      const current = versions.find((v) => v.isDefault);
      for (const id of planCleanup(versions, current, exact)) {
        const r = await ctx.iam.deleteVersion(arn, id);
        ctx.log({ event: "version-deleted", policy: arn, version: id, reason: "the verified default covers it", result: r });
      }
      return current;
    }
    if (plan.kind === "set-default") {
      ctx.log({ event: "default-reasserted", policy: arn, version: plan.versionId });
      await ctx.iam.setDefault(arn, plan.versionId);
      continue;
    }
    const unseen = [...written].filter((id) => !waited.has(id) && !versions.some((v) => v.id === id));
    if (unseen.length > 0) {
      unseen.forEach((id) => waited.add(id));
      await ctx.pause?.(1e3);
      continue;
    }
    try {
      await writeVersion(ctx, arn, owner, cache, versions, plan.statements, written);
    } catch (err) {
      if (errorName(err) !== "LimitExceeded") {
        throw err;
      }
    }
  }
  throw new Error(`the switch policy ${arn} kept changing while this deployment verified it (${SETTLE_ROUNDS} rounds); what was written stays, and the sweep puts the highest version back; deploy again to verify`);
}
function ownedStatements(versions) {
  return versions.flatMap((v) => v.content.kind === "owned" ? [[...v.content.statements]] : []);
}
function statementsOf(v) {
  return v.content.kind === "owned" ? v.content.statements : [];
}
async function applySwitch(ctx, run) {
  const req = run.request;
  const owner = run.owner;
  const arn = policyArnOf(run.event.StackId, owner);
  const lower = run.grant.lower && req.allowEarlierCutoff;
  if (req.allowEarlierCutoff && !run.grant.lower) {
    ctx.log({ event: "capability-missing", capability: "lower", detail: "AllowEarlierCutoff ignored: this stack did not deploy the switch with it" });
  }
  const own = {
    generation: run.generation,
    narrowing: req.narrowing,
    exempt: exemptPatterns(ctx.protectedArns, req.exclude),
    mark: deployTimeMark(req.cutoff),
    lower
  };
  const cache = /* @__PURE__ */ new Map();
  const written = /* @__PURE__ */ new Set();
  let versions = await readVersions(ctx, arn, owner, cache);
  let planned;
  let requestedMs;
  if (versions === void 0) {
    requestedMs = run.requestedCutoff(void 0);
    planned = planStatements(/* @__PURE__ */ new Map(), { ...own, requestedMs });
    const text = checkedDocument(owner, planned.statements);
    if (await ctx.iam.createPolicy(switchPolicyName(owner), SWITCH_POLICY_PATH, text, DESCRIPTION) === "created") {
      cache.set("v1", readSwitchDocument(text, owner));
      written.add("v1");
      ctx.log({ event: "policy-created", policy: arn, cutoff: formatInstant(planned.cutoffMs) });
    } else {
      versions = await readVersions(ctx, arn, owner, cache);
      planned = void 0;
    }
  }
  let tampering;
  if (versions !== void 0) {
    const baseline = mergeVersions(versions);
    tampering = describeTampering(versions);
    requestedMs = run.requestedCutoff(markedCutoff(baseline, run.generation, own.mark));
    planned = planStatements(baseline, { ...own, requestedMs });
    const current2 = versions.find((v) => v.isDefault);
    if (!(current2?.content.kind === "owned" && sameStatements(current2.content.statements, planned.statements))) {
      await writeVersion(ctx, arn, owner, cache, versions, planned.statements, written);
    }
  }
  if (tampering) {
    ctx.log({ event: "tampered", policy: arn, detail: tampering });
  }
  const current = await settle(ctx, arn, owner, cache, planned.statements, lower, written);
  const inForce = statementsOf(current);
  const report = await armAndRevoke(ctx, { owner, arn, request: req, inForce, lower, preexisting: !written.has("v1") });
  if (report === "incomplete") {
    return { complete: false, carry: {} };
  }
  throwIfFallbackFailed(report);
  const ownCutoff = inForce.find((s) => s.generation === run.generation)?.cutoffMs ?? 0;
  return {
    complete: true,
    data: {
      PolicyArn: arn,
      PolicyName: switchPolicyName(owner),
      DefaultVersion: current.id,
      EffectiveCutoff: ownCutoff > 0 ? formatInstant(ownCutoff) : IDLE_REPORT,
      RequestedCutoff: req.idle ? IDLE_REPORT : formatInstant(requestedMs),
      Tampering: tampering ?? "none",
      ...reportData(report)
    }
  };
}
async function armAndRevoke(ctx, a) {
  const roles = await ctx.iam.readRoles();
  const protectedNames = roleNameSet(ctx.protectedArns.map((arn) => arn.replace(/^.*:role\/(?:.*\/)?/, "")));
  const plans = roles.map((role) => ({ role, plan: planArming(role, a.request, a.arn, protectedNames) }));
  const notArmed = missingExplicit(a.request, roles);
  const armed = plans.filter((p) => p.plan.kind === "armed").map((p) => p.role.name);
  const toArm = plans.filter((p) => p.plan.kind === "arm");
  const outcomes = await mapWithConcurrency(toArm, ctx.concurrency, async ({ role }) => {
    if (ctx.outOfTime()) {
      return "deferred";
    }
    try {
      await ctx.iam.attach(role.name, a.arn);
      return "armed";
    } catch (err) {
      const reason = errorName(err) === "LimitExceeded" ? "quota-full" : "failed";
      ctx.log({ event: "not-armed", role: role.name, reason, detail: reasonOf(err) });
      return { reason, detail: reasonOf(err) };
    }
  });
  if (outcomes.includes("deferred")) {
    return "incomplete";
  }
  const armedNow = toArm.filter((_, i) => outcomes[i] === "armed").map((p) => p.role.name);
  const policyCreatedMs = a.preexisting && armedNow.length > 0 ? await ctx.iam.policyCreated(a.arn) : void 0;
  armedNow.forEach((name) => ctx.log({ event: "armed", role: name }));
  const unarmed = /* @__PURE__ */ new Map();
  for (const p of plans) {
    if (p.plan.kind === "not-armed") {
      unarmed.set(p.role.name, { reason: p.plan.reason, detail: p.plan.detail });
    }
  }
  toArm.forEach((p, i) => {
    const o = outcomes[i];
    if (typeof o === "object") {
      unarmed.set(p.role.name, o);
    }
  });
  const lost = await verifyAttachments(ctx, a.arn, [...armed, ...armedNow]);
  lost.forEach((name) => unarmed.set(name, { reason: "failed", detail: "its attachment was removed during the deployment, twice" }));
  const carrying = new Set([...armed, ...armedNow].filter((n) => !lost.includes(n)).map((n) => n.toLowerCase()));
  for (const [name, why] of unarmed) {
    notArmed.push({ name, ...why });
  }
  const inline = await reconcileInline(ctx, a.owner, roles.map((role, i) => {
    const plan = plans[i].plan;
    const revocable = !carrying.has(role.name.toLowerCase()) && isRevocableInline(plan, unarmed.get(role.name)?.reason);
    return { role, desiredMs: revocable ? cutoffFor(role, a.inForce) : 0, carrying: carrying.has(role.name.toLowerCase()) };
  }), a.lower);
  const byName = new Map(roles.map((r) => [r.name.toLowerCase(), r]));
  const revokedBySwitch = [...carrying].filter((n) => cutoffFor(byName.get(n), a.inForce) > 0).length;
  const createdBefore = (name) => (byName.get(name.toLowerCase())?.createdMs ?? Infinity) < (policyCreatedMs ?? -Infinity);
  const rearmed = armedNow.filter(createdBefore);
  return {
    selected: plans.filter((p) => p.plan.kind !== "unselected" && p.plan.kind !== "excluded").length + notArmed.filter((n) => n.reason === "missing").length,
    armed: armed.filter((n) => !lost.includes(n)),
    armedNow: armedNow.filter((n) => !lost.includes(n)),
    rearmed,
    notArmed,
    revokedBySwitch,
    revokedInline: inline.revoked,
    failures: inline.failures
  };
}
function isRevocableInline(plan, reason) {
  return plan.kind !== "unselected" && plan.kind !== "excluded" && (reason === "quota-full" || reason === "failed");
}
function missingExplicit(request, roles) {
  if (request.arming.kind !== "explicit") {
    return [];
  }
  const names = new Set(roles.map((r) => r.name.toLowerCase()));
  return request.arming.roles.filter((r) => !names.has(r.name.toLowerCase())).map((r) => ({ name: r.name, reason: "missing", detail: "the role does not exist (NoSuchEntity); check the ARN" }));
}
async function verifyAttachments(ctx, arn, expected) {
  if (expected.length === 0) {
    return [];
  }
  const listed = async () => new Set((await ctx.iam.attachedRoles(arn)).map((n) => n.toLowerCase()));
  let live = await listed();
  const missing2 = expected.filter((n) => !live.has(n.toLowerCase()));
  if (missing2.length === 0) {
    return [];
  }
  ctx.log({ event: "reattached-after-detach", roles: missing2 });
  await mapWithConcurrency(missing2, ctx.concurrency, (n) => ctx.iam.attach(n, arn).catch(() => void 0));
  live = await listed();
  return missing2.filter((n) => !live.has(n.toLowerCase()));
}
async function reconcileInline(ctx, owner, targets, authoritative) {
  const work = targets.filter((t) => t.desiredMs > 0 || authoritative && ownedFallbacks(t.role, owner).size > 0);
  const outcomes = await mapWithConcurrency(work, ctx.concurrency, async (t) => {
    try {
      if (t.desiredMs <= 0) {
        for (const name of [...ownedFallbacks(t.role, owner).keys()].sort()) {
          await ctx.iam.deleteRolePolicy(t.role.name, name);
        }
        ctx.log({ event: "inline-removed", role: t.role.name, reason: t.carrying ? "the role carries the switch" : "nothing in force applies to it" });
        return "cleared";
      }
      const plan = planFallback(t.role, owner, t.desiredMs, authoritative);
      if (plan.put) {
        await ctx.iam.putRolePolicy(t.role.name, plan.put.policyName, plan.put.document);
      }
      const read = await ctx.iam.getRolePolicy(t.role.name, plan.holder);
      const parsed = read === void 0 ? void 0 : readRevocationDocument(read);
      if (parsed?.kind !== "revocation" || (latestCutoff(parsed.statements) ?? -Infinity) < t.desiredMs) {
        throw new Error(`its inline revocation ${plan.holder} was not in place when read back; deploy again`);
      }
      for (const name of plan.superseded) {
        await ctx.iam.deleteRolePolicy(t.role.name, name);
      }
      ctx.log({ event: "revoked-inline", role: t.role.name, cutoff: formatInstant(t.desiredMs), policy: plan.holder });
      return "revoked";
    } catch (err) {
      ctx.log({ event: "inline-failed", role: t.role.name, reason: reasonOf(err) });
      return { name: t.role.name, reason: reasonOf(err) };
    }
  });
  return {
    revoked: work.filter((_, i) => outcomes[i] === "revoked").map((t) => t.role.name),
    failures: outcomes.filter((o) => typeof o === "object")
  };
}
function throwIfFallbackFailed(report) {
  const message = failureMessage("revoke inline", "roles the switch could not arm", report.revokedInline.length + report.failures.length, report.failures);
  if (message !== void 0) {
    const err = new Error(`${message}; the switch's version and every armed role stay, and a rollback keeps them too`);
    err.stack = `Error: ${err.message}`;
    throw err;
  }
}
function reportData(r) {
  const reasons = /* @__PURE__ */ new Map();
  r.notArmed.forEach((n) => reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1));
  return {
    RolesSelected: String(r.selected),
    RolesArmed: String(r.armed.length + r.armedNow.length),
    RolesArmedNow: String(r.armedNow.length),
    RolesReArmed: String(r.rearmed.length),
    RolesNotArmed: String(r.notArmed.length),
    NotArmedReasons: [...reasons].sort(([x], [y]) => x.localeCompare(y)).map(([k, n]) => `${k}=${n}`).join(", ") || "none",
    NotArmedNames: firstNames(r.notArmed.map((n) => `${n.name} (${n.reason})`), MAX_NAMES_BYTES),
    RolesRevokedBySwitch: String(r.revokedBySwitch),
    RolesRevokedInline: String(r.revokedInline.length),
    RolesRevoked: String(r.revokedBySwitch + r.revokedInline.length)
  };
}
async function removeSwitch(ctx, run) {
  const owner = run.owner;
  const arn = policyArnOf(run.event.StackId, owner);
  const cache = /* @__PURE__ */ new Map();
  if (run.scope.kind === "generation") {
    const versions = await readVersions(ctx, arn, owner, cache);
    const next = versions && planGenerationRemoval(mergeVersions(versions), run.generation, run.scope.live);
    if (!versions || !next) {
      ctx.log({ event: "generation-kept", policy: arn, generation: run.generation, detail: "nothing of it alone is in force" });
      return { complete: true, data: {} };
    }
    const written = /* @__PURE__ */ new Set();
    await writeVersion(ctx, arn, owner, cache, versions, next, written);
    const current = await settle(ctx, arn, owner, cache, next, true, written);
    const roles2 = await ctx.iam.readRoles();
    const carrying = new Set((await ctx.iam.attachedRoles(arn)).map((n) => n.toLowerCase()));
    const inline = await reconcileInline(ctx, owner, roles2.map((role) => {
      const isCarrying = carrying.has(role.name.toLowerCase());
      const held = Math.max(0, ...ownedFallbacks(role, owner).values());
      return { role, desiredMs: isCarrying ? 0 : Math.min(held, cutoffFor(role, statementsOf(current))), carrying: isCarrying };
    }), true);
    ctx.log({ event: "generation-removed", policy: arn, generation: run.generation, inlineFailures: inline.failures.length });
    return { complete: true, data: {} };
  }
  for (const name of await ctx.iam.attachedRoles(arn)) {
    if (ctx.outOfTime()) {
      return { complete: false, carry: {} };
    }
    await ctx.iam.detach(name, arn);
    ctx.log({ event: "detached", role: name });
  }
  const roles = await ctx.iam.readRoles();
  for (const role of roles) {
    for (const name of ownedFallbacks(role, owner).keys()) {
      await ctx.iam.deleteRolePolicy(role.name, name);
      ctx.log({ event: "inline-removed", role: role.name, policy: name });
    }
  }
  for (const v of await ctx.iam.listVersions(arn) ?? []) {
    if (!v.isDefault) {
      await ctx.iam.deleteVersion(arn, v.id);
    }
  }
  const result = await ctx.iam.deletePolicy(arn);
  ctx.log({ event: "policy-deleted", policy: arn, result });
  return { complete: true, data: {} };
}
async function sweepSwitch(ctx, owner, arn, request) {
  const cache = /* @__PURE__ */ new Map();
  const versions = await readVersions(ctx, arn, owner, cache);
  if (versions === void 0) {
    ctx.log({ event: "sweep", policy: arn, detail: "the policy does not exist yet; nothing to sweep" });
    return { policy: arn };
  }
  const tampering = describeTampering(versions);
  if (tampering) {
    ctx.log({ event: "tampered", policy: arn, detail: tampering });
  }
  const current = await settle(ctx, arn, owner, cache, [...mergeVersions(versions).values()], false);
  const report = await armAndRevoke(ctx, { owner, arn, request, inForce: statementsOf(current), lower: false, preexisting: true });
  if (report === "incomplete") {
    ctx.log({ event: "sweep-incomplete", policy: arn, detail: "out of time; the next sweep goes on" });
    return { policy: arn, tampering, defaultVersion: current.id };
  }
  report.rearmed.forEach((name) => ctx.log({ event: "rearmed", role: name, detail: "it existed before the switch but did not carry it: detached, or not armable before" }));
  ctx.log({ event: "sweep", policy: arn, defaultVersion: current.id, tampering: tampering ?? "none", ...reportData(report), failures: report.failures.length });
  return { policy: arn, tampering, defaultVersion: current.id, ...report };
}
async function armCreatedRole(ctx, arn, request, roleName) {
  let role;
  try {
    role = await ctx.iam.getRole(roleName);
  } catch (err) {
    ctx.log({ event: "create-role", role: roleName, result: "unreadable", detail: reasonOf(err) });
    return "unreadable";
  }
  if (!role) {
    ctx.log({ event: "create-role", role: roleName, result: "gone" });
    return "gone";
  }
  const protectedNames = roleNameSet(ctx.protectedArns.map((a) => a.replace(/^.*:role\/(?:.*\/)?/, "")));
  const plan = planArming(role, request, arn, protectedNames);
  if (plan.kind !== "arm") {
    ctx.log({ event: "create-role", role: roleName, result: plan.kind, ...plan.kind === "not-armed" ? { reason: plan.reason } : {} });
    return plan.kind;
  }
  try {
    await ctx.iam.attach(role.name, arn);
  } catch (err) {
    ctx.log({ event: "create-role", role: roleName, result: "not-armed", detail: reasonOf(err) });
    return "not-armed";
  }
  ctx.log({ event: "create-role", role: roleName, result: "armed" });
  return "armed";
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

// src/core/ratchet.ts
var import_crypto5 = require("crypto");
function ownerTag(stackId, logicalResourceId) {
  return (0, import_crypto5.createHash)("sha256").update(`${stackId}
${logicalResourceId}`).digest("hex").slice(0, 10);
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

// src/revocation-switch/revocation-switch.lambda.ts
var SWITCH_EVENT_KEY = "RevocationSwitch";
var DEADLINE_MARGIN_MS = 15e3;
var START_MARGIN_MS = 3e4;
function createSwitchHandler(overrides = {}) {
  let remainingMs = () => 9e5 - DEADLINE_MARGIN_MS;
  const sleep = overrides.sleep ?? DEFAULT_RETRY.sleep;
  let pacer;
  const call = (fn) => withConflictRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs(), pacer });
  const deps = {
    iam: overrides.iam ?? new import_client_iam2.IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: 1e4, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep,
    pacer: overrides.pacer ?? (() => new Pacer()),
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    phase: overrides.phase ?? phaseFromEnv(),
    grants: overrides.grants ?? grantsFromEnv(),
    stack: overrides.stack ?? defaultStackReader((fn) => withRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs() })),
    protectedRoles: overrides.protectedRoles ?? protectedRolesFromEnv()
  };
  const iam = new SdkSwitchIam(deps.iam, call);
  return async (event, context) => {
    remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    pacer = deps.pacer();
    const ctx = {
      iam,
      log,
      protectedArns: deps.protectedRoles,
      concurrency: deps.concurrency,
      outOfTime: () => remainingMs() < START_MARGIN_MS,
      pause: deps.sleep
    };
    if (SWITCH_EVENT_KEY in event) {
      return onSwitchEvent(ctx, deps, event);
    }
    return createRevocationHandler(switchWriter(ctx), { now: deps.now, phase: deps.phase, grants: deps.grants, stack: deps.stack, log })(event);
  };
}
async function onSwitchEvent(ctx, deps, event) {
  const grant = grantOfEvent(deps.grants, { ...event, RequestType: "Update" });
  const request = readSwitchRequest(event.ResourceProperties);
  if (narrowingDigest(switchSpared(request.narrowing, request.exclude)) !== grant.narrowing) {
    throw new InputError("the event spares other roles than the stack deployed for this RevocationSwitch; narrowing and exclude come only from the deployed construct, so nothing was done");
  }
  const owner = ownerTag(event.StackId, event.LogicalResourceId);
  const arn = policyArnOf(event.StackId, owner);
  if (event.RevocationSwitch === "sweep") {
    return sweepSwitch(ctx, owner, arn, request);
  }
  if (event.RevocationSwitch === "create-role" && typeof event.RoleName === "string" && /^[\w+=,.@-]{1,64}$/.test(event.RoleName)) {
    return armCreatedRole(ctx, arn, request, event.RoleName);
  }
  throw new InputError(`the ${SWITCH_EVENT_KEY} event "${String(event.RevocationSwitch).slice(0, 40)}" is not a sweep or a create-role event with a role name`);
}
var handler = createSwitchHandler();
function phaseFromEnv() {
  const phase = process.env.REVOKE_PHASE;
  return phase === "start" || phase === "continue" ? phase : "sync";
}
function concurrencyFromEnv() {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}
function protectedRolesFromEnv() {
  return (process.env.REVOKE_PROTECTED_ROLES ?? "").split(",").map((s) => s.trim()).filter((s) => s.startsWith("arn:"));
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  SWITCH_EVENT_KEY,
  createSwitchHandler,
  handler
});
