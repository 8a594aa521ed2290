// Constant values (of constants and field defaults) with their names resolved: a name
// is a constant (`LIMIT`, `shared.LIMIT`) or an enum member (`Color.RED`,
// `shared.Color.RED`), each as the generated module spells it, so the emitters look
// nothing up by text and a value reads the same from any module. What a value names
// must be declared before it is used, as Apache's compiler requires; so must the type
// of a field with a default. Values are checked against their types when emitted;
// where an enum is expected, Apache's compiler reads only the member's name of a
// qualified name (its own EnumTest.thrift gives a MyEnum2 field `MyEnum1.ME2_2`), and
// so does this one.
import { SyntaxType } from "../idl/ast";
import type * as ast from "../idl/ast";
import type { ConstDefinition, EnumReference, Value } from "../model";
import { bindingName } from "../names";
import type { Scope } from "./scope";

/** `value` resolved in `scope`; `where` names it in messages, `owner` is the definition it is part of. */
export function resolveValue(scope: Scope, value: ast.ConstValue, where: string, owner: string): Value {
  switch (value.type) {
    case SyntaxType.Identifier:
      return reference(scope, value, where, owner);
    case SyntaxType.ConstList:
      return { ...value, elements: value.elements.map((element) => resolveValue(scope, element, where, owner)) };
    case SyntaxType.ConstMap: {
      const properties = value.properties.map((property) => ({
        name: resolveValue(scope, property.name, where, owner),
        initializer: resolveValue(scope, property.initializer, where, owner),
      }));
      return { type: SyntaxType.ConstMap, properties, loc: value.loc };
    }
    default:
      return value;
  }
}

function reference(scope: Scope, node: ast.Identifier, where: string, owner: string): Value {
  const { value: text, loc } = node;
  const constant = constNamed(scope, node, where, owner);
  if (constant !== undefined) return { type: "ConstReference", definition: constant, loc };
  const dot = text.lastIndexOf(".");
  if (dot >= 0) return enumMember(scope, node, text.slice(0, dot), text.slice(dot + 1), where, owner);
  // Apache's compiler wants enum members qualified ("identifier RED is unqualified").
  const qualified = scope.enumsWithMember(text);
  const hint = qualified.length === 0 ? "" : `; an enum member is named with its enum: ${qualified[0]}.${text}`;
  return scope.fail(loc, `${where}: ${text} is not a constant or an enum value${hint}`);
}

function constNamed(scope: Scope, node: ast.Identifier, where: string, owner: string): ConstDefinition | undefined {
  const foreign = scope.foreign(node.value);
  if (foreign !== undefined) {
    const definition = foreign.idl.definitions.find((d) => d.name === foreign.name);
    return definition?.kind === "const" ? (scope.view(definition, foreign.idl) as ConstDefinition) : undefined;
  }
  if (scope.local.get(node.value)?.type !== "Const") return undefined;
  const definition = scope.resolved.get(node.value);
  if (definition?.kind !== "const") return declaredLater(scope, node.loc, node.value, where, owner);
  return { ...definition, name: bindingName(definition.name) };
}

function enumMember(
  scope: Scope,
  node: ast.Identifier,
  enumName: string,
  member: string,
  where: string,
  owner: string,
): EnumReference {
  const foreign = scope.foreign(enumName);
  let definition;
  let spelled = enumName;
  if (foreign !== undefined) {
    definition = foreign.idl.definitions.find((d) => d.name === foreign.name);
    spelled = scope.rename(foreign.name, foreign.idl);
  } else if (scope.local.get(enumName)?.type === "Enum") {
    definition = scope.resolved.get(enumName) ?? declaredLater(scope, node.loc, enumName, where, owner);
    spelled = bindingName(enumName);
  }
  const found = definition?.kind === "enum" ? definition.members.find((m) => m.name === member) : undefined;
  const named = found === undefined ? {} : { enum: spelled, value: found.value };
  return { type: "EnumReference", text: node.value, member, ...named, loc: node.loc };
}

function declaredLater(scope: Scope, loc: ast.TextLocation, name: string, where: string, owner: string): never {
  return scope.fail(loc, `${where}: ${name} must be declared before ${owner}, which uses it`);
}

/**
 * A default value of a type declared later is refused, as Apache's compiler refuses
 * it: it checks a value against its type as it reads it. Fields without a default
 * may name types declared later (recursive types among them), and so may an empty
 * list of them.
 */
export function checkDefaultType(
  scope: Scope,
  node: ast.FieldType,
  value: ast.ConstValue,
  where: string,
  owner: string,
): void {
  switch (node.type) {
    case "ListType":
    case "SetType":
      if (value.type !== SyntaxType.ConstList) return;
      for (const element of value.elements) checkDefaultType(scope, node.valueType, element, where, owner);
      return;
    case "MapType":
      if (value.type !== SyntaxType.ConstMap) return;
      for (const property of value.properties) {
        checkDefaultType(scope, node.keyType, property.name, where, owner);
        checkDefaultType(scope, node.valueType, property.initializer, where, owner);
      }
      return;
    case SyntaxType.Identifier:
      if (scope.local.has(node.value) && !scope.resolved.has(node.value)) {
        scope.fail(value.loc, `${where}: a value of ${node.value} needs ${node.value} declared before ${owner}`);
      }
      return;
    default:
      return;
  }
}
