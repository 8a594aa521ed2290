// The access-log line of an answered call, the one line every call writes, built as one
// string and handed to the logger's destination. It is the line pino writes for
// `logger.info(call, "call")`, byte for byte (call-line.test.ts holds the two equal over
// random calls), without pino's per-line work: an object, its serializers and formatters
// walked, every string escaped. That cost about 4 µs of the 60–70 µs a call costs the
// service (docs/benchmarks.md, "Where the time goes").
//
// Only for a logger made by createLogger (its level, message and time keys are known), and
// values that need no escaping and cannot carry a credential (letters, digits and
// `_ . : @ + -`, at most 200 characters: the request id's rule and the IDL's names; an
// identity is an operator's name for a caller). Anything else, or a trace's ids on the
// line (tracing on), and the line is pino's own.
import pino from "pino";
import { type Logger, madeByCreateLogger } from "./logger";

/** What the line says of a call, in its order. */
export interface CallLine {
  /** Undefined only outside createServerApp's conventions (pino leaves it off the line). */
  requestId: string | undefined;
  identity: string | undefined;
  status: number;
  durationMs: number;
  service: string;
  /** Undefined when the method was not known (pino leaves it off the line). */
  method: string | undefined;
  outcome: string;
}

const plain = /^[\w.:@+-]{0,200}$/;
const { chindingsSym, streamSym, mixinSym, timeSym } = pino.symbols;

/** A writer of `logger`'s call lines; the same line as `logger.info(call, "call")`. */
export function createCallLineWriter(logger: Logger): (call: CallLine) => void {
  const own = logger as unknown as Record<symbol, unknown>;
  const time = own[timeSym] as () => string;
  const fast = madeByCreateLogger(logger) && own[mixinSym] === undefined;
  return (call) => {
    if (!logger.isLevelEnabled("info")) return;
    const { requestId, identity, status, durationMs, service, method, outcome } = call;
    if (
      !fast ||
      requestId === undefined ||
      !plain.test(requestId) ||
      (identity !== undefined && !plain.test(identity)) ||
      !plain.test(service) ||
      method === undefined ||
      !plain.test(method) ||
      !plain.test(outcome) ||
      !Number.isFinite(status) ||
      !Number.isFinite(durationMs)
    ) {
      logger.info(call, "call");
      return;
    }
    // Read per line: pino's child loggers and `setBindings` change them.
    const stream = own[streamSym] as pino.DestinationStream;
    const who = identity === undefined ? "" : `,"identity":"${identity}"`;
    stream.write(
      `{"level":30${time()}${own[chindingsSym] as string},"requestId":"${requestId}"${who},"status":${status},"durationMs":${durationMs},"service":"${service}","method":"${method}","outcome":"${outcome}","msg":"call"}\n`,
    );
  };
}
