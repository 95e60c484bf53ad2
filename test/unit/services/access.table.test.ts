/**
 * The whole permission table walked through the real access service (real SQLite, users.info on
 * the fake Slack): every action tried by every role is allowed exactly when the table says, and
 * refused with a message naming who can.
 */
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { ALL_ACTIONS, allows, refusalHead, TEAM_ROLES } from "../../../src/domain/permissions.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ForbiddenError } from "../../../src/lib/errors.js";
import { type AccessService, createAccessService } from "../../../src/services/access.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";
const userFor = { product_owner: "UPO", admin: "UBOSS", member: "UDEV", viewer: "USTAKE" } as const;

describe("permission table walk over the access service", () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let access: AccessService;
  const clock = new FakeClock("2026-11-28T12:00:00Z");

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "UWSADMIN", is_admin: true });
    // Admin of a partner workspace, met in a Slack Connect channel: not an admin of T0001.
    fake.addUser({ id: "UPARTNER", is_admin: true, teamId: "T0PARTNER" });
    for (const id of Object.values(userFor)) fake.addUser({ id });
  });
  afterAll(() => fake.stop());

  beforeEach(async () => {
    db = await createTestDatabase("memory");
    const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    access = createAccessService({
      roles: createTeamRoleRepository(db.db),
      users: createSlackUserDirectory({ client, clock }),
      clock,
    });
    for (const role of TEAM_ROLES) {
      await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: userFor[role], role });
    }
  });
  afterEach(() => db.dispose());

  it("allows every action to exactly the roles in the table and refuses the rest, naming who can", async () => {
    const cells: string[] = [];
    for (const action of ALL_ACTIONS) {
      for (const role of TEAM_ROLES) {
        const user = userFor[role];
        const expected = allows(role, action);
        expect([action, role, await access.can(T, user, action)]).toEqual([action, role, expected]);
        const outcome = await access.require(T, user, action).then(
          () => "allowed",
          (error: unknown) => error,
        );
        if (expected) expect(outcome).toBe("allowed");
        else {
          expect(outcome).toBeInstanceOf(ForbiddenError);
          // "Only product owners and admins can reorder the backlog: ask <@UPO>."
          expect((outcome as ForbiddenError).userMessage).toMatch(
            new RegExp(`^${escape(refusalHead(action))}: ask (<@U\\w+>|a workspace admin)`),
          );
        }
        cells.push(`${action}/${role}`);
      }
    }
    expect(cells).toHaveLength(ALL_ACTIONS.length * TEAM_ROLES.length);
  });

  it("counts workspace admins only in their own workspace", async () => {
    expect(await access.roleOf(T, "UWSADMIN")).toBe("admin");
    expect(await access.roleOf(T, "UPARTNER")).toBe("member");
    await expect(access.require(T, "UPARTNER", "roles.manage")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
