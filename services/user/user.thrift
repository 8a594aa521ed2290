// User records that many other services need: reads are hot (LRU-cached in the
// service, private-cached per caller at the gateway), writes are rare.
namespace js user
namespace go user

enum Role {
  MEMBER = 1,
  ADMIN = 2,
}

struct User {
  1: required i64 id;
  2: required string email;
  3: required string name;
  4: required Role role;
  // Milliseconds since the epoch.
  5: required i64 createdAt;
  6: required i64 updatedAt;
}

struct UserInput {
  1: required string email;
  2: required string name;
  3: optional Role role;
}

exception UserNotFound {
  1: required i64 id;
  2: string message;
}

exception InvalidUser {
  // The offending field of UserInput.
  1: required string field;
  2: string message;
}

service UserService {
  User getUser(1: i64 id) throws (1: UserNotFound notFound)
    (idempotency = "no_side_effects", cache.max_age = "10", timeout_ms = "500")

  // The users found, by id; unknown ids are left out. At most 1,000 ids a call (each
  // costs memory to decode, look up and answer): more are refused, InvalidUser "ids".
  map<i64, User> getUsers(1: list<i64> ids) throws (1: InvalidUser invalid)
    (idempotency = "no_side_effects", cache.max_age = "10", timeout_ms = "500")

  User createUser(1: UserInput input) throws (1: InvalidUser invalid)

  // Replaces the record: repeating it leaves the same state.
  User updateUser(1: i64 id, 2: UserInput input) throws (1: UserNotFound notFound, 2: InvalidUser invalid)
    (idempotency = "idempotent")
}
