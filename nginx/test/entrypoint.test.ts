// The gateway's entrypoint reads the credential lists in shell (nginx/entrypoint.sh), the
// services in TypeScript (shared/src/core/credentials.ts). Held to each other over random
// lists: the entrypoint starts exactly when the services would (and every Bearer token is
// one nginx can match exactly), with exactly the services' names and secrets in its map,
// and never prints a secret.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseCredentials } from "@starter/shared/client";

const entrypoint = join(__dirname, "../entrypoint.sh");
/** RFC 6750's token syntax: what the gateway can match exactly in its map. */
const token68 = /^[A-Za-z0-9._~+/-]+=*$/;

interface Started {
  readonly basic: Map<string, string>;
  readonly bearer: Map<string, string>;
}

/** What the services make of the lists: the credentials, or `refused` (they would not start). */
function services(basicUsers: string, bearerTokens: string): Started | "refused" {
  try {
    const basic = parseCredentials(basicUsers, "AUTH_BASIC_USERS");
    const bearer = parseCredentials(bearerTokens, "AUTH_BEARER_TOKENS");
    return basic.size + bearer.size === 0 ? "refused" : { basic, bearer };
  } catch {
    return "refused";
  }
}

/** Runs the entrypoint on the lists: the credentials its map holds, or `refused` and what it printed. */
function gateway(basicUsers: string, bearerTokens: string): { started: Started | "refused"; printed: string } {
  const runtime = mkdtempSync(join(tmpdir(), "gateway-runtime-"));
  try {
    const env = {
      PATH: process.env["PATH"],
      GATEWAY_RUNTIME_DIR: runtime,
      AUTH_BASIC_USERS: basicUsers,
      AUTH_BEARER_TOKENS: bearerTokens,
    };
    const run = spawnSync("sh", [entrypoint, "true"], { env, encoding: "utf8", timeout: 10_000 });
    if (run.error) throw run.error;
    const printed = run.stdout + run.stderr;
    if (run.status !== 0) return { started: "refused", printed };
    const started: Started = { basic: new Map(), bearer: new Map() };
    for (const line of readFileSync(join(runtime, "auth-identities.conf"), "utf8").split("\n").filter(Boolean)) {
      const [, scheme, pattern, identity] = /^"~\^\(\?i:(basic|bearer)\) \+(.*)\$" "(.*)";$/.exec(line) ?? [];
      if (identity === undefined) throw new Error(`not a map entry: ${line}`);
      const credential = pattern!.replace(/\\([.+])/g, "$1");
      if (scheme === "bearer") started.bearer.set(identity, credential);
      else {
        const decoded = Buffer.from(credential, "base64").toString("utf8");
        expect(decoded.slice(0, decoded.indexOf(":"))).toBe(identity);
        started.basic.set(identity, decoded.slice(decoded.indexOf(":") + 1));
      }
    }
    return { started, printed };
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
}

// Characters that matter to either parser: separators, blanks ASCII and not, what a name or
// a token may hold, what a shell or nginx would read as syntax, and text beyond ASCII.
const char = fc.constantFrom(..."abcXYZ019:,,  \t\n\r\v\f=+/.~-_@*$`\\'\";%#{}()", "\u00a0", "\u2028", "é", "😀");
const text = (maxLength: number) => fc.string({ unit: char, maxLength });
const blank = fc.constantFrom("", " ", "  ", "\t", "\n", "\r\n", "\u00a0");
const name = fc.oneof(fc.stringMatching(/^[\w.@-]{1,64}$/), text(70));
const secret = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,40}=*$/), text(30));
/** A list made of entries, most of them well formed, with blanks around some. */
const list = fc.oneof(
  fc
    .array(fc.tuple(blank, name, secret, blank), { maxLength: 4 })
    .map((entries) => entries.map(([before, n, s, after]) => `${before}${n}:${s}${after}`).join(",")),
  text(60),
);

describe("The gateway's entrypoint and the services read credentials alike", () => {
  test("When the lists are well formed Then the gateway's map holds the services' names and secrets", () => {
    const { started } = gateway(" ada:pass word , bob:p:w=,", "ci:abc.DEF~_+/-=");
    expect(started).toEqual(services(" ada:pass word , bob:p:w=,", "ci:abc.DEF~_+/-="));
    expect(started).toEqual({
      basic: new Map([
        ["ada", "pass word"],
        ["bob", "p:w="],
      ]),
      bearer: new Map([["ci", "abc.DEF~_+/-="]]),
    });
  });

  test.each([
    ["a name listed twice", "ada:a,ada:b", ""],
    ["a name with a line break in it", "ad\na:pw", ""],
    ["no secret", "ada:", ""],
    ["no credentials at all", " , ", ""],
  ])("When a list has %s Then neither starts", (_case, basicUsers, bearerTokens) => {
    expect(services(basicUsers, bearerTokens)).toBe("refused");
    expect(gateway(basicUsers, bearerTokens).started).toBe("refused");
  });

  test("When the lists are anything Then the gateway starts exactly when the services do, with the same credentials", () => {
    fc.assert(
      fc.property(list, list, (basicUsers, bearerTokens) => {
        const expected = services(basicUsers, bearerTokens);
        const { started, printed } = gateway(basicUsers, bearerTokens);
        const matchable = expected !== "refused" && [...expected.bearer.values()].every((token) => token68.test(token));
        expect(started).toEqual(matchable ? expected : "refused");
        // What it printed (a refusal's reason) names entries, never their secrets.
        if (expected !== "refused") {
          for (const value of [...expected.basic.values(), ...expected.bearer.values()]) {
            if (value.length >= 4) expect(printed).not.toContain(value);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
