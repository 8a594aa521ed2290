// Where a service may be mounted: one rule for the adapter that mounts services and for
// the configuration that names the path (`thrift.path`).

/** Whether `path` can mount a service: `/name` or `/a/b` (letters, digits, . _ ~ -). */
export function isMountPath(path: string): boolean {
  return /^(\/[\w.~-]+)+$/.test(path);
}
