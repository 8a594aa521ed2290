// Enums, typedefs, constants, structs, unions and exceptions: from syntax to model,
// with the checks each needs.
import type * as ast from "../idl/ast";
import { inRange, integerValue } from "../literals";
import type { ConstDefinition, EnumDefinition, Field, StructDefinition, TypedefDefinition } from "../model";
import { fieldNameProblem, memberNameProblem } from "../names";
import { resolveFields, type FieldContext } from "./fields";
import { resolveValue } from "./values";

// Own properties of every Error, which an exception field of that name would hide (and a
// `message` that is not a string): such a field is the property `<name>_`, as Apache's
// generators rename what a target language reserves. Its bytes are the same: the
// protocols send field ids, not names.
const errorProperties = new Set(["name", "stack", "cause"]);

function errorPropertyClash(field: Field): boolean {
  return errorProperties.has(field.name) || (field.name === "message" && field.type.kind !== "string");
}

export function resolveEnum(context: FieldContext, statement: ast.Enum, name: string): EnumDefinition {
  const { scope } = context;
  const names = new Set<string>();
  let next = 0n;
  const members = statement.members.map((member) => {
    const where = `${name}.${member.name.value}`;
    const problem = memberNameProblem(member.name.value);
    if (problem !== undefined) scope.fail(member.loc, `${where}: ${problem}`);
    if (names.has(member.name.value)) scope.fail(member.loc, `${where} is declared twice`);
    names.add(member.name.value);
    const value = member.initializer === null ? next : integerValue(member.initializer);
    if (!inRange(value, "i32")) scope.fail(member.loc, `${where}: enum values are i32`);
    next = value + 1n;
    return { doc: member.doc, name: member.name.value, value: Number(value), loc: member.loc };
  });
  return { kind: "enum", doc: statement.doc, name, members, loc: statement.loc };
}

export function resolveTypedef(context: FieldContext, statement: ast.Typedef, name: string): TypedefDefinition {
  return { kind: "typedef", doc: statement.doc, name, type: context.types.typedef(statement), loc: statement.loc };
}

export function resolveConst(context: FieldContext, statement: ast.Const, name: string): ConstDefinition {
  const type = context.types.resolve(statement.fieldType, name);
  const value = resolveValue(context.scope, statement.initializer, name, name);
  return { kind: "const", doc: statement.doc, name, type, value, loc: statement.loc };
}

export function resolveStruct(context: FieldContext, statement: ast.Struct, name: string): StructDefinition {
  const { scope } = context;
  const kind = statement.type === "Struct" ? "struct" : statement.type === "Union" ? "union" : "exception";
  // A union's members are properties of no object: { case, value }.
  const nameProblem = kind === "union" ? memberNameProblem : fieldNameProblem;
  const resolved = resolveFields(context, statement.fields, name, name, nameProblem);
  const fields = resolved.map((field) => {
    if (kind !== "exception" || !errorPropertyClash(field)) return field;
    const property = `${field.name}_`;
    if (resolved.some((other) => other.name === property)) {
      scope.fail(field.loc, `${name}.${field.name} would be the property ${property}, a field of its own: rename one`);
    }
    context.warn(field.loc, `${name}.${field.name} is the property ${property}: Error has a ${field.name} of its own`);
    return { ...field, name: property };
  });
  // A union value holds the one field it sets: a default has nothing to fill. Apache's
  // compiler takes one, so the file generates, without it.
  const kept =
    kind !== "union"
      ? fields
      : fields.map((field) => {
          if (field.defaultValue === undefined) return field;
          context.warn(field.loc, `${name}.${field.name}: a union field's default value is ignored`);
          return { ...field, defaultValue: undefined };
        });
  return { kind, doc: statement.doc, name, fields: kept, loc: statement.loc };
}
