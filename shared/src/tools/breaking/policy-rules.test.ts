// The policy rules: every transition of every annotation policy.ts parses, with the
// whole output and the exit status (docs/tools.md, "Policy changes", says why each is
// safe or not).
import { policyKeys } from "../../codegen/policy";
import { breaking } from "./__fixtures__/breaking";

/** A service with one method `get` of these annotations. */
const idl = (annotations: string) =>
  `service S {\n  string get(1: string key)${annotations === "" ? "" : ` (${annotations})`}\n}`;
const at = "new.thrift:2:3";

type Case = readonly [title: string, old: string, now: string, out: readonly string[], code: 0 | 1];

const idempotency: readonly Case[] = [
  [
    "none to idempotent",
    "",
    'idempotency = "idempotent"',
    [`${at}: safe idempotency-added: S.get: idempotency was none, is idempotent`, "compatible: 1 safe change"],
    0,
  ],
  [
    "none to no_side_effects",
    "",
    'idempotency = "no_side_effects"',
    [
      `${at}: break get-added: S.get: idempotency was none, is no_side_effects: new clients send GET, servers on OLD answer 405; deploy every server first`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "idempotent to none",
    'idempotency = "idempotent"',
    "",
    [
      `${at}: break idempotency-removed: S.get: idempotency was idempotent, is none: deployed clients still retry it`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "idempotent to no_side_effects",
    'idempotency = "idempotent"',
    'idempotency = "no_side_effects"',
    [
      `${at}: break get-added: S.get: idempotency was idempotent, is no_side_effects: new clients send GET, servers on OLD answer 405; deploy every server first`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "no_side_effects to none",
    'idempotency = "no_side_effects"',
    "",
    [
      `${at}: break get-removed: S.get: idempotency was no_side_effects, is none: deployed clients send GET, new servers answer 405`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "no_side_effects to idempotent",
    'idempotency = "no_side_effects"',
    'idempotency = "idempotent"',
    [
      `${at}: break get-removed: S.get: idempotency was no_side_effects, is idempotent: deployed clients send GET, new servers answer 405`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "no_side_effects written out where it was",
    'idempotency = "no_side_effects"',
    'idempotency="no_side_effects"',
    ["compatible: no changes"],
    0,
  ],
];

const readOnly = 'idempotency = "no_side_effects"';
const caching: readonly Case[] = [
  [
    "cache.max_age raised",
    `${readOnly}, cache.max_age = "5"`,
    `${readOnly}, cache.max_age = "60"`,
    [`${at}: safe cache-max-age-changed: S.get: cache.max_age was 5 s, is 60 s`, "compatible: 1 safe change"],
    0,
  ],
  [
    "cache.max_age added",
    readOnly,
    `${readOnly}, cache.max_age = "5"`,
    [`${at}: safe cache-max-age-changed: S.get: cache.max_age was 0 (not cached), is 5 s`, "compatible: 1 safe change"],
    0,
  ],
  [
    "cache.max_age removed",
    `${readOnly}, cache.max_age = "5"`,
    readOnly,
    [`${at}: safe cache-max-age-changed: S.get: cache.max_age was 5 s, is 0 (not cached)`, "compatible: 1 safe change"],
    0,
  ],
  [
    "cache.shared true to false",
    `${readOnly}, cache.max_age = "5", cache.shared = "true"`,
    `${readOnly}, cache.max_age = "5", cache.shared = "false"`,
    [
      `${at}: break cache-unshared: S.get: cache.shared was true, is false: purge shared caches and wait 5 s after the last OLD server stops`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "cache.shared and cache.max_age removed",
    `${readOnly}, cache.max_age = "5", cache.shared = "true"`,
    readOnly,
    [
      `${at}: break cache-unshared: S.get: cache.shared was true, is false: purge shared caches and wait 5 s after the last OLD server stops`,
      `${at}: safe cache-max-age-changed: S.get: cache.max_age was 5 s, is 0 (not cached)`,
      "1 breaking change; 1 safe change",
    ],
    1,
  ],
  [
    "cache.shared false to true",
    `${readOnly}, cache.max_age = "5"`,
    `${readOnly}, cache.max_age = "5", cache.shared = "true"`,
    [`${at}: safe cache-shared-added: S.get: cache.shared was false, is true`, "compatible: 1 safe change"],
    0,
  ],
];

const timeouts: readonly Case[] = [
  [
    "timeout_ms lowered",
    'timeout_ms = "2000"',
    'timeout_ms = "1000"',
    [`${at}: break timeout-lowered: S.get: timeout_ms was 2000 ms, is 1000 ms`, "1 breaking change"],
    1,
  ],
  [
    "timeout_ms raised",
    'timeout_ms = "1000"',
    'timeout_ms = "2000"',
    [`${at}: safe timeout-raised: S.get: timeout_ms was 1000 ms, is 2000 ms`, "compatible: 1 safe change"],
    0,
  ],
  [
    "timeout_ms added, below the client's default",
    "",
    'timeout_ms = "5000"',
    [
      `${at}: break timeout-lowered: S.get: timeout_ms was unset (the client's default, 10000 ms), is 5000 ms`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "timeout_ms added, above the client's default",
    "",
    'timeout_ms = "20000"',
    [
      `${at}: safe timeout-raised: S.get: timeout_ms was unset (the client's default, 10000 ms), is 20000 ms`,
      "compatible: 1 safe change",
    ],
    0,
  ],
  ["timeout_ms added, equal to the client's default", "", 'timeout_ms = "10000"', ["compatible: no changes"], 0],
  [
    "timeout_ms removed, above the client's default",
    'timeout_ms = "20000"',
    "",
    [
      `${at}: break timeout-lowered: S.get: timeout_ms was 20000 ms, is unset (the client's default, 10000 ms)`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "timeout_ms removed, below the client's default",
    'timeout_ms = "5000"',
    "",
    [
      `${at}: safe timeout-raised: S.get: timeout_ms was 5000 ms, is unset (the client's default, 10000 ms)`,
      "compatible: 1 safe change",
    ],
    0,
  ],
];

/** A service with one oneway method `later` of these annotations (`durable` is for oneway methods only). */
const onewayIdl = (annotations: string) =>
  `service S {\n  oneway void later(1: string key)${annotations === "" ? "" : ` (${annotations})`}\n}`;

const durability: readonly Case[] = [
  [
    "durable added",
    "",
    'durable = "true"',
    [
      `${at}: safe durable-added: S.later: durable was false, is true: calls are kept in the database before they are answered`,
      "compatible: 1 safe change",
    ],
    0,
  ],
  [
    "durable false to true",
    'durable = "false"',
    'durable = "true"',
    [
      `${at}: safe durable-added: S.later: durable was false, is true: calls are kept in the database before they are answered`,
      "compatible: 1 safe change",
    ],
    0,
  ],
  [
    "durable removed",
    'durable = "true"',
    "",
    [
      `${at}: break durable-removed: S.later: durable was true, is false: an answered call is lost if its replica dies, and calls OLD servers kept run only where a durable method is left`,
      "1 breaking change",
    ],
    1,
  ],
  [
    "durable true to false",
    'durable = "true"',
    'durable = "false"',
    [
      `${at}: break durable-removed: S.later: durable was true, is false: an answered call is lost if its replica dies, and calls OLD servers kept run only where a durable method is left`,
      "1 breaking change",
    ],
    1,
  ],
  ["durable false written out where it was absent", "", 'durable = "false"', ["compatible: no changes"], 0],
];

describe("thrift-http breaking: the policy rules", () => {
  describe.each([
    ["idempotency", idempotency],
    ["cache.max_age and cache.shared", caching],
    ["timeout_ms", timeouts],
  ] as const)("%s", (_, cases) => {
    it.each(cases)("When %s Then it prints exactly that", (_title, old, now, out, code) => {
      expect(breaking(idl(old), idl(now), ["-v"])).toEqual({ code, out, err: [] });
    });
  });

  describe("durable", () => {
    it.each(durability)("When %s Then it prints exactly that", (_title, old, now, out, code) => {
      expect(breaking(onewayIdl(old), onewayIdl(now), ["-v"])).toEqual({ code, out, err: [] });
    });

    it("When a durable oneway method gets a reply Then both the oneway change and the lost durability are breaks", () => {
      const now = "service S {\n  void later(1: string key)\n}";
      expect(breaking(onewayIdl('durable = "true"'), now)).toEqual({
        code: 1,
        out: [
          `${at}: break method-oneway-changed: S.later: was oneway: old callers read no reply, and old servers send none to new callers`,
          `${at}: break durable-removed: S.later: durable was true, is false: an answered call is lost if its replica dies, and calls OLD servers kept run only where a durable method is left`,
          "2 breaking changes",
        ],
        err: [],
      });
    });
  });

  it("covers every annotation policy.ts knows", () => {
    const covered = [...idempotency, ...caching, ...timeouts, ...durability]
      .flatMap(([, old, now]) => [old, now])
      .join(" ");
    for (const key of policyKeys)
      expect({ key, covered: covered.includes(`${key} =`) }).toEqual({ key, covered: true });
  });

  it("When a method's policy changes with the method removed Then only the removal is reported", () => {
    expect(breaking(idl(readOnly), "service S {}")).toEqual({
      code: 1,
      out: ["old.thrift:2:3: break method-removed: S.get: no longer served by S", "1 breaking change"],
      err: [],
    });
  });
});
