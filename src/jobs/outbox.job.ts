/**
 * The outbox worker as a job: `(deps, now)` delivers every pending message due at `now`. The
 * service reads its own clock for backoff times, so `now` only documents when the drain started.
 */
import type { DrainStats, OutboxService } from "../services/outbox.service.js";

export interface OutboxJobDeps {
  outbox: OutboxService;
}

export function outboxJob(deps: OutboxJobDeps, _now: Date): Promise<DrainStats> {
  return deps.outbox.drain();
}
