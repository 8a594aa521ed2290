// Includes, scopes and extends across files: fixtures/includes/app.thrift and the files
// it includes (one beside it, one in a subfolder, one through -I, one reached only
// through a typedef, one named like a generated variable and defining names
// TypeScript reserves, one named like CommonJS's module and defining the names of its
// wrapper), generated into fixtures/includes/gen/, one module per file.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Koa from "koa";
import { closeClient, createClient, type CallContext, type ServiceDefinition } from "@starter/shared/client";
import { ThriftMap, ThriftSet } from "@starter/shared/runtime";
import { createThriftService } from "@starter/shared/core";
import { closeAll, track } from "../client/__fixtures__/resources";
import { createThriftRouter } from "../koa/router";
import { IdlError } from "./errors";
import * as app from "./fixtures/includes/gen/app";
import * as base from "./fixtures/includes/gen/base";
import * as input from "./fixtures/includes/gen/input";
import * as commonjs from "./fixtures/includes/gen/module";
import * as types from "./fixtures/includes/gen/types";
import { protocols, roundTrip } from "./fixtures/round-trip";
import { generateFiles } from "./generate";
import { runCli } from "./run-cli";

const fixtures = join(__dirname, "fixtures", "includes");

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("generated modules of an IDL file and its includes", () => {
  it("When checked Then every module in gen/ is what app.thrift and its includes generate", () => {
    const args = ["--check", "--runtime", "../../runtime", "-I", join(fixtures, "lib")];
    expect(run(...args, join(fixtures, "app.thrift"), join(fixtures, "gen"))).toEqual({ code: 0, out: [], err: [] });
  });

  it("writes one module per file, each file's after the files it includes", () => {
    const { modules } = generateFiles(join(fixtures, "app.thrift"), { includeDirs: [join(fixtures, "lib")] });
    expect(modules.map((module) => [module.module, module.file])).toEqual([
      ["shapes", join(fixtures, "common", "shapes.thrift")],
      ["types", join(fixtures, "common", "types.thrift")],
      ["class", join(fixtures, "common", "class.thrift")],
      ["module", join(fixtures, "common", "module.thrift")],
      ["input", join(fixtures, "common", "input.thrift")],
      ["base", join(fixtures, "lib", "base.thrift")],
      ["app", join(fixtures, "app.thrift")],
    ]);
  });

  it("imports the module of each file it names something from, as a namespace", () => {
    const { modules } = generateFiles(join(fixtures, "app.thrift"), { includeDirs: [join(fixtures, "lib")] });
    const imports = (name: string) =>
      modules
        .find((module) => module.module === name)!
        .code.split("\n")
        .filter((line) => line.startsWith("import * as"));
    expect(imports("app")).toEqual([
      'import * as base from "./base.js";',
      // Named like the codecs' variable: theirs becomes input$.
      'import * as input from "./input.js";',
      // Only through the typedef types.Point (app.thrift does not include shapes.thrift),
      // and app.thrift declares a struct shapes.
      'import * as shapes$ from "./shapes.js";',
      'import * as types from "./types.js";',
    ]);
    expect(imports("types")).toEqual(['import * as shapes from "./shapes.js";']);
    // A reserved word, and input.thrift declares a struct class (declared as class$); and
    // a parameter of the function Node wraps a CommonJS module in.
    expect(imports("input")).toEqual([
      'import * as class$$ from "./class.js";',
      'import * as module$ from "./module.js";',
    ]);
    expect(imports("base")).toEqual([]);
  });

  it("exports definitions named like reserved words under their IDL names", () => {
    expect([input.typeof, input.await.B, input.LATEST]).toEqual([3, 2, input.await.B]);
    const problem = new input.arguments({ why: "no" });
    expect([problem instanceof Error, problem.name, problem.why]).toEqual([true, "arguments", "no"]);
    expect(Object.keys(input).sort()).toEqual(
      [
        "ORIGIN",
        "LATEST",
        "await",
        "typeof",
        "exported",
        "classCodec",
        "letCodec",
        "arguments",
        "argumentsCodec",
        "delete",
      ].sort(),
    );
  });

  it("When definitions and a file are named like CommonJS's module, exports, require, __filename, __dirname Then the module loads and exports them under those names", () => {
    const problem = new commonjs.module({ why: "no" });
    expect({
      exports: commonjs.exports,
      require: commonjs.require,
      module: [problem instanceof Error, problem.name, problem.why],
      __filename: commonjs.__filename.F,
      __dirname: commonjs.__dirname,
      // input.thrift's constant, read through its include of module.thrift.
      exported: input.exported,
    }).toEqual({
      exports: 1,
      require: 2,
      module: [true, "module", "no"],
      __filename: 1,
      __dirname: "d",
      exported: 1,
    });
  });

  const uses: app.Uses = {
    shape: { x: 1, inner: { x: 2, tag: { n: 3 } } },
    mode: input.await.A,
    either: { case: "shape", value: { x: 4 } },
    byShape: new ThriftMap<input.class, input.eval>([[{ x: 5, inner: { x: 6 } }, 7]]),
    eithers: new ThriftSet<input.let>([
      { case: "number", value: 8 },
      { case: "shape", value: { x: 9 } },
    ]),
    count: 10,
    modes: [input.await.B],
    next: { shape: { x: 11 }, mode: input.await.B, count: 12, modes: [] },
  };

  it.each(["binary", "compact"] as const)(
    "When a struct of included types crosses the wire in %s Then it reads back equal, keys compared by value",
    (protocol) => {
      const read = roundTrip(app.UsesCodec, uses, protocol);

      expect(read).toEqual(uses);
      expect(read.byShape!.get({ x: 5, inner: { x: 6 } })).toBe(7);
      expect(read.eithers!.has({ case: "shape", value: { x: 9 } })).toBe(true);
    },
  );

  it("When it crosses the wire in json Then it reads back equal (maps with struct keys are not JSON's)", () => {
    const { byShape: _, ...rest } = uses;
    expect(roundTrip(app.UsesCodec, rest, "json")).toEqual(rest);
  });

  it("When its fields are absent Then the included file's constants and enum members are their defaults, fresh each time", () => {
    const read = roundTrip(app.UsesCodec, {}, "binary");

    expect(read).toEqual({
      shape: { x: 0, tag: { n: 1 } },
      mode: input.await.B,
      count: 3,
      modes: [input.await.A, input.await.B],
    });
    expect(read.shape).not.toBe(input.ORIGIN);
    expect(Object.isFrozen(read.shape)).toBe(false);
    expect(Object.isFrozen(input.ORIGIN)).toBe(true);
  });

  it.each(protocols)("When an Order crosses the wire in %s Then every included type reads back equal", (protocol) => {
    const order: app.Order = {
      id: 7n,
      total: { cents: 1250n, currency: types.Currency.USD },
      path: [{ x: 1, y: 2.5 }],
      later: { note: "declared after Order" },
      status: base.Status.DOWN,
      named: { name: "a" },
      traced: { traceId: 99n },
      tags: new Set(["x"]),
    };
    expect(roundTrip(app.OrderCodec, order, protocol)).toEqual(order);
  });

  it("When fields are absent Then the defaults from included enums and constants apply", () => {
    expect(roundTrip(app.OrderCodec, { id: 1n }, "binary")).toEqual({
      id: 1n,
      total: { cents: 0n, currency: types.Currency.EUR },
      status: base.Status.OK,
      tags: new Set(),
    });
    expect([app.FIRST, app.CURRENCIES]).toEqual([0n, [types.Currency.EUR, types.Currency.USD]]);
  });
});

describe("extends", () => {
  it("gives a service its ancestors' methods, with their policies, before its own", () => {
    expect(Object.keys(app.Store.methods)).toEqual(["status", "reset", "order", "restock"]);
    expect(app.Store.methods.status).toBe(base.BaseService.methods.status);
    expect(app.Store.methods.status!.policy).toEqual({
      idempotency: "no_side_effects",
      cacheMaxAge: 1,
      cacheShared: false,
      timeoutMs: undefined,
    });
    expect(app.Store.methods.order).toBe(app.Shop.methods.order);
  });

  it("When served and called Then inherited methods work as the service's own, GET and POST as their policies say", async () => {
    const calls: string[] = [];
    const handler: app.StoreHandler = {
      async status(ctx: CallContext) {
        calls.push(`status ${typeof ctx.requestId}`);
        return base.Status.DOWN;
      },
      async reset(key) {
        calls.push(`reset ${key}`);
        throw new base.NotFound({ key });
      },
      async order(id) {
        calls.push(`order ${id}`);
        return { id };
      },
      async restock(count) {
        calls.push(`restock ${count}`);
      },
    };
    const requests: string[] = [];
    const client = await serve(app.Store, handler, requests);

    await expect(client.status()).resolves.toBe(base.Status.DOWN);
    await expect(client.reset("k")).rejects.toEqual(new base.NotFound({ key: "k" }));
    await expect(client.order(3n)).resolves.toEqual({
      id: 3n,
      total: { cents: 0n, currency: 0 },
      status: 1,
      tags: new Set(),
    });
    await client.restock(2);
    expect(requests).toEqual(["GET /service/status", "POST /service", "GET /service/order", "POST /service"]);
    expect(calls.slice(0, 3)).toEqual(["status string", "reset k", "order 3"]);
  });

  it("When a service extends one of an included file named like a keyword Then its methods and exceptions work", async () => {
    const handler: app.RemoverHandler = {
      async remove(target, mode) {
        if (target.x === undefined) throw new input.arguments({ why: `no x, mode ${mode}` });
        return mode;
      },
      async uses(value) {
        return value;
      },
    };
    const client = await serve(app.Remover, handler, []);

    expect(Object.keys(app.Remover.methods)).toEqual(["remove", "uses"]);
    await expect(client.remove({ x: 1 })).resolves.toBe(input.await.A);
    await expect(client.remove({}, input.await.B)).rejects.toEqual(new input.arguments({ why: "no x, mode 2" }));
    await expect(client.uses({ count: 1 })).resolves.toEqual({
      shape: { x: 0, tag: { n: 1 } },
      mode: input.await.B,
      count: 1,
      modes: [input.await.A, input.await.B],
    });
  });
});

/** A client of `definition` served by `handler` over HTTP; `requests` records each request's method and path. */
async function serve<H, C>(definition: ServiceDefinition<H, C>, handler: H, requests: string[]): Promise<C> {
  const koa = new Koa();
  koa.use((ctx, next) => {
    requests.push(`${ctx.method} ${ctx.path}`);
    return next();
  });
  const router = createThriftRouter({ "/service": createThriftService(definition, handler) });
  koa.use(router.routes()).use(router.allowedMethods());
  const server = koa.listen(0, "127.0.0.1");
  await once(server, "listening");
  track({
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  const client = createClient(definition, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/service`,
  });
  // Any service's client, a method named close or not: closeClient closes it.
  track({ close: () => closeClient(client) });
  return client;
}

afterEach(closeAll);

describe("finding included files", () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const modulesOf = (file: string, includeDirs: string[] = []) =>
    generateFiles(join(dir, file), { includeDirs: includeDirs.map((d) => join(dir, d)) }).modules.map((m) => m.file);
  const failure = (file: string, includeDirs: string[] = []) => {
    try {
      modulesOf(file, includeDirs);
    } catch (error) {
      if (error instanceof IdlError) return error.message.replaceAll(dir, "<dir>");
      throw error;
    }
    throw new Error("accepted");
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "thrift-includes-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("looks beside the including file first, then in each -I directory in order", () => {
    write({
      "main.thrift": 'include "a.thrift"\ninclude "b.thrift"\nstruct M { 1: a.A a; 2: b.B b }',
      "a.thrift": "struct A {}",
      "one/a.thrift": "struct Wrong {}",
      "one/b.thrift": "struct B {}",
      "two/b.thrift": "struct Wrong {}",
    });
    expect(modulesOf("main.thrift", ["one", "two"])).toEqual([
      join(dir, "a.thrift"),
      join(dir, "one", "b.thrift"),
      join(dir, "main.thrift"),
    ]);
  });

  it("resolves an include inside an included file relative to that file", () => {
    write({
      "main.thrift": 'include "sub/mid.thrift"\nstruct M { 1: mid.Mid m }',
      "sub/mid.thrift": 'include "leaf.thrift"\nstruct Mid { 1: leaf.Leaf l }',
      "sub/leaf.thrift": "struct Leaf {}",
    });
    expect(modulesOf("main.thrift")).toEqual([
      join(dir, "sub", "leaf.thrift"),
      join(dir, "sub", "mid.thrift"),
      join(dir, "main.thrift"),
    ]);
  });

  it("When an include is found nowhere Then it warns where it looked, and generates if nothing from it is used", () => {
    write({ "main.thrift": 'include "gone.thrift"\nstruct A {}' });
    const { modules, warnings } = generateFiles(join(dir, "main.thrift"), { includeDirs: [join(dir, "one")] });
    expect(modules.map((module) => module.module)).toEqual(["main"]);
    expect(warnings).toEqual([
      `${join(dir, "main.thrift")}:1:1: warning: include "gone.thrift" was not found in ${dir}, ${join(dir, "one")} (-I)`,
    ]);
  });

  it("checks a file included twice once", () => {
    write({
      "main.thrift": 'include "a.thrift"\ninclude "b.thrift"\nstruct M { 1: a.A a; 2: b.B b }',
      "a.thrift": 'include "c.thrift"\nstruct A { 1: c.C c }',
      "b.thrift": 'include "c.thrift"\nstruct B { 1: c.C c }',
      "c.thrift": "struct C {}",
    });
    expect(modulesOf("main.thrift").map((file) => file.slice(dir.length + 1))).toEqual([
      "c.thrift",
      "a.thrift",
      "b.thrift",
      "main.thrift",
    ]);
  });

  it.each([
    [
      "an include cycle, naming the cycle",
      { "main.thrift": 'include "a.thrift"', "a.thrift": 'include "b.thrift"', "b.thrift": '\n  include "a.thrift"' },
      "<dir>/b.thrift:2:3: include cycle: <dir>/a.thrift -> <dir>/b.thrift -> <dir>/a.thrift",
    ],
    [
      "a file including itself",
      { "main.thrift": 'include "main.thrift"' },
      "<dir>/main.thrift:1:1: include cycle: <dir>/main.thrift -> <dir>/main.thrift",
    ],
    [
      "a name from an include found nowhere",
      { "main.thrift": 'include "gone.thrift"\nstruct A { 1: gone.G g }' },
      '<dir>/main.thrift:2:15: A.g: unknown type gone.G: include "gone.thrift" was not found in <dir>, <dir>/one (-I)',
    ],
    [
      "two files with one base name, whose modules would be one file",
      {
        "main.thrift": 'include "x/types.thrift"\ninclude "y/other.thrift"',
        "x/types.thrift": "struct A {}",
        "y/other.thrift": 'include "types.thrift"',
        "y/types.thrift": "struct B {}",
      },
      "<dir>/y/types.thrift: <dir>/x/types.thrift has the same base name: each file generates types.ts, so one must be renamed",
    ],
    [
      "a name from a file included only by an included file",
      {
        "main.thrift": 'include "a.thrift"\nstruct M { 1: c.C c }',
        "a.thrift": 'include "c.thrift"',
        "c.thrift": "struct C {}",
      },
      "<dir>/main.thrift:2:15: M.c: unknown type c.C: no included file is named c.thrift",
    ],
    [
      "a name the included file does not define",
      { "main.thrift": 'include "a.thrift"\nstruct M { 1: a.Nope n }', "a.thrift": "struct A {}" },
      "<dir>/main.thrift:2:15: M.n: a.thrift has no type Nope",
    ],
    [
      "extends of an included name that is not a service",
      { "main.thrift": 'include "a.thrift"\nservice S extends a.A {}', "a.thrift": "struct A {}" },
      "<dir>/main.thrift:2:19: service S extends a.A, which is not a service of a.thrift",
    ],
    [
      "extends of a service in an included file that was not found (Hive's fb303 without -I)",
      { "main.thrift": 'include "fb303.thrift"\nservice S extends fb303.FacebookService {}' },
      '<dir>/main.thrift:2:19: service S extends fb303.FacebookService, which is not a service: include "fb303.thrift" was not found in <dir>, <dir>/one (-I)',
    ],
    [
      "extends of a name whose prefix is no included file",
      { "main.thrift": "service S extends fb303.FacebookService {}" },
      "<dir>/main.thrift:1:19: service S extends fb303.FacebookService, which is not a service: no included file is named fb303.thrift",
    ],
    [
      "a method declared again by an extending service",
      { "main.thrift": 'include "a.thrift"\nservice S extends a.P { void m() }', "a.thrift": "service P { void m() }" },
      "<dir>/main.thrift:2:30: S.m is already declared by P, which S extends",
    ],
  ])("refuses %s", (_, files, message) => {
    write(files);
    expect(failure("main.thrift", ["one"])).toBe(message);
  });
});

describe("scopes within a file", () => {
  const failure = (idl: string) => {
    try {
      generateFiles("t.thrift", { readFile: (path) => (path === "t.thrift" ? idl : undefined) });
    } catch (error) {
      if (error instanceof IdlError) return error.message;
      throw error;
    }
    throw new Error("accepted");
  };

  it.each([
    ["service B extends A {}\nservice A {}", "t.thrift:1:19: service B extends A, which must be declared before it"],
    ["struct A {}\nservice B extends A {}", "t.thrift:2:19: service B extends A, which is not a service"],
    [
      "service S { void m() throws (1: E e) }\nexception E {}",
      "t.thrift:1:33: exception E must be declared before the service that throws it",
    ],
    ["const i32 X = Y\nconst i32 Y = 1", "t.thrift:1:15: X: Y must be declared before X, which uses it"],
    ["const E X = E.A\nenum E { A }", "t.thrift:1:13: X: E must be declared before X, which uses it"],
    ["service S { void m() }\nservice S {}", 't.thrift:2:9: service S needs the name "S", already used by service S'],
  ])("refuses %p", (idl, message) => {
    expect(failure(idl)).toBe(message);
  });
});
