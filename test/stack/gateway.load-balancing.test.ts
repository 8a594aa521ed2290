// The gateway spreads calls over every replica of a service: each reply names the
// replica that made it (X-Served-By, the container's host name).
import { DataService } from "@starter/data/gen/data";
import { Echo } from "@starter/echo/gen/echo";
import { UserService } from "@starter/user/gen/user";
import { getCall, header, postCall, type Reply } from "./gateway";
import { hostnamesOf, type ServiceName } from "./replicas";
import { callers } from "./stack";

const calls: [ServiceName, string, () => Promise<Reply>][] = [
  ["echo", "POST echo", () => postCall("echo", Echo, "echo", [{ msg: "who answers?" }], { auth: callers.alice })],
  ["data", "GET ping", () => getCall("data", DataService, "ping", [], { auth: callers.alice })],
  ["user", "GET getUsers", () => getCall("user", UserService, "getUsers", [[]], { auth: callers.alice })],
];

describe.each(calls)("Load balancing of %s", (service, call, makeCall) => {
  test(`When ${call} is called 10 times in a row Then both replicas answer, every time with 200`, async () => {
    const replicas = await hostnamesOf(service);
    expect(replicas).toHaveLength(2);

    const replies: Reply[] = [];
    for (let i = 0; i < 10; i++) replies.push(await makeCall());

    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(200));
    const servedBy = new Set(replies.map((reply) => header(reply, "x-served-by")));
    expect([...servedBy].sort()).toEqual(replicas);
  });
});
