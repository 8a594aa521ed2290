// The checked IDL the emitters work from: every type reference resolved, every
// policy parsed. Definitions keep their source order, which is also a valid
// declaration order (a type must be declared before it is used).
import type { ConstValue, TextLocation } from "@creditkarma/thrift-parser";
import type { MethodPolicy } from "../core/definition";

export type BaseKind =
  | "bool"
  | "byte"
  | "i16"
  | "i32"
  | "i64"
  | "double"
  | "string"
  | "binary"
  | "uuid";

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

export interface Field {
  /** The IDL comment lines before it, kept as doc comments. */
  readonly doc: readonly string[];
  readonly id: number;
  readonly name: string;
  readonly type: TypeRef;
  /** `default` is the IDL's unmarked field: written when set, optional when read. */
  readonly requiredness: "required" | "optional" | "default";
  /** Applied when the field is absent on read. */
  readonly defaultValue: ConstValue | undefined;
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
  }[];
}

export interface TypedefDefinition {
  readonly doc: readonly string[];
  readonly kind: "typedef";
  readonly name: string;
  readonly type: TypeRef;
}

export interface ConstDefinition {
  readonly doc: readonly string[];
  readonly kind: "const";
  readonly name: string;
  readonly type: TypeRef;
  readonly value: ConstValue;
}

export interface StructDefinition {
  readonly doc: readonly string[];
  readonly kind: "struct" | "union" | "exception";
  readonly name: string;
  readonly fields: readonly Field[];
}

export interface MethodDefinition {
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

export interface ServiceDefinition {
  readonly doc: readonly string[];
  readonly kind: "service";
  readonly name: string;
  readonly methods: readonly MethodDefinition[];
}

export type Definition =
  | EnumDefinition
  | TypedefDefinition
  | ConstDefinition
  | StructDefinition
  | ServiceDefinition;

export interface Idl {
  /** The IDL's path, as given: messages start with it. */
  readonly file: string;
  readonly definitions: readonly Definition[];
  /** Every named definition, for emitters that follow references. */
  readonly byName: ReadonlyMap<string, Definition>;
}
