// The work queue's bound and, with keepContext, the async context a waiting job runs in.
import { AsyncLocalStorage } from "node:async_hooks";
import { WorkQueue, type Job } from "./work-queue";

const store = new AsyncLocalStorage<string>();

/** A job that notes the store it sees when it starts and after an await, and may fail or wait on `gate`. */
function job(seen: string[], gate?: Promise<void>, failWith?: Error): Job {
  return {
    run: async () => {
      seen.push(`run ${store.getStore()}`);
      await gate;
      seen.push(`resumed ${store.getStore()}`);
      if (failWith !== undefined) throw failWith;
    },
    fail: () => seen.push(`failed ${store.getStore()}`),
  };
}

describe("WorkQueue", () => {
  test("When jobs wait behind a running one, keepContext on Then each runs, resumes and fails in the context it was offered in", async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 2, keepContext: true });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const offered = [
      store.run("a", () => queue.offer(job(seen, gate))),
      store.run("b", () => queue.offer(job(seen))),
      store.run("c", () => queue.offer(job(seen, undefined, new Error("c failed")))),
      store.run("d", () => queue.offer(job(seen))),
    ];
    release();
    await queue.drain();
    expect({ offered, seen }).toEqual({
      offered: [true, true, true, false],
      seen: ["run a", "resumed a", "run b", "resumed b", "run c", "resumed c", "failed c"],
    });
  });

  test("When jobs run at once (none waits) Then each runs in the context it was offered in", async () => {
    const queue = new WorkQueue({ concurrency: 2, maxQueued: 0, keepContext: true });
    const seen: string[] = [];
    expect([store.run("a", () => queue.offer(job(seen))), store.run("b", () => queue.offer(job(seen)))]).toEqual([
      true,
      true,
    ]);
    await queue.drain();
    expect(seen.sort()).toEqual(["resumed a", "resumed b", "run a", "run b"]);
  });
});
