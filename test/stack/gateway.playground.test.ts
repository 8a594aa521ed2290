// The playground at /_playground/ (README, "Playground"): in Chromium, with the
// credentials a person would type at the browser's prompt, it lists the services, calls
// them through the gateway in TJSON over HTTP/2 and shows the answer; without credentials
// there is no page; switched off, it is the gateway's 404. Its headers, the strict CSP
// first, are checked on the raw answers.
//
// The browser tests need Chromium (scripts/chromium-ensure.sh, run by `make test-stack`):
// without one they are skipped, saying so, except in CI (CI=true), where they fail.
// PLAYGROUND_SCREENSHOT=docs/playground.png saves the README's screenshot on the way.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumPath, launchBrowser } from "./browser";
import { header, jsonOf, send, summary } from "./gateway";
import { startGateway } from "./gateway-container";
import { hostnamesOf } from "./replicas";
import { authorization, callers, stack, unique } from "./stack";

const pagePolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const alice = { authorization: authorization(callers.alice) };

describe("The playground's files through the gateway", () => {
  test("When the page is asked for with credentials Then it is served with the page's strict CSP and the security headers", async () => {
    const page = await send({ method: "GET", path: "/_playground/", headers: alice });
    expect({
      ...summary(page),
      ...pick(
        page,
        "content-security-policy",
        "strict-transport-security",
        "x-content-type-options",
        "referrer-policy",
      ),
    }).toEqual({
      status: 200,
      contentType: "text/html; charset=utf-8",
      cacheControl: "private, no-cache",
      cacheStatus: "NONE",
      "content-security-policy": pagePolicy,
      "strict-transport-security": "max-age=63072000",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    expect(header(page, "x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(page.body.toString()).toContain('<script src="app.js" defer></script>');
    const script = await send({ method: "GET", path: "/_playground/app.js", headers: alice });
    expect({ ...summary(script), policy: header(script, "content-security-policy") }).toEqual({
      status: 200,
      contentType: "text/javascript; charset=utf-8",
      cacheControl: "private, no-cache",
      cacheStatus: "NONE",
      policy: pagePolicy,
    });
  });

  test("When the page is asked for without credentials Then it is the JSON 401 with its challenge, and no page content", async () => {
    const reply = await send({ method: "GET", path: "/_playground/" });
    expect({
      ...summary(reply),
      challenge: header(reply, "www-authenticate"),
      policy: header(reply, "content-security-policy"),
      body: jsonOf(reply),
    }).toEqual({
      status: 401,
      contentType: "application/json",
      cacheControl: "no-store",
      cacheStatus: "NONE",
      challenge: 'Basic realm="gateway", charset="UTF-8", Bearer realm="gateway"',
      policy: "default-src 'none'; frame-ancestors 'none'",
      body: { code: "unauthenticated", message: "missing or invalid credentials" },
    });
  });

  test("When a file the playground does not have is asked for Then it is the gateway's JSON 404", async () => {
    const reply = await send({ method: "GET", path: "/_playground/nothing.js", headers: alice });
    expect({ status: reply.status, body: jsonOf(reply) }).toEqual({
      status: 404,
      body: { code: "not_found", message: "no such route on the gateway" },
    });
  });

  test("When a playground file, or the page, is sent another method than GET or HEAD Then it is the JSON 405 with Allow", async () => {
    const methodNotAllowed = {
      status: 405,
      contentType: "application/json",
      cacheControl: "no-store",
      cacheStatus: "NONE",
      allow: "GET, HEAD",
      body: { code: "method_not_allowed", message: "Allowed here: GET, HEAD" },
    };
    for (const [method, path] of [
      ["POST", "/_playground/app.js"],
      ["PUT", "/_playground/index.html"],
      ["DELETE", "/_playground/"],
      ["OPTIONS", "/_playground/app.js"],
    ] as const) {
      const reply = await send({ method, path, headers: alice, body: Buffer.from("{}") });
      expect({ ...summary(reply), allow: header(reply, "allow"), body: jsonOf(reply) }).toEqual(methodNotAllowed);
    }
    const head = await send({ method: "HEAD", path: "/_playground/app.js", headers: alice });
    expect({ status: head.status, contentType: header(head, "content-type") }).toEqual({
      status: 200,
      contentType: "text/javascript; charset=utf-8",
    });
  });

  test("When the page's address is asked for without its slash Then a 301 with no body sends the browser to /_playground/, after the credentials", async () => {
    const moved = await send({ method: "GET", path: "/_playground", headers: alice });
    expect({ ...summary(moved), location: header(moved, "location"), body: moved.body.toString() }).toEqual({
      status: 301,
      contentType: "application/json",
      cacheControl: "no-store",
      cacheStatus: "NONE",
      location: "/_playground/",
      body: "",
    });
    const anonymous = await send({ method: "GET", path: "/_playground" });
    expect({ status: anonymous.status, body: jsonOf(anonymous) }).toEqual({
      status: 401,
      body: { code: "unauthenticated", message: "missing or invalid credentials" },
    });
  });

  test("When the gateway runs with GATEWAY_PLAYGROUND=off Then /_playground/, and /_playground, is its JSON 404, with credentials or without", async () => {
    const gateway = await startGateway({ GATEWAY_PLAYGROUND: "off" });
    try {
      const notFound = {
        status: 404,
        contentType: "application/json",
        body: { code: "not_found", message: "no such route on the gateway" },
      };
      for (const headers of [alice, {}]) {
        for (const path of ["/_playground/", "/_playground"]) {
          const reply = await send({ method: "GET", path, headers, gatewayUrl: gateway.url });
          expect({ status: reply.status, contentType: header(reply, "content-type"), body: jsonOf(reply) }).toEqual(
            notFound,
          );
        }
      }
      // The rest of that gateway is as ever.
      const echo = await send({ method: "GET", path: "/healthz", gatewayUrl: gateway.url });
      expect(echo.status).toBe(200);
    } finally {
      await gateway.remove();
    }
  });
});

const browserPath = chromiumPath();
if (browserPath === undefined) {
  const message =
    "gateway.playground: no Chromium (apt-get install chromium, or set CHROMIUM_PATH): the browser tests are skipped";
  if (process.env["CI"]) throw new Error(`${message.replace("are skipped", "cannot run")}, and CI must run them`);
  console.warn(message);
}
const inBrowser = browserPath === undefined ? describe.skip : describe;

inBrowser("The playground in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** What the page logged as errors (a CSP violation among them): none, at the end of each test. */
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser(browserPath!);
    // The credentials are given when the gateway asks for them (its 401 and WWW-Authenticate),
    // as a person would at the browser's prompt.
    context = await browser.newContext({
      httpCredentials: { username: callers.alice.basic.username, password: callers.alice.basic.password },
      viewport: { width: 1100, height: 640 },
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    errors = [];
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto(`${stack.gatewayUrl}/_playground/`);
    expect(response?.status()).toBe(200);
  });
  afterEach(async () => {
    await page.close();
    expect(errors).toEqual([]);
  });

  /** Chooses `Service.method`, sends `args` (the example when undefined), and reads what the page shows. */
  async function call(method: string, args?: unknown) {
    await page.locator(`button[data-method="${method}"]`).click();
    const example = JSON.parse(await page.locator("#args").inputValue()) as unknown;
    if (args !== undefined) await page.locator("#args").fill(JSON.stringify(args, null, 2));
    await page.locator("#send").click();
    await page.locator("#result:not([hidden]):not([aria-busy])").waitFor();
    const facts = await page
      .locator("#facts")
      .evaluate((list) =>
        Object.fromEntries(
          [...list.querySelectorAll("dt")].map((term) => [term.textContent, term.nextElementSibling?.textContent]),
        ),
      );
    return {
      example,
      status: await page.locator("#status").textContent(),
      facts,
      output: JSON.parse((await page.locator("#output").textContent())!) as unknown,
    };
  }

  test("When Echo.echo is chosen and sent Then its example is shown, and the reply with the HTTP facts, all over HTTP/2", async () => {
    const services = await page.locator("nav h2").allTextContents();
    expect(services).toEqual(["DataService/data", "Echo/echo", "UserService/user"]);
    const shown = await call("Echo.echo", { req: { msg: "hello from Chromium" } });
    expect(shown).toEqual({
      example: { req: { msg: "msg" } },
      status: expect.stringMatching(/^POST · HTTP 200 · \d+\.\d ms · result$/),
      facts: {
        "X-Served-By": expect.any(String),
        "X-Cache-Status": "NONE",
        "X-Request-ID": expect.stringMatching(uuid),
      },
      output: { msg: "hello from Chromium" },
    });
    expect(await hostnamesOf("echo")).toContain(shown.facts["X-Served-By"]);
    // Run in the page: typed here as the browser's Performance API has it.
    type Timings = { getEntriesByType(type: string): { name: string; nextHopProtocol: string }[] };
    const protocols = await page.evaluate(() => {
      const timings = performance as unknown as Timings;
      return [...timings.getEntriesByType("navigation"), ...timings.getEntriesByType("resource")].map((entry) => [
        new URL(entry.name).pathname,
        entry.nextHopProtocol,
      ]);
    });
    expect(protocols.sort()).toEqual([
      ["/_playground/", "h2"],
      ["/_playground/app.css", "h2"],
      ["/_playground/app.js", "h2"],
      ["/echo", "h2"],
    ]);
    const screenshot = process.env["PLAYGROUND_SCREENSHOT"];
    if (screenshot) await page.screenshot({ path: screenshot, type: "png" });
  });

  test("When DataService.get is sent for a missing key Then its GET is answered with the declared KeyNotFound", async () => {
    const key = unique("playground-missing");
    const shown = await call("DataService.get", { key });
    expect(shown).toEqual({
      example: { key: "key" },
      status: expect.stringMatching(/^GET · HTTP 200 · \d+\.\d ms · exception$/),
      facts: {
        "X-Served-By": expect.any(String),
        "X-Cache-Status": "MISS",
        "X-Request-ID": expect.stringMatching(uuid),
      },
      output: { exception: "KeyNotFound", fields: { key, message: `no entry for key "${key}"` } },
    });
  });

  test("When arguments do not fit the IDL Then nothing is sent and the page says where", async () => {
    await page.locator('button[data-method="DataService.increment"]').click();
    await page.locator("#args").fill('{"key": "a", "delta": 1.5}');
    await page.locator("#send").click();
    await page.locator("#result:not([hidden])").waitFor();
    expect({
      status: await page.locator("#status").textContent(),
      output: await page.locator("#output").textContent(),
    }).toEqual({
      status: "Not sent",
      output: expect.stringMatching(/^Arguments: delta: /),
    });
  });

  test("When the page is opened without credentials Then the browser gets the 401 and no page", async () => {
    const anonymous = await browser.newContext();
    try {
      const stranger = await anonymous.newPage();
      const answers: { path: string; status: number }[] = [];
      stranger.on("response", (response) =>
        answers.push({ path: new URL(response.url()).pathname, status: response.status() }),
      );
      // With no credentials to give at the prompt, Chromium gives up on the page.
      await expect(stranger.goto(`${stack.gatewayUrl}/_playground/`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
      expect({ answers, services: await stranger.locator("nav").count() }).toEqual({
        answers: [{ path: "/_playground/", status: 401 }],
        services: 0,
      });
    } finally {
      await anonymous.close();
    }
  });
});

function pick(reply: Awaited<ReturnType<typeof send>>, ...names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, header(reply, name)]));
}
