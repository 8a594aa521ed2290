// The premises of the rules, checked against this project's runtime: an OLD peer's
// bytes given to a NEW peer (and the reverse) fail, or silently change meaning, exactly
// where a rule says the change breaks, and pass where it says the change is safe.
import { Thrift } from "thrift";
import { Calc, DivideByZero, methods } from "../../core/__fixtures__/calc";
import { createCalcHandler } from "../../core/__fixtures__/calc-handler";
import { i32, method, policy } from "../../core/__fixtures__/struct";
import type { MethodDefinition, ServiceDefinition } from "../../core/definition";
import { encodeGetPath } from "../../core/get";
import { decodeCall, decodeReply, encodeCall, encodeReply } from "../../core/message";
import { createThriftService } from "../../core/service";

const { TApplicationExceptionType: App } = Thrift;
const { add, divide, reset } = methods;

/** Calc with one method replaced. */
function calcWith(replaced: MethodDefinition): ServiceDefinition {
  return { ...Calc, methods: { ...Calc.methods, [replaced.name]: replaced } };
}

async function get(service: ServiceDefinition, path: string) {
  const [pathname, query] = path.split("?") as [string, string];
  const server = createThriftService(service, createCalcHandler() as never);
  const response = await server.handle({
    method: "GET",
    path: pathname,
    query,
    contentType: undefined,
    body: Buffer.alloc(0),
    requestId: "r",
    identity: undefined,
    headers: {},
  });
  return response;
}

describe("why get-removed and get-added break", () => {
  it("When a client that knows add as no_side_effects calls a server where it is not Then the server answers 405", async () => {
    const notReadOnly = { ...add, policy: policy({}) };
    const path = encodeGetPath("", add, [1, 2]);

    const refused = await get(calcWith(notReadOnly), path);
    expect({ status: refused.status, allow: refused.headers.allow, body: JSON.parse(refused.body.toString()) }).toEqual(
      {
        status: 405,
        allow: "POST",
        body: { code: "method_not_allowed", message: "Allowed here: POST" },
      },
    );
    const served = await get(Calc, path);
    expect(decodeReply(add, served.body, "binary")).toEqual({ kind: "success", value: 3 });
  });
});

describe("why exception-added-to-void breaks and exception-added does not", () => {
  const thrown = new DivideByZero("no");

  it("When a void method now throws a declared exception Then an old caller reads the reply as success", () => {
    // reset, declaring divide's exception: a reply holding it has only that field.
    const throwing = { ...reset, exceptions: divide.exceptions, result: divide.result };
    const reply = encodeReply(throwing, 0, "binary", { kind: "declared", error: thrown });

    expect(decodeReply(reset, reply, "binary")).toEqual({ kind: "success", value: undefined });
  });

  it("When a method with a result now throws a declared exception Then an old caller sees a failed call", () => {
    const reply = encodeReply(divide, 0, "binary", { kind: "declared", error: thrown });
    const old = { ...divide, exceptions: [], result: method("divide", [], i32).result };

    expect(decodeReply(old, reply, "binary")).toEqual({
      kind: "application",
      type: App.MISSING_RESULT,
      message: "divide failed: unknown result",
    });
  });
});

describe("why method-return-added is safe and method-return-changed to void breaks", () => {
  it("When a void method now returns a value Then an old caller reads success", () => {
    const returning = method("reset", [], i32);
    expect(decodeReply(reset, encodeReply(returning, 0, "compact", { kind: "success", value: 7 }), "compact")).toEqual({
      kind: "success",
      value: undefined,
    });
  });

  it("When a method no longer returns a value Then an old caller fails with MISSING_RESULT", () => {
    const voided = method("add", [], undefined);
    expect(
      decodeReply(add, encodeReply(voided, 0, "binary", { kind: "success", value: undefined }), "binary"),
    ).toMatchObject({
      kind: "application",
      type: App.MISSING_RESULT,
    });
  });
});

describe("why required-field-added breaks for a parameter and field-added does not", () => {
  const oldAdd = method("add", [{ id: 1, name: "a", ...i32 }], i32);
  const call = encodeCall(oldAdd, [1], 0, "json");

  it("When a server requires a parameter an old caller does not send Then the call is refused", () => {
    const twoRequired = method(
      "add",
      [
        { id: 1, name: "a", ...i32, required: true },
        { id: 2, name: "b", ...i32, required: true },
      ],
      i32,
    );
    expect(decodeCall(calcWith(twoRequired), call, "json")).toMatchObject({
      kind: "rejected",
      type: App.PROTOCOL_ERROR,
    });
  });

  it("When the new parameter is optional Then the old call is read, without it", () => {
    const secondOptional = method(
      "add",
      [
        { id: 1, name: "a", ...i32, required: true },
        { id: 2, name: "b", ...i32 },
      ],
      i32,
    );
    expect(decodeCall(calcWith(secondOptional), call, "json")).toMatchObject({ kind: "call", args: [1, undefined] });
  });
});
