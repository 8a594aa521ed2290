// Recursive and mutually recursive types as generated from fixtures/everything.thrift:
// deep values round trip, and reading stays within the decoder's nesting limit.
import { Thrift } from "thrift";
import { createReader } from "../core/reader";
import { defaultDecodeLimits } from "../core/limits";
import { createWriter } from "../core/writer";
import { ChainCodec, Chain, ExprCodec, TreeCodec, type Expr, type Tree } from "./fixtures/everything";
import { caught, encode, protocols, roundTrip } from "./fixtures/round-trip";

const { DEPTH_LIMIT } = Thrift.TProtocolExceptionType;

/** A tree `depth` structs deep, each the parent of the next. */
function lineage(depth: number): Tree {
  let tree: Tree = { label: "0" };
  for (let i = 1; i < depth; i++) tree = { label: String(i), parent: tree };
  return tree;
}

/** 1 + 2 + ... as a left-leaning chain of binary operations, `depth` unions deep. */
function sum(depth: number): Expr {
  let expr: Expr = { case: "literal", value: 0n };
  for (let i = 1; i < depth; i++) {
    expr = { case: "operation", value: { op: "+", left: expr, right: { case: "literal", value: BigInt(i) } } };
  }
  return expr;
}

/** `input` with its message opened, at the struct inside. */
function opened<T extends { readMessageBegin(): unknown }>(input: T): T {
  input.readMessageBegin();
  return input;
}

describe.each(protocols)("over %s", (protocol) => {
  it("When a tree nests through a typedef'd list, a map and an optional field Then it reads back equal", () => {
    const tree: Tree = {
      label: "root",
      children: [
        { label: "a", children: [{ label: "a1" }] },
        { label: "b", byName: new Map([["c", { label: "c" }]]) },
      ],
      parent: { label: "up", parent: { label: "top" } },
    };

    expect(roundTrip(TreeCodec, tree, protocol)).toEqual(tree);
  });

  it("When unions and structs refer to each other Then a deep expression reads back equal", () => {
    const expr: Expr = { case: "sum", value: [sum(20), { case: "tree", value: lineage(3) }] };

    expect(roundTrip(ExprCodec, expr, protocol)).toEqual(expr);
  });

  it("When an exception holds one of its own kind Then it reads back as nested instances", () => {
    const chain = roundTrip(
      ChainCodec,
      new Chain({ reason: "outer", inner: new Chain({ reason: "inner" }) }),
      protocol,
    );

    expect(chain).toBeInstanceOf(Chain);
    expect(chain.inner).toBeInstanceOf(Chain);
    expect(chain.inner!.reason).toBe("inner");
  });

  it("When a value nests as deep as the limit allows Then it reads", () => {
    // The message's struct is one level, each Tree another.
    const tree = lineage(defaultDecodeLimits.maxDepth - 1);

    expect(roundTrip(TreeCodec, tree, protocol)).toEqual(tree);
  });

  it("When a value nests deeper than the limit Then reading fails with DEPTH_LIMIT, promptly", () => {
    const bytes = encode(TreeCodec, lineage(defaultDecodeLimits.maxDepth + 1), protocol);
    const input = createReader(protocol, bytes);

    // JSON is checked when the message is opened, the others as they nest.
    expect(caught(() => TreeCodec.read(opened(input)))).toMatchObject({
      name: "TProtocolException",
      type: DEPTH_LIMIT,
    });
  });

  it("When a reader is given a lower limit Then it applies to recursive types too", () => {
    const writer = createWriter(protocol);
    writer.protocol.writeMessageBegin("m", Thrift.MessageType.CALL, 0);
    ExprCodec.write(writer.protocol, sum(10));
    writer.protocol.writeMessageEnd();
    const input = createReader(protocol, writer.toBuffer(), { maxDepth: 8 });

    expect(caught(() => ExprCodec.read(opened(input)))).toMatchObject({ type: DEPTH_LIMIT });
  });
});
