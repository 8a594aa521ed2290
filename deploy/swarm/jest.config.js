// The Swarm test, run by deploy/swarm/test.sh against the stack it deployed (not by a plain
// `jest`, whose projects leave deploy/swarm out): the settings of the repository's unit
// project (TypeScript, the @starter/* sources), with the time a rolling update takes.
const { projects } = require("../../jest.config.js");
const unit = projects.find((project) => project.displayName === "unit");

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  rootDir: "../..",
  displayName: "swarm",
  roots: ["<rootDir>/deploy/swarm"],
  testMatch: ["**/test/**/*.test.ts"],
  testTimeout: 300_000,
};
