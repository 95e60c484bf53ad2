/** The signed-request sender moved to `src/simulator/slack-requests.ts` (the playground sends with it too). */
export * from "../../src/simulator/slack-requests.js";
