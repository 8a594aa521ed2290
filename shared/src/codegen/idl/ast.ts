// The syntax tree thrift.peggy builds: one node per IDL construct, each with its exact
// location. Nothing is resolved here: names are text, types are as written.
//
// Constant values and annotations keep the node shapes the emitters were written
// against (`type` tags as in @creditkarma/thrift-parser, which this parser replaced).

export enum SyntaxType {
  Identifier = "Identifier",
  StringLiteral = "StringLiteral",
  BooleanLiteral = "BooleanLiteral",
  IntConstant = "IntConstant",
  IntegerLiteral = "IntegerLiteral",
  HexLiteral = "HexLiteral",
  DoubleConstant = "DoubleConstant",
  FloatLiteral = "FloatLiteral",
  ExponentialLiteral = "ExponentialLiteral",
  ConstList = "ConstList",
  ConstMap = "ConstMap",
  PropertyAssignment = "PropertyAssignment",
  Annotation = "Annotation",
}

/** Lines and columns count from 1, as editors show them; `index` is the offset from 0. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

export interface TextLocation {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

export interface Identifier {
  readonly type: SyntaxType.Identifier;
  readonly value: string;
  readonly loc: TextLocation;
}

/** `value` is the string's value: quotes removed, escapes applied. */
export interface StringLiteral {
  readonly type: SyntaxType.StringLiteral;
  readonly value: string;
  readonly loc: TextLocation;
}

export interface BooleanLiteral {
  readonly type: SyntaxType.BooleanLiteral;
  readonly value: boolean;
  readonly loc: TextLocation;
}

/** An integer; `value.value` is its text, with its sign (`-0x10`, `+5`). */
export interface IntConstant {
  readonly type: SyntaxType.IntConstant;
  readonly value: {
    readonly type: SyntaxType.IntegerLiteral | SyntaxType.HexLiteral;
    readonly value: string;
    readonly loc: TextLocation;
  };
  readonly loc: TextLocation;
}

/** A number with a fraction or an exponent; `value.value` is its text. */
export interface DoubleConstant {
  readonly type: SyntaxType.DoubleConstant;
  readonly value: {
    readonly type: SyntaxType.FloatLiteral | SyntaxType.ExponentialLiteral;
    readonly value: string;
    readonly loc: TextLocation;
  };
  readonly loc: TextLocation;
}

export interface ConstList {
  readonly type: SyntaxType.ConstList;
  readonly elements: readonly ConstValue[];
  readonly loc: TextLocation;
}

export interface PropertyAssignment {
  readonly type: SyntaxType.PropertyAssignment;
  readonly name: ConstValue;
  readonly initializer: ConstValue;
  readonly loc: TextLocation;
}

export interface ConstMap {
  readonly type: SyntaxType.ConstMap;
  readonly properties: readonly PropertyAssignment[];
  readonly loc: TextLocation;
}

export type ConstValue =
  | Identifier
  | StringLiteral
  | BooleanLiteral
  | IntConstant
  | DoubleConstant
  | ConstList
  | ConstMap;

/** `(name = "value")`; Apache reads `(name)` alone as `name = "1"`. */
export interface Annotation {
  readonly type: SyntaxType.Annotation;
  readonly name: Identifier;
  readonly value: StringLiteral | undefined;
  readonly loc: TextLocation;
}

export type BaseTypeName = "bool" | "byte" | "i8" | "i16" | "i32" | "i64" | "double" | "string" | "binary" | "uuid";

export interface BaseType {
  readonly type: "BaseType";
  readonly name: BaseTypeName;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface ListType {
  readonly type: "ListType" | "SetType";
  readonly valueType: FieldType;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface MapType {
  readonly type: "MapType";
  readonly keyType: FieldType;
  readonly valueType: FieldType;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

/** A type as written: a base type, a container, or the name of a defined type. */
export type FieldType = BaseType | ListType | MapType | Identifier;

export interface VoidType {
  readonly type: "VoidType";
  readonly loc: TextLocation;
}

interface Documented {
  /** The comment lines before it, markers removed; comments that end a line of code excluded. */
  readonly doc: readonly string[];
}

export interface Field extends Documented {
  readonly type: "Field";
  /** Null when the IDL leaves the id out (Apache then numbers it from -1 down). */
  readonly id: { readonly value: number; readonly loc: TextLocation } | null;
  readonly requiredness: "required" | "optional" | null;
  readonly fieldType: FieldType;
  /** `&`: a C++ pointer hint, without meaning on the wire. */
  readonly reference: boolean;
  readonly name: Identifier;
  readonly defaultValue: ConstValue | null;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface Include {
  readonly type: "Include";
  readonly path: StringLiteral;
  readonly loc: TextLocation;
}

export interface CppInclude {
  readonly type: "CppInclude";
  readonly path: StringLiteral;
  readonly loc: TextLocation;
}

/** `namespace <scope> <name>`; the scope `*` applies to every language. */
export interface Namespace {
  readonly type: "Namespace";
  readonly scope: Identifier;
  readonly name: Identifier;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export type Header = Include | CppInclude | Namespace;

export interface Const extends Documented {
  readonly type: "Const";
  readonly name: Identifier;
  readonly fieldType: FieldType;
  readonly initializer: ConstValue;
  readonly loc: TextLocation;
}

export interface Typedef extends Documented {
  readonly type: "Typedef";
  readonly name: Identifier;
  readonly definitionType: FieldType;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface EnumMember extends Documented {
  readonly type: "EnumMember";
  readonly name: Identifier;
  readonly initializer: IntConstant | null;
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface Enum extends Documented {
  readonly type: "Enum";
  readonly name: Identifier;
  readonly members: readonly EnumMember[];
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface Struct extends Documented {
  readonly type: "Struct" | "Union" | "Exception";
  readonly name: Identifier;
  readonly fields: readonly Field[];
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface ServiceFunction extends Documented {
  readonly type: "Function";
  readonly name: Identifier;
  readonly oneway: boolean;
  readonly returnType: FieldType | VoidType;
  readonly fields: readonly Field[];
  readonly throws: readonly Field[];
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export interface Service extends Documented {
  readonly type: "Service";
  readonly name: Identifier;
  /** The parent service's name, `base.Service` when it is in an included file. */
  readonly extends: Identifier | null;
  readonly functions: readonly ServiceFunction[];
  readonly annotations: readonly Annotation[];
  readonly loc: TextLocation;
}

export type Definition = Const | Typedef | Enum | Struct | Service;

/** One IDL file: its headers (Apache allows them only before the definitions), then its definitions. */
export interface Document {
  readonly type: "Document";
  readonly headers: readonly Header[];
  readonly definitions: readonly Definition[];
}
