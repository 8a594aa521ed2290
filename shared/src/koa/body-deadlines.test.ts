// The body-read deadlines on one shared timer: each read expires at its own deadline,
// without setting the timer again for every read.
import { BodyDeadline, unwatch, watch } from "./body-deadlines";

describe("body deadlines", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  test("When reads are watched Then each expires at its own deadline, those unwatched never, on one timer", () => {
    const expired: string[] = [];
    const read = (name: string, inMs: number) => new BodyDeadline(Date.now() + inMs, () => expired.push(name));
    const [slow, fast, done, last] = [read("slow", 200), read("fast", 50), read("done", 100), read("last", 300)];
    for (const each of [slow, fast, done, last]) watch(each);
    expect(jest.getTimerCount()).toBe(1);
    unwatch(done);
    unwatch(done);

    jest.advanceTimersByTime(49);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(["fast"]);
    jest.advanceTimersByTime(150);
    expect(expired).toEqual(["fast", "slow"]);
    unwatch(last);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(["fast", "slow"]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test("When reads come and go before their deadline Then the timer is not set again for each", () => {
    const timers = jest.spyOn(globalThis, "setTimeout");
    const first = new BodyDeadline(Date.now() + 1000, () => {});
    watch(first);
    for (let i = 0; i < 100; i++) {
      const read = new BodyDeadline(Date.now() + 1000 + i, () => {});
      watch(read);
      unwatch(read);
    }
    expect(timers).toHaveBeenCalledTimes(1);
    unwatch(first);
    jest.advanceTimersByTime(2000);
    expect(jest.getTimerCount()).toBe(0);
  });
});
