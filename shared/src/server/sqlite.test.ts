import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./sqlite";

describe("openDatabase", () => {
  test("opens a file database in WAL mode, waiting the busy timeout for locks, with i64 as bigint", () => {
    const dir = mkdtempSync(join(tmpdir(), "sqlite-"));
    try {
      const db = openDatabase({ file: join(dir, "test.db"), busyTimeoutMs: 250 });
      expect({
        ...db.prepare("PRAGMA journal_mode").get(),
        ...db.prepare("PRAGMA busy_timeout").get(),
        ...db.prepare("PRAGMA synchronous").get(),
        ...db.prepare("SELECT 9223372036854775807 AS max").get(),
      }).toEqual({ journal_mode: "wal", timeout: 250n, synchronous: 1n, max: 9223372036854775807n });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
