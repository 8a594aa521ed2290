// Traces across the stack: a caller's W3C traceparent and tracestate pass through the
// gateway unchanged, the replica's server span is the caller's span's child (exported to a
// fake OTLP receiver on the stack's network, otlp-receiver.ts), its log line carries the
// span's ids, and the gateway's access log line the trace id.
import { Echo } from "@starter/echo/gen/echo";
import { header, postCall } from "./gateway";
import { startOtlpReceiver, receivedSpans } from "./otlp-receiver";
import { docker, eventually, linesWithRequestId, type Replica } from "./replicas";
import { callers, unique } from "./stack";

let receiver: Replica | undefined;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  if (receiver) await docker(["rm", "--force", receiver.id]);
});

const hex = (length: number) => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join("");

describe("Tracing through the gateway", () => {
  test("When a call carries a traceparent Then the replica's span continues that trace, and both log lines carry its id", async () => {
    const [traceId, parentSpanId, requestId] = [hex(32), hex(16), unique("traced")];
    const reply = await postCall("echo", Echo, "echo", [{ msg: "traced" }], {
      auth: callers.alice,
      headers: {
        traceparent: `00-${traceId}-${parentSpanId}-01`,
        tracestate: "starter=stack",
        "x-request-id": requestId,
      },
    });
    expect(reply.status).toBe(200);

    const spans = await eventually(async () => {
      const found = (await receivedSpans(receiver!)).filter((span) => span.traceId === traceId);
      return found.length > 0 ? found : undefined;
    });
    expect(spans).toEqual([
      {
        service: "echo",
        traceId,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        parentSpanId,
        traceState: "starter=stack",
        name: "Echo/echo",
        kind: 2,
        attributes: {
          "rpc.system.name": "apache_thrift",
          "rpc.method": "Echo/echo",
          "rpc.response.status_code": "ok",
          "http.request.method": "POST",
          "http.response.status_code": 200,
        },
        status: 0,
      },
    ]);

    const [serviceLine] =
      (await eventually(async () => {
        const lines = await linesWithRequestId("echo", requestId);
        return lines.length > 0 ? lines : undefined;
      })) ?? [];
    expect(serviceLine).toMatchObject({
      requestId,
      traceId,
      spanId: spans![0]!.spanId,
      hostname: header(reply, "x-served-by"),
      msg: "call",
    });
    const [gatewayLine] =
      (await eventually(async () => {
        const lines = await linesWithRequestId("gateway", requestId, "request_id");
        return lines.length > 0 ? lines : undefined;
      })) ?? [];
    expect(gatewayLine).toMatchObject({ request_id: requestId, trace_id: traceId, path: "/echo", status: 200 });
  });

  test.each([
    ["no traceparent", {}],
    ["a malformed one", { traceparent: `00-${"g".repeat(32)}-${"1".repeat(16)}-01` }],
    ["an all-zero trace id", { traceparent: `00-${"0".repeat(32)}-${"1".repeat(16)}-01` }],
  ])(
    "When a call carries %s Then the gateway logs an empty trace id, and the replica starts a trace of its own",
    async (_case, headers) => {
      const requestId = unique("untraced");
      const reply = await postCall("echo", Echo, "echo", [{ msg: "untraced" }], {
        auth: callers.alice,
        headers: { ...headers, "x-request-id": requestId },
      });
      expect(reply.status).toBe(200);
      const [gatewayLine] =
        (await eventually(async () => {
          const lines = await linesWithRequestId("gateway", requestId, "request_id");
          return lines.length > 0 ? lines : undefined;
        })) ?? [];
      expect(gatewayLine).toMatchObject({ request_id: requestId, trace_id: "" });
      const [serviceLine] =
        (await eventually(async () => {
          const lines = await linesWithRequestId("echo", requestId);
          return lines.length > 0 ? lines : undefined;
        })) ?? [];
      expect(serviceLine).toMatchObject({ requestId, traceId: expect.stringMatching(/^(?!0{32})[0-9a-f]{32}$/) });
      const spans = await eventually(async () => {
        const found = (await receivedSpans(receiver!)).filter((span) => span.traceId === serviceLine!["traceId"]);
        return found.length > 0 ? found : undefined;
      });
      expect(spans?.map(({ name, parentSpanId, spanId }) => ({ name, parentSpanId, spanId }))).toEqual([
        { name: "Echo/echo", parentSpanId: "", spanId: serviceLine!["spanId"] },
      ]);
    },
  );
});
