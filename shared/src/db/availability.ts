// Whether the database answers, as this process last saw it. Once a connection fails,
// queries fail at once (DatabaseUnavailable, answered 503) instead of each waiting for a
// connect timeout, and a probe tries the database every `retryIntervalMs` until it answers;
// then queries go through again. Nothing restarts: the pool makes new connections.
import type { Logger } from "../server/logger";
import { DatabaseUnavailable, failureName } from "./errors";

export interface AvailabilityOptions {
  /** Tries the database once; rejects while it is unreachable. */
  probe: () => Promise<void>;
  /** Pause between two probes while the database is down, in ms. */
  retryIntervalMs: number;
  /** Where the outage and the recovery are logged (error, then info). */
  logger: Logger;
  /** Told of each change: false when the database is found down, true when it answers again. Default none. */
  onChange?: (up: boolean) => void;
}

export class Availability {
  private down: { since: number; reason: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: AvailabilityOptions) {}

  get up(): boolean {
    return this.down === undefined;
  }

  /** Throws DatabaseUnavailable while the database is known to be down. */
  assertUp(): void {
    if (this.down !== undefined) {
      throw new DatabaseUnavailable(
        `The database is unavailable since ${new Date(this.down.since).toISOString()} (${this.down.reason})`,
      );
    }
  }

  /** A connection failed: from now on queries fail fast, until a probe succeeds. */
  failed(error: unknown): void {
    if (this.down !== undefined || this.closed) return;
    this.down = { since: Date.now(), reason: failureName(error) };
    this.options.logger.error(
      { reason: this.down.reason },
      "database unavailable: calls that need it are answered 503 until it returns",
    );
    this.options.onChange?.(false);
    this.schedule();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.probe(), this.options.retryIntervalMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      await this.options.probe();
    } catch {
      if (!this.closed) this.schedule();
      return;
    }
    if (this.closed || this.down === undefined) return;
    const downMs = Date.now() - this.down.since;
    this.down = undefined;
    this.options.logger.info({ downMs }, "database available again");
    this.options.onChange?.(true);
  }
}
