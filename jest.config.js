// Three projects: `unit` (unit and in-process tests beside the code, on port 0; seconds),
// `conformance` (stock Apache clients against test/conformance's server) and `stack` (the
// whole stack through nginx in Docker, started once in global setup).
const ts = ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }];
// Tests run on the sources: no build step between an edit and a test run. Each public
// subpath of @starter/shared is its source, read from the package's exports (dist/x.js is
// src/x.ts); anything else of the package is private, and not found.
const { exports: sharedExports } = require("./shared/package.json");
const sharedSubpaths = Object.fromEntries(
  Object.entries(sharedExports)
    .filter(([, target]) => typeof target === "object")
    .map(([subpath, target]) => [
      `^@starter/shared${subpath.slice(1).replace(/[/.]/g, "\\$&")}$`,
      `<rootDir>/shared/${target.default.replace(/^\.\/dist\/(.*)\.js$/, "src/$1.ts")}`,
    ]),
);
const moduleNameMapper = {
  ...sharedSubpaths,
  // Any other @starter/<name> is the service in services/<name> (checked after shared).
  "^@starter/([a-z][a-z0-9]*)/(.*)$": "<rootDir>/services/$1/src/$2",
  // A relative import written as the compiled module (`./shared.js`, as generated modules
  // import the files their IDL includes) is its source here.
  "^(\\.{1,2}/.*)\\.js$": "$1",
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": ts },
      moduleNameMapper,
      // deploy/k8s/test: the Kubernetes manifests, checked without a cluster (seconds too);
      // nginx/test: the gateway's config, checked without nginx; prometheus/test: the
      // stack's Prometheus config and recording rules (with promtool where there is one);
      // test/repo: facts about the repository as a whole (Node's version, opening comments, options docs);
      // playground: the page's model, examples and calls, in Node.
      roots: [
        "<rootDir>/shared",
        "<rootDir>/services",
        "<rootDir>/deploy/k8s",
        "<rootDir>/nginx",
        "<rootDir>/prometheus",
        "<rootDir>/test/repo",
        "<rootDir>/playground",
      ],
      testMatch: [
        "**/src/**/*.test.ts",
        "<rootDir>/deploy/k8s/test/**/*.test.ts",
        "<rootDir>/nginx/test/**/*.test.ts",
        "<rootDir>/prometheus/test/**/*.test.ts",
        "<rootDir>/test/repo/**/*.test.ts",
      ],
    },
    {
      // test/conformance/README.md: Apache's Node and Python clients against the conformance
      // server, started in-process on port 0. Apart from the unit tests: the Python half
      // needs Apache's compiler and python3-thrift (`make test-conformance` installs them).
      displayName: "conformance",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": ts },
      moduleNameMapper,
      roots: ["<rootDir>/test/conformance"],
      testMatch: ["**/src/**/*.test.ts"],
    },
    {
      // test/stack/README.md: the stack is built and started once for the run (global
      // setup), called through the gateway only, and removed (global teardown). Run it
      // with `make test-stack`: in band, since some files stop and restore replicas.
      displayName: "stack",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": ts },
      moduleNameMapper,
      roots: ["<rootDir>/test/stack"],
      testMatch: ["**/*.test.ts"],
      globalSetup: "<rootDir>/test/stack/global-setup.ts",
      globalTeardown: "<rootDir>/test/stack/global-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/stack/timeouts.ts"],
      slowTestThreshold: 20,
    },
  ],
};
