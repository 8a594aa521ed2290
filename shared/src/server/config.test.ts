// loadServerConfig: every shared setting from config files and the environment, parsed and
// checked, with plain messages for bad values.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, createConfigReader, loadServerConfig } from "./config";

const defaults = {
  server: {
    host: "0.0.0.0",
    port: 8081,
    keepAliveTimeoutMs: 75000,
    headersTimeoutMs: 10000,
    maxConnections: 4096,
    shutdownGraceMs: 10000,
    shutdownDelayMs: 1000,
  },
  log: { level: "info" },
  auth: {
    enabled: true,
    realm: "echo",
    basicUsers: "ada:secret-1",
    basicUsersFile: "",
    bearerTokens: "ci:token:with:colons",
    bearerTokensFile: "",
  },
  metrics: { requireAuth: false },
  thrift: { path: "/echo", maxBodyBytes: 1048576, maxTimeoutMs: 30000 },
};

function withSetting(path: string, value: unknown): object {
  const copy = structuredClone(defaults) as Record<string, Record<string, unknown>>;
  const [section, key] = path.split(".") as [string, string];
  copy[section]![key] = value;
  return copy;
}

describe("loadServerConfig", () => {
  test("reads every shared setting, parsing the credential lists", () => {
    expect(loadServerConfig(defaults)).toEqual({
      host: "0.0.0.0",
      port: 8081,
      keepAliveTimeoutMs: 75000,
      headersTimeoutMs: 10000,
      maxConnections: 4096,
      shutdownGraceMs: 10000,
      shutdownDelayMs: 1000,
      logLevel: "info",
      auth: {
        realm: "echo",
        basicUsers: new Map([["ada", "secret-1"]]),
        bearerTokens: new Map([["ci", "token:with:colons"]]),
      },
      metricsRequireAuth: false,
      thrift: { path: "/echo", maxBodyBytes: 1048576, maxBodyBytesInFlight: 4 * 1048576, maxTimeoutMs: 30000 },
    });
  });

  test("holds the calls in hand to 4 bodies at the limit, unless told another budget", () => {
    expect(loadServerConfig(withSetting("thrift.maxBodyBytes", "1000")).thrift.maxBodyBytesInFlight).toBe(4_000);
    expect(loadServerConfig(withSetting("thrift.maxBodyBytesInFlight", "5000")).thrift).toEqual({
      path: "/echo",
      maxBodyBytes: 1048576,
      maxBodyBytesInFlight: 5000,
      maxTimeoutMs: 30000,
    });
  });

  test("accepts numbers and booleans as strings, as environment variables give them", () => {
    const config = loadServerConfig(withSetting("server.port", "8080"));
    expect(config.port).toBe(8080);
    expect(loadServerConfig(withSetting("metrics.requireAuth", "true")).metricsRequireAuth).toBe(true);
  });

  test("turns authentication off only when told", () => {
    expect(loadServerConfig(withSetting("auth.enabled", "false")).auth).toBe(false);
  });

  test("refuses to start with authentication on and no credentials", () => {
    const config = { ...defaults, auth: { ...defaults.auth, basicUsers: "", bearerTokens: " " } };
    expect(() => loadServerConfig(config)).toThrow(
      new ConfigError(
        "Authentication is on but no credentials are configured: set AUTH_BASIC_USERS (user:password,…) " +
          "or AUTH_BEARER_TOKENS (name:token,…), or AUTH_ENABLED=false on a trusted network",
      ),
    );
  });

  describe("credentials in files (AUTH_BASIC_USERS_FILE, AUTH_BEARER_TOKENS_FILE: Swarm and Kubernetes secrets)", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "config-secrets-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function secretFile(name: string, text: string): string {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    }

    test("reads each list from its file, a trailing newline included, in place of the inline setting", () => {
      const config = {
        ...defaults,
        auth: {
          ...defaults.auth,
          basicUsers: "",
          basicUsersFile: secretFile("basic", "ada:from-file,bob:b:2\n"),
          bearerTokens: "",
          bearerTokensFile: secretFile("bearer", "ci:file-token\n"),
        },
      };
      expect(loadServerConfig(config).auth).toEqual({
        realm: "echo",
        basicUsers: new Map([
          ["ada", "from-file"],
          ["bob", "b:2"],
        ]),
        bearerTokens: new Map([["ci", "file-token"]]),
      });
    });

    test("takes one list from a file and the other inline", () => {
      const config = {
        ...defaults,
        auth: { ...defaults.auth, bearerTokens: "", bearerTokensFile: secretFile("bearer", "ci:t") },
      };
      expect(loadServerConfig(config).auth).toEqual({
        realm: "echo",
        basicUsers: new Map([["ada", "secret-1"]]),
        bearerTokens: new Map([["ci", "t"]]),
      });
    });

    test("refuses a list set both inline and as a file", () => {
      const config = { ...defaults, auth: { ...defaults.auth, basicUsersFile: secretFile("basic", "ada:other") } };
      expect(() => loadServerConfig(config)).toThrow(
        new ConfigError("Settings auth.basicUsers and auth.basicUsersFile are both set: keep one"),
      );
    });

    test("names the file it cannot read, and the reason", () => {
      const missing = join(dir, "missing");
      const config = { ...defaults, auth: { ...defaults.auth, bearerTokens: "", bearerTokensFile: missing } };
      expect(() => loadServerConfig(config)).toThrow(
        new ConfigError(`Setting auth.bearerTokensFile: cannot read ${missing} (ENOENT)`),
      );
    });

    test("checks a list from a file like an inline one, never showing its secrets", () => {
      const config = {
        ...defaults,
        auth: { ...defaults.auth, basicUsers: "", basicUsersFile: secretFile("basic", "ada:pw,s3cret-only") },
      };
      expect(() => loadServerConfig(config)).toThrow(
        new ConfigError(
          "Setting auth.basicUsers: entry 2 must be name:secret, the name made of letters, digits and . _ @ -",
        ),
      );
    });
  });

  test.each([
    ["server.port", "80a", 'Setting server.port must be an integer from 0 to 65535, got "80a"'],
    ["server.port", 70000, "Setting server.port must be an integer from 0 to 65535, got 70000"],
    [
      "server.shutdownGraceMs",
      -1,
      "Setting server.shutdownGraceMs must be an integer from 0 to 9007199254740991, got -1",
    ],
    [
      "log.level",
      "verbose",
      'Setting log.level must be one of silent, fatal, error, warn, info, debug, trace, got "verbose"',
    ],
    ["auth.enabled", "yes", 'Setting auth.enabled must be true or false, got "yes"'],
    ["server.host", undefined, "Setting server.host is missing (run from the service's folder, next to config/)"],
    ["server.host", 1, "Setting server.host must be a string"],
    [
      "server.shutdownDelayMs",
      10000,
      "Setting server.shutdownDelayMs must be shorter than server.shutdownGraceMs, which includes it",
    ],
    ["thrift.path", "echo", 'Setting thrift.path must be a path such as /echo, got "echo"'],
    ["thrift.path", "/echo/", 'Setting thrift.path must be a path such as /echo, got "/echo/"'],
    ["thrift.maxBodyBytes", 0, "Setting thrift.maxBodyBytes must be an integer from 1 to 9007199254740991, got 0"],
  ])("when %s is %j, it fails with a message naming the setting", (path, value, message) => {
    expect(() => loadServerConfig(withSetting(path, value))).toThrow(new ConfigError(message));
  });
});

describe("createConfigReader", () => {
  test("reads settings of a service's own, by dotted path", () => {
    const read = createConfigReader({ storage: { file: ":memory:", busyTimeoutMs: "250" } });
    expect(read.string("storage.file")).toBe(":memory:");
    expect(read.integer("storage.busyTimeoutMs", 0)).toBe(250);
    expect(() => read.integer("storage.busyTimeoutMs", 1000)).toThrow(
      'Setting storage.busyTimeoutMs must be an integer from 1000 to 9007199254740991, got "250"',
    );
  });
});
