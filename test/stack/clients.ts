// Typed clients of each service, calling through the gateway over HTTPS with the run's CA,
// exactly as an application would. Each test file closes its clients in afterAll.
import { DataService, type DataServiceClient } from "@starter/data/gen/data";
import { Echo, type EchoClient } from "@starter/echo/gen/echo";
import { UserService, type UserServiceClient } from "@starter/user/gen/user";
import {
  closeClient,
  createClient,
  type CallOptions,
  type ClientAuth,
  type ClientOptions,
  type ProtocolName,
  type ServiceDefinition,
  type ThriftClient,
} from "@starter/shared/client";
import { callers, stack } from "./stack";

/** How a client talks to the gateway: HTTP version and Thrift protocol. */
export interface Transport {
  readonly name: string;
  readonly http2: boolean;
  readonly protocol: ProtocolName;
}

/** The six ways every method is proven to work. */
export const transports: readonly Transport[] = [
  { name: "HTTP/1.1, binary", http2: false, protocol: "binary" },
  { name: "HTTP/1.1, compact", http2: false, protocol: "compact" },
  { name: "HTTP/1.1, json", http2: false, protocol: "json" },
  { name: "HTTP/2, binary", http2: true, protocol: "binary" },
  { name: "HTTP/2, compact", http2: true, protocol: "compact" },
  { name: "HTTP/2, json", http2: true, protocol: "json" },
];

export interface ClientChoice {
  transport?: Transport;
  /** alice's Basic credentials unless given. */
  auth?: ClientAuth;
  /** Further client options (retries, timeouts). */
  options?: Partial<ClientOptions>;
}

/** Every client made here, closed with closeClient, whatever its service's methods are named. */
const open = new Set<unknown>();

/**
 * A typed client of any service through the gateway at `path` (its mount path, `/<name>`):
 * what a service's own `<name>.calls.test.ts` uses, so a new one needs no entry here.
 */
export function through<T>(
  definition: ServiceDefinition<unknown, T>,
  path: string,
  choice: ClientChoice = {},
): ThriftClient<T> {
  const transport = choice.transport ?? transports[0]!;
  const client = createClient(definition, {
    url: `${stack.gatewayUrl}${path}`,
    ca: stack.ca,
    http2: transport.http2,
    protocol: transport.protocol,
    auth: choice.auth ?? callers.alice,
    ...choice.options,
  });
  open.add(client);
  return client;
}

export const clients = {
  echo: (choice: ClientChoice = {}): ThriftClient<EchoClient> => through(Echo, "/echo", choice),
  data: (choice: ClientChoice = {}): ThriftClient<DataServiceClient> => through(DataService, "/data", choice),
  user: (choice: ClientChoice = {}): ThriftClient<UserServiceClient> => through(UserService, "/user", choice),
};

/**
 * Call options that send `requestId` as the call's X-Request-ID, to find the call in the
 * gateway's and the replicas' logs (the client takes it from a calling handler's context).
 */
export function withRequestId(requestId: string, timeoutMs = 10_000): CallOptions {
  return {
    context: {
      requestId,
      deadline: Date.now() + timeoutMs,
      signal: new AbortController().signal,
      identity: undefined,
      headers: {},
    },
  };
}

/** Closes every client made in this test file; for afterAll. */
export async function closeClients(): Promise<void> {
  const closing = [...open].map((client) => closeClient(client));
  open.clear();
  await Promise.all(closing);
}

/**
 * An error as a plain object, its class name, message and own fields (an IDL
 * exception's `key`, `id`, `field`, a client error's `status`), for `toEqual`, which
 * compares Error objects by message alone.
 */
export function described(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { class: error.constructor.name, message: error.message, ...Object.fromEntries(Object.entries(error)) };
}

/** What a call rejected with, `described`; fails the test if the call succeeded. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await call;
  } catch (error) {
    return described(error);
  }
  throw new Error(`Expected the call to fail, but it answered ${String(value)}`);
}
