// Thrift replies sent together at the end of the event-loop turn that produced them,
// instead of one by one as each call finishes: the replies' system calls then come back
// to back, and a caller on the same host (the gateway's nginx, a load generator, a
// service calling another) is woken once for a burst of replies rather than once for
// each. Waking a sleeping process on another core costs its sender an inter-processor
// interrupt, far dearer in a virtual machine; under load that wake-up was most of a
// small call's `writev` (docs/benchmarks.md, "Where the time goes"). uWebSockets corks
// the writes of a loop iteration for the same reason.
//
// A reply waits for nothing but the rest of its own turn: `setImmediate` runs right after
// the turn's I/O callbacks, and a pending immediate keeps the loop from blocking in poll.
// With one call at a time the turn has nothing else in it. Its head is formed at once
// (`writeHead`), so status and headers read the same before and after.
import type { ServerResponse } from "node:http";
// Node's own, not the global: a test that fakes the global timers does not hold replies.
import { setImmediate } from "node:timers";

/** Replies of this turn waiting to be sent, each response followed by its body. */
let pending: (ServerResponse | Buffer)[] = [];

/** Ends `response` with `body` once the current turn's I/O callbacks have run; its head is written already. */
export function endAtTurnEnd(response: ServerResponse, body: Buffer): void {
  if (pending.push(response, body) === 2) setImmediate(sendPending);
}

function sendPending(): void {
  // A reply queued while these are sent goes out with the next turn's.
  const replies = pending;
  pending = [];
  for (let i = 0; i < replies.length; i += 2) {
    const response = replies[i] as ServerResponse;
    try {
      response.end(replies[i + 1] as Buffer);
    } catch (error) {
      // Not expected of end() on a formed head: the one reply fails, not the others.
      response.destroy(error as Error);
    }
  }
}
