export * from "./config";
export * from "./database";
export * from "./embedded";
export * from "./errors";
export * from "./listen";
export * from "./migrate";
export * from "./oneway-queue";
export * from "./open";
