// The data service's settings: the shared ones, plus where its database lives.
import { createConfigReader, loadServerConfig, type DatabaseOptions, type ServerConfig } from "@starter/shared/server";

export interface DataConfig extends ServerConfig {
  /** `storage.file` (DATA_FILE): replicas that share the file share the data. */
  storage: DatabaseOptions;
}

export function loadDataConfig(source: object): DataConfig {
  const read = createConfigReader(source);
  return {
    ...loadServerConfig(source),
    storage: { file: read.string("storage.file"), busyTimeoutMs: read.integer("storage.busyTimeoutMs", 0, 60_000) },
  };
}
