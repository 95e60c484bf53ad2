/** Block Kit checks now live in `src/simulator` (the playground's simulator enforces them); tests keep this path. */
export * from "../../src/simulator/block-kit-limits.js";
