// An in-process LRU cache in front of the repository, for hot reads. Each replica has
// its own: a write refreshes the cache of the replica that made it, while the other
// replicas may serve the previous record until its entry expires (`ttlMs`). Keep the
// TTL short, or route a caller's reads and writes to one replica, if that matters.
import { LRUCache } from "lru-cache";
import type { User } from "./gen/user";
import type { UserRepository } from "./repository";

export interface UserCacheOptions {
  /** Most users kept; the least recently read go first. */
  max: number;
  /** How long a cached user is served, in milliseconds: the staleness other replicas may show. */
  ttlMs: number;
  /** Measures the TTL; `performance` by default, a fake clock in tests. */
  clock?: { now(): number };
}

export function withCache(repository: UserRepository, options: UserCacheOptions): UserRepository {
  const cache = new LRUCache<bigint, User>({
    max: options.max,
    ttl: options.ttlMs,
    perf: options.clock ?? performance,
    // Reads the clock at each check instead of caching it for 1 ms behind a timer:
    // as cheap, and exact.
    ttlResolution: 0,
  });

  return {
    get(id) {
      const cached = cache.get(id);
      if (cached) return cached;
      const user = repository.get(id);
      // Misses are not cached: a user created on another replica shows up at once.
      if (user) cache.set(id, user);
      return user;
    },
    getMany(ids) {
      const found = new Map<bigint, User>();
      const missing: bigint[] = [];
      for (const id of ids) {
        const cached = cache.get(id);
        if (cached) found.set(id, cached);
        else missing.push(id);
      }
      if (missing.length > 0) {
        for (const [id, user] of repository.getMany(missing)) {
          cache.set(id, user);
          found.set(id, user);
        }
      }
      return found;
    },
    create(input, now) {
      const user = repository.create(input, now);
      cache.set(user.id, user);
      return user;
    },
    update(id, input, now) {
      const user = repository.update(id, input, now);
      if (user) cache.set(id, user);
      else cache.delete(id);
      return user;
    },
  };
}
