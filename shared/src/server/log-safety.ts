// What every log line goes through, so that none carries a credential or raw request
// bytes, and none grows past a few KiB, whatever was logged: an error from Node's HTTP
// parser (its `rawPacket` is the request as received, Authorization header included), a
// handler's error with the call context or a request attached, a message quoting a
// header. The logger (logger.ts) applies these to every line: `safeError` to `err`,
// `safeMessage` to the message, `safeLogFields` to the other fields.
//
// Credentials are recognised by where they stand (a field named like one, a header line,
// an auth scheme followed by a token, a URL's user:password, a `password=` setting), not
// by value: the logger does not know the secrets, and a caller's wrong credential must not
// reach the log either.

/** The longest message kept, in characters (UTF-16 code units); longer ones are cut. */
export const maxMessageChars = 500;
/** The longest stack trace kept, in characters. */
const maxStackChars = 1500;
/** The longest other string kept, in characters (a property of an error, a field). */
const maxStringChars = 200;
/**
 * Bytes of JSON the strings of one logged value (an error with its causes and
 * properties, or a field) may take in all, whatever their characters: past it the rest is
 * dropped and `truncated: true` says so. With the structure around them, a logged error
 * stays under 4 KiB.
 */
const budgetBytes = 2500;
/** Nesting kept below a logged value (causes, properties, their objects). */
const maxDepth = 3;
/** Properties kept per object, items per array. */
const maxEntries = 10;

const redacted = "[redacted]";

// A field whose name says it holds a secret is never written, at any depth.
const secretName = /authori[sz]ation|cookie|passw(?:or)?d|secret|token|api[-_]?key|credential|private[-_]?key/i;
// In free text: a header line (`Authorization: …`, `"cookie":"…"`) up to the end of the line…
const headerLine = /\b((?:proxy-)?authori[sz]ation|(?:set-)?cookie|x-api-key)(["']?\s*[:=]\s*["']?)[^\r\n]*/gi;
// …an auth scheme and its token (`Basic dXNlcjpwYXNz`, `Bearer eyJ…`)…
const schemeToken = /\b(basic|bearer|digest|negotiate)\s+[\w.~+/-]+=*/gi;
// …a URL's password (`postgres://admin:pw@db`), up to the line's last `@`: a password
// holding an unencoded `@`, `/`, `#` or space makes the URL invalid, and an invalid URL
// is what errors quote (Node's ERR_INVALID_URL keeps it whole as `input`)…
const urlPassword = /\b([a-z][a-z\d+.-]*:\/\/[^\s:@/]*):[^\r\n]*@/gi;
// …and a password setting (`password=pw`, `"password": "pw"`, PostgreSQL's key/value
// connection strings, `PGPASSWORD=pw`), quoted or up to a space or separator.
const passwordSetting =
  /\b(\w*passw(?:or)?d)(["']?\s*[:=]\s*)("(?:\\.|[^"\\\r\n])*"?|'(?:\\.|[^'\\\r\n])*'?|[^\s,;&]*)/gi;
const anyCredential =
  /authori[sz]ation|cookie|x-api-key|(?:basic|bearer|digest|negotiate)\s|:\/\/[^\r\n@]*@|passw(?:or)?d["']?\s*[:=]/i;
// Control characters but tab and line breaks: each would take 6 bytes of JSON (\u0001),
// and a terminal showing the log would obey some of them.
const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Half of a surrogate pair without the other half: not encodable in UTF-8.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// What makes a string need more than a length check.
const needsWork =
  /authori[sz]ation|cookie|x-api-key|(?:basic|bearer|digest|negotiate)\s|:\/\/[^\r\n@]*@|passw(?:or)?d["']?\s*[:=]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/i;

/** `text` without the credentials it quotes (see above). */
export function scrubCredentials(text: string): string {
  if (!anyCredential.test(text)) return text;
  return text
    .replace(headerLine, `$1$2${redacted}`)
    .replace(schemeToken, `$1 ${redacted}`)
    .replace(urlPassword, `$1:${redacted}@`)
    .replace(passwordSetting, `$1$2${redacted}`);
}

/** `text` scrubbed, valid UTF-16 (lone surrogates replaced), control characters replaced. */
function clean(text: string): string {
  return needsWork.test(text)
    ? scrubCredentials(text).replace(loneSurrogate, "\ufffd").replace(control, "\ufffd")
    : text;
}

/**
 * How many leading characters of a clean `text` fit in `maxChars` characters and
 * `maxBytes` bytes once written as JSON (UTF-8, `"` and `\` and line breaks escaped),
 * never ending inside a surrogate pair; and those bytes.
 */
function fit(text: string, maxChars: number, maxBytes: number): { end: number; bytes: number } {
  const last = Math.min(text.length, maxChars);
  let bytes = 0;
  let end = 0;
  for (; end < last; end++) {
    const c = text.charCodeAt(end);
    const size = c < 0x20 || c === 0x22 || c === 0x5c ? 2 : c < 0x80 ? 1 : c < 0x800 || (c & 0xf800) === 0xd800 ? 2 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
  }
  if (end > 0 && end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) {
    end--;
    bytes -= 2;
  }
  return { end, bytes };
}

/**
 * `text` made safe and cut to `maxChars` characters and `maxBytes` bytes of JSON, saying
 * how much was left out; with the bytes it takes. Cut before the work too, with room to
 * spare so that a credential across the cut is still seen whole: a huge string costs
 * no more than a short one.
 */
function bounded(text: string, maxChars: number, maxBytes: number): { text: string; bytes: number } {
  const head = text.length > maxChars + 512 ? text.slice(0, maxChars + 512) : text;
  const safe = clean(head);
  const { end, bytes } = fit(safe, maxChars, maxBytes);
  if (end === safe.length && head === text) return { text: safe, bytes };
  const suffix = `… [${Math.max(text.length - end, 1)} more characters]`;
  return { text: safe.slice(0, end) + suffix, bytes: bytes + suffix.length + 2 };
}

/** A log message: credentials removed, at most `maxMessageChars`. Runs on every line, so a short clean message costs one test. */
export function safeMessage(message: unknown): unknown {
  if (typeof message !== "string" || (message.length <= maxMessageChars && !needsWork.test(message))) return message;
  return bounded(message, maxMessageChars, 3 * maxMessageChars).text;
}

/** How many bytes a value being made safe may still take. */
interface Budget {
  bytes: number;
  truncated: boolean;
}

function newBudget(): Budget {
  return { bytes: budgetBytes, truncated: false };
}

function take(budget: Budget, text: string, maxChars: number): string {
  const kept = bounded(text, maxChars, Math.max(budget.bytes, 0));
  budget.bytes -= kept.bytes;
  // A string cut at its own length limit says so itself; one cut for want of budget, here.
  if (budget.bytes <= 0 && kept.text !== text) budget.truncated = true;
  return kept.text;
}

function isBinary(value: object): value is ArrayBufferView | ArrayBuffer {
  if (ArrayBuffer.isView(value)) return true;
  const tag = Object.prototype.toString.call(value);
  return tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]";
}

/** An object literal (its prototype is a realm's Object.prototype, or none), not a class instance. */
function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function constructorName(value: object): string {
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? name.slice(0, 60) : "Object";
  } catch {
    return "Object";
  }
}

/** Reads a property whose getter may throw. */
function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return "[unreadable]";
  }
}

/**
 * Any value as something safe to log: strings cut and scrubbed, bytes reduced to their
 * count, secrets' fields redacted, plain objects and arrays kept to `maxDepth` levels
 * and `maxEntries` entries, errors as `safeError` gives them, and every other object
 * (a request, a socket, a context) reduced to its class name, never walked.
 */
function safeValue(value: unknown, depth: number, budget: Budget): unknown {
  switch (typeof value) {
    case "string":
      return take(budget, value, maxStringChars);
    case "number":
    case "boolean":
    case "undefined":
      return value;
    case "bigint":
      return take(budget, value.toString(), 40);
    case "symbol":
    case "function":
      return `[${typeof value}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (isError(object))
    return depth < maxDepth ? errorFields(object, depth + 1, budget) : `[${constructorName(object)}]`;
  if (isBinary(object)) return `[${constructorName(object)}: ${object.byteLength} bytes]`;
  if (depth >= maxDepth || budget.bytes <= 0) {
    budget.truncated = true;
    return `[${constructorName(object)}]`;
  }
  if (Array.isArray(object)) {
    const items = object.slice(0, maxEntries).map((item) => safeValue(item, depth + 1, budget));
    if (object.length > maxEntries) items.push(`[${object.length - maxEntries} more items]`);
    return items;
  }
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
  if (!isPlain(object)) return `[${constructorName(object)}]`;
  return safeEntries(object, Object.keys(object), depth, budget, {});
}

/** Copies `keys` of `source` into `target`, each made safe, at most `maxEntries`. */
function safeEntries(source: object, keys: string[], depth: number, budget: Budget, target: Record<string, unknown>) {
  let kept = 0;
  for (const key of keys) {
    if (kept === maxEntries || budget.bytes <= 0) {
      budget.truncated = true;
      break;
    }
    const name = take(budget, key, 60);
    target[name] = secretName.test(key) ? redacted : safeValue(read(source, key), depth + 1, budget);
    kept++;
  }
  return target;
}

function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

// Written from the error's own fields, not copied from its own properties wholesale.
const errorOwnFields = new Set(["name", "message", "stack", "cause", "errors"]);

function errorFields(error: Error, depth: number, budget: Budget): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const type = constructorName(error);
  fields["type"] = take(budget, type, 60);
  const name = read(error, "name");
  if (typeof name === "string" && name !== type && name !== "Error") fields["name"] = take(budget, name, 60);
  const message = read(error, "message");
  fields["message"] = take(budget, typeof message === "string" ? message : String(message), maxMessageChars);
  const stack = read(error, "stack");
  if (typeof stack === "string") fields["stack"] = take(budget, stack, maxStackChars);
  let extra: string[] = [];
  try {
    extra = Object.keys(error).filter((key) => !errorOwnFields.has(key));
  } catch {
    // A proxy that refuses to list its keys: its message and stack are enough.
  }
  safeEntries(error, extra, depth, budget, fields);
  const cause = read(error, "cause");
  if (cause !== undefined) fields["cause"] = safeValue(cause, depth, budget);
  const errors = read(error, "errors");
  if (Array.isArray(errors)) fields["errors"] = safeValue(errors, depth, budget);
  return fields;
}

/**
 * Whatever was logged as `err` (pino's `serializers.err`), as a bounded object with no
 * credential and no raw bytes: type, message, stack, its own other properties, its cause
 * and, for an AggregateError, its errors.
 */
export function safeError(error: unknown): unknown {
  const budget = newBudget();
  if (typeof error !== "object" || error === null || !isError(error)) {
    const value = safeValue(error, 0, budget);
    return budget.truncated ? { value, truncated: true } : { value };
  }
  const fields = errorFields(error, 0, budget);
  if (budget.truncated) fields["truncated"] = true;
  return fields;
}

/**
 * The fields of a line (pino's `formatters.log`): the object itself when every field is
 * a short string, a number, a boolean or missing, as on every call's line (one pass
 * over a few keys, no copy); otherwise a copy with each other value made safe. `err` is
 * left to `safeError`.
 */
export function safeLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  let simple = true;
  for (const key in fields) {
    const value = fields[key];
    if (
      typeof value === "object"
        ? value !== null && key !== "err"
        : typeof value === "string" && value.length > maxStringChars
    ) {
      simple = false;
      break;
    }
  }
  if (simple) return fields;
  const safe: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    safe[key] = key === "err" ? value : safeValue(value, 0, newBudget());
  }
  return safe;
}
