// The checked IDL the emitters work from: every type reference resolved, every
// policy parsed. One `Idl` per IDL file, each generating one TypeScript module; a
// `Program` is a file with every file it includes.
//
// Names are as the generated module spells them: a type from an included file is
// `shared.Point`, `shared` being the namespace its module is imported as; so are the
// constants and enums a value names. Definitions keep their source order. Types may
// be used before their declaration; constants and exceptions are declared before use,
// as Apache's compiler requires, so source order is also an order in which the
// generated values can be initialized.
import type { MethodPolicy } from "../core/definition";
import type * as ast from "./idl/ast";
import type { TextLocation } from "./idl/ast";

export type BaseKind = "bool" | "byte" | "i16" | "i32" | "i64" | "double" | "string" | "binary" | "uuid";

/**
 * A resolved type. `alias` is the typedef it was named by, kept so generated
 * TypeScript says `UserId` where the IDL says `UserId`.
 */
export type TypeRef = (
  | { readonly kind: BaseKind }
  | { readonly kind: "enum"; readonly name: string }
  | { readonly kind: "struct"; readonly name: string }
  | { readonly kind: "list" | "set"; readonly element: TypeRef }
  | { readonly kind: "map"; readonly key: TypeRef; readonly value: TypeRef }
) & { readonly alias?: string };

/**
 * A constant value (of a `const`, or a field's default) with every name in it
 * resolved: literals as parsed, lists and maps of values, and references to
 * constants and enum members. Checked against its type when emitted.
 */
export type Value =
  | ast.StringLiteral
  | ast.BooleanLiteral
  | ast.IntConstant
  | ast.DoubleConstant
  | ValueList
  | ValueMap
  | ConstReference
  | EnumReference;

export interface ValueList {
  readonly type: ast.SyntaxType.ConstList;
  readonly elements: readonly Value[];
  readonly loc: TextLocation;
}

export interface ValueMap {
  readonly type: ast.SyntaxType.ConstMap;
  readonly properties: readonly { readonly name: Value; readonly initializer: Value }[];
  readonly loc: TextLocation;
}

/** A constant named by a value (`LIMIT`, `shared.LIMIT`): its definition, as seen from here. */
export interface ConstReference {
  readonly type: "ConstReference";
  readonly definition: ConstDefinition;
  readonly loc: TextLocation;
}

/**
 * A qualified name that is no constant: an enum member (`Color.RED`,
 * `shared.Color.RED`). Where an enum is expected only `member` counts, as in Apache's
 * compiler; elsewhere the name must be a member of the enum it names.
 */
export interface EnumReference {
  readonly type: "EnumReference";
  /** The name as written, for messages. */
  readonly text: string;
  readonly member: string;
  /** The enum it names, as this module spells it, and the member's value, if it has that member. */
  readonly enum?: string;
  readonly value?: number;
  readonly loc: TextLocation;
}

export interface Field {
  /** The IDL comment lines before it, kept as doc comments. */
  readonly doc: readonly string[];
  readonly id: number;
  readonly name: string;
  readonly type: TypeRef;
  /** `default` is the IDL's unmarked field: written when set, optional when read. */
  readonly requiredness: "required" | "optional" | "default";
  /** Applied when the field is absent on read. */
  readonly defaultValue: Value | undefined;
  readonly loc: TextLocation;
}

export interface EnumDefinition {
  readonly doc: readonly string[];
  readonly kind: "enum";
  readonly name: string;
  readonly members: readonly {
    readonly doc: readonly string[];
    readonly name: string;
    readonly value: number;
    readonly loc: TextLocation;
  }[];
  readonly loc: TextLocation;
}

export interface TypedefDefinition {
  readonly doc: readonly string[];
  readonly kind: "typedef";
  readonly name: string;
  readonly type: TypeRef;
  readonly loc: TextLocation;
}

export interface ConstDefinition {
  readonly doc: readonly string[];
  readonly kind: "const";
  readonly name: string;
  readonly type: TypeRef;
  readonly value: Value;
  readonly loc: TextLocation;
}

export interface StructDefinition {
  readonly doc: readonly string[];
  readonly kind: "struct" | "union" | "exception";
  readonly name: string;
  readonly fields: readonly Field[];
  readonly loc: TextLocation;
}

/**
 * A function of a service, as the IDL declares it. (The runtime's `MethodDefinition`,
 * core/definition.ts, is what the generated code makes of it.)
 */
export interface MethodModel {
  readonly doc: readonly string[];
  readonly name: string;
  readonly oneway: boolean;
  /** Undefined for `void`. */
  readonly returns: TypeRef | undefined;
  readonly params: readonly Field[];
  readonly throws: readonly Field[];
  readonly policy: MethodPolicy;
  readonly loc: TextLocation;
}

/** A service, as the IDL declares it; the generated code makes a `ServiceDefinition` of it. */
export interface ServiceModel {
  readonly doc: readonly string[];
  readonly kind: "service";
  readonly name: string;
  /** The service it `extends`: its methods are served and called as this one's own. */
  readonly parent: { readonly name: string; readonly service: ServiceModel } | undefined;
  /** The methods declared here, without the inherited ones. */
  readonly methods: readonly MethodModel[];
  readonly loc: TextLocation;
}

export type Definition = EnumDefinition | TypedefDefinition | ConstDefinition | StructDefinition | ServiceModel;

/** Another module this one refers to, imported as a namespace: `import * as alias`. */
export interface ModuleImport {
  readonly alias: string;
  readonly idl: Idl;
}

export interface Idl {
  /** The IDL's path, as given or found: messages start with it. */
  readonly file: string;
  /** The generated module's name: the IDL file's base name, without `.thrift`. */
  readonly module: string;
  /**
   * The definitions of this file, in source order, with their IDL names; each is
   * declared under `bindingName(name)` and exported under its name (names.ts).
   */
  readonly definitions: readonly Definition[];
  /** Every name the generated module declares: the definitions', and those generated for them. */
  readonly declared: readonly string[];
  /**
   * Every definition the generated module can name, by the name it spells it with: its
   * own, and those of the files it includes, directly or not, seen from here (their
   * types and values named as this module names them).
   */
  readonly byName: ReadonlyMap<string, Definition>;
  /** The modules names in this one may refer to; only those used are imported. */
  readonly imports: readonly ModuleImport[];
}

/** An IDL file and every file it includes, directly or not, each checked once. */
export interface Program {
  /** Every file, each after the files it includes; the one asked for is last. */
  readonly modules: readonly Idl[];
  /** What Apache's compiler would warn about: accepted, but worth a look. */
  readonly warnings: readonly string[];
}
