// Syntax tree to checked model. Everything the emitters would otherwise trip over is
// rejected here, with the IDL location: unsupported features, missing field ids,
// unknown types, names TypeScript cannot take, misused policy annotations.
import {
  SyntaxType,
  type Comment,
  type FieldDefinition,
  type FunctionDefinition,
  type FunctionType,
  type Identifier,
  type TextLocation,
  type ThriftDocument,
  type ThriftStatement,
} from "@creditkarma/thrift-parser";
import { IdlError, located } from "./errors";
import { inRange, integerValue } from "./literals";
import type {
  Definition,
  Field,
  Idl,
  MethodDefinition,
  ServiceDefinition,
  StructDefinition,
  TypeRef,
} from "./model";
import { declarationNameProblem, parameterNameProblem } from "./names";
import { PolicyError, parsePolicy } from "./policy";

const maxFieldId = 32767;
const propertyName = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Own properties of every Error: an exception field of that name would hide them; and
// a class cannot have a field named constructor.
const errorProperties = new Set(["name", "stack", "cause", "constructor"]);

/** Checks a parsed IDL file and resolves every type reference in it. */
export function resolveIdl(document: ThriftDocument, file: string): Idl {
  function fail(loc: TextLocation, message: string): never {
    throw new IdlError(located(file, loc, message));
  }
  const byName = new Map<string, Definition>();
  // What each name declared anywhere in the file is: structs, unions, exceptions and
  // enums may be used before their declaration (recursive and mutually recursive types).
  const declared = new Map<string, SyntaxType>(
    document.body.flatMap((statement) =>
      "name" in statement && statement.type !== SyntaxType.NamespaceDefinition
        ? [[statement.name.value, statement.type] as const]
        : [],
    ),
  );
  // Every name the generated module declares, and what it was generated for.
  const taken = new Map<string, string>();

  const claim = (name: string, owner: string, loc: TextLocation): void => {
    const holder = taken.get(name);
    if (holder !== undefined) fail(loc, `${owner} needs the name "${name}", already used by ${holder}`);
    taken.set(name, owner);
  };

  const declare = (identifier: Identifier, kind: string): string => {
    const name = identifier.value;
    const problem = declarationNameProblem(name);
    if (problem !== undefined) fail(identifier.loc, `${kind} ${problem}`);
    claim(name, `${kind} ${name}`, identifier.loc);
    return name;
  };

  // `where` names the reference in messages; `owner` is the definition it is part of:
  // a typedef cannot refer to itself.
  const resolveType = (node: FunctionType, where: string, owner: string): TypeRef => {
    switch (node.type) {
      case SyntaxType.BoolKeyword:
        return { kind: "bool" };
      case SyntaxType.ByteKeyword:
      case SyntaxType.I8Keyword:
        return { kind: "byte" };
      case SyntaxType.I16Keyword:
        return { kind: "i16" };
      case SyntaxType.I32Keyword:
        return { kind: "i32" };
      case SyntaxType.I64Keyword:
        return { kind: "i64" };
      case SyntaxType.DoubleKeyword:
        return { kind: "double" };
      case SyntaxType.StringKeyword:
        return { kind: "string" };
      case SyntaxType.BinaryKeyword:
        return { kind: "binary" };
      case SyntaxType.ListType:
        return { kind: "list", element: resolveType(node.valueType, where, owner) };
      case SyntaxType.SetType:
        return { kind: "set", element: resolveType(node.valueType, where, owner) };
      case SyntaxType.MapType: {
        const key = resolveType(node.keyType, where, owner);
        return { kind: "map", key, value: resolveType(node.valueType, where, owner) };
      }
      case SyntaxType.VoidKeyword:
        return fail(node.loc, `${where}: void is only a return type`);
      case SyntaxType.Identifier:
        return resolveName(node, where, owner);
    }
  };

  const resolveName = (node: Identifier, where: string, owner: string): TypeRef => {
    const name = node.value;
    const definition = byName.get(name);
    switch (definition?.kind) {
      case "enum":
        return { kind: "enum", name };
      case "struct":
      case "union":
      case "exception":
        return { kind: "struct", name };
      case "typedef":
        return { ...definition.type, alias: name };
      case "const":
      case "service":
        return fail(node.loc, `${where}: ${name} is a ${definition.kind}, not a type`);
    }
    switch (declared.get(name)) {
      case SyntaxType.StructDefinition:
      case SyntaxType.UnionDefinition:
      case SyntaxType.ExceptionDefinition:
        return { kind: "struct", name };
      case SyntaxType.EnumDefinition:
        return { kind: "enum", name };
      case SyntaxType.ConstDefinition:
        return fail(node.loc, `${where}: ${name} is a const, not a type`);
      case SyntaxType.ServiceDefinition:
        return fail(node.loc, `${where}: ${name} is a service, not a type`);
      case SyntaxType.TypedefDefinition:
        if (name === owner) return fail(node.loc, `${where}: typedef ${name} refers to itself`);
        return fail(node.loc, `${where}: typedef ${name} is used before it is declared; move its definition up`);
    }
    if (name === "uuid") return { kind: "uuid" };
    if (name.includes(".")) return fail(node.loc, `${where}: ${name}: includes are not supported yet`);
    return fail(node.loc, `${where}: unknown type ${name}`);
  };

  const resolveFields = (
    fields: readonly FieldDefinition[],
    owner: string,
    prefix: string,
    nameProblem: (name: string) => string | undefined,
  ): Field[] => {
    const ids = new Set<number>();
    const names = new Set<string>();
    return fields.map((field) => {
      const name = field.name.value;
      const where = `${prefix}.${name}`;
      const problem = nameProblem(name);
      if (problem !== undefined) fail(field.name.loc, `${where}: ${problem}`);
      if (names.has(name)) fail(field.name.loc, `${where} is declared twice`);
      names.add(name);
      if (field.fieldID === null) fail(field.loc, `${where} needs a field id, as in "1: <type> ${name}"`);
      const id = field.fieldID.value;
      if (id < 1 || id > maxFieldId) fail(field.fieldID.loc, `${where}: field ids go from 1 to ${maxFieldId}`);
      if (ids.has(id)) fail(field.fieldID.loc, `${where}: field id ${id} is used twice`);
      ids.add(id);
      return {
        doc: docOf(field.comments),
        id,
        name,
        type: resolveType(field.fieldType, where, owner),
        requiredness: field.requiredness ?? "default",
        defaultValue: field.defaultValue ?? undefined,
        loc: field.loc,
      };
    });
  };

  const fieldNameProblem = (name: string) => {
    if (!propertyName.test(name)) return `"${name}" is not a valid TypeScript property name`;
    // Assigning obj.__proto__ sets the prototype instead of a property.
    if (name === "__proto__") return `"__proto__" cannot be the name of a JavaScript property`;
    return undefined;
  };

  const resolveStruct = (
    statement: Extract<ThriftStatement, { fields: FieldDefinition[] }>,
    kind: StructDefinition["kind"],
  ): StructDefinition => {
    const name = declare(statement.name, kind);
    // TypeScript refuses it as a class name, and exceptions are classes.
    if (kind === "exception" && name === "Object") fail(statement.name.loc, `exception "Object" cannot be a class name`);
    claim(`${name}Codec`, `the codec of ${kind} ${name}`, statement.name.loc);
    const fields = resolveFields(statement.fields, name, name, fieldNameProblem);
    for (const field of fields) {
      if (kind === "union" && field.defaultValue !== undefined) {
        fail(field.loc, `${name}.${field.name}: a union field cannot have a default value`);
      }
      if (kind === "exception" && errorProperties.has(field.name)) {
        const what = field.name === "constructor" ? "the class's constructor" : `Error.${field.name}`;
        fail(field.loc, `${name}.${field.name} would hide ${what}; rename the field`);
      }
      if (kind === "exception" && field.name === "message" && field.type.kind !== "string") {
        fail(field.loc, `${name}.message must be a string: it becomes the Error message`);
      }
    }
    return { kind, doc: docOf(statement.comments), name, fields };
  };

  const resolveMethod = (service: string, fn: FunctionDefinition): MethodDefinition => {
    const name = fn.name.value;
    const where = `${service}.${name}`;
    const problem = fieldNameProblem(name);
    if (problem !== undefined) fail(fn.name.loc, `${where}: ${problem}`);
    const returns =
      fn.returnType.type === SyntaxType.VoidKeyword ? undefined : resolveType(fn.returnType, where, service);
    if (fn.oneway && (returns !== undefined || fn.throws.length > 0)) {
      fail(fn.loc, `${where}: a oneway method must return void and throw nothing: it has no reply`);
    }
    const params = resolveFields(fn.fields, service, where, parameterNameProblem);
    const throws = resolveFields(fn.throws, service, where, fieldNameProblem);
    for (const field of throws) {
      if (field.type.kind !== "struct" || byName.get(field.type.name)?.kind !== "exception") {
        fail(field.loc, `${where} throws ${field.name}, which is not an exception`);
      }
      if (field.name === "success") fail(field.loc, `${where}: "success" is the name of the return value`);
    }
    try {
      const policy = parsePolicy(fn.annotations?.annotations ?? [], fn.oneway);
      return { doc: docOf(fn.comments), name, oneway: fn.oneway, returns, params, throws, policy, loc: fn.loc };
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      return fail(error.annotation?.loc ?? fn.loc, `${where}: ${error.message}`);
    }
  };

  const resolveService = (
    statement: Extract<ThriftStatement, { type: SyntaxType.ServiceDefinition }>,
  ): ServiceDefinition => {
    const name = declare(statement.name, "service");
    if (statement.extends !== null) {
      fail(statement.extends.loc, `service ${name} extends ${statement.extends.value}: extends is not supported yet`);
    }
    claim(`${name}Handler`, `the handler interface of service ${name}`, statement.name.loc);
    claim(`${name}Client`, `the client interface of service ${name}`, statement.name.loc);
    const names = new Set<string>();
    const methods = statement.functions.map((fn) => {
      if (names.has(fn.name.value)) fail(fn.name.loc, `${name}.${fn.name.value} is declared twice`);
      names.add(fn.name.value);
      claim(`${name}_${fn.name.value}_args`, `the arguments of ${name}.${fn.name.value}`, fn.name.loc);
      claim(`${name}_${fn.name.value}_result`, `the result of ${name}.${fn.name.value}`, fn.name.loc);
      return resolveMethod(name, fn);
    });
    return { kind: "service", doc: docOf(statement.comments), name, methods };
  };

  const resolveStatement = (statement: ThriftStatement): Definition | undefined => {
    switch (statement.type) {
      case SyntaxType.NamespaceDefinition:
      case SyntaxType.CppIncludeDefinition:
        return undefined;
      case SyntaxType.IncludeDefinition:
        return fail(statement.loc, `include "${statement.path.value}": includes are not supported yet`);
      case SyntaxType.EnumDefinition: {
        const name = declare(statement.name, "enum");
        const names = new Set<string>();
        let next = 0n;
        const members = statement.members.map((member) => {
          const where = `${name}.${member.name.value}`;
          const problem = fieldNameProblem(member.name.value);
          if (problem !== undefined) fail(member.loc, `${where}: ${problem}`);
          if (names.has(member.name.value)) fail(member.loc, `${where} is declared twice`);
          names.add(member.name.value);
          const value = member.initializer === null ? next : integerValue(member.initializer);
          if (!inRange(value, "i32")) fail(member.loc, `${where}: enum values are i32`);
          next = value + 1n;
          return { doc: docOf(member.comments), name: member.name.value, value: Number(value) };
        });
        return { kind: "enum", doc: docOf(statement.comments), name, members };
      }
      case SyntaxType.TypedefDefinition: {
        const name = declare(statement.name, "typedef");
        const type = resolveType(statement.definitionType, name, name);
        return { kind: "typedef", doc: docOf(statement.comments), name, type };
      }
      case SyntaxType.ConstDefinition: {
        const name = declare(statement.name, "const");
        const type = resolveType(statement.fieldType, name, name);
        return { kind: "const", doc: docOf(statement.comments), name, type, value: statement.initializer };
      }
      case SyntaxType.StructDefinition:
        return resolveStruct(statement, "struct");
      case SyntaxType.UnionDefinition:
        return resolveStruct(statement, "union");
      case SyntaxType.ExceptionDefinition:
        return resolveStruct(statement, "exception");
      case SyntaxType.ServiceDefinition:
        return resolveService(statement);
    }
  };

  const definitions: Definition[] = [];
  for (const statement of document.body) {
    const definition = resolveStatement(statement);
    if (definition === undefined) continue;
    definitions.push(definition);
    byName.set(definition.name, definition);
  }
  return { file, definitions, byName };
}

/** The lines of the comments before a definition, without comment markers. */
function docOf(comments: readonly Comment[]): string[] {
  return comments.flatMap((comment) =>
    comment.type === SyntaxType.CommentLine ? [comment.value] : comment.value.map((line) => line.replace(/^\*\s?/, "")),
  );
}
