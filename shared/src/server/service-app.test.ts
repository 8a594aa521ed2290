// createServiceApp over real HTTP: the service mounted and limited as its configuration
// says, with a oneway handler's failure in the JSON log.
import { setTimeout as delay } from "node:timers/promises";
import { encodeCall } from "../core/message";
import { contentTypes } from "../core/protocols";
import { Calc, methods } from "../core/__fixtures__/calc";
import { createCalcHandler } from "../core/__fixtures__/calc-handler";
import { captureLogs } from "./__fixtures__/log-lines";
import { serve, type RunningServer } from "./lifecycle";
import { createServiceApp, type ServiceAppConfig } from "./service-app";

const config: ServiceAppConfig = {
  thrift: { path: "/v1/calc", maxBodyBytes: 200, maxBodyBytesInFlight: 3200, maxTimeoutMs: 20 },
  auth: { basicUsers: new Map(), bearerTokens: new Map([["ci", "ci-token"]]), realm: "calc" },
  metricsRequireAuth: true,
};
const headers = { authorization: "Bearer ci-token", "content-type": contentTypes.binary };

let running: RunningServer;
let lines: Record<string, unknown>[];
beforeEach(async () => {
  const logs = captureLogs("info");
  lines = logs.lines;
  const handler = { ...createCalcHandler(), record: async () => Promise.reject(new Error("disk full")) };
  const app = createServiceApp({ definition: Calc, handler, config, logger: logs.logger, servedBy: "replica-1" });
  running = await serve(app, { host: "127.0.0.1", port: 0, shutdownGraceMs: 1000, logger: logs.logger, signals: [] });
});
afterEach(() => running.shutdown("test over"));

const post = (path: string, body: Buffer) => fetch(`${running.url}${path}`, { method: "POST", headers, body });

describe("createServiceApp", () => {
  test("When called at the configured path Then the service answers, as the replica named", async () => {
    const response = await post("/v1/calc", encodeCall(methods.add, [2, 3], 0, "binary"));
    expect({ status: response.status, servedBy: response.headers.get("x-served-by") }).toEqual({
      status: 200,
      servedBy: "replica-1",
    });
    expect((await post("/calc", encodeCall(methods.add, [2, 3], 0, "binary"))).status).toBe(404);
  });

  test("When a body is over the configured limit Then 413", async () => {
    const response = await post("/v1/calc", encodeCall(methods.shout, [["x".repeat(300)]], 0, "binary"));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 413,
      body: { code: "payload_too_large", message: "The body exceeds the limit of 200 bytes" },
    });
  });

  test("When a call runs past the configured longest call Then 504", async () => {
    const response = await post("/v1/calc", encodeCall(methods.wait, [1000], 0, "binary"));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 504,
      body: { code: "deadline_exceeded", message: "wait did not finish within its deadline of 20 ms" },
    });
  });

  test("When the configuration says metrics need credentials Then /metrics does", async () => {
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
  });

  test("When a oneway handler fails Then its failure is a line of the JSON log", async () => {
    expect((await post("/v1/calc", encodeCall(methods.record, ["e"], 0, "binary"))).status).toBe(200);
    for (let i = 0; i < 100 && !lines.some((line) => line["msg"] === "oneway call failed"); i++) await delay(10);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "oneway call failed",
        service: "Calc",
        method: "record",
        err: expect.objectContaining({ message: "disk full" }),
      }),
    );
  });
});
