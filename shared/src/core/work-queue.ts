// Where oneway calls run after they were answered: a bounded queue, so a burst of
// them cannot start unbounded work, and graceful shutdown can wait for it to empty.
import { AsyncLocalStorage } from "node:async_hooks";

/** One unit of work: `run` does it; `fail` reports its error, as nobody else waits for it. */
export interface Job {
  run(): Promise<void>;
  fail(error: unknown): void;
}

export interface WorkQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting beyond those; `offer` refuses more. */
  maxQueued: number;
  /**
   * Whether a job that has to wait runs in the async context it was offered in (every
   * AsyncLocalStorage's: a trace's active span, …) rather than in that of the job whose
   * end starts it. Off by default: it costs a snapshot and closures per waiting job, and
   * only matters to a program reading such a store (ThriftService turns it on when tracing).
   */
  keepContext?: boolean;
}

export class WorkQueue {
  private readonly options: WorkQueueOptions;
  private readonly waiting: Job[] = [];
  private running = 0;
  private idle: (() => void)[] = [];

  constructor(options: WorkQueueOptions) {
    this.options = options;
  }

  /** Runs `job` now or later; false, and nothing accepted, when the queue is full. */
  offer(job: Job): boolean {
    if (this.running < this.options.concurrency) {
      this.run(job);
      return true;
    }
    if (this.waiting.length >= this.options.maxQueued) return false;
    this.waiting.push(this.options.keepContext ? inOffererContext(job) : job);
    return true;
  }

  /** Jobs accepted and not finished: running or waiting. */
  get pending(): number {
    return this.running + this.waiting.length;
  }

  /** Resolves once every accepted job has finished. */
  drain(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private run(job: Job): void {
    this.running++;
    // A job that throws synchronously is reported like one that rejects.
    new Promise<void>((resolve) => resolve(job.run()))
      .catch((error: unknown) => fail(job, error))
      .finally(() => {
        this.running--;
        const next = this.waiting.shift();
        if (next !== undefined) this.run(next);
        else if (this.running === 0) this.settle();
      });
  }

  private settle(): void {
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }
}

// A waiting job is started from the end of another, which would otherwise lend it its
// own context (its trace ids on the waiting job's log lines).
function inOffererContext(job: Job): Job {
  const inContext = AsyncLocalStorage.snapshot();
  return { run: () => inContext(() => job.run()), fail: (error) => inContext(() => job.fail(error)) };
}

function fail(job: Job, error: unknown): void {
  try {
    job.fail(error);
  } catch {
    // A failing reporter must not become an unhandled rejection that ends the process.
  }
}
