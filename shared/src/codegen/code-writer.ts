// Generated source, one line at a time, indented by two spaces per block.
import { layout, maxLineLength, type Expr } from "./expr";

export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ""): void {
    this.lines.push(text === "" ? "" : "  ".repeat(this.depth) + text);
  }

  /** `prefix + expr + suffix`, broken over lines if too long. */
  expr(prefix: string, expr: Expr, suffix: string): void {
    this.lines.push(...layout(this.depth * 2, prefix, expr, suffix));
  }

  /** `body` indented one level. */
  indent(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  /** `if (condition) statement`, braced on three lines if too long for one. */
  guard(condition: string, statement: string): void {
    const line = `if (${condition}) ${statement}`;
    if (this.depth * 2 + line.length <= maxLineLength) return this.line(line);
    this.block(`if (${condition}) {`, () => this.line(statement));
  }

  /** `open`, then `body` indented, then `close`. */
  block(open: string, body: () => void, close = "}"): void {
    this.line(open);
    this.indent(body);
    this.line(close);
  }

  /** IDL comment lines as a doc comment. */
  doc(lines: readonly string[]): void {
    // A "*/" inside would end the comment early.
    const safe = lines.map((line) => line.replaceAll("*/", "*\\/"));
    if (safe.length === 0) return;
    if (safe.length === 1) return this.line(`/** ${safe[0]} */`);
    this.line("/**");
    for (const line of safe) this.line(line === "" ? " *" : ` * ${line}`);
    this.line(" */");
  }

  /**
   * An object literal or type literal, `{ a; b }` on one line if it fits, else one
   * member per line. `separator` is "," for values and ";" for types.
   */
  object(prefix: string, members: readonly string[], separator: "," | ";", suffix: string): void {
    this.bracketed(prefix, ["{ ", " }"], members, separator, suffix);
  }

  /** An array literal, on one line if it fits, else one element per line. */
  array(prefix: string, elements: readonly string[], suffix: string): void {
    this.bracketed(prefix, ["[", "]"], elements, ",", suffix);
  }

  /** A parameter list, on one line if it fits, else one parameter per line. */
  params(prefix: string, params: readonly string[], suffix: string): void {
    this.bracketed(prefix, ["(", ")"], params, ",", suffix);
  }

  private bracketed(
    prefix: string,
    [open, close]: readonly [string, string],
    items: readonly string[],
    separator: string,
    suffix: string,
  ): void {
    const flat = items.length === 0 ? open.trim() + close.trim() : open + items.join(`${separator} `) + close;
    if (this.depth * 2 + prefix.length + flat.length + suffix.length <= maxLineLength) {
      return this.line(prefix + flat + suffix);
    }
    this.block(prefix + open.trim(), () => items.forEach((item) => this.line(item + separator)), close.trim() + suffix);
  }

  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}
