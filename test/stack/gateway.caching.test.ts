// The gateway's cache: it serves repeated shared, side-effect-free calls (data.get), and
// nothing else: not other reads, not writes, not Thrift exceptions, not private answers,
// and never to a caller it has not authenticated.
import { DataService } from "@starter/data/gen/data";
import { UserService } from "@starter/user/gen/user";
import { clients, closeClients } from "./clients";
import { getCall, header, jsonOf, outcomeOf, postCall, summary } from "./gateway";
import { eventually, linesWithRequestId } from "./replicas";
import { callers, unique } from "./stack";

afterAll(closeClients);

const binary = "application/vnd.apache.thrift.binary";
const get = (key: string, choice: Parameters<typeof getCall>[4]) => getCall("data", DataService, "get", [key], choice);

describe("Caching of data.get, declared cache.shared with max-age 5", () => {
  test("When the same get is repeated Then the second is a HIT with the identical bytes and the right entry, for any authenticated caller", async () => {
    const key = unique("cached");
    const value = Buffer.from("cached value");
    await clients.data().put(key, value);

    const first = await get(key, { auth: callers.alice });
    const again = await get(key, { auth: callers.alice });
    const asBob = await get(key, { auth: callers.bob });

    const shared = { status: 200, contentType: binary, cacheControl: "public, max-age=5" };
    expect([first, again, asBob].map(summary)).toEqual([
      { ...shared, cacheStatus: "MISS" },
      { ...shared, cacheStatus: "HIT" },
      { ...shared, cacheStatus: "HIT" },
    ]);
    expect([again.body.equals(first.body), asBob.body.equals(first.body)]).toEqual([true, true]);
    expect(outcomeOf(DataService, "get", again)).toEqual({ kind: "success", value: { key, value, version: 1n } });
    // The stored reply, headers included: the replica that made it is named.
    expect(header(again, "x-served-by")).toBe(header(first, "x-served-by"));
  });

  test.each<[string, Record<string, string>]>([
    ["no credentials", {}],
    ["a wrong password", { authorization: `Basic ${Buffer.from("alice:wrong").toString("base64")}` }],
    ["an unknown token", { authorization: "Bearer unknown" }],
  ])(
    "When a cached answer is asked for with %s Then the gateway answers 401, not the cached entry",
    async (_case, headers) => {
      const key = unique("guarded");
      await clients.data().put(key, Buffer.from("secret"));
      await get(key, { auth: callers.alice });
      expect(summary(await get(key, { auth: callers.alice })).cacheStatus).toBe("HIT");

      const refused = await get(key, { headers });
      expect({ ...summary(refused), body: jsonOf(refused) }).toEqual({
        status: 401,
        contentType: "application/json",
        cacheControl: "no-store",
        cacheStatus: "NONE",
        body: { code: "unauthenticated", message: "missing or invalid credentials" },
      });
    },
  );

  test("When a get throws KeyNotFound Then the exception is not stored, and once the key exists the entry is answered", async () => {
    const key = unique("absent");
    const misses = [await get(key, { auth: callers.alice }), await get(key, { auth: callers.alice })];
    const notStored = { status: 200, contentType: binary, cacheControl: "no-store", cacheStatus: "MISS" };
    expect(misses.map(summary)).toEqual([notStored, notStored]);
    expect(outcomeOf(DataService, "get", misses[1]!)).toEqual({
      kind: "declared",
      error: expect.objectContaining({ name: "KeyNotFound", key, message: `no entry for key "${key}"` }),
    });

    await clients.data().put(key, Buffer.from("now here"));
    const found = await get(key, { auth: callers.alice });
    expect(summary(found)).toEqual({
      status: 200,
      contentType: binary,
      cacheControl: "public, max-age=5",
      cacheStatus: "MISS",
    });
    expect(outcomeOf(DataService, "get", found)).toEqual({
      kind: "success",
      value: { key, value: Buffer.from("now here"), version: 1n },
    });
  });

  // The gateway keeps a hit's file open (proxy-cache.conf, 9): a replaced entry must be
  // read from its new file, never from the one held open.
  test("When an entry expires after its value changed Then the new value is fetched once and then served from the cache", async () => {
    const key = unique("refreshed");
    await clients.data().put(key, Buffer.from("before"));
    await get(key, { auth: callers.alice });
    expect(summary(await get(key, { auth: callers.alice })).cacheStatus).toBe("HIT");
    await clients.data().put(key, Buffer.from("after"));

    // Hits of the old entry until max-age (5 s) has passed.
    const fetched = await eventually(async () => {
      const reply = await get(key, { auth: callers.alice });
      return summary(reply).cacheStatus === "HIT" ? undefined : reply;
    });
    const served = await get(key, { auth: callers.alice });

    const shared = { status: 200, contentType: binary, cacheControl: "public, max-age=5" };
    expect([fetched, served].map((reply) => reply && summary(reply))).toEqual([
      { ...shared, cacheStatus: "EXPIRED" },
      { ...shared, cacheStatus: "HIT" },
    ]);
    expect(served.body.equals(fetched!.body)).toBe(true);
    expect(outcomeOf(DataService, "get", served)).toEqual({
      kind: "success",
      value: { key, value: Buffer.from("after"), version: 2n },
    });
  });
});

describe("Calls the gateway never caches", () => {
  test("When counter (side-effect-free, not cacheable) is repeated Then every call bypasses the cache and reads the current value", async () => {
    const key = unique("count");
    const read = () => getCall("data", DataService, "counter", [key], { auth: callers.alice });
    const before = await read();
    await clients.data().increment(key, 1n);
    const after = await read();
    const bypass = { status: 200, contentType: binary, cacheControl: "no-store", cacheStatus: "BYPASS" };
    expect([before, after].map(summary)).toEqual([bypass, bypass]);
    expect([before, after].map((reply) => outcomeOf(DataService, "counter", reply))).toEqual([
      { kind: "success", value: 0n },
      { kind: "success", value: 1n },
    ]);
  });

  test("When increment (a POST) is repeated Then each call reaches a replica and counts", async () => {
    const key = unique("posted");
    const increment = () => postCall("data", DataService, "increment", [key, 2n], { auth: callers.alice });
    const replies = [await increment(), await increment()];
    const uncached = { status: 200, contentType: binary, cacheControl: "no-store", cacheStatus: "NONE" };
    expect(replies.map(summary)).toEqual([uncached, uncached]);
    expect(replies.map((reply) => outcomeOf(DataService, "increment", reply))).toEqual([
      { kind: "success", value: 2n },
      { kind: "success", value: 4n },
    ]);
  });

  test("When alice and then bob read a user (a private answer) Then bob's call reaches a replica as bob, never alice's copy", async () => {
    const user = await clients.user().createUser({ email: `${unique("private")}@example.org`, name: "Private" });
    const read = (auth: typeof callers.alice, requestId: string) =>
      getCall("user", UserService, "getUser", [user.id], { auth, headers: { "x-request-id": requestId } });
    const aliceId = unique("alice-read");
    const bobId = unique("bob-read");
    const asAlice = await read(callers.alice, aliceId);
    const asBob = await read(callers.bob, bobId);

    const private_ = { status: 200, contentType: binary, cacheControl: "private, max-age=10", cacheStatus: "BYPASS" };
    expect([asAlice, asBob].map(summary)).toEqual([private_, private_]);
    expect(outcomeOf(UserService, "getUser", asBob)).toEqual({ kind: "success", value: user });
    // The replica's own log line for bob's request: it ran the call for bob.
    const bobLines = await eventually(async () => {
      const lines = await linesWithRequestId("user", bobId);
      return lines.length > 0 ? lines : undefined;
    });
    expect(bobLines?.map(({ msg, identity, method, outcome }) => ({ msg, identity, method, outcome }))).toEqual([
      { msg: "call", identity: "bob", method: "getUser", outcome: "ok" },
    ]);
  });
});
