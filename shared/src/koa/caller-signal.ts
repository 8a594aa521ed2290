// An AbortSignal that aborts when the caller goes away before its answer was sent.
import type { ServerResponse } from "node:http";

export function callerSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(new Error("The caller went away"));
  if (response.destroyed && !response.writableFinished) abort();
  else response.once("close", () => response.writableFinished || abort());
  return controller.signal;
}
