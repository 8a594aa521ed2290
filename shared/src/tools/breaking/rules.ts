// Every rule of `thrift-http breaking`, with the one line that says why: the catalog
// docs/tools.md tabulates (a test checks each name is documented there). A rule is
// a break or a safe change, never both: a change that may be either (a requiredness
// change, a policy change) has one rule per outcome.
//
// The compatibility model: during a rolling deploy every mix of OLD and NEW peers
// talks: old clients call new servers and new clients call old servers, old writers'
// structs reach new readers and the reverse. A change is a break when any of those
// mixes fails or silently changes meaning.

export type Severity = "break" | "safe";

interface RuleInfo {
  readonly severity: Severity;
  readonly kind: "wire" | "policy" | "file";
  readonly why: string;
}

export const rules = {
  // Wire breaks.
  "service-removed": { severity: "break", kind: "wire", why: "its callers get 404 (or UNKNOWN_METHOD)" },
  "service-parent-removed": { severity: "break", kind: "wire", why: "the methods it inherited are no longer served" },
  "method-removed": { severity: "break", kind: "wire", why: "old callers get UNKNOWN_METHOD; a rename is a removal" },
  "method-oneway-changed": {
    severity: "break",
    kind: "wire",
    why: "one side waits for a reply the other never sends, or drops one it does",
  },
  "method-return-changed": {
    severity: "break",
    kind: "wire",
    why: "the reply's success field cannot be read by the other side",
  },
  "exception-removed": {
    severity: "break",
    kind: "wire",
    why: "new callers cannot read it from old servers: MISSING_RESULT, or success for a void method",
  },
  "exception-added-to-void": {
    severity: "break",
    kind: "wire",
    why: "old callers of a void method read an unknown exception as success",
  },
  "exception-swapped": {
    severity: "break",
    kind: "wire",
    why: "an exception id now names another exception that still exists: callers take one for the other",
  },
  "field-moved": {
    severity: "break",
    kind: "wire",
    why: "an id now names a field the other side has at another id: each reads the other's value as another field",
  },
  "field-type-changed": {
    severity: "break",
    kind: "wire",
    why: "a field id reused with another wire type: the other side skips it, or fails",
  },
  "requiredness-changed": {
    severity: "break",
    kind: "wire",
    why: "one side may leave out what the other side requires",
  },
  "required-field-added": {
    severity: "break",
    kind: "wire",
    why: "old writers do not send it, and new readers refuse the message",
  },
  "required-field-removed": {
    severity: "break",
    kind: "wire",
    why: "new writers do not send it, and old readers refuse the message",
  },
  "union-member-removed": {
    severity: "break",
    kind: "wire",
    why: "old writers' values read as no member at all: the data is lost",
  },
  "kind-changed": {
    severity: "break",
    kind: "wire",
    why: "a union holds one field, a struct several: one side refuses the other's values",
  },
  "enum-value-removed": {
    severity: "break",
    kind: "wire",
    why: "old peers still send the number, which now means nothing",
  },
  "enum-value-renumbered": {
    severity: "break",
    kind: "wire",
    why: "a name keeps meaning, its number changes: old and new peers disagree",
  },
  "type-removed": {
    severity: "break",
    kind: "wire",
    why: "a struct, union, exception or enum other files or peers use is gone",
  },
  // Policy breaks.
  "get-added": {
    severity: "break",
    kind: "policy",
    why: "new clients send GET, which servers still on OLD answer with 405",
  },
  "get-removed": {
    severity: "break",
    kind: "policy",
    why: "deployed clients send GET, which new servers answer with 405; caches keep old replies",
  },
  "idempotency-removed": {
    severity: "break",
    kind: "policy",
    why: "deployed clients retry a call that may now apply twice",
  },
  "cache-unshared": {
    severity: "break",
    kind: "policy",
    why: "shared caches keep public copies for max_age, and OLD servers keep marking replies public: one caller's data served to another",
  },
  "timeout-lowered": {
    severity: "break",
    kind: "policy",
    why: "calls that finished between the new and the old deadline now fail with 504",
  },
  "durable-removed": {
    severity: "break",
    kind: "policy",
    why: "a call answered 200 is no longer kept: its replica dying loses it, and calls kept by OLD servers wait for a consumer",
  },
  // Files (make idl-breaking).
  "file-removed": { severity: "break", kind: "file", why: "every definition in it is gone" },

  // Safe wire changes.
  "service-added": { severity: "safe", kind: "wire", why: "nobody calls it yet" },
  "service-parent-inlined": {
    severity: "safe",
    kind: "wire",
    why: "a parent is gone, but the service still serves its methods (declared, or from another parent)",
  },
  "service-parent-added": { severity: "safe", kind: "wire", why: "it adds inherited methods" },
  "method-added": {
    severity: "safe",
    kind: "wire",
    why: "nobody calls it yet (new clients calling old servers get UNKNOWN_METHOD: deploy servers first)",
  },
  "method-return-added": {
    severity: "safe",
    kind: "wire",
    why: "void becomes a value: old callers skip the success field they do not expect",
  },
  "exception-added": {
    severity: "safe",
    kind: "wire",
    why: "old callers of a method with a result see a failed call (MISSING_RESULT) instead: it failed either way",
  },
  "field-added": {
    severity: "safe",
    kind: "wire",
    why: "not required: old readers skip it, new readers accept its absence",
  },
  "field-removed": {
    severity: "safe",
    kind: "wire",
    why: "not required: readers accept its absence (never reuse its id)",
  },
  "field-renamed": {
    severity: "safe",
    kind: "wire",
    why: "the wire carries ids, not names (a reused id of the same type also looks like this)",
  },
  "field-type-compatible": {
    severity: "safe",
    kind: "wire",
    why: "the same bytes: a typedef of the same type, an enum and an i32",
  },
  "field-presence-changed": {
    severity: "safe",
    kind: "wire",
    why: "every writer still sends what every reader requires",
  },
  "default-changed": { severity: "safe", kind: "wire", why: "each reader applies its own default to an absent field" },
  "union-member-added": {
    severity: "safe",
    kind: "wire",
    why: "old readers read it as an unknown member, without failing",
  },
  "enum-value-added": { severity: "safe", kind: "wire", why: "old readers keep an unknown value as its number" },
  "enum-value-renamed": { severity: "safe", kind: "wire", why: "the wire carries the number" },
  "type-renamed": { severity: "safe", kind: "wire", why: "the wire has no struct or enum names" },
  "type-moved": { severity: "safe", kind: "wire", why: "now defined in an included file, with the same wire shape" },
  "definition-added": { severity: "safe", kind: "wire", why: "nothing uses it yet" },
  "typedef-changed": { severity: "safe", kind: "wire", why: "not on the wire itself: each field using it is checked" },
  "typedef-removed": { severity: "safe", kind: "wire", why: "not on the wire itself: each field using it is checked" },
  "constant-changed": { severity: "safe", kind: "wire", why: "not on the wire: code built from OLD keeps its copy" },
  "constant-removed": {
    severity: "safe",
    kind: "wire",
    why: "not on the wire: code using it fails to compile, which the compiler reports",
  },
  // Safe policy changes.
  "idempotency-added": {
    severity: "safe",
    kind: "policy",
    why: "none to idempotent: new clients retry, which the method now allows",
  },
  "cache-max-age-changed": {
    severity: "safe",
    kind: "policy",
    why: "each reply carries its own Cache-Control; caches follow it",
  },
  "cache-shared-added": {
    severity: "safe",
    kind: "policy",
    why: "the reply is declared the same for every caller: caches may keep one copy",
  },
  "timeout-raised": {
    severity: "safe",
    kind: "policy",
    why: "calls get more time; servers still on OLD cut off where they did",
  },
  "durable-added": {
    severity: "safe",
    kind: "policy",
    why: "calls are kept before they are answered: a little later, or 503 while the database is down, where OLD lost them in a crash",
  },
  "file-added": { severity: "safe", kind: "file", why: "nothing depends on it yet" },
} as const satisfies Record<string, RuleInfo>;

export type RuleName = keyof typeof rules;

/** Where a change is: a position in a file as messages print it (lines and columns from 1). */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Change {
  readonly rule: RuleName;
  readonly place: Place;
  /** What changed, stable across runs: `DataService.get(key)`, `Entry.version`. Acknowledgements name it. */
  readonly subject: string;
  /** The change itself: what it was, what it is. */
  readonly detail: string;
}

export function severityOf(change: Change): Severity {
  return rules[change.rule].severity;
}
