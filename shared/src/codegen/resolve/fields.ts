// The fields of a struct, union, exception, or a method's parameters or throws: ids,
// names and types. A field without an id, or with an id of 0 or less, is numbered from
// -1 down with a warning, as Apache's compiler does.
import type * as ast from "../idl/ast";
import type { Field, Value } from "../model";
import type { Scope } from "./scope";
import type { TypeResolver } from "./types";
import { checkDefaultType, resolveValue } from "./values";

const maxFieldId = 32767;

export interface FieldContext {
  readonly scope: Scope;
  readonly types: TypeResolver;
  readonly warn: (loc: ast.TextLocation, message: string) => void;
}

/**
 * `owner` is the definition the fields belong to, `prefix` names them in messages,
 * `nameProblem` says why a name cannot be used, if it cannot.
 */
export function resolveFields(
  context: FieldContext,
  fields: readonly ast.Field[],
  owner: string,
  prefix: string,
  nameProblem: (name: string) => string | undefined,
): Field[] {
  const { scope, types, warn } = context;
  const ids = new Set<number>();
  const names = new Set<string>();
  let nextImplicit = -1;
  return fields.map((field) => {
    const name = field.name.value;
    const where = `${prefix}.${name}`;
    if (name.includes(".")) scope.fail(field.name.loc, `${where}: a field name cannot have a dot`);
    const problem = nameProblem(name);
    if (problem !== undefined) scope.fail(field.name.loc, `${where}: ${problem}`);
    if (names.has(name)) scope.fail(field.name.loc, `${where} is declared twice`);
    names.add(name);
    let id: number;
    if (field.id === null || field.id.value <= 0) {
      id = nextImplicit--;
      const given = field.id === null ? "no field id" : `field id ${field.id.value}`;
      warn(field.loc, `${where} has ${given}: numbered ${id}, which may change when fields are added`);
    } else {
      id = field.id.value;
      if (id > maxFieldId) scope.fail(field.id.loc, `${where}: field ids go from 1 to ${maxFieldId}`);
    }
    if (ids.has(id)) scope.fail(field.id?.loc ?? field.loc, `${where}: field id ${id} is used twice`);
    ids.add(id);
    return {
      doc: field.doc,
      id,
      name,
      type: types.resolve(field.fieldType, where),
      requiredness: field.requiredness ?? "default",
      defaultValue: defaultValue(scope, field, where, owner),
      loc: field.loc,
    };
  });
}

function defaultValue(scope: Scope, field: ast.Field, where: string, owner: string): Value | undefined {
  if (field.defaultValue === null) return undefined;
  checkDefaultType(scope, field.fieldType, field.defaultValue, where, owner);
  return resolveValue(scope, field.defaultValue, where, owner);
}
