// An in-process LRU cache in front of the repository, for hot reads, kept coherent across
// replicas: every change of a user row is announced by the database on commit (a trigger,
// migrations/001_users.sql: NOTIFY users_changed, the id as payload), and every replica
// drops its copy when it hears of it (`listenForChanges`). A copy is only served while the
// replica is listening: when the listening connection is lost, the cache empties and reads
// go to the database until it listens again (a change may have gone unheard meanwhile).
//
// A copy is served only once the replica has caught up with the changes committed before
// the read began (`Listener.catchUp`: one round trip on the listening connection, shared
// by the reads made while one is on its way). PostgreSQL sends the notification to each
// replica when the write commits, but a replica may read it after a caller's next call
// has arrived: without the wait, a read sent straight after an update to another replica
// got the old record 1 time in 10 (direct keep-alive connections, on one host). With it,
// a read that follows a write, on any replica, gets the new record. A hit still spares
// the database the statement and a pooled connection; it costs a round trip. The TTL
// (`ttlMs`) is a bound for the unexpected, not the staleness callers see.
import type { Database, Listener } from "@starter/shared/db";
import type { Logger } from "@starter/shared/server";
import { LRUCache } from "lru-cache";
import type { User } from "./gen/user";
import type { UserRepository } from "./repository";

export interface UserCacheOptions {
  /** Most users kept; the least recently read go first. */
  max: number;
  /** Longest a cached user is served, in milliseconds, should a change go unannounced. */
  ttlMs: number;
  /** Measures the TTL; `performance` by default, a fake clock in tests. */
  clock?: { now(): number };
}

export interface CachedUserRepository extends UserRepository {
  /** Drops the cached copy of a user whose row changed. */
  invalidate(id: bigint): void;
  /**
   * Where changes are heard of: copies are served once `changes.catchUp()` resolves.
   * Undefined while not listening: every copy is dropped and none is served.
   */
  follow(changes: ChangeFeed | undefined): void;
}

/** What the cache needs of a listener (`Listener` is one). */
export interface ChangeFeed {
  /** Resolves once every change committed before the call has been heard of. */
  catchUp(): Promise<void>;
}

/** The channel the users table's trigger notifies, with the changed user's id as payload. */
export const usersChannel = "users_changed";

export function withCache(repository: UserRepository, options: UserCacheOptions): CachedUserRepository {
  const cache = new LRUCache<bigint, User>({
    max: options.max,
    ttl: options.ttlMs,
    perf: options.clock ?? performance,
    // Reads the clock at each check instead of caching it for 1 ms behind a timer:
    // as cheap, and exact.
    ttlResolution: 0,
  });
  // Copies are kept and served only while changes are heard of.
  let changes: ChangeFeed | undefined;
  // Bumped by every change heard of: a read that started before one must not cache what
  // it read, which may be the record from before the change.
  let generation = 0;
  const keep = (id: bigint, user: User, since: number) => {
    if (changes !== undefined && generation === since) cache.set(id, user);
  };

  // Whether the changes committed before now have been heard of (their copies dropped).
  const caughtUp = async (): Promise<boolean> => {
    if (changes === undefined) return false;
    try {
      await changes.catchUp();
      return true;
    } catch {
      // Not listening any more: `follow(undefined)` is on its way; read the database.
      return false;
    }
  };

  return {
    async get(id, call) {
      if (cache.has(id) && (await caughtUp())) {
        const cached = cache.get(id);
        if (cached) return cached;
      }
      const since = generation;
      const user = await repository.get(id, call);
      // Misses are not cached: a user created on another replica shows up at once.
      if (user) keep(id, user, since);
      return user;
    },
    async getMany(ids, call) {
      const found = new Map<bigint, User>();
      const missing: bigint[] = [];
      const hits = ids.some((id) => cache.has(id)) && (await caughtUp());
      for (const id of ids) {
        if (!hits) {
          missing.push(id);
          continue;
        }
        const cached = cache.get(id);
        if (cached) found.set(id, cached);
        else missing.push(id);
      }
      if (missing.length > 0) {
        const since = generation;
        for (const [id, user] of await repository.getMany(missing, call)) {
          keep(id, user, since);
          found.set(id, user);
        }
      }
      return found;
    },
    async create(input, now, call) {
      return repository.create(input, now, call);
    },
    async update(id, input, now, call) {
      const user = await repository.update(id, input, now, call);
      // The notification of this write drops it on every replica, this one included; the
      // copy goes now, so that this replica never serves it in between.
      generation++;
      cache.delete(id);
      return user;
    },
    invalidate(id) {
      generation++;
      cache.delete(id);
    },
    follow(feed) {
      generation++;
      changes = feed;
      cache.clear();
    },
  };
}

/**
 * Keeps `users` coherent with the database: drops a copy on each change announced, and
 * serves none while not listening. Resolves once listening.
 */
export async function listenForChanges(db: Database, users: CachedUserRepository, logger: Logger): Promise<Listener> {
  // The listener exists once `listen` resolves; its first `onListening` comes just before.
  let listener: Listener | undefined;
  const feed: ChangeFeed = {
    catchUp: () => listener?.catchUp() ?? Promise.reject(new Error("not listening yet")),
  };
  users.follow(undefined);
  listener = await db.listen(usersChannel, {
    onNotify(payload) {
      let id: bigint;
      try {
        id = BigInt(payload);
      } catch {
        logger.warn(
          { channel: usersChannel, payload: payload.slice(0, 40) },
          "unexpected notification: emptying the user cache",
        );
        users.follow(feed);
        return;
      }
      users.invalidate(id);
    },
    onListening: () => users.follow(feed),
    onLost: () => users.follow(undefined),
  });
  return listener;
}
