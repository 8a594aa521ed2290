// What `thrift-http call` prints for each way a call ends, and, with -v, for each HTTP
// answer: standard output carries the Thrift answer (a result, or an exception as
// {"exception": NAME, "fields": {...}}), standard error everything about HTTP.
import type { Field } from "../codegen/model";
import { AbortError, ApplicationError, ClientError, HttpStatusError } from "../client/errors";
import type { CallResponse, MethodDefinition } from "../core/definition";
import type { DynamicCodecs } from "../dynamic/codec";
import { applicationExceptionJson, exceptionJson } from "../dynamic/exception-json";
import { escapeC1, jsonText, toJson, type JsonNode } from "../dynamic/json-write";
import { typeText } from "../dynamic/model";
import { exitStatus, printable, type CliIo } from "./io";

/** The headers `-v` shows of each answer, when it has them. */
const shownHeaders = ["x-served-by", "x-cache-status", "x-request-id"];

/** What a call's printing needs: where, how, and the method called. */
export interface CallPrinter {
  readonly io: CliIo;
  readonly codecs: DynamicCodecs;
  readonly indent: number;
  readonly method: MethodDefinition;
  /** The method's declared exceptions, as the IDL has them. */
  readonly throws: readonly Field[];
}

/** The `-v` line of one HTTP answer, and the headers it has of those shown. */
export function describeResponse(response: CallResponse, url: string, method: string, elapsedMs: number): string {
  // A GET call's message is in its query, which says nothing to a reader.
  const target = response.method === "GET" ? `${url.replace(/\/+$/, "")}/${method}?m=…` : url;
  const lines = [
    `* ${response.method} ${target}: HTTP ${response.status} after ${elapsedMs.toFixed(1)} ms (attempt ${response.attempt})`,
  ];
  for (const name of shownHeaders) {
    const value = response.headers[name];
    if (value !== undefined) lines.push(`  ${name}: ${printable(String(value))}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Prints a call's failure; returns the exit status it means. */
export function printFailure(printer: CallPrinter, error: unknown, last: CallResponse | undefined): number {
  const { io, method } = printer;
  const declared = method.exceptions.find((exception) => error instanceof exception.type);
  if (declared !== undefined) {
    const field = printer.throws.find((thrown) => thrown.name === declared.name)!;
    printException(printer, exceptionJson(typeText(field.type), toJson(printer.codecs, field.type, error)));
    return exitStatus.answeredWithError;
  }
  if (error instanceof ApplicationError) {
    printException(printer, applicationExceptionJson(error.type, error.message));
    return exitStatus.answeredWithError;
  }
  if (error instanceof HttpStatusError) {
    io.err(`thrift-http: HTTP ${error.status}\n`);
    const body = last !== undefined && last.status === error.status ? errorBody(last) : undefined;
    if (body !== undefined) io.err(`${body}\n`);
    return exitStatus.transport;
  }
  if (error instanceof ClientError && !(error instanceof AbortError)) {
    // transport, timeout, protocol: no Thrift answer.
    io.err(`thrift-http: ${error.code} error: ${printable(error.message)}\n`);
    return exitStatus.transport;
  }
  throw error;
}

function printException(printer: CallPrinter, document: JsonNode): void {
  printer.io.out(`${jsonText(document, { indent: printer.indent })}\n`);
}

/** An error answer's body as one line: JSON as JSON, anything else by its size and type only. */
function errorBody(response: CallResponse): string | undefined {
  if (response.body.length === 0) return undefined;
  const type = String(response.headers["content-type"] ?? "no content type");
  if (type.includes("json")) {
    try {
      // Parsed and written again: one line, and no control character reaches the terminal.
      return escapeC1(JSON.stringify(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(response.body))));
    } catch {
      // Not JSON after all: described below.
    }
  }
  return `(${response.body.length} bytes of ${printable(type)})`;
}
