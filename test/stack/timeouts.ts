// Jest reads testTimeout only from the global config, not per project: the stack
// project sets its own here (setupFilesAfterEnv). Calls cross TLS, nginx and Docker's
// network, and the failover tests wait for a replica to come back: generous, but a
// hung test or hook still ends.
jest.setTimeout(60_000);
