/**
 * `setDorCheck` over real SQLite and the real access service (fake users.info): switching
 * Definition of Ready checks off and on, who may, the last check staying on, and the effect on
 * `readiness` / `markReady`.
 */
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBacklogUnitOfWork } from "../../../src/db/backlog.repository.js";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { createUnitOfWork } from "../../../src/db/unit-of-work.js";
import { READINESS_CHECKS, type ReadinessCheckId } from "../../../src/domain/readiness.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ConflictError, ForbiddenError, ValidationError } from "../../../src/lib/errors.js";
import { createAccessService } from "../../../src/services/access.service.js";
import {
  type BacklogService,
  createBacklogService,
  NotReadyError,
} from "../../../src/services/backlog.service.js";
import { createStoryService } from "../../../src/services/story.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";
const ADMIN = "UWSADMIN";
const PO = "UPO";
const DEV = "UDEV";
const VIEWER = "UVIEW";

let fake: FakeSlack;
let db: TestDatabase;
let backlog: BacklogService;
const clock = new FakeClock("2026-11-28T12:00:00Z");

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: ADMIN, is_admin: true });
  for (const id of [PO, DEV, VIEWER]) fake.addUser({ id });
});
afterAll(() => fake.stop());

beforeEach(async () => {
  db = await createTestDatabase("memory");
  const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const access = createAccessService({
    roles: createTeamRoleRepository(db.db),
    users: createSlackUserDirectory({ client, clock }),
    clock,
  });
  await access.assignRole({ teamId: T, actorId: ADMIN, userId: PO, role: "product_owner" });
  await access.assignRole({ teamId: T, actorId: ADMIN, userId: VIEWER, role: "viewer" });
  backlog = createBacklogService({ uow: createBacklogUnitOfWork(db.db), access, clock });
});
afterEach(() => db.dispose());

const set = (check: ReadinessCheckId, enabled: boolean, userId = PO) =>
  backlog.setDorCheck({ teamId: T, userId, check, enabled });

async function storedRow() {
  return db.db.selectFrom("backlog_settings").selectAll().where("team_id", "=", T).executeTakeFirst();
}

describe("setDorCheck", () => {
  it("turns a check off and on again, saved in checklist order with who and when", async () => {
    expect((await set("size_limit", false)).changed).toBe(true);
    const r = await set("persona", false);
    expect(r).toEqual({
      changed: true,
      settings: { priorityMethod: null, sizeLimit: 8, dorDisabled: ["persona", "size_limit"] },
    });
    const row = await storedRow();
    expect(JSON.parse(row?.dor_disabled ?? "")).toEqual(["persona", "size_limit"]);
    expect(row?.updated_by).toBe(PO);
    expect(row?.updated_at).toBe("2026-11-28T12:00:00.000Z");
    expect((await backlog.settings(T)).dorDisabled).toEqual(["persona", "size_limit"]);

    await set("size_limit", true);
    expect((await backlog.settings(T)).dorDisabled).toEqual(["persona"]);
    // Settings changes are no story changes: nothing in the digest's "what changed".
    expect(await db.db.selectFrom("backlog_events").selectAll().execute()).toEqual([]);
  });

  it("keeps the other settings", async () => {
    await backlog.updateSettings({
      teamId: T,
      userId: PO,
      change: { sizeLimit: 13, priorityMethod: "wsjf" },
    });
    const { settings } = await set("benefit", false);
    expect(settings).toEqual({ priorityMethod: "wsjf", sizeLimit: 13, dorDisabled: ["benefit"] });
  });

  it("reports no change when the check already is that way, and writes nothing", async () => {
    expect(await set("want", true)).toEqual({
      changed: false,
      settings: { priorityMethod: null, sizeLimit: 8, dorDisabled: [] },
    });
    expect(await storedRow()).toBeUndefined();
    await set("want", false);
    expect((await set("want", false)).changed).toBe(false);
  });

  it("refuses turning off the last check that is on, and allows it after turning another on", async () => {
    const allButLast = READINESS_CHECKS.slice(0, -1);
    for (const id of allButLast) await set(id, false);
    const refused = set("no_open_questions", false);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({
      userMessage: expect.stringMatching(/“Has no open questions” is the only .* at least one must stay on/),
    });
    expect((await backlog.settings(T)).dorDisabled).toEqual(allButLast);
    await set("want", true);
    await set("no_open_questions", false);
    expect((await backlog.settings(T)).dorDisabled).toEqual(READINESS_CHECKS.filter((id) => id !== "want"));
  });

  it("lets workspace admins change it and refuses members and viewers, naming who can", async () => {
    expect((await set("estimated", false, ADMIN)).changed).toBe(true);
    for (const who of [DEV, VIEWER]) {
      const refused = set("estimated", true, who);
      await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
      await expect(refused).rejects.toMatchObject({
        userMessage: `Only product owners and admins can change the Definition of Ready: ask <@${PO}>.`,
      });
    }
    expect((await backlog.settings(T)).dorDisabled).toEqual(["estimated"]);
  });

  it("refuses an id that is no check", async () => {
    await expect(set("colour" as ReadinessCheckId, false)).rejects.toBeInstanceOf(ValidationError);
  });

  it("changes what readiness and mark ready accept", async () => {
    const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
    await stories.createStory({
      teamId: T,
      userId: PO,
      draft: {
        title: "Not estimated",
        persona: "po",
        want: "plan",
        benefit: "ship",
        acceptanceCriteria: ["Given x then y"],
        estimate: null,
        priority: "medium",
        labels: [],
      },
    });
    await expect(backlog.markReady({ teamId: T, userId: PO, storyNumber: 1 })).rejects.toBeInstanceOf(
      NotReadyError,
    );
    await set("estimated", false);
    await set("size_limit", false);
    const { readiness } = await backlog.readiness(T, 1);
    expect(readiness.ready).toBe(true);
    expect(readiness.points.map((p) => p.id)).not.toContain("estimated");
    expect((await backlog.markReady({ teamId: T, userId: PO, storyNumber: 1 })).status).toBe("ready");
  });
});
