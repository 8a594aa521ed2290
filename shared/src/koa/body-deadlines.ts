// The deadlines of the bodies being read, on one timer. A timer per call (a Timeout
// object, set and cleared: about a microsecond) would cost more than the rest of reading
// a body that, as almost every one does, arrives with its head. Here a read joins a
// linked list and leaves it when done (a few pointer writes), and one timer waits for the
// earliest deadline among those still waiting: it is set again only when a read with an
// earlier deadline comes, or when it fires, about once per deadline under steady load.

/** A body being read: `expire` is called if it is still being read at `deadline`. */
export class BodyDeadline {
  /** The list's links, while watched. */
  previous: BodyDeadline | undefined = undefined;
  next: BodyDeadline | undefined = undefined;
  watched = false;

  constructor(
    /** ms since the epoch. */
    readonly deadline: number,
    readonly expire: () => void,
  ) {}
}

let first: BodyDeadline | undefined;
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;

/** Calls `read.expire()` at its deadline unless `unwatch(read)` comes first. */
export function watch(read: BodyDeadline): void {
  read.watched = true;
  read.previous = undefined;
  read.next = first;
  if (first !== undefined) first.previous = read;
  first = read;
  if (read.deadline < timerAt) arm(read.deadline);
}

/** The read is over: its deadline no longer matters. */
export function unwatch(read: BodyDeadline): void {
  if (!read.watched) return;
  read.watched = false;
  if (read.previous === undefined) first = read.next;
  else read.previous.next = read.next;
  if (read.next !== undefined) read.next.previous = read.previous;
  read.previous = read.next = undefined;
  // The timer stays: when it fires with nothing due, it waits for the next deadline, or stops.
}

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(expireDue, Math.max(at - Date.now(), 0));
  // Sockets keep a server's process alive, not a deadline.
  timer.unref();
}

function expireDue(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = Date.now();
  let earliest = Infinity;
  for (let read = first; read !== undefined; ) {
    const next = read.next;
    if (read.deadline <= now) {
      unwatch(read);
      read.expire();
    } else if (read.deadline < earliest) {
      earliest = read.deadline;
    }
    read = next;
  }
  if (earliest !== Infinity && earliest < timerAt) arm(earliest);
}
