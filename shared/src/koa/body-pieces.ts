// The pieces a request body arrives in (one per read of the socket, or per HTTP/1.1 chunk),
// held until the body's end. Most bodies come in one or two, kept as they are. A body in
// many small pieces is another matter: each piece is a Buffer object of its own, about 100
// bytes and more besides its bytes, and an event for the server to handle, so a megabyte
// sent as chunks of one byte held half a gigabyte and stalled a replica for seconds (the
// hostile probe killed a 256 MiB replica with one request). Past `maxHeld` pieces they are
// copied into one buffer, grown by doubling; and a body whose pieces average under
// `minAverageBytes` after `checkedAfter` of them is refused: each piece is an event to
// handle, a few microseconds of CPU. The bound is low, as a piece is what one read of the
// socket brings: a chunk split across two reads is two pieces.
import type { BodyProblem } from "../core/http";

/** Pieces held as they came before they are copied into one buffer. */
const maxHeld = 64;
/** Pieces a body may come in before their average size is checked. */
const checkedAfter = 1024;
/** Smallest average size of a body's pieces past `checkedAfter` of them, in bytes. */
const minAverageBytes = 16;

/** The problem of a body that came in `count` pieces of `bytes` in all, if they are too many and too small. */
export function tooFragmented(count: number, bytes: number): BodyProblem | undefined {
  return count > checkedAfter && bytes < count * minAverageBytes
    ? { kind: "fragmented", pieces: count, minAverageBytes }
    : undefined;
}

export class BodyPieces {
  #held: Buffer[] = [];
  #joined: Buffer | undefined;
  #length = 0;
  #count = 0;

  /** Bytes added so far. */
  get length(): number {
    return this.#length;
  }

  /** Adds the next piece; the problem when the body comes in too many small pieces. */
  add(piece: Buffer): BodyProblem | undefined {
    const problem = tooFragmented(++this.#count, this.#length + piece.length);
    if (problem !== undefined) return problem;
    if (this.#joined === undefined && this.#held.length < maxHeld) {
      this.#held.push(piece);
      this.#length += piece.length;
      return undefined;
    }
    const needed = this.#length + piece.length;
    if (this.#joined === undefined || needed > this.#joined.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.#length, 4096));
      if (this.#joined === undefined) Buffer.concat(this.#held, this.#length).copy(grown);
      else this.#joined.copy(grown, 0, 0, this.#length);
      this.#held = [];
      this.#joined = grown;
    }
    piece.copy(this.#joined, this.#length);
    this.#length = needed;
    return undefined;
  }

  /** The body: its one piece as it came, or its pieces in one buffer. */
  whole(): Buffer {
    if (this.#joined !== undefined) return this.#joined.subarray(0, this.#length);
    return this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.#length);
  }
}
