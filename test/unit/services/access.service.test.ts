import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { ALL_ACTIONS, allows, refusalHead } from "../../../src/domain/permissions.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ForbiddenError, ValidationError } from "../../../src/lib/errors.js";
import { type Permission, TEAM_ROLES } from "../../../src/services/access.ports.js";
import {
  type AccessService,
  createAccessService,
  GRANTS,
  parseRole,
} from "../../../src/services/access.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";

describe("access service over real SQLite and users.info", () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let access: AccessService;
  const clock = new FakeClock("2026-11-28T12:00:00Z");

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "UWSADMIN", is_admin: true });
    // Admin of a partner workspace, met in a Slack Connect channel: not an admin of T0001.
    fake.addUser({ id: "UPARTNER", is_admin: true, teamId: "T0PARTNER" });
    for (const id of ["UPO", "UPO2", "UDEV", "UBOSS", "USTAKE"]) fake.addUser({ id });
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
  });
  afterEach(() => db.dispose());

  it("treats Slack workspace admins as admins without any assignment", async () => {
    expect(await access.roleOf(T, "UWSADMIN")).toBe("admin");
    expect(await access.can(T, "UWSADMIN", "roles.manage")).toBe(true);
  });

  it("gives unlisted people the team default: member until an admin closes the team", async () => {
    expect(await access.roleOf(T, "USTAKE")).toBe("member");
    expect(await access.can(T, "USTAKE", "story.create")).toBe(true);
    expect(await access.can(T, "USTAKE", "backlog.reorder")).toBe(false);

    await access.setDefaultRole({ teamId: T, actorId: "UWSADMIN", role: "viewer" });
    expect(await access.roleOf(T, "USTAKE")).toBe("viewer");
    expect(await access.can(T, "USTAKE", "story.create")).toBe(false);
    // Another workspace is unaffected.
    expect(await access.roleOf("T9999", "USTAKE")).toBe("member");
  });

  it("grants each permission exactly to the roles in the table", async () => {
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UPO", role: "product_owner" });
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UBOSS", role: "admin" });
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UDEV", role: "member" });
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "USTAKE", role: "viewer" });
    const userFor = { product_owner: "UPO", admin: "UBOSS", member: "UDEV", viewer: "USTAKE" } as const;
    for (const role of TEAM_ROLES) {
      for (const permission of Object.keys(GRANTS) as Permission[]) {
        const expected = GRANTS[permission].includes(role);
        expect([role, permission, await access.can(T, userFor[role], permission)]).toEqual([
          role,
          permission,
          expected,
        ]);
      }
    }
    // The table itself says what the issue says.
    expect(GRANTS["backlog.reorder"]).toEqual(["product_owner", "admin"]);
    expect(GRANTS["backlog.triage"]).toEqual(["product_owner", "admin"]);
    expect(GRANTS["story.estimate"]).toContain("member");
    expect(GRANTS["roles.manage"]).toEqual(["admin"]);
  });

  it("refuses with a message naming the roles and the people to ask", async () => {
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UPO", role: "product_owner" });
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UPO2", role: "product_owner" });
    const refusal = access.require(T, "UDEV", "backlog.reorder");
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refusal).rejects.toMatchObject({
      userMessage: "Only product owners and admins can reorder the backlog: ask <@UPO> or <@UPO2>.",
    });
    await expect(access.require(T, "UPO", "backlog.reorder")).resolves.toBeUndefined();
  });

  it("points to workspace admins when nobody holds the role yet", async () => {
    await expect(access.require(T, "UDEV", "backlog.triage")).rejects.toMatchObject({
      userMessage:
        "Only product owners and admins can triage requests: ask a workspace admin to give you a role with `/scrum roles`.",
    });
  });

  it("lets only admins manage roles, and a PO is not an admin", async () => {
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UPO", role: "product_owner" });
    await expect(
      access.assignRole({ teamId: T, actorId: "UPO", userId: "UDEV", role: "product_owner" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(access.removeRole({ teamId: T, actorId: "UDEV", userId: "UPO" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await access.roleOf(T, "UPO")).toBe("product_owner");
  });

  it("reassigns, removes, and lists roles", async () => {
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UDEV", role: "viewer" });
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UDEV", role: "product_owner" });
    clock.advance(60_000); // holders are listed oldest assignment first
    await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "UBOSS", role: "admin" });
    let listed = await access.listRoles(T);
    expect(listed.assignments.map((a) => [a.userId, a.role])).toEqual([
      ["UBOSS", "admin"],
      ["UDEV", "product_owner"],
    ]);
    expect(listed.assignments[0]?.assignedBy).toBe("UWSADMIN");
    expect(listed.defaultRole).toBe("member");
    expect(await access.holdersOf(T, "backlog.triage")).toEqual(["UDEV", "UBOSS"]);

    expect(await access.removeRole({ teamId: T, actorId: "UBOSS", userId: "UDEV" })).toBe(true);
    expect(await access.removeRole({ teamId: T, actorId: "UBOSS", userId: "UDEV" })).toBe(false);
    listed = await access.listRoles(T);
    expect(listed.assignments.map((a) => a.userId)).toEqual(["UBOSS"]);
    expect(await access.roleOf(T, "UDEV")).toBe("member");
  });

  it("rejects a default role that would hand out backlog rights, and a non-user id", async () => {
    await expect(
      access.setDefaultRole({ teamId: T, actorId: "UWSADMIN", role: "product_owner" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: "*", role: "admin" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("parses role names people type", () => {
    expect(parseRole("PO")).toBe("product_owner");
    expect(parseRole("product owner")).toBe("product_owner");
    expect(parseRole("Stakeholder")).toBe("viewer");
    expect(parseRole("member")).toBe("member");
    expect(parseRole("king")).toBeNull();
  });

  it("walks the whole action table: every action tried by every role is allowed exactly when the table says, else refused naming who can", async () => {
    for (const role of TEAM_ROLES) {
      await access.assignRole({ teamId: T, actorId: "UWSADMIN", userId: userFor[role], role });
    }
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
            new RegExp(`^${escapeRegExp(refusalHead(action))}: ask (<@U\\w+>|a workspace admin)`),
          );
        }
        cells.push(`${action}/${role}`);
      }
    }
    expect(cells).toHaveLength(ALL_ACTIONS.length * TEAM_ROLES.length);
  });

  it("asks Slack about admin rights only when the stored role does not already allow the action", async () => {
    const lookups = () => fake.callsTo("users.info").filter((c) => c.args.user === "UDEV").length;
    const before = lookups();
    // A member may add stories: settled from the database, no users.info on the way to the modal.
    expect(await access.can(T, "UDEV", "story.create")).toBe(true);
    await access.require(T, "UDEV", "story.create");
    expect(lookups()).toBe(before);
    // Reordering needs more than member: only then could workspace admin rights matter.
    expect(await access.can(T, "UDEV", "backlog.reorder")).toBe(false);
    expect(lookups()).toBe(before + 1);
    // A workspace admin still gets what only admins may do, and a viewer default still refuses.
    expect(await access.can(T, "UWSADMIN", "roles.manage")).toBe(true);
    await access.setDefaultRole({ teamId: T, actorId: "UWSADMIN", role: "viewer" });
    expect(await access.can(T, "UDEV", "story.create")).toBe(false);
  });

  it("gives admins every permission (what settling a stored role without Slack relies on)", () => {
    for (const roles of Object.values(GRANTS)) expect(roles).toContain("admin");
  });

  it("counts workspace admins only in their own workspace", async () => {
    expect(await access.roleOf(T, "UWSADMIN")).toBe("admin");
    expect(await access.roleOf(T, "UPARTNER")).toBe("member");
    await expect(access.require(T, "UPARTNER", "roles.manage")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

const userFor = { product_owner: "UPO", admin: "UBOSS", member: "UDEV", viewer: "USTAKE" } as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
