// The responses a server has in flight, for a graceful shutdown: each reply asks for its
// connection to be closed, the shutdown waits until none is left, and names the requests
// it had to cut. Every request passes here twice, so it is a list threaded through the
// responses themselves (three fields each), not a `Set`.
//
// Why not a `Set`: V8 rehashes a Set's table into a new one as entries come and go, and
// the old table keeps its entries. Once the table has lived long enough to be in the old
// generation, the responses it still names are kept through every young-generation
// collection until a full one: under load, every response was promoted with all it
// references (1.5 MB of 12 at each scavenge at 100 B, a full GC every half second, the
// p99 tripled; `--trace-gc-nvp`, docs/benchmarks.md). Unlinking a response here clears
// every reference to it.
import type { ServerResponse } from "node:http";

const list = Symbol("list of the response in flight");
const previous = Symbol("previous response in flight");
const next = Symbol("next response in flight");
type Linked = ServerResponse & { [list]?: InFlight | undefined; [previous]?: Linked | null; [next]?: Linked | null };

export class InFlight {
  #first: Linked | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(response: ServerResponse): void {
    const linked = response as Linked;
    linked[list] = this;
    linked[previous] = null;
    linked[next] = this.#first;
    if (this.#first !== null) this.#first[previous] = linked;
    this.#first = linked;
    this.#size++;
  }

  /** Removes `response` if it is here; a second call does nothing. */
  delete(response: ServerResponse): void {
    const linked = response as Linked;
    if (linked[list] !== this) return;
    const before = linked[previous]!;
    const after = linked[next]!;
    if (before === null) this.#first = after;
    else before[next] = after;
    if (after !== null) after[previous] = before;
    linked[list] = undefined;
    linked[previous] = undefined;
    linked[next] = undefined;
    this.#size--;
  }

  *[Symbol.iterator](): IterableIterator<ServerResponse> {
    for (let at = this.#first; at !== null; at = at[next] ?? null) yield at;
  }
}
