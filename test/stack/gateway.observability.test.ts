// What operators see: one request id from the caller through the gateway to the
// replica's log line and back; per-replica call counts in /metrics; the HTTP version a
// client used in the gateway's access log, and none of a caller's bytes in it.
import { Echo } from "@starter/echo/gen/echo";
import { clients, closeClients, transports, withRequestId } from "./clients";
import { header, postCall, send, sendRaw } from "./gateway";
import { callCounts, eventually, linesWithRequestId, replicasOf } from "./replicas";
import { callers, unique } from "./stack";

afterAll(closeClients);

const echo = (headers: Record<string, string> = {}) =>
  postCall("echo", Echo, "echo", [{ msg: "traced" }], { auth: callers.alice, headers });

/** The log lines of `service` with this request id, once there are `count` of them (bounded wait). */
async function logged(service: "echo" | "gateway", requestId: string, key: string, count = 1) {
  return eventually(async () => {
    const lines = await linesWithRequestId(service, requestId, key);
    return lines.length >= count ? lines : undefined;
  });
}

describe("Request ids", () => {
  test("When a caller sends X-Request-ID Then the reply, the gateway's log and the replica's call log carry it", async () => {
    const requestId = unique("trace");
    const reply = await echo({ "x-request-id": requestId });
    expect({ status: reply.status, requestId: header(reply, "x-request-id") }).toEqual({ status: 200, requestId });

    const [serviceLine] = (await logged("echo", requestId, "requestId")) ?? [];
    expect(serviceLine).toEqual({
      level: 30,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: 1,
      hostname: header(reply, "x-served-by"),
      name: "echo",
      requestId,
      identity: "alice",
      status: 200,
      durationMs: expect.any(Number),
      service: "Echo",
      method: "echo",
      outcome: "ok",
      // The stack tests run with tracing on (global-setup.ts): the call's span's ids.
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      msg: "call",
    });
    const [gatewayLine] = (await logged("gateway", requestId, "request_id")) ?? [];
    expect(gatewayLine).toMatchObject({
      request_id: requestId,
      identity: "alice",
      method: "POST",
      path: "/echo",
      protocol: "HTTP/1.1",
      status: 200,
      cache: "NONE",
    });
  });

  test.each([
    ["none", {}],
    ["one with a space and a quote", { "x-request-id": 'forged "id' }],
    ["one longer than 128 characters", { "x-request-id": "x".repeat(129) }],
  ])("When the caller sends %s Then the gateway makes one, and the replica logs that one", async (_case, headers) => {
    const reply = await echo(headers);
    const requestId = header(reply, "x-request-id") ?? "";
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    const lines = await logged("echo", requestId, "requestId");
    expect(lines?.map(({ requestId: id, method, outcome }) => ({ id, method, outcome }))).toEqual([
      { id: requestId, method: "echo", outcome: "ok" },
    ]);
  });
});

describe("Metrics", () => {
  test("When echo is called 12 times Then each replica's /metrics counts exactly the calls it answered", async () => {
    const replicas = await replicasOf("echo");
    const countOf = async () =>
      Object.fromEntries(
        await Promise.all(
          replicas.map(async (replica) => [replica.hostname, (await callCounts(replica)).get("Echo.echo ok") ?? 0]),
        ),
      );
    const before = await countOf();

    const answeredBy: Record<string, number> = Object.fromEntries(replicas.map((replica) => [replica.hostname, 0]));
    for (let i = 0; i < 12; i++) {
      const reply = await echo();
      expect(reply.status).toBe(200);
      answeredBy[header(reply, "x-served-by") ?? "nobody"]! += 1;
    }

    const after = await countOf();
    const counted = Object.fromEntries(replicas.map(({ hostname }) => [hostname, after[hostname] - before[hostname]]));
    expect(counted).toEqual(answeredBy);
    expect(Object.values(counted).reduce((sum, n) => sum + n, 0)).toBe(12);
  });
});

describe.each(transports)("HTTP versions, $name", (transport) => {
  test("When a typed client calls Then the gateway's access log shows the HTTP version it asked for", async () => {
    const requestId = unique("version");
    await expect(clients.echo({ transport }).echo({ msg: "version?" }, withRequestId(requestId))).resolves.toEqual({
      msg: "version?",
    });
    const lines = await logged("gateway", requestId, "request_id");
    expect(lines?.map(({ method, path, protocol, status }) => ({ method, path, protocol, status }))).toEqual([
      { method: "POST", path: "/echo", protocol: transport.http2 ? "HTTP/2.0" : "HTTP/1.1", status: 200 },
    ]);
  });
});

describe("What the access log keeps of a caller's bytes", () => {
  test.each([
    ["bytes that are no request", "\u0000\u0001garbage\r\n\r\n", ""],
    ["a method in lower case", "post /echo HTTP/1.1\r\nHost: x\r\n\r\n", ""],
    ["a GET call's message", "GET /data/get?m=Z2FyYmFnZQ HTTP/1.1\r\nHost: x\r\n\r\n", "GET"],
  ])(
    "When the gateway gets %s Then its line has the method, and no byte of what the caller sent",
    async (_, bytes, method) => {
      const { answer } = await sendRaw(bytes);
      const requestId = header(answer!, "x-request-id")!;
      const [line] = (await logged("gateway", requestId, "request_id")) ?? [];
      const text = JSON.stringify(line);
      expect({ method: line?.["method"], raw: /garbage|Z2FyYmFnZQ|\\u0000|post/.test(text) }).toEqual({
        method,
        raw: false,
      });
    },
  );
});

describe("What the access log keeps of a credential a caller put where none belongs", () => {
  test.each([
    ["in its User-Agent", "/echo", { "user-agent": "curl Authorization: Bearer leaked-ua-secret" }],
    ["in its path", "/echo/bearer%20leaked-path-secret", {}],
    ["as a URL's password in its User-Agent", "/echo", { "user-agent": "fetch https://me:leaked-url-secret@x.org" }],
  ])(
    "When a caller sends one %s Then the gateway's line has [redacted], and not the secret",
    async (_, path, headers) => {
      const requestId = unique("redacted");
      await send({ method: "POST", path, headers: { ...headers, "x-request-id": requestId } });
      const [line] = (await logged("gateway", requestId, "request_id")) ?? [];
      const text = JSON.stringify(line);
      expect({ redacted: text.includes("[redacted]"), leaked: /leaked-\w+-secret/.test(text) }).toEqual({
        redacted: true,
        leaked: false,
      });
    },
  );
});
