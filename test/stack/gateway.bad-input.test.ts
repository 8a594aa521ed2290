// Malformed requests through the gateway get a precise JSON error, quickly, from the
// gateway or the replica; afterwards the stack serves as before.
import { Echo } from "@starter/echo/gen/echo";
import { contentTypes, encodeCall } from "@starter/shared/core";
import { Thrift } from "thrift";
import { clients, closeClients } from "./clients";
import { header, jsonOf, outcomeOf, send, type Reply } from "./gateway";
import { docker, replicasOf } from "./replicas";
import { authorization, callers, unique } from "./stack";

afterAll(closeClients);

const auth = { authorization: authorization(callers.alice) };
const binary = contentTypes.binary;
const echoCall = (msg: string) => encodeCall(Echo.methods["echo"]!, [{ msg }], 1, "binary");

/** The whole answer, minus what varies per call (ids, dates); `by` says who answered. */
function answer(reply: Reply) {
  return {
    status: reply.status,
    contentType: reply.headers["content-type"],
    allow: header(reply, "allow"),
    by: header(reply, "x-served-by") === undefined ? "gateway" : "replica",
    body: jsonOf(reply),
  };
}

describe("Bad input through the gateway", () => {
  test("When a body over 1 MiB is posted Then the gateway answers 413 without passing it on", async () => {
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": binary },
      body: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(answer(reply)).toEqual({
      status: 413,
      contentType: "application/json",
      allow: undefined,
      by: "gateway",
      body: { code: "payload_too_large", message: "request body over 1 MiB" },
    });
  });

  test("When a call is posted as text/plain Then the replica answers 415 listing the accepted types", async () => {
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": "text/plain" },
      body: echoCall("hi"),
    });
    expect(answer(reply)).toEqual({
      status: 415,
      contentType: "application/json",
      allow: undefined,
      by: "replica",
      body: {
        code: "unsupported_media_type",
        message:
          "Expected a Content-Type of application/vnd.apache.thrift.binary, application/vnd.apache.thrift.compact, " +
          "application/vnd.apache.thrift.json, application/x-thrift, application/octet-stream",
      },
    });
  });

  test.each([
    ["PUT /echo", "PUT", "/echo", "POST"],
    ["GET /echo", "GET", "/echo", "POST"],
    ["DELETE /data/get", "DELETE", "/data/get", "GET, POST"],
    ["GET /data/increment", "GET", "/data/increment?m=AA", "POST"],
  ])("When %s is sent Then the replica answers 405 with the allowed methods", async (_case, method, path, allow) => {
    const reply = await send({
      method,
      path,
      headers: { ...auth, "content-type": binary },
      body: method === "GET" ? undefined : echoCall("x"),
    });
    expect(answer(reply)).toEqual({
      status: 405,
      contentType: "application/json",
      allow,
      by: "replica",
      body: { code: "method_not_allowed", message: `Allowed here: ${allow}` },
    });
  });

  test("When the body is not a Thrift message Then the replica answers 400", async () => {
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": binary },
      body: "this is not thrift at all",
    });
    expect(answer(reply)).toEqual({
      status: 400,
      contentType: "application/json",
      allow: undefined,
      by: "replica",
      body: { code: "bad_request", message: expect.stringMatching(/^Undecodable Thrift message: /) },
    });
  });

  test("When a GET call's message is not base64url Then the replica answers 400", async () => {
    const reply = await send({ method: "GET", path: "/data/counter?m=***", headers: auth });
    expect(answer(reply)).toEqual({
      status: 400,
      contentType: "application/json",
      allow: undefined,
      by: "replica",
      body: { code: "bad_request", message: "Parameter m is not base64url" },
    });
  });

  test("When a Thrift message is cut short in its header Then the replica answers 400 at once, not at a timeout", async () => {
    const started = performance.now();
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": binary },
      body: echoCall("cut").subarray(0, 6),
    });
    const elapsedMs = performance.now() - started;
    expect(answer(reply)).toEqual({
      status: 400,
      contentType: "application/json",
      allow: undefined,
      by: "replica",
      body: { code: "bad_request", message: expect.stringMatching(/^Undecodable Thrift message: /) },
    });
    expect(elapsedMs).toBeLessThan(1000);
  });

  test("When a Thrift message is cut short in its arguments Then the replica answers a PROTOCOL_ERROR exception at once", async () => {
    const whole = echoCall("a message that will not arrive whole");
    const started = performance.now();
    const reply = await send({
      method: "POST",
      path: "/echo",
      headers: { ...auth, "content-type": binary },
      body: whole.subarray(0, whole.length - 12),
    });
    const elapsedMs = performance.now() - started;
    expect({
      status: reply.status,
      contentType: reply.headers["content-type"],
      cacheControl: reply.headers["cache-control"],
    }).toEqual({
      status: 200,
      contentType: binary,
      cacheControl: "no-store",
    });
    expect(outcomeOf(Echo, "echo", reply)).toEqual({
      kind: "application",
      type: Thrift.TApplicationExceptionType.PROTOCOL_ERROR,
      message: "String size 36 exceeds the 26 bytes left",
    });
    expect(elapsedMs).toBeLessThan(1000);
  });

  describe("in the JSON protocol", () => {
    const json = contentTypes.json;
    const postJson = (path: string, body: string) =>
      send({ method: "POST", path, headers: { ...auth, "content-type": json }, body });

    /** The whole answer, the Thrift reply read with JSON.parse. */
    function jsonAnswer(reply: Reply) {
      return {
        status: reply.status,
        contentType: reply.headers["content-type"],
        cacheControl: reply.headers["cache-control"],
        by: header(reply, "x-served-by") === undefined ? "gateway" : "replica",
        body: jsonOf(reply),
      };
    }

    /** A PROTOCOL_ERROR reply to `method` saying `message`. */
    const protocolError = (method: string, message: string, seqid = 1) => ({
      status: 200,
      contentType: json,
      cacheControl: "no-store",
      by: "replica",
      body: [1, method, 3, seqid, { 1: { str: message }, 2: { i32: Thrift.TApplicationExceptionType.PROTOCOL_ERROR } }],
    });

    test.each([
      ['"abc" as the i64', '"abc"', (at: number) => `Expected an i64 at byte ${at}, found '"'`],
      ['"7" as the i64', '"7"', (at: number) => `Expected an i64 at byte ${at}, found '"'`],
      ["1.9 as the i64", "1.9", () => "Expected an i64, found 1.9"],
      ["2^63 as the i64", "9223372036854775808", () => "i64 out of range: 9223372036854775808"],
    ])("When increment gets %s Then PROTOCOL_ERROR, and the counter is unchanged", async (_case, delta, message) => {
      const key = unique("strict");
      const body = `[1,"increment",1,1,{"1":{"str":"${key}"},"2":{"i64":${delta}}}]`;
      const reply = await postJson("/data", body);
      expect(jsonAnswer(reply)).toEqual(protocolError("increment", message(body.lastIndexOf(delta))));
      await expect(clients.data().counter(key)).resolves.toBe(0n);
    });

    test('When getUser gets "abc" as its id in a GET Then PROTOCOL_ERROR, not the user with id 0', async () => {
      const message = '[1,"getUser",1,0,{"1":{"i64":"abc"}}]';
      const reply = await send({
        method: "GET",
        path: `/user/getUser?p=json&m=${Buffer.from(message).toString("base64url")}`,
        headers: auth,
      });
      expect(jsonAnswer(reply)).toEqual(
        protocolError("getUser", `Expected an i64 at byte ${message.indexOf('"abc"')}, found '"'`, 0),
      );
    });

    test("When the header of a JSON message is malformed Then the replica answers 400", async () => {
      const reply = await postJson("/data", '[1,"increment",1,"1",{}]');
      expect(answer(reply)).toEqual({
        status: 400,
        contentType: "application/json",
        allow: undefined,
        by: "replica",
        body: {
          code: "bad_request",
          message: "Undecodable Thrift message: Expected a sequence id at byte 17, found '\"'",
        },
      });
    });

    test("When a string with NUL and other control characters is echoed Then the reply is JSON, escaped, and reads back", async () => {
      const msg = 'a\u0000b\u0001\u001f\u007f\u2028"\\';
      const reply = await postJson("/echo", `[1,"echo",1,1,{"1":{"rec":{"1":{"str":${JSON.stringify(msg)}}}}}]`);
      expect(jsonAnswer(reply)).toEqual({
        status: 200,
        contentType: json,
        cacheControl: "no-store",
        by: "replica",
        body: [1, "echo", 2, 1, { 0: { rec: { 1: { str: msg } } } }],
      });
      expect(reply.body.toString()).toBe(
        `[1,"echo",2,1,{"0":{"rec":{"1":{"str":"a\\u0000b\\u0001\\u001f\u007f\u2028\\"\\\\"}}}}]`,
      );
    });
  });

  test("When all of the above has been sent Then every replica is still healthy and calls succeed", async () => {
    const replicas = [...(await replicasOf("echo")), ...(await replicasOf("data"))];
    const health = await Promise.all(
      replicas.map((replica) => docker(["inspect", "-f", "{{.State.Health.Status}} {{.RestartCount}}", replica.id])),
    );
    expect(health.map((line) => line.trim())).toEqual(replicas.map(() => "healthy 0"));
    await expect(clients.echo().echo({ msg: "still here" })).resolves.toEqual({ msg: "still here" });
    await expect(clients.data().counter("never-set")).resolves.toBe(0n);
  });
});
