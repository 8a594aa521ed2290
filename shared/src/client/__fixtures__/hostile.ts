// The table runner of the hostile-server tests. For each behaviour, a call with side
// effects (`add`) and an idempotent one (`put`), each from a client of its own: each
// settles with the documented error (or its value), at once unless the behaviour is
// to stall (then at its deadline), reaches the server exactly as often as the retry
// rules allow, and nothing is left unhandled. The deadline is long where the call
// should end first: a call that waits for it fails the test on Jest's timeout instead.
import {
  createClient,
  HttpStatusError,
  ProtocolError,
  TimeoutError,
  TransportError,
  type ClientError,
} from "@starter/shared/client";
import { decodeCall, encodeReply } from "@starter/shared/core";
import type { RawRequest } from "./raw-http1";
import { closeAll, track } from "./resources";
import type { TlsFiles } from "./servers";
import { Store } from "./store";

/** A server under test, started for one case. */
export interface Served {
  readonly url: string;
  /** Requests the server has received. */
  sent(): number;
}

type Range = { readonly atLeast: number; readonly atMost: number };

type Expected =
  | { readonly value: true }
  | { readonly error: abstract new (...args: never[]) => ClientError; readonly match?: Record<string, unknown> };

export interface Case {
  readonly when: string;
  readonly start: () => Promise<Served>;
  /** How each call ends: with this value, or rejected with this error. */
  readonly ends: Expected;
  /** Times `add` and `put` reach the server. */
  readonly sent: readonly [number, number | Range];
  /** Set for the behaviours that stall: the call must end at this deadline. */
  readonly deadlineMs?: number;
}

type Outcome = Pick<Case, "ends" | "sent" | "deadlineMs">;

/** A transport failure: retried for `put`, never for `add`. */
export const transport = (match?: Record<string, unknown>): Outcome => ({
  ends: { error: TransportError, ...(match === undefined ? {} : { match }) },
  sent: [1, 3],
});
/** A transport failure whose `cause` has `code`. */
export const transportCause = (code: string): Outcome => transport({ cause: expect.objectContaining({ code }) });
/**
 * One that ends the HTTP/2 session: undici may hand a retry to the dead session before
 * it notices, which sends nothing. That attempt counts, but never reaches the server.
 */
export const sessionEnding: Outcome = { ends: { error: TransportError }, sent: [1, { atLeast: 1, atMost: 3 }] };
/** A server that refused the request unprocessed: one more attempt even for `add`. */
export const unprocessed: Outcome = {
  ends: {
    error: TransportError,
    match: { message: "The server refused the request without processing it (HTTP/2 REFUSED_STREAM or GOAWAY)" },
  },
  sent: [2, 3],
};
export const protocol: Outcome = { ends: { error: ProtocolError }, sent: [1, 1] };
export const timeout: Outcome = { ends: { error: TimeoutError }, sent: [1, 1], deadlineMs: 300 };
export const answered: Outcome = { ends: { value: true }, sent: [1, 1] };
/** An error status that is not retried. */
export const status = (match: Record<string, unknown>): Outcome => ({
  ends: { error: HttpStatusError, match },
  sent: [1, 1],
});

/** The bytes of a successful reply to the call in `body`. */
export function replyTo(body: RawRequest | Buffer): Buffer {
  const call = decodeCall(Store, Buffer.isBuffer(body) ? body : body.body, "binary");
  if (call.kind !== "call") throw new Error(call.message);
  return encodeReply(call.method, 0, "binary", { kind: "success", value: call.method.name === "add" ? 1 : undefined });
}

// Anything thrown or rejected outside a call's promise.
const unhandled: unknown[] = [];
const record = (error: unknown) => unhandled.push(error);

/** One test per case; `tls()` gives the client's CA when the servers speak HTTP/2. */
export function testEach(cases: readonly Case[], tls?: () => TlsFiles): void {
  beforeAll(() => process.on("unhandledRejection", record).on("uncaughtException", record));
  afterAll(() => process.off("unhandledRejection", record).off("uncaughtException", record));

  it.each(cases.map((testCase) => [testCase.when, testCase] as const))("When %s", async (_when, testCase) => {
    const { start, ends, sent, deadlineMs = 60_000 } = testCase;
    const server = await start();
    const clientOf = () =>
      track(
        createClient(Store, {
          url: `${server.url}/store`,
          retry: { baseDelayMs: 1, maxDelayMs: 2 },
          ...(tls === undefined ? {} : { http2: true, ca: tls().ca }),
        }),
      );
    const calls = [
      () => clientOf().add("k", 1, { timeoutMs: deadlineMs }),
      () => clientOf().put("k", "v", { timeoutMs: deadlineMs }),
    ];

    const outcomes: unknown[] = [];
    const counts: number[] = [];
    for (const call of calls) {
      const before = server.sent();
      outcomes.push(
        await call().then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
      );
      counts.push(server.sent() - before);
    }
    await closeAll();
    await new Promise((resolve) => setImmediate(resolve));

    if ("value" in ends) {
      expect(outcomes).toEqual([{ value: 1 }, { value: undefined }]);
    } else {
      for (const outcome of outcomes) {
        const { error } = outcome as { error: unknown };
        expect(error).toBeInstanceOf(ends.error);
        if (ends.match !== undefined) expect(error).toMatchObject(ends.match);
        if (ends.error === TimeoutError) expect(error).toMatchObject({ timeoutMs: deadlineMs });
      }
    }
    const [put, expected] = [counts[1]!, sent[1]];
    if (typeof expected === "number") expect(counts).toEqual(sent);
    else expect([counts[0], put >= expected.atLeast && put <= expected.atMost]).toEqual([sent[0], true]);
    expect(unhandled.splice(0)).toEqual([]);
  });
}
