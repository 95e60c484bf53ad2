/** Demo data for a fresh playground, written through the app's own services (as the commands would). */
import type { ShiftedClock } from "../lib/clock.js";
import { ADMIN, PEOPLE, PLAYGROUND_TEAM } from "./people.js";
import type { PlaygroundSession } from "./session.js";

const WEEK = 7 * 24 * 3_600_000;

/** Where a fresh playground's clock starts: seven weeks back, so three two-week sprints fit before today. */
export function seedStart(now: Date): Date {
  return new Date(now.getTime() - 7 * WEEK);
}

export async function seedDemoData(session: PlaygroundSession, _clock: ShiftedClock): Promise<void> {
  const { services } = session.bot;
  const teamId = PLAYGROUND_TEAM.id;
  for (const p of PEOPLE) {
    if (p.role) await services.access.assignRole({ teamId, actorId: ADMIN.id, userId: p.id, role: p.role });
  }
}
