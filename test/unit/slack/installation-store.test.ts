/**
 * The installation store Bolt reads and writes (OAuth mode), over a real database: what it hands
 * Bolt (never a refresh token: Bolt must not refresh on its own), how a workspace finds its
 * organization's org-wide install, and the `onInstalled` hook.
 */
import type { Installation } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInstallationRepository } from "../../../src/db/installation.repository.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { WorkspaceNotInstalledError } from "../../../src/lib/errors.js";
import { createLogger } from "../../../src/lib/logger.js";
import {
  createInstallationStore,
  type ScrumbotInstallationStore,
} from "../../../src/slack/installation-store.js";
import { createRefreshExchange, createTokenRefresher } from "../../../src/slack/token-rotation.js";
import { createInstallationTokens } from "../../../src/slack/workspace-clients.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

let fake: FakeSlack;
let db: TestDatabase;
let store: ScrumbotInstallationStore;
let logs: string[];
const clock = new FakeClock("2026-12-02T09:00:00Z");

beforeEach(async () => {
  fake = await FakeSlack.start();
  db = await createTestDatabase("memory");
  logs = [];
  const logger = createLogger("info", (line) => logs.push(line));
  const repo = createInstallationRepository(db.db);
  const refresher = createTokenRefresher({
    repo,
    exchange: createRefreshExchange({ clientId: "1.2", clientSecret: "secret", slackApiUrl: fake.apiUrl }),
    clock,
    logger,
  });
  const tokens = createInstallationTokens({ repo, refresher, clock });
  store = createInstallationStore({ repo, tokens, clock, logger, teamsOf: (e) => repo.teamsOf(e) });
});
afterEach(async () => {
  await db.dispose();
  await fake.stop();
});

const bot = (token: string, extra: Partial<NonNullable<Installation["bot"]>> = {}) => ({
  token,
  scopes: ["commands", "chat:write"],
  id: "BBOT",
  userId: "UBOT",
  ...extra,
});

describe("installation store", () => {
  it("hands Bolt the bot token without the refresh token, so Bolt never refreshes on its own", async () => {
    await store.storeInstallation({
      team: { id: "T1", name: "Alpha" },
      enterprise: undefined,
      user: { id: "UINSTALLER", token: undefined, scopes: undefined },
      bot: bot("xoxe.xoxb-1", {
        refreshToken: "xoxe-1-r",
        expiresAt: clock.now().getTime() / 1000 + 12 * 3600,
      }),
      isEnterpriseInstall: false,
      authVersion: "v2",
    });
    const fetched = await store.fetchInstallation({
      teamId: "T1",
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched.bot).toEqual({
      token: "xoxe.xoxb-1",
      scopes: ["commands", "chat:write"],
      id: "BBOT",
      userId: "UBOT",
    });
    expect(fetched.team).toEqual({ id: "T1", name: "Alpha" });
    // The tokens never reach the log.
    expect(logs.join("\n")).not.toMatch(/xoxe/);
    await expect(
      store.fetchInstallation({ teamId: "T9", enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(WorkspaceNotInstalledError);
  });

  it("serves every workspace of an organization from its org-wide install, and runs onInstalled for each one seen", async () => {
    const seen: string[] = [];
    store.onInstalled((teamId, enterpriseId) => {
      seen.push(`${teamId}/${enterpriseId}`);
      if (teamId === "T4") throw new Error("hook trouble");
    });
    const orgWide = {
      team: undefined,
      enterprise: { id: "E1", name: "Acme" },
      user: { id: "UADMIN", token: undefined, scopes: undefined },
      bot: bot("xoxb-org"),
      isEnterpriseInstall: true,
      authVersion: "v2",
    } as const;
    await store.storeInstallation(orgWide);
    expect(seen).toEqual([]); // no workspace of the org seen yet
    // A request from each workspace (Bolt passes team and enterprise) links it to the org.
    for (const teamId of ["T3", "T4"]) {
      const i = await store.fetchInstallation({ teamId, enterpriseId: "E1", isEnterpriseInstall: true });
      expect(i.bot?.token).toBe("xoxb-org");
    }
    // …so that a reinstall tells each of them, even if one hook fails.
    await store.storeInstallation({ ...orgWide, bot: bot("xoxb-org-2") });
    expect(seen).toEqual(["T3/E1", "T4/E1"]);
    expect(logs.join("\n")).toContain("onInstalled hook failed");
    // And work without a request (outbox, jobs) finds the org install from the workspace alone,
    // with the new token.
    const fetched = await store.fetchInstallation({
      teamId: "T4",
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched.bot?.token).toBe("xoxb-org-2");
  });

  it("runs onInstalled for a workspace install and forgets a deleted installation at once", async () => {
    const seen: string[] = [];
    store.onInstalled((teamId) => {
      seen.push(teamId);
    });
    await store.storeInstallation({
      team: { id: "T1" },
      enterprise: undefined,
      user: { id: "U1", token: undefined, scopes: undefined },
      bot: bot("xoxb-t1"),
      isEnterpriseInstall: false,
      authVersion: "v2",
    });
    expect(seen).toEqual(["T1"]);
    const query = { teamId: "T1", enterpriseId: undefined, isEnterpriseInstall: false } as const;
    expect((await store.fetchInstallation(query)).bot?.token).toBe("xoxb-t1");
    await store.deleteInstallation?.(query);
    await expect(store.fetchInstallation(query)).rejects.toBeInstanceOf(WorkspaceNotInstalledError);
  });
});
