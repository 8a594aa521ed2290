// Every DataService method through the gateway, in every transport a client may choose.
// Keys are unique per test, so tests share the replicas' database without meeting.
import { contentTypes, encodeCall } from "@starter/shared/core";
import { CounterOverflow, DataService, KeyNotFound } from "@starter/data/gen/data";
import { clients, closeClients, described, rejection, transports } from "./clients";
import { sendHttp2 } from "./gateway";
import { eventually } from "./replicas";
import { authorization, callers, unique } from "./stack";

afterAll(closeClients);

describe.each(transports)("DataService through the gateway, $name", (transport) => {
  const data = () => clients.data({ transport });

  test("When ping is called Then it answers with nothing", async () => {
    await expect(data().ping()).resolves.toBeUndefined();
  });

  test("When a key is put, read, overwritten and removed Then each call answers with the entry's state", async () => {
    const key = unique("entry");
    const first = Buffer.from([0, 1, 2, 255]);
    const second = Buffer.from("second value");
    await expect(data().put(key, first)).resolves.toEqual({ key, value: first, version: 1n });
    await expect(data().get(key)).resolves.toEqual({ key, value: first, version: 1n });
    await expect(data().put(key, second)).resolves.toEqual({ key, value: second, version: 2n });
    await expect(data().remove(key)).resolves.toBe(true);
    await expect(data().remove(key)).resolves.toBe(false);
  });

  test("When a missing key is read Then the call rejects with KeyNotFound naming it", async () => {
    const key = unique("missing");
    await expect(rejection(data().get(key))).resolves.toEqual(
      described(new KeyNotFound({ key, message: `no entry for key "${key}"` })),
    );
  });

  test("When a counter is incremented Then each increment answers with the new value, and counter reads it", async () => {
    const key = unique("counter");
    await expect(data().counter(key)).resolves.toBe(0n);
    await expect(data().increment(key, 5n)).resolves.toBe(5n);
    await expect(data().increment(key, -2n)).resolves.toBe(3n);
    await expect(data().counter(key)).resolves.toBe(3n);
  });

  test("When an increment would overflow Then the call rejects with CounterOverflow naming the key, and the counter is unchanged", async () => {
    const key = unique("overflow");
    const max = 2n ** 63n - 1n;
    await expect(data().increment(key, max)).resolves.toBe(max);
    await expect(rejection(data().increment(key, 1n))).resolves.toEqual(
      described(new CounterOverflow({ key, message: `counter "${key}" would overflow a signed 64-bit integer` })),
    );
    await expect(data().counter(key)).resolves.toBe(max);
  });

  test("When incrementLater is called Then it returns at once and the counter shows the increment soon after", async () => {
    const key = unique("later");
    await expect(data().incrementLater(key, 7n)).resolves.toBeUndefined();
    // Oneway: applied after the answer, so looked for a bounded number of times.
    const applied = await eventually(async () => ((await data().counter(key)) === 7n ? 7n : undefined), {
      attempts: 20,
      delayMs: 100,
    });
    expect(applied).toBe(7n);
  });
});

describe("When a caller over HTTP/2 names itself Apache's C++ THttpClient (which reads no oneway answer, and never speaks HTTP/2)", () => {
  test("Then its oneway call gets the 200 everyone gets, not the 100 meant for that client, and runs", async () => {
    const key = unique("cpp-h2");
    const outcome = await sendHttp2(
      {
        ":method": "POST",
        ":path": "/data",
        authorization: authorization(callers.alice),
        "content-type": contentTypes.binary,
        "user-agent": "Thrift/0.23.0 (C++/THttpClient)",
      },
      encodeCall(DataService.methods["incrementLater"]!, [key, 3n], 1, "binary"),
    );
    expect("answer" in outcome ? { status: outcome.answer.status, body: outcome.answer.body.length } : outcome).toEqual(
      {
        status: 200,
        body: 0,
      },
    );
    const applied = await eventually(async () => ((await clients.data().counter(key)) === 3n ? 3n : undefined), {
      attempts: 20,
      delayMs: 100,
    });
    expect(applied).toBe(3n);
  });
});
