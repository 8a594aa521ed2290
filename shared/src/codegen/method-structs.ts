// The args and result structs of a method, as both the generated code and the run-time
// codecs (shared/src/dynamic) build them: one definition of which argument may be left
// out and what a result holds, so the two cannot disagree.
import type { Field, MethodModel } from "./model";

/**
 * How an argument may be absent: `required` unless the IDL marks it `optional`
 * (absent stays undefined) or gives it a default (applied when absent). A handler
 * is typed to receive every other argument, so a request missing one fails to decode.
 */
export function presence(param: Field): "required" | "optional" | "defaulted" {
  if (param.requiredness === "required") return "required";
  if (param.defaultValue !== undefined) return "defaulted";
  return param.requiredness === "optional" ? "optional" : "required";
}

/**
 * The arguments as a struct: required unless optional or defaulted. A defaulted
 * argument keeps its requiredness, so a caller that leaves it out sends its default
 * unless it is optional, as Apache's clients do.
 */
export function argFields(method: MethodModel): Field[] {
  return method.params.map((param) => {
    const argument = presence(param);
    if (argument === "defaulted") return param;
    return { ...param, requiredness: argument };
  });
}

/** `success` (field 0, unless void), then one field per declared exception. */
export function resultFields(method: MethodModel): Field[] {
  const exceptions = method.throws.map((field): Field => ({ ...field, requiredness: "optional" }));
  if (method.returns === undefined) return exceptions;
  const success: Field = {
    doc: [],
    id: 0,
    name: "success",
    type: method.returns,
    requiredness: "optional",
    defaultValue: undefined,
    loc: method.loc,
  };
  return [success, ...exceptions];
}
