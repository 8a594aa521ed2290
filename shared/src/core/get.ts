// The GET form of a side-effect-free call, after Connect RPC: the whole CALL message
// (seqid 0) travels base64url-encoded in the query, so HTTP caches can serve it.
//
//     GET <servicePath>/<method>?p=<protocol>&m=<base64url message>
//
// `p` is left out for binary. The same arguments give the same URL: the encoding is
// deterministic. The server reads any URL that carries one message as base64url (padded
// or not, other parameters ignored), and refuses what is not base64url. Other spellings
// of one call are other cache keys: a caller who uses one misses the cache, which costs
// no more than the POST it could send instead.
import type { MethodDefinition } from "./definition";
import { encodeCall } from "./message";
import type { ProtocolName } from "./protocols";
import { quoted } from "./quote";

/** The query of a GET call, decoded. */
export type GetQuery = { protocol: ProtocolName; bytes: Buffer } | { error: string };

const protocolNames: ReadonlySet<string> = new Set<ProtocolName>(["binary", "compact", "json"]);

/** The path and query of a GET call; throws for a method that is not `no_side_effects`. */
export function encodeGetPath(
  servicePath: string,
  method: MethodDefinition,
  args: readonly unknown[],
  protocol: ProtocolName = "binary",
): string {
  if (method.policy.idempotency !== "no_side_effects") {
    throw new TypeError(`${method.name} may have side effects: it cannot be called with GET`);
  }
  const message = encodeCall(method, args, 0, protocol).toString("base64url");
  const query = protocol === "binary" ? `m=${message}` : `p=${protocol}&m=${message}`;
  return `${servicePath}/${method.name}?${query}`;
}

/** Decodes the query string (without `?`) of a GET call. */
export function decodeGetQuery(query: string): GetQuery {
  const params = new URLSearchParams(query);
  const messages = params.getAll("m");
  if (messages.length !== 1) return { error: "Expected exactly one m parameter: the base64url-encoded call" };
  const protocols = params.getAll("p");
  if (protocols.length > 1) return { error: "Expected at most one p parameter" };
  const protocol = protocols[0] ?? "binary";
  if (!protocolNames.has(protocol))
    return { error: `Unknown protocol ${JSON.stringify(quoted(protocol))}: expected binary, compact or json` };
  const text = withoutPadding(messages[0]!);
  const bytes = Buffer.from(text, "base64url");
  // Buffer.from skips characters that are not base64url; a round trip catches them.
  if (bytes.length === 0 || bytes.toString("base64url") !== text) return { error: "Parameter m is not base64url" };
  return { protocol: protocol as ProtocolName, bytes };
}

function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */) end--;
  return end === text.length ? text : text.slice(0, end);
}
