// HTTP/1.x on a bare socket, for the tests that must control every byte a stock client
// sends (HTTP/1.0, Expect: 100-continue, chunked bodies, back-to-back requests) and see
// every byte of the answer, as the C++ client's own parser does.
import { connect, type Socket } from "node:net";

export interface RawResponse {
  /** The status line, e.g. `HTTP/1.1 200 OK`. */
  readonly statusLine: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Header names as sent, in order. */
  readonly names: readonly string[];
  readonly body: Buffer;
}

/** A connection that reads whole responses, in order, as they arrive. */
export class RawConnection {
  private buffered = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake?.();
    });
    socket.on("end", () => {
      this.ended = true;
      this.wake?.();
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** The next response: an interim one (1xx) has no body; others have a Content-Length. */
  async response(): Promise<RawResponse> {
    const headEnd = await this.until(() => this.buffered.indexOf("\r\n\r\n"));
    const [statusLine, ...lines] = this.buffered.toString("latin1", 0, headEnd).split("\r\n");
    const names = lines.map((line) => line.slice(0, line.indexOf(":")));
    const headers = Object.fromEntries(
      lines.map((line, i) => [names[i]!.toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    const interim = / 1\d\d /.test(statusLine!);
    if (!interim && headers["content-length"] === undefined) {
      throw new Error(`A response without Content-Length: ${statusLine}`);
    }
    const end = headEnd + 4 + (interim ? 0 : Number(headers["content-length"]));
    await this.until(() => (this.buffered.length >= end ? end : -1));
    const body = Buffer.from(this.buffered.subarray(headEnd + 4, end));
    this.buffered = this.buffered.subarray(end);
    return { statusLine: statusLine!, headers, names, body };
  }

  /** Resolves once the server has closed the connection and every byte was read. */
  async closedByServer(): Promise<boolean> {
    await this.until(() => (this.ended ? 0 : -1));
    return this.buffered.length === 0;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Waits for `found` to return a position (not -1); fails if the connection ends first. */
  private async until(found: () => number): Promise<number> {
    for (;;) {
      const at = found();
      if (at !== -1) return at;
      if (this.ended) throw new Error(`The server closed the connection; unread: ${this.buffered.toString("latin1")}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
