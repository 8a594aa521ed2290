// What tests of services use: their client bound to their handler in memory.
export { createTestClient, type TestClientOptions } from "./test-client";
export { InMemoryDispatcher, type InMemoryDispatcherOptions } from "./in-memory-dispatcher";
