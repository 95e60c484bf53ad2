/** Async daily standups: settings, timing across zones, blockers, the report model, participation. */
export * from "./answer-check.js";
export * from "./blockers.js";
export * from "./report.js";
export * from "./standup.js";
export * from "./stats.js";
export * from "./timing.js";
