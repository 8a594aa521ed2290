// The command line of `thrift-http breaking`: exit statuses, the summary without -v,
// usage and IDL errors, and acknowledged breaks.
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { breaking, run, writeTree } from "./__fixtures__/breaking";
import { breakingUsage } from "./run";

const old = "struct A { 1: i32 x }\nservice S { void a(); void b() }";
const now = "struct A { 1: i32 x; 2: i32 y }\nservice S { void a() }";
const removal = "old.thrift:2:23: break method-removed: S.b: no longer served by S";

describe("thrift-http breaking OLD.thrift NEW.thrift", () => {
  it("When an IDL is compared with itself Then it is compatible with no changes", () => {
    expect(breaking(old, old)).toEqual({ code: 0, out: ["compatible: no changes"], err: [] });
  });

  it("When there are safe changes only and no -v Then it counts them", () => {
    expect(breaking(old, old.replace("}\n", "; 2: i32 y }\n"))).toEqual({
      code: 0,
      out: ["compatible: 1 safe change (-v lists them)"],
      err: [],
    });
  });

  it("When there is a break Then it lists the break, counts the rest, and exits 1", () => {
    expect(breaking(old, now)).toEqual({
      code: 1,
      out: [removal, "1 breaking change; 1 safe change (-v lists them)"],
      err: [],
    });
  });

  it("When -v is given Then the safe changes follow the breaks", () => {
    expect(breaking(old, now, ["-v"])).toEqual({
      code: 1,
      out: [
        removal,
        "new.thrift:1:22: safe field-added: A.y: field 2 (i32) is added",
        "1 breaking change; 1 safe change",
      ],
      err: [],
    });
  });

  it("When --help is given Then it prints the usage and exits 0", () => {
    expect(run("/", ["--help"])).toEqual({ code: 0, out: [breakingUsage], err: [] });
  });

  it.each([
    [["only-one.thrift"], "expected OLD.thrift NEW.thrift, got 1 arguments"],
    [["a", "b", "c"], "expected OLD.thrift NEW.thrift, got 3 arguments"],
    [["--bogus", "a", "b"], "Unknown option '--bogus'"],
    [["--against", "HEAD"], "--against needs at least one pattern of IDL files"],
    [
      ["--against", "HEAD", "-I", "x", "*.thrift"],
      "-I and --old-include are for OLD.thrift NEW.thrift; --against finds includes beside each file",
    ],
  ])("When the arguments are %j Then it prints the usage and exits 2", (args, message) => {
    const result = run("/", args);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toContain(`thrift-http breaking: ${message}`);
    expect(result.err[0]).toContain(breakingUsage);
  });

  it("When a file does not exist Then it says so and exits 2", () => {
    expect(run("/", ["/nowhere/old.thrift", "/nowhere/new.thrift"])).toEqual({
      code: 2,
      out: [],
      err: ["/nowhere/old.thrift: no such file"],
    });
  });

  it("When a file cannot be read Then it says why and exits 2, without a stack trace", () => {
    const dir = writeTree({ "new.thrift": old });
    try {
      symlinkSync("loop.thrift", join(dir, "loop.thrift"));
      const result = run(dir, [join(dir, "loop.thrift"), join(dir, "new.thrift")]);
      expect(result).toEqual({
        code: 2,
        out: [],
        err: [expect.stringMatching(/^thrift-http breaking: ELOOP: .*loop\.thrift'$/)],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("When NEW does not load Then it prints the IDL error at its place and exits 2", () => {
    expect(breaking(old, "struct A { 1: Missing x }")).toEqual({
      code: 2,
      out: [],
      err: ["new.thrift:1:15: A.x: unknown type Missing"],
    });
  });

  it("When an IDL has warnings Then they go to standard error and the comparison goes on", () => {
    const implicit = "struct A { i32 x }";
    expect(breaking(implicit, implicit)).toEqual({
      code: 0,
      out: ["compatible: no changes"],
      err: [
        "old.thrift:1:12: warning: A.x has no field id: numbered -1, which may change when fields are added",
        "new.thrift:1:12: warning: A.x has no field id: numbered -1, which may change when fields are added",
      ],
    });
  });
});

describe("thrift-http breaking --acks FILE", () => {
  const acks = (text: string) => ({ "acks.txt": text });

  it("When every break is acknowledged Then it prints them with their reasons and exits 0", () => {
    const file = "# deliberate breaks\n\n$DIR/old.thrift method-removed S.b: nobody calls b since v2\n";
    expect(breaking(old, now, ["--acks", "$DIR/acks.txt"], acks(file))).toEqual({
      code: 0,
      out: [
        "old.thrift:2:23: acknowledged method-removed: S.b: no longer served by S (acks.txt:3: nobody calls b since v2)",
        "compatible: 1 acknowledged break; 1 safe change (-v lists them)",
      ],
      err: [],
    });
  });

  it("When a break is not acknowledged Then it says how to acknowledge it and exits 1", () => {
    expect(breaking(old, now, ["--acks", "$DIR/acks.txt"], acks(""))).toEqual({
      code: 1,
      out: [removal, "1 breaking change; 1 safe change (-v lists them)"],
      err: [
        "A deliberate break? Acknowledge it in acks.txt with the reason, reviewed with the change: old.thrift method-removed S.b: <reason>",
      ],
    });
  });

  it("When an acknowledgement matches no break Then it warns and the result stands", () => {
    expect(breaking(old, old, ["--acks", "$DIR/acks.txt"], acks("old.thrift method-removed S.b: gone\n"))).toEqual({
      code: 0,
      out: ["compatible: no changes"],
      err: [
        "acks.txt:1: warning: no such break here (once it is in the base ref, remove the line): old.thrift method-removed S.b",
      ],
    });
  });

  it.each([
    ["old.thrift method-removed S.b", "acks.txt:1: not an acknowledgement"],
    ["old.thrift method-removed", "acks.txt:1: not an acknowledgement"],
    ["old.thrift method-removed S.b:   ", "acks.txt:1: the reason is missing"],
    ["old.thrift no-such-rule S.b: why", 'acks.txt:1: unknown rule "no-such-rule"'],
    ["old.thrift field-added A.y: why", "acks.txt:1: field-added is not a break"],
  ])("When the file holds %j Then it exits 2 naming the line", (line, message) => {
    const result = breaking(old, now, ["--acks", "$DIR/acks.txt"], acks(line));
    expect(result.code).toBe(2);
    expect(result.err).toEqual([`thrift-http breaking: ${message}; expected "<file> <rule> <subject>: <reason>"`]);
  });

  it("When the file does not exist Then it exits 2", () => {
    const dir = writeTree({ "a.thrift": old });
    try {
      expect(run(dir, ["--acks", join(dir, "acks.txt"), join(dir, "a.thrift"), join(dir, "a.thrift")])).toEqual({
        code: 2,
        out: [],
        err: ["thrift-http breaking: acks.txt: no such file"],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
