// The gateway refuses callers without valid credentials with 401, before any replica
// or cached answer is involved; Basic users and Bearer tokens both pass.
import { DataService } from "@starter/data/gen/data";
import { Echo } from "@starter/echo/gen/echo";
import { UserService } from "@starter/user/gen/user";
import { HttpStatusError } from "@starter/shared/client";
import { clients, closeClients, described, rejection } from "./clients";
import { getCall, header, jsonOf, postCall, send, summary, type Reply } from "./gateway";
import { callers } from "./stack";

afterAll(closeClients);

const bearer = callers.ci.bearer;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const refusedCredentials: [string, Record<string, string>][] = [
  ["no Authorization header", {}],
  ["alice with a wrong password", { authorization: basic("alice", `${callers.alice.basic.password}x`) }],
  ["an unknown user with alice's password", { authorization: basic("mallory", callers.alice.basic.password) }],
  ["a Bearer token that is not issued", { authorization: "Bearer not-a-token" }],
  ["the right token in other letter case", { authorization: `Bearer ${bearer.toUpperCase()}` }],
  ["a Basic header that is not base64", { authorization: "Basic !!!" }],
  ["an unknown scheme", { authorization: `Token ${bearer}` }],
];

const routes: [string, (headers: Record<string, string>) => Promise<Reply>][] = [
  ["POST /echo", (headers) => postCall("echo", Echo, "echo", [{ msg: "hi" }], { headers })],
  ["GET /data/ping", (headers) => getCall("data", DataService, "ping", [], { headers })],
  ["GET /user/getUsers", (headers) => getCall("user", UserService, "getUsers", [[1n]], { headers })],
];

/** What the gateway answers to a refused caller, the reply a replica never saw. */
const refused = {
  status: 401,
  contentType: "application/json",
  cacheControl: "no-store",
  cacheStatus: "NONE",
  challenge: 'Basic realm="gateway", charset="UTF-8", Bearer realm="gateway"',
  servedBy: undefined,
  body: { code: "unauthenticated", message: "missing or invalid credentials" },
};

function answer(reply: Reply) {
  const json = reply.headers["content-type"] === "application/json" ? jsonOf(reply) : reply.body.length;
  return {
    ...summary(reply),
    challenge: header(reply, "www-authenticate"),
    servedBy: header(reply, "x-served-by"),
    body: json,
  };
}

describe.each(routes)("Auth at the gateway, %s", (_route, call) => {
  test.each(refusedCredentials)(
    "When the caller sends %s Then the gateway answers 401 itself",
    async (_case, headers) => {
      expect(answer(await call(headers))).toEqual(refused);
    },
  );

  test.each([
    ["alice (Basic)", { authorization: basic("alice", callers.alice.basic.password) }],
    ["bob (Basic)", { authorization: basic("bob", callers.bob.basic.password) }],
    ["the ci token (Bearer)", { authorization: `Bearer ${bearer}` }],
    ["the ci token with a lower-case scheme", { authorization: `bearer ${bearer}` }],
  ])("When the caller is %s Then a replica answers 200", async (_case, headers) => {
    const reply = await call(headers);
    expect({ status: reply.status, servedBy: header(reply, "x-served-by") }).toEqual({
      status: 200,
      servedBy: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
  });
});

describe("Auth through the typed client", () => {
  test("When a client has wrong credentials Then its calls reject with HttpStatusError 401 unauthenticated", async () => {
    const expected = described(
      new HttpStatusError(401, "HTTP 401: missing or invalid credentials", "unauthenticated", undefined),
    );
    const wrongBasic = clients.echo({ auth: { basic: { username: "bob", password: "wrong" } } });
    const wrongBearer = clients.data({ auth: { bearer: "wrong" } });
    await expect(rejection(wrongBasic.echo({ msg: "hi" }))).resolves.toEqual(expected);
    await expect(rejection(wrongBearer.counter("k"))).resolves.toEqual(expected);
  });

  test("When a client has the ci Bearer token Then its calls succeed", async () => {
    await expect(clients.echo({ auth: callers.ci }).echo({ msg: "as ci" })).resolves.toEqual({ msg: "as ci" });
  });
});

test("When the gateway's own health check is called without credentials Then it answers 200: it is open", async () => {
  const reply = await send({ method: "GET", path: "/healthz" });
  expect({ status: reply.status, body: jsonOf(reply) }).toEqual({ status: 200, body: { status: "ok" } });
});
