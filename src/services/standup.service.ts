/**
 * The standup service lives in `./standup/` (one module per concern behind the facade); this path
 * stays valid for the listeners, jobs and views that import it.
 */
export * from "./standup/index.js";
