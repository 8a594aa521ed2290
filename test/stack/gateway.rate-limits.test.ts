// Rate limits are per caller: one identity over its limit gets 429 while another, from
// the same address, is served; requests without valid credentials are limited per
// address, apart from every identity.
//
// Against a gateway of its own: the stack's image, network, certificate and credentials,
// started here with limits of 1 request a minute and a burst of 2, so the count decides,
// not the clock (3 calls pass, the rest get 429 for a minute, whatever the machine's
// speed). The stack's own gateway keeps the defaults: with limits that low, every other
// stack test, which share its callers and the one address all host clients arrive from,
// would get 429s; and a test-only credential with limits of its own would need a feature
// the product has no other use for. What the gateway logs of refused GET calls is read
// from that container's output.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DataService } from "@starter/data/gen/data";
import { Echo } from "@starter/echo/gen/echo";
import type { ClientAuth } from "@starter/shared/client";
import { contentTypes, encodeCall, encodeGetPath } from "@starter/shared/core";
import { header, jsonOf, send, type Reply } from "./gateway";
import { startGateway, type GatewayContainer } from "./gateway-container";
import { eventually } from "./replicas";
import { authorization, callers } from "./stack";

const limits = {
  GATEWAY_RATE_LIMIT: "1r/m",
  GATEWAY_RATE_BURST: "2",
  GATEWAY_UNAUTHENTICATED_RATE_LIMIT: "1r/m",
  GATEWAY_UNAUTHENTICATED_RATE_BURST: "2",
};

let gateway: GatewayContainer | undefined;
let gatewayUrl: string;

beforeAll(async () => {
  gateway = await startGateway(limits);
  gatewayUrl = gateway.url;
});
afterAll(async () => {
  await gateway?.remove();
});

const echoCall = encodeCall(Echo.methods["echo"]!, [{ msg: "counted" }], 1, "binary");

/** `count` echo calls in a row with these credentials (none: undefined). */
async function calls(count: number, auth: ClientAuth | { authorization: string } | undefined): Promise<Reply[]> {
  const headers: Record<string, string> = { "content-type": contentTypes.binary };
  if (auth !== undefined) headers["authorization"] = "authorization" in auth ? auth.authorization : authorization(auth);
  const replies: Reply[] = [];
  for (let call = 0; call < count; call++)
    replies.push(await send({ method: "POST", path: "/echo", gatewayUrl, headers, body: echoCall }));
  return replies;
}

const statuses = async (count: number, auth: ClientAuth | { authorization: string } | undefined) =>
  (await calls(count, auth)).map((reply) => reply.status);

describe("Rate limits at the gateway, 1 request a minute and a burst of 2", () => {
  test("When one caller goes over its limit Then it gets the JSON 429, and another caller from the same address is served", async () => {
    const alice = await calls(5, callers.alice);
    expect(alice.map((reply) => reply.status)).toEqual([200, 200, 200, 429, 429]);
    expect({
      contentType: header(alice[4]!, "content-type"),
      cacheControl: header(alice[4]!, "cache-control"),
      retryAfter: header(alice[4]!, "retry-after"),
      body: jsonOf(alice[4]!),
    }).toEqual({
      contentType: "application/json",
      cacheControl: "no-store",
      retryAfter: "1",
      body: { code: "rate_limited", message: "over the rate limit: retry later" },
    });
    await expect(statuses(3, callers.bob)).resolves.toEqual([200, 200, 200]);
  });

  test("When a caller's GET calls go over its limit Then the gateway's logs hold the 429s and no byte of their message", async () => {
    const path = encodeGetPath("/data", DataService.methods["get"]!, ["key-over-the-limit"], "binary");
    const message = new URL(path, gatewayUrl).searchParams.get("m")!;
    const headers = { authorization: authorization(callers.bob) };
    const replies: Reply[] = [];
    for (let call = 0; call < 5; call++) replies.push(await send({ method: "GET", path, gatewayUrl, headers }));
    expect(replies.filter((reply) => reply.status === 429).length).toBeGreaterThanOrEqual(2);
    // The access log is written out within a second (logging.conf): wait for its 429s.
    const logs = await eventually(async () => {
      const { stdout, stderr } = await promisify(execFile)("docker", ["logs", gateway!.id], { maxBuffer: 64 << 20 });
      return (stdout + stderr).includes('"status":429') ? stdout + stderr : undefined;
    });
    expect({ refusalsLogged: logs !== undefined, messageLogged: logs?.includes(message) }).toEqual({
      refusalsLogged: true,
      messageLogged: false,
    });
  });

  test("When requests without valid credentials go over the address's limit Then they get 429, and callers with credentials are served", async () => {
    const wrong = { authorization: `Bearer ${callers.ci.bearer}x` };
    await expect(statuses(5, wrong)).resolves.toEqual([401, 401, 401, 429, 429]);
    await expect(statuses(2, undefined)).resolves.toEqual([429, 429]);
    await expect(statuses(3, callers.ci)).resolves.toEqual([200, 200, 200]);
  });
});
