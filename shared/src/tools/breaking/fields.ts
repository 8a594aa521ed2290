// The fields of a struct, union or exception, or a method's parameters, compared id by
// id: the wire names fields by id only.
//
// Presence is what decides requiredness breaks: whether a writer always sends a field,
// and whether a reader refuses a message without it. A change breaks when some reader
// (old or new) requires what some writer (new or old) may leave out:
// - struct and exception fields, as Apache's `--audit`: `required` is always sent and
//   required; any other field may be absent. So required <-> optional/default breaks
//   both ways; optional <-> default does not.
// - parameters, as this project's servers read them (docs/codegen.md): a parameter
//   neither `optional` nor defaulted is required; a defaulted one is always sent (a
//   caller that leaves it out sends the default, as Apache's clients do) but not
//   required; an `optional` one may be absent.
// - union members: a union holds one of them, so none is required.
import { SyntaxType } from "../../codegen/idl/ast";
import { doubleValue, integerValue } from "../../codegen/literals";
import type { Field, Value } from "../../codegen/model";
import { describeType, typeNote, type Comparison } from "./comparison";
import type { Place, RuleName } from "./rules";

export type FieldRole = "field" | "parameter" | "member";

export interface FieldSet {
  /** Whose fields these are, on each side: the definition that declares them, for places. */
  readonly oldOwner: string;
  readonly newOwner: string;
  readonly old: readonly Field[];
  readonly new: readonly Field[];
  readonly role: FieldRole;
  /** How changes name a field: `Entry.version`, `DataService.get(key)`. */
  readonly subject: (name: string) => string;
  /** Said after each detail: which types these are, when the field set is not one type's on both sides. */
  readonly context?: string;
}

interface Presence {
  /** Every writer sends it. */
  readonly sent: boolean;
  /** Readers refuse a message without it. */
  readonly needed: boolean;
  readonly label: string;
}

function presence(field: Field, role: FieldRole): Presence {
  switch (role) {
    case "field": {
      const required = field.requiredness === "required";
      const label = field.requiredness === "default" ? "neither required nor optional" : field.requiredness;
      return { sent: required, needed: required, label };
    }
    case "parameter": {
      const defaulted = field.defaultValue !== undefined;
      const needed = field.requiredness === "required" || (field.requiredness === "default" && !defaulted);
      const sent = needed || (defaulted && field.requiredness !== "optional");
      return { sent, needed, label: needed ? "required" : sent ? "defaulted" : "optional" };
    }
    case "member":
      return { sent: false, needed: false, label: "a member" };
  }
}

export function compareFields(comparison: Comparison, set: FieldSet): void {
  const { role } = set;
  const olds = new Map(set.old.map((field) => [field.id, field]));
  const news = new Map(set.new.map((field) => [field.id, field]));
  const oldPlace = (field: Field): Place => comparison.old.place(set.oldOwner, field.loc);
  const newPlace = (field: Field): Place => comparison.new.place(set.newOwner, field.loc);
  const context = set.context ?? "";
  const report = (rule: RuleName, place: Place, subject: string, detail: string) =>
    comparison.report(rule, place, subject, detail + context);
  const writers = role === "parameter" ? "callers" : "writers";
  const readers = role === "parameter" ? "servers" : "readers";

  for (const old of set.old) {
    const field = news.get(old.id);
    const what = `${role} ${old.id}`;
    if (field === undefined) {
      if (role === "member") {
        report(
          "union-member-removed",
          oldPlace(old),
          set.subject(old.name),
          `${what} (${describeType(old.type)}) is removed`,
        );
      } else if (presence(old, role).needed) {
        const detail = `${what} (${presence(old, role).label}) is removed: old ${readers} require it`;
        report("required-field-removed", oldPlace(old), set.subject(old.name), detail);
      } else {
        report("field-removed", oldPlace(old), set.subject(old.name), `${what} (${describeType(old.type)}) is removed`);
      }
      continue;
    }
    const subject = set.subject(field.name);
    const verdict = comparison.compareTypes(old.type, field.type);
    const types = `was ${describeType(old.type)}, is ${describeType(field.type)}${typeNote(old.type, field.type)}`;
    if (verdict === "incompatible") report("field-type-changed", newPlace(field), subject, `${what}: ${types}`);
    if (verdict === "compatible") report("field-type-compatible", newPlace(field), subject, `${what}: ${types}`);

    const before = presence(old, role);
    const after = presence(field, role);
    if (after.needed && !before.sent) {
      const detail = `${what}: was ${before.label}, is ${after.label}: old ${writers} may leave it out, new ${readers} require it`;
      report("requiredness-changed", newPlace(field), subject, detail);
    } else if (before.needed && !after.sent) {
      const detail = `${what}: was ${before.label}, is ${after.label}: new ${writers} may leave it out, old ${readers} require it`;
      report("requiredness-changed", newPlace(field), subject, detail);
    } else if (before.label !== after.label) {
      report("field-presence-changed", newPlace(field), subject, `${what}: was ${before.label}, is ${after.label}`);
    }
    if (old.name !== field.name) {
      // A rename, unless either name is still a field of the other side, at another id:
      // then the names moved between ids (fields without ids do when one is inserted).
      const renamed = `${what}: was ${old.name}, is ${field.name}`;
      const stays = set.new.find((other) => other.name === old.name);
      const was = set.old.find((other) => other.name === field.name);
      if (stays !== undefined) {
        report("field-moved", newPlace(field), subject, `${renamed}, and NEW has ${old.name} as ${role} ${stays.id}`);
      } else if (was !== undefined) {
        report("field-moved", newPlace(field), subject, `${renamed}, and OLD had ${field.name} as ${role} ${was.id}`);
      } else {
        report("field-renamed", newPlace(field), subject, renamed);
      }
    }
    const oldDefault = valueText(old.defaultValue);
    const newDefault = valueText(field.defaultValue);
    if (oldDefault !== newDefault) {
      report(
        "default-changed",
        newPlace(field),
        subject,
        `${what}: was ${oldDefault ?? "none"}, is ${newDefault ?? "none"}`,
      );
    }
  }

  for (const field of set.new) {
    if (olds.has(field.id)) continue;
    const what = `${role} ${field.id}`;
    const subject = set.subject(field.name);
    if (role === "member") {
      report("union-member-added", newPlace(field), subject, `${what} (${describeType(field.type)}) is added`);
    } else if (presence(field, role).needed) {
      const detail = `${what} (${presence(field, role).label}) is added: old ${writers} do not send it, new ${readers} require it`;
      report("required-field-added", newPlace(field), subject, detail);
    } else {
      report("field-added", newPlace(field), subject, `${what} (${describeType(field.type)}) is added`);
    }
  }
}

/** A value as text, to tell whether a default changed: what it is, not how it is written. */
export function valueText(value: Value | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (value.type) {
    case "ConstReference":
      return valueText(value.definition.value);
    case "EnumReference":
      return value.value === undefined ? value.text : String(value.value);
    case SyntaxType.ConstList:
      return `[${value.elements.map(valueText).join(", ")}]`;
    case SyntaxType.ConstMap:
      return `{${value.properties.map((p) => `${valueText(p.name)}: ${valueText(p.initializer)}`).join(", ")}}`;
    case SyntaxType.IntConstant:
      return integerValue(value).toString();
    case SyntaxType.DoubleConstant:
      return String(doubleValue(value));
    case SyntaxType.StringLiteral:
      return JSON.stringify(value.value);
    case SyntaxType.BooleanLiteral:
      return String(value.value);
  }
}
