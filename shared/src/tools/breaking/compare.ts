// OLD and NEW programs compared: every definition of OLD's root file against its
// counterpart in NEW, which is found, in order:
// 1. services, typedefs and constants by name, in the root file or an included one;
// 2. structs, unions, exceptions and enums by where they are used: a type in the same
//    place of a method or field on both sides (so a rename is found), else by name
//    (so is a move to an included file), else by shape (shape.ts): the one NEW type of
//    the same kind, not otherwise matched, with the same fields, ids and types.
// A struct or enum with no counterpart is removed; a NEW definition that is nobody's
// counterpart is added. Included files are compared as far as the root's definitions
// reach into them; `make idl-breaking` compares each file of the repository as a root.
import type { Definition, Program, TypeRef } from "../../codegen/model";
import { Comparison, describeType } from "./comparison";
import { valueText } from "./fields";
import type { Change } from "./rules";
import { compareServices } from "./services";
import { bareName, idlName } from "../../codegen/idl-text";
import { Side } from "./side";
import { ShapeMatcher } from "./shape";
import { comparePair } from "./types";

/** Every change from `old` to `now`, in a stable order (OLD's definitions in source order, then NEW's additions). */
export function comparePrograms(old: Program, now: Program): Change[] {
  const comparison = new Comparison(new Side(old), new Side(now));
  const drain = () => comparison.drain((a, b) => comparePair(comparison, a, b));
  const oldOwn = comparison.old.own();
  const named = new Set<string>();

  for (const definition of oldOwn) {
    if (
      definition.kind === "struct" ||
      definition.kind === "union" ||
      definition.kind === "exception" ||
      definition.kind === "enum"
    )
      continue;
    const counterpart = byName(comparison.new, definition);
    if (counterpart?.kind === definition.kind) named.add(counterpart.name);
    compareNamed(comparison, definition, counterpart);
  }
  drain();

  const types = oldOwn.filter(
    (definition) => definition.kind !== "service" && definition.kind !== "typedef" && definition.kind !== "const",
  );
  for (const definition of types) {
    const counterpart = byName(comparison.new, definition);
    if (counterpart !== undefined && family(counterpart) === family(definition))
      comparison.pair(definition.name, counterpart.name);
  }
  drain();
  const shapes = new ShapeMatcher(comparison);
  for (const definition of types) {
    if (comparison.hasCounterpart(definition.name)) continue;
    const shaped = byShape(comparison, shapes, definition);
    if (shaped !== undefined) comparison.pair(definition.name, shaped);
    drain();
  }
  for (const definition of types) {
    if (comparison.hasCounterpart(definition.name)) continue;
    const place = comparison.old.place(definition.name, definition.loc);
    comparison.report(
      "type-removed",
      place,
      bareName(definition.name),
      `${definition.kind} ${idlName(definition.name)} is removed`,
    );
  }

  for (const definition of comparison.new.own()) {
    if (named.has(definition.name) || comparison.isMatched(definition.name)) continue;
    const place = comparison.new.place(definition.name, definition.loc);
    const rule = definition.kind === "service" ? "service-added" : "definition-added";
    comparison.report(
      rule,
      place,
      bareName(definition.name),
      `${definition.kind} ${idlName(definition.name)} is added`,
    );
  }
  return uniqueChanges(comparison.changes);
}

/** Services, typedefs and constants, matched by name. */
function compareNamed(comparison: Comparison, old: Definition, now: Definition | undefined): void {
  const place = comparison.old.place(old.name, old.loc);
  const subject = idlName(old.name);
  if (old.kind === "service") {
    if (now?.kind === "service") compareServices(comparison, old, now);
    else comparison.report("service-removed", place, subject, `service ${subject} is removed`);
  } else if (old.kind === "typedef") {
    if (now?.kind !== "typedef") comparison.report("typedef-removed", place, subject, `typedef ${subject} is removed`);
    else if (unaliased(old.type) !== unaliased(now.type)) {
      const detail = `was ${unaliased(old.type)}, is ${unaliased(now.type)}`;
      comparison.report("typedef-changed", comparison.new.place(now.name, now.loc), subject, detail);
    }
  } else if (old.kind === "const") {
    if (now?.kind !== "const") comparison.report("constant-removed", place, subject, `const ${subject} is removed`);
    else if (constText(old) !== constText(now)) {
      comparison.report(
        "constant-changed",
        comparison.new.place(now.name, now.loc),
        subject,
        `was ${constText(old)}, is ${constText(now)}`,
      );
    }
  }
}

/** What a typedef names, without the typedef's own name. */
function unaliased(type: TypeRef): string {
  const { alias: _, ...named } = type;
  return describeType(named as TypeRef);
}

function constText(definition: Definition): string {
  if (definition.kind !== "const") return "";
  return `${describeType(definition.type)} = ${valueText(definition.value)}`;
}

/** Its namesake in NEW: in the root file, else the one included file that has it. */
function byName(side: Side, old: Definition): Definition | undefined {
  const own = side.lookup(old.name);
  if (own !== undefined) return own;
  const included = side.included(bareName(old.name));
  return included.length === 1 ? included[0] : undefined;
}

type Family = "struct" | "enum" | "other";

function family(definition: Definition): Family {
  if (definition.kind === "enum") return "enum";
  return definition.kind === "struct" || definition.kind === "union" || definition.kind === "exception"
    ? "struct"
    : "other";
}

/** The one unmatched NEW type of the root file with the same wire shape as `old`, if exactly one. */
function byShape(comparison: Comparison, shapes: ShapeMatcher, old: Definition): string | undefined {
  const candidates = comparison.new
    .own()
    .filter((now) => family(now) === family(old) && !comparison.isMatched(now.name));
  const same = candidates.filter((now) => shapes.same(old, now));
  return same.length === 1 ? same[0]!.name : undefined;
}

/** The changes without repeats: one change seen through two services, or two root files, is one. */
export function uniqueChanges(changes: readonly Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    // Seen from two root files, a change's details may name types differently.
    const key = `${change.rule}\u0000${change.place.file}:${change.place.line}:${change.place.column}\u0000${change.subject}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
