// One value of the Kitchen fixture's Everything struct (codegen/fixtures/everything.thrift),
// a field of every kind, for the tests that send it through the in-memory client.
import { Color, type Everything } from "../../codegen/fixtures/everything";

/** Every field set; `aString` as given (long text compresses, for the compression tests). */
export function everything(aString = "ß"): Everything {
  return {
    aBool: true,
    aByte: 1,
    anI8: -1,
    anI16: 300,
    anI32: 70_000,
    anI64: 2n ** 62n,
    aDouble: 0.5,
    aString,
    aBinary: Buffer.from([0, 255]),
    color: Color.BLUE,
    id: -1n,
    labels: new Set(["a"]),
  };
}
