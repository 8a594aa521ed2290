// Two projects: `unit` (unit and in-process tests beside the code, on port 0; seconds)
// and `stack` (the whole stack through nginx in Docker, started once in global setup).
const ts = ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }];
const moduleNameMapper = {
  // Tests run on the sources: no build step between an edit and a test run.
  "^@starter/shared$": "<rootDir>/shared/src/index.ts",
  "^@starter/shared/(.*)$": "<rootDir>/shared/src/$1",
  "^@starter/(echo|data|user)/(.*)$": "<rootDir>/services/$1/src/$2",
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": ts },
      moduleNameMapper,
      roots: ["<rootDir>/shared", "<rootDir>/services"],
      testMatch: ["**/src/**/*.test.ts"],
    },
  ],
};
