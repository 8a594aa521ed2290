// A small key/value store. Shows the three kinds of method side by side:
// side-effect-free (sent as GET, cacheable), idempotent (retried), and neither.
namespace js data
namespace go data

exception KeyNotFound {
  1: required string key;
  2: string message;
}

// An increment that would take the counter out of a signed 64-bit integer's range: the
// counter is left as it was. The caller's mistake, told as such, not an internal error.
exception CounterOverflow {
  1: required string key;
  2: string message;
}

struct Entry {
  1: required string key;
  2: required binary value;
  // Incremented on every write of the key.
  3: required i64 version;
}

service DataService {
  // Liveness of the service itself, through every hop (gateway, replica).
  void ping() (idempotency = "no_side_effects")

  // Shared answer: the same for every caller, so the gateway may cache it for all.
  Entry get(1: string key) throws (1: KeyNotFound notFound)
    (idempotency = "no_side_effects", cache.max_age = "5", cache.shared = "true")

  // Writing the same value twice has the effect of writing it once.
  Entry put(1: string key, 2: binary value) (idempotency = "idempotent", timeout_ms = "2000")

  bool remove(1: string key) (idempotency = "idempotent")

  // Not idempotent: a retried increment would count twice, so it is sent once.
  i64 increment(1: string key, 2: i64 delta) throws (1: CounterOverflow overflow)

  // Fire and forget, durably: answered (200, empty body) once the call is kept in the
  // database, then applied exactly once by any replica, even if the one that took it dies.
  oneway void incrementLater(1: string key, 2: i64 delta) (durable = "true")

  i64 counter(1: string key) (idempotency = "no_side_effects")
}
