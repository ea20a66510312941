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
var import_client_organizations2 = require("@aws-sdk/client-organizations");

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
var ALWAYS_EXEMPT_NAMES = ALWAYS_EXEMPT_ROLE_GLOBS;
function roleNamePatterns(name) {
  return [`arn:*:iam::*:role/${name}`, `arn:*:iam::*:role/*/${name}`];
}
function permissionSetPattern(name) {
  return `arn:*:iam::*:role/${SSO_ROLE_PATH}*${IDENTITY_CENTER_NAME_PREFIX}${name}_*`;
}
function exemptPatterns(breakGlass, exemptArns) {
  const builtIn = ALWAYS_EXEMPT_NAMES.map((glob) => `arn:*:iam::*:role/${glob}`);
  return [.../* @__PURE__ */ new Set([...builtIn, ...breakGlass.flatMap(roleNamePatterns), ...exemptArns])];
}
var SID = /^RevokeSessions\d{1,3}(?:Dt([0-9a-f]{8}))?$/;
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
          condition.StringEquals = { [IDENTITY_STORE_USER_ID]: s.userId.toLowerCase() };
          break;
        case "all-roles":
          condition.ArnLike = { [PRINCIPAL_ARN]: "arn:*:iam::*:role/*" };
          break;
      }
      const excluded = s.kind === "all-roles" ? s.exclude.flatMap(roleNamePatterns) : [];
      condition.ArnNotLike = { [PRINCIPAL_ARN]: [...spec.exempt, ...excluded] };
      const sid = `RevokeSessions${i + 1}${spec.mark ? `Dt${spec.mark}` : ""}`;
      return { Sid: sid, Effect: "Deny", Action: "*", Resource: "*", Condition: condition };
    })
  });
}
var CONDITIONS = /* @__PURE__ */ new Set(["DateLessThan", "ArnLike", "StringEquals", "ArnNotLike"]);
var STATEMENT_KEYS = /* @__PURE__ */ new Set(["Sid", "Effect", "Action", "Resource", "Condition"]);
function readScp(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: "it is not valid JSON" };
  }
  const raw = Array.isArray(doc?.Statement) ? doc.Statement : void 0;
  if (doc?.Version !== "2012-10-17" || !raw || raw.length === 0 || raw.some((s) => s?.Effect !== "Deny" || s?.Action !== "*" || s?.Resource !== "*" || Object.keys(s).some((k) => !STATEMENT_KEYS.has(k)))) {
    return { ok: false, reason: "it is not a list of Deny * statements" };
  }
  const statements = [];
  for (const [i, s] of raw.entries()) {
    const read = readStatement(s);
    if (typeof read === "string") {
      return { ok: false, reason: `statement ${i + 1} ${read}` };
    }
    statements.push(read);
  }
  return { ok: true, statements };
}
function readStatement(s) {
  const sid = typeof s.Sid === "string" ? SID.exec(s.Sid) : null;
  const c = s.Condition;
  if (!sid || typeof c !== "object" || c === null || Object.keys(c).some((k) => !CONDITIONS.has(k))) {
    return "is not one this library writes";
  }
  const selectors = ["ArnLike", "StringEquals"].filter((k) => c[k] !== void 0);
  const key = selectors.length === 1 ? c[selectors[0]] : void 0;
  const keyName = selectors[0] === "ArnLike" ? PRINCIPAL_ARN : IDENTITY_STORE_USER_ID;
  if (!isStringMap(key) || Object.keys(key).length !== 1 || key[keyName] === void 0) {
    return "has no selector this library writes";
  }
  if (c.ArnNotLike !== void 0 && (!isStringMap(c.ArnNotLike) || Object.keys(c.ArnNotLike).some((k) => k !== PRINCIPAL_ARN))) {
    return "has exemptions this library does not write";
  }
  let cutoffMs = Infinity;
  if (c.DateLessThan !== void 0) {
    const value = isStringMap(c.DateLessThan) && Object.keys(c.DateLessThan).length === 1 ? c.DateLessThan[TOKEN_ISSUE_TIME] : void 0;
    const parsed = typeof value === "string" ? parseInstant(value, TOKEN_ISSUE_TIME) : void 0;
    if (!parsed?.ok) {
      return `has a cutoff this library cannot read (${JSON.stringify(c.DateLessThan).slice(0, 60)})`;
    }
    cutoffMs = parsed.epochMs;
  }
  return {
    selector: JSON.stringify([selectors[0], keyName, asList(key[keyName]).sort()]),
    exempt: new Set(asList(c.ArnNotLike?.[PRINCIPAL_ARN])),
    cutoffMs,
    ...sid[1] ? { mark: sid[1] } : {}
  };
}
function raiseScpCutoff(text, cutoffMs) {
  const doc = JSON.parse(text);
  return JSON.stringify({
    Version: doc.Version,
    Statement: doc.Statement.map((st) => {
      const current = st.Condition?.DateLessThan?.[TOKEN_ISSUE_TIME];
      if (current === void 0) {
        return st;
      }
      const parsed = parseInstant(current, TOKEN_ISSUE_TIME);
      const later = parsed.ok ? Math.max(parsed.epochMs, cutoffMs) : cutoffMs;
      return { ...st, Condition: { ...st.Condition, DateLessThan: { [TOKEN_ISSUE_TIME]: formatInstant(later) } } };
    })
  });
}
function statementCovers(statement, other, trusted, ignoreCutoff = false) {
  return statement.selector === other.selector && (ignoreCutoff || statement.cutoffMs >= other.cutoffMs) && [...statement.exempt].every((e) => other.exempt.has(e) || trusted.has(e));
}
function scpDominates(statements, other, trusted, ignoreCutoff = false) {
  return other.every((o) => statements.some((s) => statementCovers(s, o, trusted, ignoreCutoff)));
}
function isStringMap(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string" || Array.isArray(x) && x.every((y) => typeof y === "string"));
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
  const variable = policyVariableProblem("role name", name);
  if (variable) {
    return variable;
  }
  if (!ROLE_NAME_PATTERN.test(name)) {
    return `role name "${name}" is not a valid IAM role name (1 to 64 characters of letters, digits and +=,.@_-, no wildcards); to select every role, use OrganizationSelection.allRoles()`;
  }
  if (name.startsWith(IDENTITY_CENTER_NAME_PREFIX)) {
    return `role name "${name}" is an IAM Identity Center role; select its permission set with OrganizationSelection.permissionSets() instead`;
  }
  const globs = [...ALWAYS_EXEMPT_NAMES, ...breakGlass];
  const exempt = globs.find((pattern) => globMatch(pattern, name));
  if (exempt !== void 0) {
    return `role name "${name}" is exempt from every revocation (it matches "${exempt}": a deployment, StackSets, organization access or break-glass role); denying it could lock the organization out, so remove it from the selection`;
  }
  const folded = globs.find((pattern) => globMatch(pattern.toLowerCase(), name.toLowerCase()));
  if (folded !== void 0) {
    return `role name "${name}" differs only in case from the exempt "${folded}"; role names in an SCP match with their exact case, so this would deny only a role spelled exactly so, never ${folded}: give the name with the case IAM shows, or remove it`;
  }
  return void 0;
}
function selectedPermissionSetProblem(name, breakGlass) {
  const roleName = [...`${IDENTITY_CENTER_NAME_PREFIX}${name}_`, ...Array(16).fill(HEX)];
  const exempt = breakGlass.find((pattern) => globMatchesSome(pattern, roleName));
  return permissionSetNameProblem(name) ?? (exempt === void 0 ? void 0 : `permission set "${name}" is exempt as a break-glass role (its roles match "${exempt}"), so the selection would spare them; remove it from the selection or from breakGlassRoles (give break-glass access its own permission set)`);
}
var HEX = "\0hex";
function globMatchesSome(pattern, places) {
  const memo = /* @__PURE__ */ new Map();
  const fits = (c, place) => place === HEX ? /^[0-9a-f]$/i.test(c) : c.toLowerCase() === place.toLowerCase();
  const match = (i, j) => {
    const key = i * (places.length + 1) + j;
    if (!memo.has(key)) {
      let result;
      if (i === pattern.length) {
        result = j === places.length;
      } else if (pattern[i] === "*") {
        result = match(i + 1, j) || j < places.length && match(i, j + 1);
      } else {
        result = j < places.length && (pattern[i] === "?" || fits(pattern[i], places[j])) && match(i + 1, j + 1);
      }
      memo.set(key, result);
    }
    return memo.get(key);
  };
  return match(0, 0);
}
function roleGlobProblem(label, name) {
  const variable = policyVariableProblem(label, name);
  if (variable) {
    return variable;
  }
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
  return globMatches(pattern, name);
}
function exemptRoleArnProblem(arn) {
  return policyVariableProblem("exempt role", arn) ?? (parseRoleArn(arn) && !/[*?]/.test(arn) ? void 0 : `exempt role "${arn.slice(0, 300)}" is not an IAM role ARN without wildcards`);
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

// src/revoke-organization-sessions/properties.ts
var STACK_ROLES_ENV = "REVOKE_STACK_ROLES";
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
var TARGET_KEYS = [OrgProp.selections, OrgProp.targets, OrgProp.breakGlassRoles, OrgProp.exemptRoleArns, OrgProp.policyPrefix];
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
  readDestroy(p);
  return {
    selections,
    targets: [...new Set(stringList(p, OrgProp.targets, MAX_TARGETS, targetProblem, true))],
    breakGlass,
    exemptArns: stringList(p, OrgProp.exemptRoleArns, MAX_EXEMPT_ROLE_ARNS, exemptRoleArnProblem),
    cutoff,
    policyPrefix,
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
function sparedOf(r) {
  return {
    [OrgProp.breakGlassRoles]: [...r.breakGlass],
    [OrgProp.exemptRoleArns]: [...r.exemptArns],
    Exclude: r.selections.flatMap((s) => s.kind === "all-roles" ? [JSON.stringify([...new Set(s.exclude)].sort())] : []),
    [OrgProp.policyPrefix]: r.policyPrefix
  };
}

// src/revoke-organization-sessions/scp-writer.ts
var import_client_organizations = require("@aws-sdk/client-organizations");

// src/revoke-organization-sessions/scp-plan.ts
var import_crypto2 = require("crypto");

// src/core/engine/cutoff.ts
var import_crypto = require("crypto");
function deployTimeMark(cutoff) {
  if (cutoff.mode !== "deploy-time") {
    return void 0;
  }
  return (0, import_crypto.createHash)("sha256").update(`${cutoff.generation}
${cutoff.bufferMs}`).digest("hex").slice(0, 8);
}
function resolveRequestedCutoff(cutoff, nowMs, grant, markedInForce2) {
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
      if (markedInForce2 !== void 0) {
        return markedInForce2;
      }
      const bound = grant.future?.kind === "buffer" ? Math.max(grant.future.ms, MAX_FUTURE_MS) : MAX_FUTURE_MS;
      if (cutoff.bufferMs > bound) {
        throw new InputError(`deploy-time buffer of ${cutoff.bufferMs / 1e3} seconds is longer than the ${bound / 1e3} seconds this construct was deployed with, so it would also deny sessions issued until then; use a shorter buffer, or deploy the construct with allowFutureCutoff and this buffer`);
      }
      return nowMs + cutoff.bufferMs;
    }
  }
}

// src/revoke-organization-sessions/scp-plan.ts
var MAX_OWNED_SCPS = 3;
var DIGEST_CHARS = 10;
function scpName(prefix, owner, generation, content) {
  const suffix = `${owner}-g${generation}-${(0, import_crypto2.createHash)("sha256").update(content).digest("hex").slice(0, DIGEST_CHARS)}`;
  return `${prefix.slice(0, 128 - suffix.length - 1)}-${suffix}`;
}
function readScpName(name, owner) {
  const m = new RegExp(`^(.+)-${owner}-g([0-9a-f]{8})-[0-9a-f]{${DIGEST_CHARS}}$`).exec(name);
  if (m) {
    return { prefix: m[1], generation: m[2] };
  }
  return name.endsWith(`-${owner}`) && name.length > owner.length + 1 ? { prefix: name.slice(0, -owner.length - 1) } : void 0;
}
var ROLE_TAIL = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
var STACK_ARN = /^arn:(aws[a-z-]*):cloudformation:[a-z0-9-]+:(\d{12}):stack\//;
function stackRoleArns(stackArn, tails) {
  const m = STACK_ARN.exec(stackArn);
  return m ? tails.filter((t) => ROLE_TAIL.test(t)).map((t) => `arn:${m[1]}:iam::${m[2]}:role/${t}`) : [];
}
function trustedExemptions(stackRoles) {
  return new Set(exemptPatterns([], stackRoles));
}
function canonical(selections) {
  const sorted = (l) => [...new Set(l)].sort();
  const each = selections.map((s) => {
    switch (s.kind) {
      case "all-roles":
        return { kind: s.kind, exclude: sorted(s.exclude) };
      case "identity-center-user":
        return s;
      default:
        return { kind: s.kind, names: sorted(s.names) };
    }
  });
  const byKey = new Map(each.map((s) => [JSON.stringify(s), s]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k));
}
function statementsOf(owned) {
  return owned.flatMap((p) => p.read.ok ? p.read.statements : []);
}
function markedInForce(cutoff, owned) {
  const mark = deployTimeMark(cutoff);
  const marked = statementsOf(owned).filter((s) => mark !== void 0 && s.mark === mark).map((s) => s.cutoffMs);
  return marked.length > 0 ? Math.max(...marked) : void 0;
}
function planScp(input) {
  const { request, owned, lower } = input;
  const probe = scpContent(request, input.stackRoles, 0, false);
  const selectors = new Set(readOwn(probe).map((s) => s.selector));
  const matching = statementsOf(owned).filter((s) => selectors.has(s.selector));
  const inForce = matching.length > 0 ? Math.max(...matching.map((s) => s.cutoffMs)) : void 0;
  if (inForce === Infinity && input.requestedMs !== Infinity && !lower) {
    const holder = owned.find((p) => p.read.ok && p.read.statements.some((s) => s.cutoffMs === Infinity && selectors.has(s.selector)));
    throw new InputError(`SCP ${holder.name} (${holder.id}) denies every session of its users (no cutoff); a cutoff would let sessions issued after it through again; keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose`);
  }
  const cutoffMs = lower || inForce === void 0 ? input.requestedMs : Math.max(inForce, input.requestedMs);
  const content = scpContent(request, input.stackRoles, cutoffMs);
  const read = readOwn(content);
  return { name: scpName(request.policyPrefix, input.owner, input.generation, content), content, statements: read, cutoffMs };
}
function scpContent(request, stackRoles, cutoffMs, marked = true) {
  return buildScp({
    selections: canonical(request.selections),
    exempt: exemptPatterns([...request.breakGlass].sort(), [.../* @__PURE__ */ new Set([...request.exemptArns, ...stackRoles])].sort()),
    cutoffMs: cutoffMs === Infinity ? void 0 : cutoffMs,
    mark: marked ? deployTimeMark(request.cutoff) : void 0
  });
}
function readOwn(content) {
  const parsed = readScp(content);
  if (!parsed.ok) {
    throw new Error(`the planned SCP does not read back: ${parsed.reason}`);
  }
  return parsed.statements;
}
function supersedes(statements, verified, candidate, candidateTargets, trusted, lower) {
  return candidate.read.ok && scpDominates(statements, candidate.read.statements, trusted, lower) && [...candidateTargets].every((t) => verified.has(t));
}
function generationRemoval(replaced, live, lower) {
  const raise = /* @__PURE__ */ new Map();
  if (lower) {
    return { raise };
  }
  for (const old of statementsOf(replaced)) {
    for (const scp of live) {
      const same = scp.read.ok ? scp.read.statements.filter((s) => s.selector === old.selector) : [];
      if (same.length > 0 && Math.min(...same.map((s) => s.cutoffMs)) < old.cutoffMs) {
        raise.set(scp, Math.max(raise.get(scp) ?? -Infinity, old.cutoffMs));
      }
    }
  }
  return { raise };
}
function listScps(scps) {
  return scps.map((p) => `${p.name} (${p.id}${p.read.ok ? `, cutoff ${describeCutoff(Math.max(...p.read.statements.map((s) => s.cutoffMs)))}` : ""})`).join(", ");
}

// src/revoke-organization-sessions/scp-writer.ts
var SCP = "SERVICE_CONTROL_POLICY";
var CONCURRENCY = 4;
function scpWriter(deps) {
  return {
    construct: "RevokeOrganizationSessions",
    targetKeys: TARGET_KEYS,
    readRequest: readOrganizationRequest,
    cutoffOf: (r) => r.cutoff,
    spared: sparedOf,
    apply: (run) => apply(new OrgOps(deps), deps, run),
    remove: (run) => remove(new OrgOps(deps), deps, run)
  };
}
async function apply(ops, deps, run) {
  const r = run.request;
  const management = await ops.managementAccount();
  if (management !== void 0 && r.targets.includes(management)) {
    throw new InputError(`target ${management} is the organization's management account, where SCPs never apply, so its sessions would stay valid; remove it from targets and revoke its sessions there with RevokeOlderSessions or RevokeIdentityCenterSessions`);
  }
  let owned = await ops.owned(run.owner);
  const stackRoles = stackRoleArns(deps.stackArn, deps.stackRoles);
  const trusted = trustedExemptions(stackRoles);
  const lower = run.grant.lower && r.allowEarlierCutoff;
  const requestedMs = run.requestedCutoff(markedInForce(r.cutoff, owned));
  const plan = planScp({ request: r, owned, stackRoles, requestedMs, lower, owner: run.owner, generation: run.generation });
  if (plan.content.length > r.maxScpCharacters) {
    throw new InputError(`SCP ${plan.name} would be ${plan.content.length} characters, over Organizations' ${r.maxScpCharacters} (scpQuotas.maxCharacters); select fewer names or break-glass roles, or split them across two constructs`);
  }
  let current = owned.find((p) => p.name === plan.name);
  let created = false;
  if (current && current.content !== plan.content) {
    throw new InputError(`SCP ${current.name} (${current.id}) was changed outside this library; it was left untouched, restore it or delete it, then deploy again`);
  }
  if (!current) {
    if (owned.length >= MAX_OWNED_SCPS) {
      owned = await prune(ops, owned, trusted);
    }
    if (owned.length >= MAX_OWNED_SCPS) {
      throw new InputError(`this revocation already owns ${owned.length} SCPs, the most it may hold at once (${MAX_OWNED_SCPS}), and none of them supersedes another: ${listScps(owned)}. They all stay in force. Check what each denies and delete those no longer wanted (forged events and selections or targets kept by RETAIN leave them), or deploy with removalPolicy DESTROY so removed selections go, then deploy again`);
    }
    current = await ops.create(plan.name, plan.content, { owner: run.owner, prefix: r.policyPrefix, generation: run.generation });
    created = true;
  }
  const before = created ? /* @__PURE__ */ new Set() : await ops.targetsOf(current.id);
  const failures = (await mapWithConcurrency(r.targets.filter((t) => !before.has(t)), CONCURRENCY, (t) => ops.attach(current.id, t))).filter((f) => f !== void 0);
  const verified = await ops.targetsOf(current.id);
  if (await ops.describe(current.id) !== plan.content) {
    throw new Error(`SCP ${current.name} (${current.id}) does not hold the text just written; nothing was detached or deleted, deploy again`);
  }
  let superseded = 0;
  const kept = [];
  for (const other of owned.filter((p) => p.id !== current.id)) {
    const targets = other.read.ok ? await ops.targetsOf(other.id) : /* @__PURE__ */ new Set();
    if (supersedes(plan.statements, verified, other, targets, trusted, lower) && await ops.removeScp(other, targets)) {
      superseded++;
    } else {
      kept.push(other);
    }
  }
  deps.log({ event: "scp-in-force", policy: current.name, policyId: current.id, cutoff: describeCutoff(plan.cutoffMs), superseded, kept: kept.length });
  if (failures.length > 0) {
    const message = `${failureMessage(`attach SCP ${current.name} (${current.id}) to`, "targets", r.targets.length, failures)}; a rollback keeps what was attached, and the earlier SCPs stay in force where this one is not`;
    const err = new Error(message);
    err.stack = `Error: ${message}`;
    throw err;
  }
  return {
    complete: true,
    data: {
      PolicyId: current.id,
      PolicyName: current.name,
      EffectiveCutoff: describeCutoff(plan.cutoffMs),
      RequestedCutoff: describeCutoff(requestedMs),
      TargetsAttached: String(r.targets.filter((t) => verified.has(t)).length),
      PoliciesSuperseded: String(superseded),
      PoliciesKept: kept.map((p) => p.name).join(","),
      Characters: String(plan.content.length)
    }
  };
}
async function prune(ops, owned, trusted) {
  const targets = /* @__PURE__ */ new Map();
  for (const p of owned) {
    targets.set(p, await ops.targetsOf(p.id));
  }
  const left = [...owned];
  for (const candidate of owned) {
    const holder = left.find((p) => p !== candidate && p.read.ok && supersedes(p.read.statements, targets.get(p), candidate, targets.get(candidate), trusted, false));
    if (holder && await ops.removeScp(candidate, targets.get(candidate))) {
      left.splice(left.indexOf(candidate), 1);
    }
  }
  return left;
}
async function remove(ops, deps, run) {
  const owned = await ops.owned(run.owner);
  const unreadable = owned.filter((p) => !p.read.ok);
  if (unreadable.length > 0) {
    deps.log({ event: "scp-left", reason: "changed outside this library", policies: unreadable.map((p) => p.name) });
  }
  let going;
  if (run.scope.kind === "all") {
    going = owned.filter((p) => p.read.ok);
  } else {
    const live = owned.filter((p) => p.read.ok && p.generation === run.scope.live);
    going = owned.filter((p) => p.read.ok && p.generation === run.generation);
    if (going.length > 0 && live.length === 0) {
      deps.log({ event: "scp-left", reason: `the live generation ${run.scope.live} has no SCP in force`, policies: going.map((p) => p.name) });
      return { complete: true, data: {} };
    }
    const { raise } = generationRemoval(going, live, run.grant.lower);
    for (const [scp, cutoffMs] of raise) {
      if (cutoffMs === Infinity && !run.grant.noCutoff) {
        deps.log({ event: "scp-left", reason: "the replaced generation denies without a cutoff", policies: going.map((p) => p.name) });
        return { complete: true, data: {} };
      }
      await raiseLive(ops, deps, run, scp, cutoffMs, owned);
    }
  }
  const failures = [];
  for (const p of going) {
    const targets = await ops.targetsOf(p.id);
    if (!await ops.removeScp(p, targets)) {
      failures.push({ name: `${p.name} (${p.id})`, reason: "it could not be detached from every target or deleted; see the function's log" });
    }
  }
  const message = failureMessage("remove", "SCPs", going.length, failures);
  if (message !== void 0) {
    throw new Error(message);
  }
  return { complete: true, data: {} };
}
async function raiseLive(ops, deps, run, live, cutoffMs, owned) {
  const content = raiseScpCutoff(live.content, cutoffMs);
  const read = readScp(content);
  const name = scpName(live.prefix, run.owner, live.generation, content);
  const targets = await ops.targetsOf(live.id);
  if (!read.ok) {
    throw new Error(`the live SCP ${live.name} could not be raised (${read.reason}); nothing was removed`);
  }
  const raised = owned.find((p) => p.name === name) ?? await ops.create(name, content, { owner: run.owner, prefix: live.prefix, generation: live.generation });
  const failures = (await mapWithConcurrency([...targets], CONCURRENCY, (t) => ops.attach(raised.id, t))).filter((f) => f !== void 0);
  const verified = await ops.targetsOf(raised.id);
  if (failures.length > 0 || await ops.describe(raised.id) !== content) {
    throw new Error(`the live SCP ${live.name} could not be raised to ${describeCutoff(cutoffMs)} on every target; nothing was removed`);
  }
  if (supersedes(read.statements, verified, live, targets, trustedExemptions([]), false)) {
    await ops.removeScp(live, targets);
  }
  deps.log({ event: "scp-raised", policy: raised.name, cutoff: describeCutoff(cutoffMs), replacing: live.name });
}
var OrgOps = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  call(fn) {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.deps.remainingMs });
  }
  async managementAccount() {
    const out = await this.call(() => this.deps.org.send(new import_client_organizations.DescribeOrganizationCommand({})));
    return out.Organization?.MasterAccountId;
  }
  /** Every SCP this resource owns, any generation and prefix, with its text as it reads now. */
  async owned(owner) {
    const found = [];
    let token;
    do {
      const page = await this.call(() => this.deps.org.send(new import_client_organizations.ListPoliciesCommand({ Filter: SCP, NextToken: token })));
      for (const p of page.Policies ?? []) {
        const named = p.Name && p.Id ? readScpName(p.Name, owner) : void 0;
        if (named) {
          found.push({ name: p.Name, id: p.Id, ...named });
        }
      }
      token = page.NextToken;
    } while (token);
    const owned = [];
    for (const p of found) {
      const content = await this.describe(p.id);
      if (content !== void 0) {
        owned.push({ ...p, content, read: readScp(content) });
      }
    }
    return owned;
  }
  /** The SCP's text; `undefined` once it is gone. */
  async describe(id) {
    try {
      return (await this.call(() => this.deps.org.send(new import_client_organizations.DescribePolicyCommand({ PolicyId: id })))).Policy?.Content ?? "";
    } catch (err) {
      if (errorName(err) === "PolicyNotFound") {
        return void 0;
      }
      throw err;
    }
  }
  /** Creates an SCP that is never updated; if a concurrent run created the same name, that one. */
  async create(name, content, of) {
    const { generation } = of;
    try {
      const out = await this.call(() => this.deps.org.send(new import_client_organizations.CreatePolicyCommand({
        Name: name,
        Type: SCP,
        Content: content,
        Description: `cdk-revoke-sessions: denies sessions issued before a cutoff; written once, generation ${generation}, never edit it`
      })));
      this.deps.log({ event: "scp-created", policy: name, policyId: out.Policy.PolicySummary.Id, characters: content.length });
      return { name, prefix: of.prefix, id: out.Policy.PolicySummary.Id, content, read: readScp(content), generation };
    } catch (err) {
      if (errorName(err) !== "DuplicatePolicy") {
        throw err;
      }
      const same = (await this.owned(of.owner)).find((p) => p.name === name);
      if (!same || same.content !== content) {
        throw new Error(`SCP ${name} exists with another text; it was left untouched, delete it and deploy again`);
      }
      return same;
    }
  }
  async targetsOf(policyId) {
    const targets = /* @__PURE__ */ new Set();
    let token;
    try {
      do {
        const page = await this.call(() => this.deps.org.send(new import_client_organizations.ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })));
        (page.Targets ?? []).forEach((t) => t.TargetId && targets.add(t.TargetId));
        token = page.NextToken;
      } while (token);
    } catch (err) {
      if (errorName(err) !== "PolicyNotFound") {
        throw err;
      }
    }
    return targets;
  }
  /** Attaches the SCP; a failure is returned with the target, so other targets go on. */
  async attach(policyId, target) {
    try {
      await this.call(() => this.deps.org.send(new import_client_organizations.AttachPolicyCommand({ PolicyId: policyId, TargetId: target })));
      this.deps.log({ event: "scp-attached", policyId, target });
      return void 0;
    } catch (err) {
      const name = errorName(err);
      if (name === "DuplicatePolicyAttachment") {
        return void 0;
      }
      const hint = name === "ConstraintViolation" ? ` (no free SCP slot: a target takes ${MAX_SCPS_PER_TARGET} by default, and a new cutoff needs one more until it supersedes the earlier SCP, which stays in force there; detach an SCP the target no longer needs, or attach the revocation to an OU above it)` : "";
      this.deps.log({ event: "scp-not-attached", policyId, target, reason: reasonOf(err) });
      return { name: target, reason: `${reasonOf(err)}${hint}` };
    }
  }
  /** Detaches an owned SCP from `targets` and deletes it; `false` (logged) when it stays anywhere. */
  async removeScp(scp, targets) {
    try {
      for (const t of targets) {
        await this.call(() => this.deps.org.send(new import_client_organizations.DetachPolicyCommand({ PolicyId: scp.id, TargetId: t }))).catch((err) => {
          if (errorName(err) !== "PolicyNotAttached") {
            throw err;
          }
        });
      }
      await this.call(() => this.deps.org.send(new import_client_organizations.DeletePolicyCommand({ PolicyId: scp.id }))).catch((err) => {
        if (errorName(err) !== "PolicyNotFound") {
          throw err;
        }
      });
      this.deps.log({ event: "scp-deleted", policy: scp.name, policyId: scp.id, detached: targets.size });
      return true;
    } catch (err) {
      this.deps.log({ event: "scp-kept", policy: scp.name, policyId: scp.id, reason: reasonOf(err) });
      return false;
    }
  }
};

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
  const canonical2 = Object.keys(parts).sort().flatMap((k) => {
    const v = parts[k];
    const list = v === void 0 ? [] : typeof v === "string" ? [v] : [...new Set(v)].sort();
    return list.length === 0 ? [] : [[k, list]];
  });
  return digest(JSON.stringify(canonical2), 12);
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
  const canonical2 = [...targetKeys].sort().map((k) => [k, canonicalValue(props[k])]);
  return (0, import_crypto4.createHash)("sha256").update(JSON.stringify(canonical2)).digest("hex").slice(0, 8);
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

// src/revoke-organization-sessions/revoke-organization-sessions.lambda.ts
var DEADLINE_MARGIN_MS = 15e3;
var REQUEST_TIMEOUT_MS = 1e4;
var PHASES = ["sync", "start", "continue"];
function createOrganizationHandler(o = {}, env = process.env) {
  let remainingMs = () => 9e5 - DEADLINE_MARGIN_MS;
  const sleep = o.sleep ?? DEFAULT_RETRY.sleep;
  const call = (fn) => withConflictRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs() });
  const grants = o.grants ?? grantsFromEnv(env);
  const writer = scpWriter({
    // One attempt per SDK call: the retry layer is the only one.
    org: o.org ?? new import_client_organizations2.OrganizationsClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    sleep,
    remainingMs: () => remainingMs(),
    stackRoles: o.stackRoles ?? (env[STACK_ROLES_ENV] ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    stackArn: o.stackArn ?? (typeof grants === "function" ? "" : grants.stackId),
    log: o.log ?? log
  });
  const phase = o.phase ?? (PHASES.find((p) => p === env.REVOKE_PHASE) ?? "sync");
  const engine = createRevocationHandler(writer, {
    now: o.now ?? Date.now,
    phase,
    grants,
    stack: o.stack ?? defaultStackReader(call),
    log: o.log ?? log
  });
  return (event, context) => {
    remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 9e5) - DEADLINE_MARGIN_MS;
    return engine(event);
  };
}
var handler = createOrganizationHandler();
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  createOrganizationHandler,
  handler
});
