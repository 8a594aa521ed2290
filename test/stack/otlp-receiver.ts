// A fake OTLP/HTTP receiver for the stack: started by a test on the stack's network as the
// host `otlp`, where global-setup.ts points the services' exporters (http/json). It writes
// each span it receives as one JSON line on its output, read back with `docker logs`.
import { docker, eventually, imageOf, logLines, runBesideStack, type Replica } from "./replicas";

/** A span as the receiver writes it: the OTLP JSON span, flattened, with its resource's service.name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  status: number;
}

// Plain Node, run with `node -e` in a service's image: no file to mount, no dependency.
const script = `
const value = (v) => v.stringValue ?? v.boolValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue);
const attributes = (list = []) => Object.fromEntries(list.map(({ key, value: v }) => [key, value(v)]));
require("node:http").createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      for (const { resource, scopeSpans = [] } of body.resourceSpans ?? []) {
        const service = String(attributes(resource?.attributes)["service.name"]);
        for (const { spans = [] } of scopeSpans) for (const span of spans) {
          console.log(JSON.stringify({ span: { service, traceId: span.traceId, spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? "", traceState: span.traceState ?? "", name: span.name, kind: span.kind,
            attributes: attributes(span.attributes), status: span.status?.code ?? 0 } }));
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    } catch (error) {
      console.log(JSON.stringify({ refused: String(error) }));
      res.writeHead(400).end();
    }
  });
}).listen(4318, () => console.log(JSON.stringify({ listening: 4318 })));
`;

/** Starts the receiver (a service's image, the gateway's network, alias `otlp`); resolves with its container. */
export async function startOtlpReceiver(): Promise<Replica> {
  const id = await runBesideStack(
    await imageOf("echo"),
    ["--network-alias", "otlp", "--no-healthcheck"],
    ["node", "-e", script],
  );
  const receiver = { id, hostname: "otlp" };
  const up = await eventually(async () =>
    (await logLines(receiver)).some((line) => line["listening"] === 4318) ? true : undefined,
  );
  if (!up) throw new Error(`the OTLP receiver did not start: ${await docker(["logs", id])}`);
  return receiver;
}

/** The spans the receiver has written so far. */
export async function receivedSpans(receiver: Replica): Promise<ReceivedSpan[]> {
  return (await logLines(receiver)).flatMap((line) =>
    line["span"] === undefined ? [] : [line["span"] as ReceivedSpan],
  );
}
