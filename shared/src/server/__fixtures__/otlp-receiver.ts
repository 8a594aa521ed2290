// A fake OTLP/HTTP receiver for tests: a node:http server on 127.0.0.1 that takes trace
// exports at POST /v1/traces, in http/json or http/protobuf (decoded here, field by field,
// from the OTLP trace proto: no protobuf library), and keeps the spans, flattened.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedSpan {
  /** The resource's service.name. */
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  /** "" for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly status: number;
}

export interface OtlpReceiver {
  /** The endpoint, for OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** The content type of every export received. */
  readonly contentTypes: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const type = req.headers["content-type"] ?? "";
      contentTypes.push(type);
      const body = Buffer.concat(chunks);
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      spans.push(
        ...(type.startsWith("application/json") ? fromJson(JSON.parse(body.toString("utf8"))) : fromProtobuf(body)),
      );
      res.writeHead(200, { "content-type": type }).end(type.startsWith("application/json") ? "{}" : Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// --- http/json: OTLP's JSON mapping (ids in hex, enums as numbers, 64-bit ints as strings).

interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
interface JsonKeyValue {
  key: string;
  value: JsonValue;
}
interface JsonExport {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: JsonKeyValue[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

function jsonAttributes(list: JsonKeyValue[] = []): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const { key, value } of list) {
    attributes[key] =
      value.stringValue ??
      value.boolValue ??
      (value.intValue !== undefined ? Number(value.intValue) : value.doubleValue!);
  }
  return attributes;
}

function fromJson(body: JsonExport): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
    const service = String(jsonAttributes(resource?.attributes)["service.name"]);
    return (scopeSpans ?? []).flatMap(({ spans = [] }) =>
      spans.map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? "",
        name: span.name,
        kind: span.kind,
        attributes: jsonAttributes(span.attributes),
        status: span.status?.code ?? 0,
      })),
    );
  });
}

// --- http/protobuf: the wire format, read into each message's fields by number.

type Field = number | bigint | Buffer;

/** A message's fields: number -> values in order (varint as number, fixed64 as bigint, bytes as Buffer). */
function fields(bytes: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const [number, wire] = [Math.floor(key / 8), key & 7];
    let value: Field;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = bytes.readBigUInt64LE(at);
      at += 8;
    } else if (wire === 5) {
      value = bytes.readUInt32LE(at);
      at += 4;
    } else if (wire === 2) {
      const length = varint();
      value = bytes.subarray(at, at + length);
      at += length;
    } else throw new Error(`protobuf wire type ${wire} not expected in a trace export`);
    out.set(number, [...(out.get(number) ?? []), value]);
  }
  return out;
}

const all = (message: Map<number, Field[]>, number: number) => (message.get(number) ?? []) as Buffer[];
const text = (message: Map<number, Field[]>, number: number) => all(message, number)[0]?.toString("utf8") ?? "";
const hex = (message: Map<number, Field[]>, number: number) => all(message, number)[0]?.toString("hex") ?? "";

function protobufAttributes(list: Buffer[]): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const bytes of list) {
    const keyValue = fields(bytes);
    const value = fields(all(keyValue, 2)[0] ?? Buffer.alloc(0));
    // AnyValue: 1 string, 2 bool, 3 int64, 4 double.
    if (value.has(1)) attributes[text(keyValue, 1)] = text(value, 1);
    else if (value.has(2)) attributes[text(keyValue, 1)] = value.get(2)![0] === 1;
    else if (value.has(3)) attributes[text(keyValue, 1)] = Number(value.get(3)![0]);
    else if (value.has(4))
      attributes[text(keyValue, 1)] = Buffer.from(
        (value.get(4)![0] as bigint).toString(16).padStart(16, "0"),
        "hex",
      ).readDoubleBE();
  }
  return attributes;
}

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  // ExportTraceServiceRequest.resource_spans (1) -> ResourceSpans { resource (1), scope_spans (2) }
  return all(fields(body), 1).flatMap((resourceSpans) => {
    const message = fields(resourceSpans);
    const resource = fields(all(message, 1)[0] ?? Buffer.alloc(0));
    const service = String(protobufAttributes(all(resource, 1))["service.name"]);
    // ScopeSpans { scope (1), spans (2) } -> Span { trace_id 1, span_id 2, parent_span_id 4,
    // name 5, kind 6, attributes 9, status 15 { code 3 } }
    return all(message, 2).flatMap((scopeSpans) =>
      all(fields(scopeSpans), 2).map((bytes) => {
        const span = fields(bytes);
        const status = fields(all(span, 15)[0] ?? Buffer.alloc(0));
        return {
          service,
          traceId: hex(span, 1),
          spanId: hex(span, 2),
          parentSpanId: hex(span, 4),
          name: text(span, 5),
          kind: Number(span.get(6)?.[0] ?? 0),
          attributes: protobufAttributes(all(span, 9)),
          status: Number(status.get(3)?.[0] ?? 0),
        };
      }),
    );
  });
}
