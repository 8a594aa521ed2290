// One id follows a call through the gateway, the services it reaches and their logs. A
// caller's (or nginx's) X-Request-ID is kept when it looks like an id; anything else (too
// long, odd characters that could forge log lines) is replaced by a fresh one. The one
// rule for every way into a service: the server's requestId() middleware, and the Thrift
// router mounted without it.
import { randomUUID } from "node:crypto";

const saneId = /^[\w.:-]{1,128}$/;

/** Whether `value` may serve as a request id: 1-128 of letters, digits, `_ . : -`. */
export function isRequestId(value: unknown): value is string {
  return typeof value === "string" && saneId.test(value);
}

/** The id a request goes by: its `X-Request-ID` when that is a sane id, else a fresh UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return isRequestId(header) ? header : randomUUID();
}
