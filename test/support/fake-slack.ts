/** The fake Slack now lives in `src/simulator` (the playground uses it too); tests keep this path. */
export * from "../../src/simulator/index.js";
