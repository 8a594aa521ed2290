// Services compared: the methods each serves (its own and those it inherits, since
// an extending service serves its parents' methods at its own path), and each
// method's oneway flag, result, parameters, declared exceptions and policy.
//
// A method's changes are named after the service that declares it (`Base.ping`, even
// when reached through `Child extends Base`), so a change seen through two services
// is one change.
import type { Field, MethodModel, ServiceModel, TypeRef } from "../../codegen/model";
import { describeType, typeNote, type Comparison } from "./comparison";
import { compareFields } from "./fields";
import { comparePolicies } from "./policies";
import { bareName, idlName } from "../../codegen/idl-text";
import type { Side } from "./side";

interface Served {
  readonly method: MethodModel;
  /** The service that declares it, as the root names it. */
  readonly owner: string;
}

function served(side: Side, service: ServiceModel): Map<string, Served> {
  const methods = new Map<string, Served>();
  for (const owner of side.chain(service)) {
    for (const method of owner.methods)
      if (!methods.has(method.name)) methods.set(method.name, { method, owner: owner.name });
  }
  return methods;
}

export function compareServices(comparison: Comparison, old: ServiceModel, now: ServiceModel): void {
  const oldChain = comparison.old.chain(old);
  const newChain = comparison.new.chain(now);
  const oldMethods = served(comparison.old, old);
  const newMethods = served(comparison.new, now);
  const servicePlace = comparison.new.place(now.name, now.loc);
  const subject = idlName(now.name);

  // Inherited methods that are gone with a parent are reported with the parent.
  const gone = new Set<string>();
  const newParents = new Set(newChain.slice(1).map((service) => bareName(service.name)));
  for (const parent of oldChain.slice(1)) {
    if (newParents.has(bareName(parent.name))) continue;
    const lost = [...oldMethods.values()].filter((m) => m.owner === parent.name && !newMethods.has(m.method.name));
    for (const { method } of lost) gone.add(method.name);
    const where = `${subject} extends ${idlName(parent.name)}`;
    if (lost.length === 0) {
      comparison.report(
        "service-parent-inlined",
        servicePlace,
        where,
        `${idlName(parent.name)} is no longer a parent; ${subject} still serves its methods`,
      );
    } else {
      const methods = lost.map(({ method }) => method.name).join(", ");
      comparison.report(
        "service-parent-removed",
        servicePlace,
        where,
        `${idlName(parent.name)} is no longer a parent: ${methods} no longer served`,
      );
    }
  }
  const oldParents = new Set(oldChain.slice(1).map((service) => bareName(service.name)));
  for (const parent of newChain.slice(1)) {
    if (!oldParents.has(bareName(parent.name))) {
      comparison.report(
        "service-parent-added",
        servicePlace,
        `${subject} extends ${idlName(parent.name)}`,
        `extends ${idlName(parent.name)}`,
      );
    }
  }

  for (const [name, before] of oldMethods) {
    const after = newMethods.get(name);
    if (after !== undefined) compareMethods(comparison, before, after);
    else if (!gone.has(name)) {
      const place = comparison.old.place(before.owner, before.method.loc);
      comparison.report(
        "method-removed",
        place,
        `${bareName(before.owner)}.${name}`,
        `no longer served by ${idlName(old.name)}`,
      );
    }
  }
  for (const [name, after] of newMethods) {
    if (oldMethods.has(name)) continue;
    const place = comparison.new.place(after.owner, after.method.loc);
    comparison.report("method-added", place, `${bareName(after.owner)}.${name}`, `served by ${subject}`);
  }
}

function compareMethods(comparison: Comparison, before: Served, after: Served): void {
  const old = before.method;
  const now = after.method;
  const where = `${bareName(after.owner)}.${now.name}`;
  const place = comparison.new.place(after.owner, now.loc);
  if (old.oneway !== now.oneway) {
    const detail = old.oneway
      ? "was oneway: old callers read no reply, and old servers send none to new callers"
      : "is oneway now: new servers send no reply, which old callers wait for";
    comparison.report("method-oneway-changed", place, where, detail);
  }
  const note = old.returns !== undefined && now.returns !== undefined ? typeNote(old.returns, now.returns) : "";
  const returns = `was ${describeType(old.returns)}, is ${describeType(now.returns)}${note}`;
  if (old.returns === undefined && now.returns !== undefined)
    comparison.report("method-return-added", place, where, returns);
  else if (old.returns !== undefined && now.returns === undefined)
    comparison.report("method-return-changed", place, where, returns);
  else if (old.returns !== undefined && now.returns !== undefined) {
    const verdict = comparison.compareTypes(old.returns, now.returns);
    if (verdict === "incompatible") comparison.report("method-return-changed", place, where, returns);
    if (verdict === "compatible") comparison.report("field-type-compatible", place, `${where} returns`, returns);
  }
  compareFields(comparison, {
    oldOwner: before.owner,
    newOwner: after.owner,
    old: old.params,
    new: now.params,
    role: "parameter",
    subject: (param) => `${where}(${param})`,
  });
  compareThrows(comparison, before, after, where);
  comparePolicies(comparison, old.policy, now.policy, place, where);
}

/**
 * Declared exceptions, by id: result fields that are never required. One removed
 * leaves new callers unable to read what old servers throw; one added to a void
 * method is read by old callers as success (their reply has no result to miss). An
 * exception's type is what it means, where a struct field's is only its bytes: another
 * exception that still exists at the same id (not a rename) is caught as the one it
 * replaced, whatever their fields.
 */
function compareThrows(comparison: Comparison, before: Served, after: Served, where: string): void {
  const news = new Map(after.method.throws.map((field) => [field.id, field]));
  const olds = new Map(before.method.throws.map((field) => [field.id, field]));
  const subject = (field: Field) => `${where} throws ${field.name}`;
  for (const old of before.method.throws) {
    const field = news.get(old.id);
    if (field === undefined) {
      const place = comparison.old.place(before.owner, old.loc);
      comparison.report(
        "exception-removed",
        place,
        subject(old),
        `exception ${old.id} (${describeType(old.type)}) is removed`,
      );
      continue;
    }
    const place = comparison.new.place(after.owner, field.loc);
    const types = `exception ${old.id}: was ${describeType(old.type)}, is ${describeType(field.type)}`;
    const verdict = comparison.compareTypes(old.type, field.type);
    const swap = swapOf(comparison, old.type, field.type);
    if (swap !== undefined) {
      comparison.report("exception-swapped", place, subject(field), `${types}, ${swap}`);
    } else if (verdict === "incompatible") {
      comparison.report("field-type-changed", place, subject(field), types);
    } else if (verdict === "compatible") {
      comparison.report("field-type-compatible", place, subject(field), types);
    }
    if (old.name !== field.name)
      comparison.report(
        "field-renamed",
        place,
        subject(field),
        `exception ${old.id}: was ${old.name}, is ${field.name}`,
      );
  }
  for (const field of after.method.throws) {
    if (olds.has(field.id)) continue;
    const place = comparison.new.place(after.owner, field.loc);
    const detail = `exception ${field.id} (${describeType(field.type)}) is added`;
    if (before.method.returns === undefined && !before.method.oneway) {
      comparison.report("exception-added-to-void", place, subject(field), `${detail}: old callers take it for success`);
    } else {
      comparison.report("exception-added", place, subject(field), detail);
    }
  }
}

/**
 * Why an exception type that replaced another is not a rename of it, when it is not:
 * the old one is still in NEW, or the new one was already in OLD.
 */
function swapOf(comparison: Comparison, old: TypeRef, now: TypeRef): string | undefined {
  if (old.kind !== "struct" || now.kind !== "struct" || bareName(old.name) === bareName(now.name)) return undefined;
  if (comparison.isRename(old.name, now.name)) return undefined;
  return comparison.new.has(bareName(old.name)) ? `and NEW still has ${idlName(old.name)}` : "which OLD already had";
}
