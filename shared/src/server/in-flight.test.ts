// The list of responses in flight holds what a Set would, under any order of adds and
// deletes, ignores what it never held, and keeps no reference to what it let go.
import { ServerResponse, IncomingMessage } from "node:http";
import { Socket } from "node:net";
import fc from "fast-check";
import { InFlight } from "./in-flight";

const response = () => new ServerResponse(new IncomingMessage(new Socket()));
/** The values of the two fields the list threads through a response. */
const listFields = (each: ServerResponse) =>
  Object.getOwnPropertySymbols(each)
    .filter((key) => key.description?.endsWith(" response in flight"))
    .map((key) => (each as unknown as Record<symbol, unknown>)[key]);

describe("responses in flight", () => {
  test("When responses are added and deleted in any order, any number of times Then it holds what a Set would, in insertion order reversed", () => {
    const pool = Array.from({ length: 6 }, response);
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: pool.length - 1 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const list = new InFlight();
        const model = new Set<ServerResponse>();
        for (const [adding, index] of ops) {
          const each = pool[index]!;
          // A response is added once, when its request arrives, as the server does.
          if (adding && !model.has(each)) {
            list.add(each);
            model.add(each);
          } else if (!adding) {
            list.delete(each);
            model.delete(each);
          }
          expect(list.size).toBe(model.size);
          expect([...list]).toEqual([...model].reverse());
        }
        for (const each of model) list.delete(each);
        expect([...list]).toEqual([]);
      }),
    );
  });

  test("When a response is deleted from a list that never held it, alone or held by another Then both lists are unchanged", () => {
    const [mine, theirs, stranger] = [response(), response(), response()];
    const [list, other] = [new InFlight(), new InFlight()];
    list.add(mine);
    other.add(theirs);
    other.add(response());
    list.delete(theirs);
    list.delete(stranger);
    expect([...list]).toEqual([mine]);
    expect([...other]).toHaveLength(2);
  });

  test("When the last response is deleted Then nothing in the list refers to it any more", () => {
    const [first, second] = [response(), response()];
    const list = new InFlight();
    list.add(first);
    list.add(second);
    list.delete(first);
    list.delete(second);
    // The fields stay (one shape for every response) but hold nothing.
    for (const each of [first, second]) expect(listFields(each)).toEqual([undefined, undefined, undefined]);
  });
});
