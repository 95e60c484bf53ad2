/** `/scrum roles` end to end: listing, assigning as a workspace admin, refusals for others. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";

const ADMIN = "U0WSADMIN";
const PO = "U0PO";
const DEV = "U0DEV";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: ADMIN, name: "ada", is_admin: true });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team" });
});
afterEach(() => t.stop());

async function scrum(userId: string, text: string): Promise<{ body: Record<string, unknown>; text: string }> {
  const before = t.fake.responses.length;
  const res = await t.slack.command("/scrum", text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const response = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return { body: response.body as Record<string, unknown>, text: JSON.stringify(response.body) };
}

describe("/scrum roles", () => {
  it("a workspace admin assigns a product owner (escaped mention) and everyone sees the list", async () => {
    const assigned = await scrum(ADMIN, `roles po <@${PO}|pat>`);
    expect(assigned.body.response_type).toBe("ephemeral");
    expect(assigned.text).toContain(`<@${PO}> is now a product owner`);

    const listed = await scrum(DEV, "roles");
    expect(listed.body.response_type).toBe("ephemeral");
    expect(listed.text).toMatch(new RegExp(`Product owners\\*[^"]*<@${PO}>`));
    expect(listed.text).toContain("You are a team member");
    // Only admins see how to change roles.
    expect(listed.text).not.toContain("/scrum roles remove");
    expect(validateMessageBlocks(listed.body.blocks as unknown[])).toEqual([]);

    const rows = await t.db.db
      .selectFrom("team_roles")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .execute();
    expect(rows).toMatchObject([
      { team_id: "T0001", user_id: PO, role: "product_owner", assigned_by: ADMIN },
    ]);
  });

  it("refuses a non-admin privately and says who can", async () => {
    await scrum(ADMIN, `roles admin <@${ADMIN}>`);
    const refused = await scrum(PO, `roles po <@${PO}>`);
    expect(refused.body.response_type).toBe("ephemeral");
    expect(refused.text).toContain(`Only admins can manage roles: ask <@${ADMIN}> or a workspace admin.`);
    const rows = await t.db.db
      .selectFrom("team_roles")
      .where("team_id", "=", TEST_TEAM_ID)
      .where("user_id", "=", PO)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("closes the team with a viewer default and removes roles", async () => {
    await scrum(ADMIN, "roles default viewer");
    await scrum(ADMIN, `roles member <@${DEV}>`);
    let listed = await scrum(PO, "roles");
    expect(listed.text).toContain("You are a viewer");
    await scrum(ADMIN, `roles remove <@${DEV}>`);
    listed = await scrum(DEV, "roles");
    expect(listed.text).toContain("You are a viewer");
  });

  it("explains bad input", async () => {
    expect((await scrum(ADMIN, "roles king <@U0PO>")).text).toContain("I don't know that role");
    expect((await scrum(ADMIN, "roles po")).text).toContain("Mention who");
    expect((await scrum(ADMIN, "roles default admin")).text).toContain("`member`");
  });
});
