// IDL text to syntax tree, with every syntax error reported at once.
import {
  createParser,
  createScanner,
  type ThriftDocument,
  type ThriftError,
} from "@creditkarma/thrift-parser";
import { IdlError, located } from "./errors";

/** Parses one IDL file; throws an `IdlError` listing every syntax error. */
export function parseIdl(source: string, file: string): ThriftDocument {
  // The package's own parse() prints errors to the console; the scanner and parser
  // take a reporter instead, and resynchronize to find the errors that follow.
  const errors: ThriftError[] = [];
  const scanner = createScanner(source, (error) => {
    errors.push(error);
    scanner.syncronize();
  });
  const tokens = scanner.scan();
  const parser = createParser(tokens, (error) => {
    errors.push(error);
    parser.synchronize();
  });
  const document = parser.parse();
  if (errors.length > 0) {
    throw new IdlError(errors.map((error) => located(file, error.loc, error.message)).join("\n"));
  }
  return document;
}
