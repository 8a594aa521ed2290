// Durable oneway methods and ServiceUnavailable, in the core: a durable call is answered only
// once its store has kept it (and with 503 when it could not), then as every oneway call is
// answered; the store's consumer runs kept calls through the handler, also behind a
// multiplexed service; and a handler that finds a resource down gets a 503.
import { Calc, methods } from "./__fixtures__/calc";
import { createCalcHandler } from "./__fixtures__/calc-handler";
import type { ServiceDefinition } from "./definition";
import type { OnewayConsumer, OnewayStore, StoredCallRunner, StoredOnewayCall } from "./durable-oneway";
import type { ThriftHttpRequest } from "./http";
import { encodeCall } from "./message";
import { createMultiplexedService } from "./multiplexed";
import { contentTypes, type ProtocolName } from "./protocols";
import { createThriftService } from "./service";
import { ServiceUnavailable } from "./unavailable";

/** Calc with `record` declared `durable = "true"`. */
const DurableCalc = {
  ...Calc,
  methods: { ...methods, record: { ...methods.record, policy: { ...methods.record.policy, durable: true } } },
} as typeof Calc;

function request(body: Buffer, overrides: Partial<ThriftHttpRequest> = {}): ThriftHttpRequest {
  return {
    method: "POST",
    path: "",
    query: "",
    contentType: contentTypes.compact,
    body,
    requestId: "req-1",
    identity: "ann",
    headers: { authorization: "Bearer secret" },
    ...overrides,
  };
}

/** A store in memory: `add` waits for `keep()`/`refuse()`, the consumer is run by the test. */
function memoryStore() {
  const kept: StoredOnewayCall[] = [];
  const pending: {
    call: StoredOnewayCall;
    signal: AbortSignal | undefined;
    resolve(): void;
    reject(error: unknown): void;
  }[] = [];
  let runner: StoredCallRunner | undefined;
  let consumed: string | undefined;
  let stopped = false;
  const store: OnewayStore = {
    // As the database's does, it stops waiting when the signal aborts.
    add: (call, signal) =>
      new Promise((resolve, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        pending.push({
          call,
          signal,
          resolve: () => {
            kept.push(call);
            resolve();
          },
          reject,
        });
      }),
    consume(service, run): OnewayConsumer {
      consumed = service;
      runner = run;
      return {
        stop: async () => {
          stopped = true;
        },
      };
    },
  };
  return {
    store,
    kept,
    pending,
    run: (call: StoredOnewayCall) => runner!(call),
    get consumed() {
      return consumed;
    },
    get stopped() {
      return stopped;
    },
  };
}

/** A oneway call accepted, as every one is: 200, an empty body, in the call's protocol. */
const accepted = (protocol: ProtocolName = "compact") => ({
  status: 200,
  headers: { "content-type": contentTypes[protocol], "cache-control": "no-store" },
  body: Buffer.alloc(0),
  call: { service: "Calc", method: "record", outcome: "oneway" },
});
const recordCall = (event: string, protocol: ProtocolName = "compact") =>
  encodeCall(methods.record, [event], 0, protocol);
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("a durable oneway method", () => {
  it("When the service has no store for it Then it is refused at registration", () => {
    expect(() => createThriftService(DurableCalc, createCalcHandler())).toThrow(
      new TypeError("Method record of Calc is declared durable: pass the onewayStore that keeps its calls"),
    );
  });

  it("When it is called Then the answer waits until the store has kept the call, with who sent it but no headers", async () => {
    const memory = memoryStore();
    const handler = createCalcHandler();
    const service = createThriftService(DurableCalc, handler, { onewayStore: memory.store });
    expect(memory.consumed).toBe("Calc");
    let answered = false;
    const response = service.handle(request(recordCall("saved"))).then((answer) => {
      answered = true;
      return answer;
    });
    await turn();
    expect({ answered, pending: memory.pending.map(({ call }) => call) }).toEqual({
      answered: false,
      pending: [
        {
          service: "Calc",
          method: "record",
          protocol: "compact",
          message: recordCall("saved"),
          requestId: "req-1",
          identity: "ann",
        },
      ],
    });
    memory.pending[0]!.resolve();
    await expect(response).resolves.toEqual(accepted());
    // Kept, not run: the store's consumers run it.
    expect(handler.calls.recorded).toEqual([]);
  });

  it.each<[ProtocolName, string]>([
    ["binary", "application/x-thrift"],
    ["compact", "application/x-thrift"],
    ["json", "application/octet-stream"],
  ])(
    "When a stock client sends it in %s as %s Then it is kept in the protocol read from its first byte, and answered in it",
    async (protocol, contentType) => {
      const memory = memoryStore();
      const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
      const response = service.handle(request(recordCall("sniffed", protocol), { contentType }));
      await turn();
      expect(memory.pending.map(({ call }) => [call.protocol, call.message])).toEqual([
        [protocol, recordCall("sniffed", protocol)],
      ]);
      memory.pending[0]!.resolve();
      await expect(response).resolves.toEqual(accepted(protocol));
    },
  );

  it("When Apache's C++ THttpClient before 0.24 sends it Then it is kept first, then answered 100 Continue, which that client skips", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const headers = { "user-agent": "Thrift/0.23.0 (C++/THttpClient)" };
    const response = service.handle(request(recordCall("old"), { headers }));
    await turn();
    expect(memory.pending).toHaveLength(1);
    memory.pending[0]!.resolve();
    await expect(response).resolves.toEqual({
      status: 100,
      headers: {},
      body: Buffer.alloc(0),
      call: { service: "Calc", method: "record", outcome: "oneway" },
    });
  });

  it("When the store fails for Apache's C++ THttpClient before 0.24 Then the 503 closes the connection, which that client would read out of step", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const headers = { "user-agent": "Thrift/0.17.0 (C++/THttpClient)" };
    const response = service.handle(request(recordCall("old"), { headers }));
    await turn();
    memory.pending[0]!.reject(new Error("database down"));
    const answer = await response;
    expect({ status: answer.status, connection: answer.headers.connection }).toEqual({
      status: 503,
      connection: "close",
    });
  });

  it("When its Thrift-Timeout-Ms is unreadable Then 400 before the body, and nothing is kept", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const head = {
      method: "POST",
      path: "/record",
      contentType: contentTypes.compact,
      headers: { "thrift-timeout-ms": "soon" },
    };
    const refusal = service.admit(head);
    expect(typeof refusal === "number" ? refusal : refusal.status).toBe(400);
    await expect(service.handle(request(recordCall("late"), head))).resolves.toEqual(refusal);
    expect(memory.pending).toEqual([]);
  });

  it("When its body must arrive by a deadline Then it is the method's, as for any oneway call, and a late body is 504 with nothing kept", () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), {
      onewayStore: memory.store,
      maxTimeoutMs: 700,
    });
    const head = {
      method: "POST",
      path: "/record",
      contentType: contentTypes.compact,
      headers: { "thrift-timeout-ms": "250" },
    };
    expect(service.admit(head)).toBe(250);
    expect(service.admit({ ...head, headers: {} })).toBe(700);
    expect(service.refuseBody(head, { kind: "late", timeoutMs: 250 })).toMatchObject({
      status: 504,
      call: { service: "Calc", method: "record", outcome: "timeout" },
    });
    expect(memory.pending).toEqual([]);
  });

  it("When the store cannot keep the call Then 503, the call not accepted, the store's error for the log only", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const response = service.handle(request(recordCall("lost")));
    await turn();
    const failure = new ServiceUnavailable("The database is unavailable (ECONNREFUSED)");
    memory.pending[0]!.reject(failure);
    await expect(response).resolves.toEqual({
      status: 503,
      headers: { "content-type": "application/json", "cache-control": "no-store", "retry-after": "1" },
      body: Buffer.from(
        JSON.stringify({
          code: "unavailable",
          message: "record cannot be served now: a resource it needs is unavailable; retry later",
        }),
      ),
      call: { service: "Calc", method: "record", outcome: "error", error: failure },
    });
  });

  it("When the store does not answer by the call's deadline Then 504, as for any call past its deadline, and the store is told to stop", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const response = await service.handle(
      request(recordCall("late"), { headers: { "thrift-timeout-ms": "50" }, receivedAt: Date.now() }),
    );
    expect({ response, aborted: memory.pending[0]!.signal?.aborted, kept: memory.kept }).toEqual({
      response: {
        status: 504,
        headers: { "content-type": "application/json", "cache-control": "no-store" },
        body: Buffer.from(
          JSON.stringify({ code: "deadline_exceeded", message: "record did not finish within its deadline of 50 ms" }),
        ),
        call: { service: "Calc", method: "record", outcome: "timeout" },
      },
      aborted: true,
      kept: [],
    });
  });

  it("When its caller goes while the store keeps the call Then 499, as for any call whose caller went", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const caller = new AbortController();
    const response = service.handle(request(recordCall("gone"), { signal: caller.signal }));
    await turn();
    caller.abort();
    expect(await response).toEqual({
      status: 499,
      headers: {},
      body: Buffer.alloc(0),
      call: { service: "Calc", method: "record", outcome: "cancelled" },
    });
  });

  it("When the consumer runs a kept call Then the handler gets its arguments, request id and identity, and its error rejects the run", async () => {
    const memory = memoryStore();
    const seen: unknown[] = [];
    createThriftService(
      DurableCalc,
      {
        ...createCalcHandler(),
        record: async (event, ctx) =>
          void seen.push({ event, requestId: ctx.requestId, identity: ctx.identity, headers: ctx.headers }),
      },
      { onewayStore: memory.store },
    );
    const call = {
      service: "Calc",
      method: "record",
      protocol: "compact" as const,
      message: recordCall("later"),
      requestId: "req-9",
      identity: "bob",
    };
    await memory.run(call);
    expect(seen).toEqual([{ event: "later", requestId: "req-9", identity: "bob", headers: {} }]);

    createThriftService(
      DurableCalc,
      { ...createCalcHandler(), record: async () => Promise.reject(new Error("disk full")) },
      { onewayStore: memory.store },
    );
    await expect(memory.run(call)).rejects.toThrow("disk full");
  });

  it("When a kept call no longer decodes, or is not a oneway call of the service, Then its run rejects", async () => {
    const memory = memoryStore();
    createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    const base = { service: "Calc", protocol: "compact" as const, requestId: "r", identity: undefined };
    await expect(memory.run({ ...base, method: "record", message: Buffer.from([1, 2, 3]) })).rejects.toThrow();
    await expect(
      memory.run({ ...base, method: "add", message: encodeCall(methods.add, [1, 2], 0, "compact") }),
    ).rejects.toThrow(new TypeError("A kept call of Calc.add is no longer a oneway call of this service"));
  });

  it("When the service drains Then its consumer is stopped", async () => {
    const memory = memoryStore();
    const service = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store });
    await service.drain();
    expect(memory.stopped).toBe(true);
  });

  it("When a kept call's handler fails Then the run rejects for the store to retry, and the service's oneway reporter is not called", async () => {
    const memory = memoryStore();
    const reported: unknown[] = [];
    const failure = new Error("disk full");
    const service = createThriftService(
      DurableCalc,
      { ...createCalcHandler(), record: async () => Promise.reject(failure) },
      { onewayStore: memory.store },
    );
    service.reportOnewayErrorsTo((error) => reported.push(error));
    const call = {
      service: "Calc",
      method: "record",
      protocol: "compact" as const,
      message: recordCall("x"),
      requestId: "r",
      identity: undefined,
    };
    await expect(memory.run(call)).rejects.toBe(failure);
    expect(reported).toEqual([]);
  });
});

describe("a durable oneway method of a multiplexed service", () => {
  const muxRecord = (event: string) => encodeCall({ ...methods.record, name: "Calc:record" }, [event], 0, "binary");

  it("When a multiplexed client calls it as Service:method Then the call is kept under its bare name, answered once kept, run by the service's consumer, and stopped on drain", async () => {
    const memory = memoryStore();
    const handler = createCalcHandler();
    const calc = createThriftService(DurableCalc, handler, { onewayStore: memory.store });
    const other = createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memoryStore().store });
    const both = createMultiplexedService({ Calc: calc, Other: other });
    const response = both.handle(request(muxRecord("muxed"), { contentType: "application/x-thrift" }));
    await turn();
    expect(memory.pending.map(({ call }) => call)).toEqual([
      {
        service: "Calc",
        method: "record",
        protocol: "binary",
        message: recordCall("muxed", "binary"),
        requestId: "req-1",
        identity: "ann",
      },
    ]);
    memory.pending[0]!.resolve();
    await expect(response).resolves.toEqual(accepted("binary"));

    await memory.run(memory.kept[0]!);
    expect(handler.calls.recorded).toEqual(["muxed"]);
    await both.drain();
    expect(memory.stopped).toBe(true);
  });

  it("When its store cannot keep the call Then the multiplexed service answers 503 with Retry-After, as the service does", async () => {
    const memory = memoryStore();
    const both = createMultiplexedService({
      Calc: createThriftService(DurableCalc, createCalcHandler(), { onewayStore: memory.store }),
    });
    const response = both.handle(request(muxRecord("lost"), { contentType: "application/x-thrift" }));
    await turn();
    memory.pending[0]!.reject(new ServiceUnavailable("The database is unavailable"));
    await expect(response).resolves.toMatchObject({
      status: 503,
      headers: { "retry-after": "1" },
      call: { service: "Calc", method: "record", outcome: "error" },
    });
  });
});

describe("a handler that finds a resource it needs unavailable", () => {
  it("When it throws ServiceUnavailable Then 503 with Retry-After and a fixed message, its own for the log only", async () => {
    const failure = new ServiceUnavailable("The database is unavailable since 12:00 (ECONNREFUSED)");
    const service = createThriftService(Calc as ServiceDefinition<ReturnType<typeof createCalcHandler>>, {
      ...createCalcHandler(),
      add: async () => Promise.reject(failure),
    });
    const response = await service.handle(request(encodeCall(methods.add, [1, 2], 3, "compact")));
    expect(response).toEqual({
      status: 503,
      headers: { "content-type": "application/json", "cache-control": "no-store", "retry-after": "1" },
      body: Buffer.from(
        JSON.stringify({
          code: "unavailable",
          message: "add cannot be served now: a resource it needs is unavailable; retry later",
        }),
      ),
      call: { service: "Calc", method: "add", outcome: "error", error: failure },
    });
  });
});
