// Closes what a test opened, clients before servers, even when the test failed.
const opened: Array<{ close(): Promise<void> }> = [];

/** Registers `resource` to be closed by `closeAll`. */
export function track<T extends { close(): Promise<void> }>(resource: T): T {
  opened.push(resource);
  return resource;
}

/** Closes every tracked resource, newest first; use in `afterEach`. */
export async function closeAll(): Promise<void> {
  for (const resource of opened.splice(0).reverse()) await resource.close();
}
