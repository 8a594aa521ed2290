// Standard output for the log lines, written without ever stopping the process. Under
// Docker it is a pipe the log collector drains, and it fills when the collector lags. A
// write that waits for room stops every call in the process meanwhile: pino's
// synchronous destination sleeps 100 ms on each EAGAIN. With it, getUser at 16 calls in
// flight on one user replica had a p99 of 102 ms and its event loop stood still for up to
// 112 ms, in each of three rounds of 10 s; with this sink, 7-10 ms and 22-36 ms. pino's
// asynchronous destination writes from libuv's thread pool instead, and the last lines
// were lost at exit (a write still in the pool when the process ended).
//
// So: each batch is written at once, synchronously (a pipe with room takes it whole); what
// the pipe does not take waits here, in order, and is tried again every `retryMs`; past
// `maxWaitingBytes` waiting, lines are dropped and counted, and once the pipe takes lines
// again a line says how many were lost. `drainSync` writes what waits before the process
// exits, waiting for room (bounded), so that the last lines, a fatal one included, are kept.
import { writeSync } from "node:fs";
import { hostname } from "node:os";

export interface OutputSinkOptions {
  /** The file descriptor written; 1 (standard output) by default. */
  fd?: number;
  /** Bytes of lines kept while the descriptor takes none; past it lines are dropped. Default 16 MiB. */
  maxWaitingBytes?: number;
  /** How long to wait before trying again a descriptor that took nothing, in ms. Default 10. */
  retryMs?: number;
  /** The line written once lines were dropped (with its newline), given how many. Default: a pino warn line. */
  droppedLine?: (count: number) => string;
  /** Longest `drainSync` waits for room, in ms. Default 10,000. */
  maxDrainMs?: number;
}

export interface OutputSink {
  /** Writes `text` (whole lines) now, or keeps it to write once there is room. */
  write(text: string): void;
  /** Writes what waits, waiting for room up to `maxDrainMs`: for the process's exit. */
  drainSync(): void;
  /** Bytes waiting for room. */
  readonly waitingBytes: number;
}

// A warn line as the logger writes them (logger.ts), for every logger of the process.
const defaultDroppedLine = (count: number) => {
  const msg = `${count} log lines dropped: standard output took none for a while`;
  const line = { level: 40, time: new Date().toISOString(), pid: process.pid, hostname: hostname(), msg };
  return `${JSON.stringify(line)}\n`;
};

/**
 * Node opens standard output as a libuv stream the first time it is used, which makes a
 * pipe non-blocking (O_NONBLOCK): a full pipe then answers EAGAIN at once instead of
 * holding the write, and the lines wait here. (A file stays as it is: it never fills.)
 */
const openStandardOutput = (): number => process.stdout.fd;

export function createOutputSink(options: OutputSinkOptions = {}): OutputSink {
  const fd = options.fd ?? 1;
  if (fd === 1) openStandardOutput();
  const maxWaitingBytes = options.maxWaitingBytes ?? 16 * 1024 * 1024;
  const retryMs = options.retryMs ?? 10;
  const droppedLine = options.droppedLine ?? defaultDroppedLine;
  const maxDrainMs = options.maxDrainMs ?? 10_000;
  const waiting: Buffer[] = [];
  let waitingBytes = 0;
  let dropped = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  // Writes what waits, in order; false once the descriptor takes no more for now.
  const writeWaiting = (): boolean => {
    while (waiting.length > 0) {
      const head = waiting[0]!;
      let written: number;
      try {
        written = writeSync(fd, head);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EAGAIN") return false;
        // Closed or gone (EPIPE, EBADF): nothing written from now on can arrive.
        closed = true;
        waiting.length = 0;
        waitingBytes = 0;
        return true;
      }
      waitingBytes -= written;
      if (written < head.length) waiting[0] = head.subarray(written);
      else waiting.shift();
    }
    if (dropped > 0) {
      const count = dropped;
      dropped = 0;
      enqueue(Buffer.from(droppedLine(count)));
      return writeWaiting();
    }
    return true;
  };
  const enqueue = (bytes: Buffer) => {
    waiting.push(bytes);
    waitingBytes += bytes.length;
  };
  const retry = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (!writeWaiting()) retry();
    }, retryMs).unref();
  };

  return {
    write(text: string) {
      if (closed) return;
      const bytes = Buffer.from(text);
      if (waitingBytes + bytes.length > maxWaitingBytes) {
        for (const byte of bytes) if (byte === 0x0a) dropped++;
        return;
      }
      enqueue(bytes);
      // Waiting lines go first: while a retry is due, these wait behind them.
      if (timer === undefined && !writeWaiting()) retry();
    },
    drainSync() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const until = Date.now() + maxDrainMs;
      while (!writeWaiting() && Date.now() < until) Atomics.wait(pause, 0, 0, 1);
    },
    get waitingBytes() {
      return waitingBytes;
    },
  };
}
