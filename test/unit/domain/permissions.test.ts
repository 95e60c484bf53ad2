import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  ALL_ACTIONS,
  allows,
  GRANTS,
  type Permission,
  refusalHead,
  renderPermissionsMarkdown,
  TEAM_ROLES,
} from "../../../src/domain/permissions.js";

describe("the permission table", () => {
  it("is what docs/permissions.md says (regenerate with `npx tsx scripts/permissions-doc.ts`)", () => {
    const doc = readFileSync(new URL("../../../docs/permissions.md", import.meta.url), "utf8");
    expect(doc).toBe(renderPermissionsMarkdown());
  });

  it("lists every action with one row per action and one column per role", () => {
    const doc = renderPermissionsMarkdown();
    for (const action of ALL_ACTIONS) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${action}\` `));
      const cells = row
        ?.split("|")
        .slice(3, 3 + TEAM_ROLES.length)
        .map((c) => c.trim());
      expect([action, cells]).toEqual([action, TEAM_ROLES.map((r) => (allows(r, action) ? "yes" : "—"))]);
    }
  });

  it("makes every permission an action of its own, and every action need a known permission", () => {
    for (const permission of Object.keys(GRANTS) as Permission[]) {
      expect(ACTIONS[permission].permission).toBe(permission);
    }
    for (const action of ALL_ACTIONS) expect(GRANTS[ACTIONS[action].permission]).toBeDefined();
  });

  it("keeps the issue's rules: viewers do nothing guarded, only admins manage roles", () => {
    expect(ALL_ACTIONS.filter((a) => allows("viewer", a))).toEqual([]);
    expect(ALL_ACTIONS.filter((a) => allows("admin", a))).toEqual(ALL_ACTIONS);
    expect(TEAM_ROLES.filter((r) => allows(r, "roles.manage"))).toEqual(["admin"]);
    expect(TEAM_ROLES.filter((r) => allows(r, "retro.vote"))).toEqual(["product_owner", "admin", "member"]);
    expect(TEAM_ROLES.filter((r) => allows(r, "standup.create"))).toEqual([
      "product_owner",
      "admin",
      "member",
    ]);
  });

  it("phrases a refusal naming the roles that can", () => {
    expect(refusalHead("retro.vote")).toBe("Only product owners, admins and team members can vote in retros");
    expect(refusalHead("backlog.reorder")).toBe("Only product owners and admins can reorder the backlog");
  });
});
