// The class of a declared exception as the run-time codecs build it, like the generated
// one: a subclass of Error named as in the IDL, its fields own properties, its message
// the `message` field if it has one, else a summary of the fields (core/codec.ts).
import type { StructDefinition } from "../codegen/model";
import { rememberSummary, summarize } from "../core/codec";
import { bareName } from "./model";

/** The class of a declared exception, as generated ones are built: `new E({ field: value })`. */
export type ExceptionClass = new (fields?: Record<string, unknown>) => Error;

/** A new class for the exception `definition`: each call makes another. */
export function exceptionClass(definition: StructDefinition): ExceptionClass {
  const name = bareName(definition.name);
  const fields = definition.fields.map((field) => field.name).filter((field) => field !== "message");
  const hasMessage = definition.fields.some((field) => field.name === "message");
  const Exception = class extends Error {
    constructor(values: Record<string, unknown> = {}) {
      const own = Object.fromEntries(fields.map((field) => [field, values[field]]));
      const message = hasMessage ? values["message"] : undefined;
      const given = typeof message === "string" ? message : undefined;
      super(given ?? summarize(name, own));
      rememberSummary(this, given);
      Object.defineProperty(this, "name", { value: name, enumerable: true, writable: true, configurable: true });
      Object.assign(this, own);
    }
  };
  Object.defineProperty(Exception, "name", { value: name });
  return Exception;
}
