// Expressions as small trees, so a call that does not fit on a line is broken one
// argument per line (as Prettier would) instead of running past the margin.

export type Expr = string | Call | Arrow;

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

export const maxLineLength = 100;

export function call(callee: string, ...args: Expr[]): Call {
  return { kind: "call", callee, args };
}

export function arrow(params: readonly string[], body: Expr): Arrow {
  return { kind: "arrow", params, body };
}

/** The expression on one line. */
function flat(expr: Expr): string {
  if (typeof expr === "string") return expr;
  if (expr.kind === "call") return `${expr.callee}(${expr.args.map(flat).join(", ")})`;
  return `(${expr.params.join(", ")}) => ${flat(expr.body)}`;
}

/**
 * `prefix + expr + suffix` as lines indented by `indent` spaces, breaking the
 * outermost calls first until each line fits.
 */
export function layout(indent: number, prefix: string, expr: Expr, suffix: string): string[] {
  const pad = " ".repeat(indent);
  const line = pad + prefix + flat(expr) + suffix;
  if (line.length <= maxLineLength || typeof expr === "string") return [line];
  if (expr.kind === "arrow") {
    const head = `${prefix}(${expr.params.join(", ")}) =>`;
    return [pad + head, ...layout(indent + 2, "", expr.body, suffix)];
  }
  return [
    pad + prefix + expr.callee + "(",
    ...expr.args.flatMap((arg) => layout(indent + 2, "", arg, ",")),
    pad + ")" + suffix,
  ];
}
