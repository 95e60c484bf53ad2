/**
 * A second process moving stories in the same SQLite file (for the concurrent-moves test).
 * env: DB_PATH, GO_FILE (start when it exists), SLACK_API_URL (fake users.info), TEAM, USER, MOVES (JSON [{n, position}]).
 * Prints one JSON line with the results when done.
 */
import { existsSync } from "node:fs";
import { WebClient } from "@slack/web-api";
import { createBacklogUnitOfWork } from "../../../src/db/backlog.repository.js";
import { openDatabase } from "../../../src/db/connection.js";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { systemClock } from "../../../src/lib/clock.js";
import { createAccessService } from "../../../src/services/access.service.js";
import { createBacklogService } from "../../../src/services/backlog.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";

const env = process.env;
const handle = openDatabase(env.DB_PATH ?? "");
const client = new WebClient("xoxb-test", { slackApiUrl: env.SLACK_API_URL, retryConfig: { retries: 0 } });
const access = createAccessService({
  roles: createTeamRoleRepository(handle.db),
  users: createSlackUserDirectory({ client, clock: systemClock }),
  clock: systemClock,
});
const backlog = createBacklogService({ uow: createBacklogUnitOfWork(handle.db), access, clock: systemClock });
// Start together with the parent: say we're ready, then wait for its go-file.
process.stdout.write("ready\n");
while (!existsSync(env.GO_FILE ?? "")) await new Promise((r) => setTimeout(r, 5));
const moves = JSON.parse(env.MOVES ?? "[]") as { n: number; position: number }[];
let moved = 0;
for (const m of moves) {
  const r = await backlog.move({
    teamId: env.TEAM ?? "",
    userId: env.USER_ID ?? "",
    storyNumber: m.n,
    move: { kind: "to", position: m.position },
  });
  if (r.moved) moved++;
}
await handle.close();
process.stdout.write(`${JSON.stringify({ moved })}\n`);
