// The handler of a service: one promise-returning function per IDL method, typed by
// the generated interface, checked again at run time when the service is created.
import type { ServiceDefinition } from "./definition";

/** A handler method as the core calls it: IDL arguments, then the CallContext. */
export type HandlerFunction = (...args: unknown[]) => unknown;

/**
 * The handler's function for each method of `definition`; throws if one is missing,
 * or if the handler has an own function that is no method of the service (a typo).
 */
export function handlerFunctions(definition: ServiceDefinition, handler: object): Map<string, HandlerFunction> {
  if (typeof handler !== "object" || handler === null) {
    throw new TypeError(`The handler of ${definition.name} must be an object with one function per method`);
  }
  const functions = new Map<string, HandlerFunction>();
  for (const name of Object.keys(definition.methods)) {
    const fn: unknown = (handler as Record<string, unknown>)[name];
    if (typeof fn !== "function" || inheritedFromObject(handler, name, fn))
      throw new TypeError(`The handler of ${definition.name} has no function for method ${name}`);
    functions.set(name, fn.bind(handler) as HandlerFunction);
  }
  for (const [name, value] of Object.entries(handler)) {
    if (typeof value === "function" && !Object.hasOwn(definition.methods, name)) {
      throw new TypeError(
        `The handler of ${definition.name} has a function ${name}, which is no method of the service`,
      );
    }
  }
  return functions;
}

/**
 * Whether the function found for a method named like a member of every object
 * (`toString`, `constructor`) is that member, not the handler's own: an object or
 * class that forgot the method would otherwise have it "implemented".
 */
function inheritedFromObject(handler: object, name: string, fn: unknown): boolean {
  if (name === "constructor") return !Object.hasOwn(handler, name);
  return Object.hasOwn(Object.prototype, name) && fn === (Object.prototype as Record<string, unknown>)[name];
}
