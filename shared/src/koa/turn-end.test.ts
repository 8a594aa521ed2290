// Replies queued with endAtTurnEnd go out together once the turn's I/O callbacks have run,
// in order, one failing without the others, whatever a test does to the global timers.
import type { ServerResponse } from "node:http";
import { setImmediate as nextTurnCheck } from "node:timers";
import { endAtTurnEnd } from "./turn-end";

/** What a response was asked to do, in order, across all of them. */
const events: string[] = [];
function response(name: string, onEnd?: () => void): ServerResponse {
  return {
    end(body: Buffer) {
      events.push(`${name} ${body.toString()}`);
      onEnd?.();
    },
    destroy(error: Error) {
      events.push(`${name} destroyed: ${error.message}`);
    },
  } as unknown as ServerResponse;
}
const afterTurn = () => new Promise<void>((resolve) => nextTurnCheck(resolve));

beforeEach(() => {
  events.length = 0;
});

describe("replies sent at the end of the turn", () => {
  test("When replies are queued in one turn Then none is sent before the turn ends, and all are then, in order", async () => {
    endAtTurnEnd(response("a"), Buffer.from("1"));
    endAtTurnEnd(response("b"), Buffer.from("2"));
    await Promise.resolve();
    endAtTurnEnd(response("c"), Buffer.from("3"));
    expect(events).toEqual([]);
    await afterTurn();
    expect(events).toEqual(["a 1", "b 2", "c 3"]);
  });

  test("When a reply is queued while the turn's replies are sent Then it goes out at the end of the next turn", async () => {
    endAtTurnEnd(
      response("a", () => endAtTurnEnd(response("late"), Buffer.from("2"))),
      Buffer.from("1"),
    );
    await afterTurn();
    expect(events).toEqual(["a 1"]);
    await afterTurn();
    expect(events).toEqual(["a 1", "late 2"]);
  });

  test("When one reply's end throws Then that response is destroyed and the others are sent", async () => {
    endAtTurnEnd(response("a"), Buffer.from("1"));
    endAtTurnEnd(
      response("b", () => {
        throw new Error("socket gone");
      }),
      Buffer.from("2"),
    );
    endAtTurnEnd(response("c"), Buffer.from("3"));
    await afterTurn();
    expect(events).toEqual(["a 1", "b 2", "b destroyed: socket gone", "c 3"]);
  });

  test("When a test fakes the global timers Then replies are still sent", async () => {
    jest.useFakeTimers();
    try {
      endAtTurnEnd(response("a"), Buffer.from("1"));
      await afterTurn();
      expect(events).toEqual(["a 1"]);
    } finally {
      jest.useRealTimers();
    }
  });
});
