/** The scheduled stakeholder digest (`digest.post`): one occurrence posts to every configured channel. */
import type { DigestService } from "../services/digest.service.js";
import type { JobHandler } from "../services/scheduling.ports.js";

export function digestJob(deps: { digests: DigestService }): JobHandler {
  return async (ctx) => {
    await deps.digests.runScheduled(ctx);
  };
}
