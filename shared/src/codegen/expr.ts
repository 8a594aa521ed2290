// Expressions as small trees, so an expression that does not fit on a line is broken
// as Prettier would: a call one argument per line, an array or object literal one
// element per line, a call of a single literal hugging it.

export type Expr = string | Call | Arrow | Bracketed | Wrapped;

interface Call {
  readonly kind: "call";
  readonly callee: string;
  readonly args: readonly Expr[];
}

interface Arrow {
  readonly kind: "arrow";
  readonly params: readonly string[];
  readonly body: Expr;
}

/** An array or object literal: `open` items `close`, e.g. `[`, `]` or `{ `, ` }`. */
interface Bracketed {
  readonly kind: "bracketed";
  readonly open: string;
  readonly close: string;
  readonly items: readonly Expr[];
}

/** Text around an expression: a property `name: value`, a method call after it. */
interface Wrapped {
  readonly kind: "wrapped";
  readonly before: string;
  readonly expr: Expr;
  readonly after: string;
}

export const maxLineLength = 100;

export function call(callee: string, ...args: Expr[]): Call {
  return { kind: "call", callee, args };
}

export function arrow(params: readonly string[], body: Expr): Arrow {
  return { kind: "arrow", params, body };
}

export function array(items: readonly Expr[]): Bracketed {
  return { kind: "bracketed", open: "[", close: "]", items };
}

/** An object literal of `[name, value]` properties. */
export function object(properties: readonly (readonly [string, Expr])[]): Bracketed {
  const items = properties.map(([name, value]) => wrap(`${name}: `, value));
  return { kind: "bracketed", open: "{ ", close: " }", items };
}

export function wrap(before: string, expr: Expr, after = ""): Wrapped {
  return { kind: "wrapped", before, expr, after };
}

/** The expression on one line. */
export function flat(expr: Expr): string {
  if (typeof expr === "string") return expr;
  switch (expr.kind) {
    case "call":
      return `${expr.callee}(${expr.args.map(flat).join(", ")})`;
    case "arrow":
      return `(${expr.params.join(", ")}) => ${flat(expr.body)}`;
    case "bracketed":
      if (expr.items.length === 0) return expr.open.trim() + expr.close.trim();
      return expr.open + expr.items.map(flat).join(", ") + expr.close;
    case "wrapped":
      return expr.before + flat(expr.expr) + expr.after;
  }
}

/**
 * `prefix + expr + suffix` as lines indented by `indent` spaces, breaking the
 * outermost expressions first until each line fits.
 */
export function layout(indent: number, prefix: string, expr: Expr, suffix: string): string[] {
  const lines = broken(indent, prefix, expr, suffix);
  // An assignment whose left side leaves no room: the right side on the next lines.
  if (lines[0]!.length > maxLineLength && prefix.endsWith(" = ")) {
    return [" ".repeat(indent) + prefix.trimEnd(), ...layout(indent + 2, "", expr, suffix)];
  }
  return lines;
}

function broken(indent: number, prefix: string, expr: Expr, suffix: string): string[] {
  const pad = " ".repeat(indent);
  const line = pad + prefix + flat(expr) + suffix;
  if (line.length <= maxLineLength || typeof expr === "string") return [line];
  switch (expr.kind) {
    case "wrapped":
      return layout(indent, prefix + expr.before, expr.expr, expr.after + suffix);
    case "arrow": {
      const head = `${prefix}(${expr.params.join(", ")}) =>`;
      return [pad + head, ...layout(indent + 2, "", expr.body, suffix)];
    }
    case "bracketed":
      return [
        pad + prefix + expr.open.trim(),
        ...expr.items.flatMap((item) => layout(indent + 2, "", item, ",")),
        pad + expr.close.trim() + suffix,
      ];
    case "call": {
      const [only] = expr.args;
      // A call of one literal hugs it: `f([` ... `])`.
      if (expr.args.length === 1 && typeof only === "object" && only.kind === "bracketed") {
        return layout(indent, `${prefix}${expr.callee}(`, only, `)${suffix}`);
      }
      return [
        `${pad}${prefix}${expr.callee}(`,
        ...expr.args.flatMap((arg) => layout(indent + 2, "", arg, ",")),
        `${pad})${suffix}`,
      ];
    }
  }
}
