// A request handed on with another body: a multiplexed call renamed for the service that
// takes it (multiplexed.ts), or the message inside a THeader frame (header-frame.ts).
import type { ThriftHttpRequest } from "./http";

/** `original` with `body`, and `contentType` when given; everything else is the original's. */
export class ReplacedBody implements ThriftHttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly contentType: string | undefined;
  readonly requestId: string;
  readonly identity: string | undefined;
  readonly headers: ThriftHttpRequest["headers"];
  readonly receivedAt: number | undefined;

  constructor(
    private readonly original: ThriftHttpRequest,
    readonly body: Buffer,
    contentType: string | undefined = original.contentType,
  ) {
    this.method = original.method;
    this.path = original.path;
    this.query = original.query;
    this.contentType = contentType;
    this.requestId = original.requestId;
    this.identity = original.identity;
    this.headers = original.headers;
    this.receivedAt = original.receivedAt;
  }

  /** Read only when a handler asks for it, as the original's may be made on demand. */
  get signal(): AbortSignal | undefined {
    return this.original.signal;
  }
}
