// A pair of structs (unions, exceptions) or enums met in the same place on both sides:
// their fields or values compared. Names do not matter on the wire, so a pair with
// other names is a rename, and one now in an included file a move.
import type { EnumDefinition, StructDefinition } from "../../codegen/model";
import { moduleName } from "../../codegen/resolve/program";
import type { Comparison } from "./comparison";
import { compareFields } from "./fields";
import { bareName, idlName } from "../../codegen/idl-text";
import type { Side } from "./side";

export function comparePair(comparison: Comparison, oldName: string, newName: string): void {
  const old = comparison.old.lookup(oldName);
  const now = comparison.new.lookup(newName);
  if (old === undefined || now === undefined) return; // an unknown name fails loading first
  if (old.kind === "enum" && now.kind === "enum") {
    reportMove(comparison, oldName, newName, now.loc);
    compareEnums(comparison, old, now, oldName, newName);
  } else if (old.kind !== "enum" && now.kind !== "enum" && isStruct(old) && isStruct(now)) {
    reportMove(comparison, oldName, newName, now.loc);
    compareStructs(comparison, old, now, oldName, newName);
  }
}

function isStruct(definition: { kind: string }): definition is StructDefinition {
  return definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception";
}

function reportMove(comparison: Comparison, oldName: string, newName: string, loc: StructDefinition["loc"]): void {
  const place = comparison.new.place(newName, loc);
  const oldFile = comparison.old.fileOf(oldName);
  const newFile = comparison.new.fileOf(newName);
  if (bareName(oldName) !== bareName(newName)) {
    if (comparison.isRename(oldName, newName))
      comparison.report("type-renamed", place, bareName(newName), `was ${idlName(oldName)}`);
  } else if (module(comparison.old, oldFile) !== module(comparison.new, newFile)) {
    comparison.report("type-moved", place, bareName(newName), `was in ${oldFile}`);
  }
}

/** The module a file is on its side: the root files of the two sides are one module. */
function module(side: Side, file: string): string | undefined {
  return file === side.root.file ? undefined : moduleName(file);
}

/** Said after each change inside a pair of two types that both sides have: which ones they are. */
function pairContext(comparison: Comparison, oldName: string, newName: string): string {
  if (bareName(oldName) === bareName(newName) || comparison.isRename(oldName, newName)) return "";
  return ` (${idlName(newName)} where OLD has ${idlName(oldName)})`;
}

function compareStructs(
  comparison: Comparison,
  old: StructDefinition,
  now: StructDefinition,
  oldName: string,
  newName: string,
): void {
  const union = old.kind === "union" || now.kind === "union";
  if ((old.kind === "union") !== (now.kind === "union")) {
    const detail = `was ${old.kind} ${idlName(oldName)}, is ${now.kind} ${idlName(newName)}`;
    comparison.report("kind-changed", comparison.new.place(newName, now.loc), bareName(newName), detail);
  }
  compareFields(comparison, {
    oldOwner: oldName,
    newOwner: newName,
    old: old.fields,
    new: now.fields,
    role: union ? "member" : "field",
    subject: (field) => `${bareName(newName)}.${field}`,
    context: pairContext(comparison, oldName, newName),
  });
}

function compareEnums(
  comparison: Comparison,
  old: EnumDefinition,
  now: EnumDefinition,
  oldName: string,
  newName: string,
): void {
  const byName = new Map(now.members.map((member) => [member.name, member]));
  const byValue = new Map(now.members.map((member) => [member.value, member]));
  const oldNames = new Set(old.members.map((member) => member.name));
  const oldValues = new Set(old.members.map((member) => member.value));
  const subject = (member: string) => `${bareName(newName)}.${member}`;
  const context = pairContext(comparison, oldName, newName);
  for (const member of old.members) {
    const same = byName.get(member.name);
    if (same !== undefined) {
      if (same.value !== member.value) {
        const detail = `was ${member.value}, is ${same.value}: peers on OLD still send ${member.value} for it${context}`;
        comparison.report(
          "enum-value-renumbered",
          comparison.new.place(newName, same.loc),
          subject(member.name),
          detail,
        );
      }
      continue;
    }
    const renamed = byValue.get(member.value);
    if (renamed !== undefined && !oldNames.has(renamed.name)) {
      const detail = `${member.value} was ${member.name}, is ${renamed.name}${context}`;
      comparison.report(
        "enum-value-renamed",
        comparison.new.place(newName, renamed.loc),
        subject(renamed.name),
        detail,
      );
    } else {
      const detail = `${member.name} = ${member.value} is removed${context}`;
      comparison.report("enum-value-removed", comparison.old.place(oldName, member.loc), subject(member.name), detail);
    }
  }
  for (const member of now.members) {
    if (oldNames.has(member.name) || oldValues.has(member.value)) continue;
    comparison.report(
      "enum-value-added",
      comparison.new.place(newName, member.loc),
      subject(member.name),
      `${member.name} = ${member.value}${context}`,
    );
  }
}
