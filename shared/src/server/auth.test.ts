// createAuth: Basic and Bearer credentials, the caller's identity they give, the 401 that
// names the accepted schemes, and the options it refuses.
import Koa from "koa";
import { listen, type Listening } from "./__fixtures__/listen";
import { createAuth, type AuthOptions } from "./auth";
import type { ServerState } from "./state";

const options: AuthOptions = {
  basicUsers: new Map([["ada", "lovelace:1815"]]),
  bearerTokens: new Map([
    ["ci", "token-ci-0123456789"],
    ["deploy", "token-deploy-9876543210"],
  ]),
  realm: "echo",
};

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** `header` with a bit the decoder ignores set in its last base64 digit: the same bytes, not canonical. */
function strayBits(header: string): string {
  const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const at = header.replace(/=+$/, "").length - 1;
  return header.slice(0, at) + digits[digits.indexOf(header[at]!) + 1] + header.slice(at + 1);
}

let server: Listening;
beforeAll(async () => {
  const app = new Koa<ServerState>();
  app.use(createAuth(options));
  app.use((ctx) => {
    ctx.body = { identity: ctx.state.identity };
  });
  server = await listen(app);
});
afterAll(() => server.close());

async function call(authorization?: string) {
  const response = await fetch(server.url, { headers: authorization ? { authorization } : {} });
  return {
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    body: await response.json(),
  };
}

const challenge = 'Basic realm="echo", charset="UTF-8", Bearer realm="echo"';

describe("createAuth", () => {
  test("when a Basic user gives the right password, then the user name is the identity", async () => {
    expect(await call(basic("ada", "lovelace:1815"))).toEqual({
      status: 200,
      challenge: null,
      body: { identity: "ada" },
    });
  });

  test("when accepted credentials come again, then they are accepted as the same caller, and a wrong password for that user still is not", async () => {
    const results = [];
    for (const authorization of [
      basic("ada", "lovelace:1815"),
      basic("ada", "lovelace:1815"),
      basic("ada", "lovelace:1816"),
      basic("ada", "lovelace:1815"),
    ]) {
      const { status, body } = await call(authorization);
      results.push([status, body]);
    }
    expect(results).toEqual([
      [200, { identity: "ada" }],
      [200, { identity: "ada" }],
      [401, { code: "unauthenticated", message: "invalid credentials" }],
      [200, { identity: "ada" }],
    ]);
  });

  test("when a known Bearer token is given, then its name is the identity", async () => {
    expect(await call("Bearer token-deploy-9876543210")).toEqual({
      status: 200,
      challenge: null,
      body: { identity: "deploy" },
    });
    expect(await call("bearer token-ci-0123456789")).toMatchObject({ status: 200, body: { identity: "ci" } });
  });

  test("when no credentials are given, then 401 names the accepted schemes", async () => {
    expect(await call()).toEqual({
      status: 401,
      challenge,
      body: { code: "unauthenticated", message: "credentials required" },
    });
  });

  test.each([
    ["a wrong password", basic("ada", "lovelace")],
    ["an unknown user", basic("bob", "lovelace:1815")],
    ["a wrong token", "Bearer token-ci-0123456788"],
    ["a token as a Basic password", basic("ci", "token-ci-0123456789")],
    ["a password as a token", "Bearer lovelace:1815"],
    ["an empty Bearer", "Bearer"],
    ["Basic without a colon", `Basic ${Buffer.from("ada").toString("base64")}`],
    ["Basic that is not base64", "Basic !!!"],
    // Read as the gateway reads them (nginx/entrypoint.sh, 3): canonical base64 only, so
    // one credential has one spelling and takes one place among the remembered ones.
    ["Basic in base64 without its padding", basic("ada", "lovelace:1815").replace(/=+$/, "")],
    ["Basic in base64 that is not canonical", strayBits(basic("ada", "lovelace:1815"))],
    ["an unknown scheme", "Digest username=ada"],
    ["a token followed by more words", "Bearer token-ci-0123456789 more"],
  ])("when %s is given, then 401", async (_case, authorization) => {
    expect(await call(authorization)).toEqual({
      status: 401,
      challenge,
      body: { code: "unauthenticated", message: "invalid credentials" },
    });
  });

  test("when only tokens are configured, then only Bearer is offered and Basic is refused", async () => {
    const app = new Koa<ServerState>();
    app.use(createAuth({ ...options, basicUsers: new Map() }));
    const tokensOnly = await listen(app);
    const response = await fetch(tokensOnly.url, { headers: { authorization: basic("ada", "lovelace:1815") } });
    await tokensOnly.close();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="echo"');
  });

  test("refuses to be created without credentials, or with a bad realm or user name", () => {
    expect(() => createAuth({ ...options, basicUsers: new Map(), bearerTokens: new Map() })).toThrow(
      "createAuth: no credentials given; configure Basic users or Bearer tokens",
    );
    expect(() => createAuth({ ...options, realm: 'a"b' })).toThrow(
      "createAuth: realm must be printable ASCII without quotes or backslashes",
    );
    expect(() => createAuth({ ...options, basicUsers: new Map([["a:b", "pw"]]) })).toThrow(
      'createAuth: Basic user name "a:b" contains ":"',
    );
    expect(() => createAuth({ ...options, bearerTokens: new Map([["ci", ""]]) })).toThrow(
      "createAuth: every user and token needs a name and a non-empty secret",
    );
  });
});
