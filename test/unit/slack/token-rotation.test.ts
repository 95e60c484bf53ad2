/**
 * Two processes refresh one installation's rotating token at the same moment, on one database
 * file: one refresh reaches Slack, the other process waits and uses its result, and the spent
 * refresh token is never sent twice (Slack would answer invalid_refresh_token and, with Bolt's
 * own unlocked refresh, one process would store tokens that no longer work).
 */
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInstallationRepository } from "../../../src/db/installation.repository.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";
import { repoRoot } from "../../support/process.js";

const CLIENT_ID = "1111.2222";
const CLIENT_SECRET = "test-client-secret-0123456789abcdef";

let fake: FakeSlack;
let db: TestDatabase;
beforeEach(async () => {
  fake = await FakeSlack.start();
  fake.enableOAuth({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: "http://127.0.0.1:9/",
    rotation: true,
  });
  fake.addWorkspace({ teamId: "T1", name: "Alpha" });
  db = await createTestDatabase("file");
});
afterEach(async () => {
  await db.dispose();
  await fake.stop();
});

/** A child that refreshes when told `go`; resolves with its JSON answer. */
function refresher(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/token-refresh-child.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err += String(d);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += String(d);
      if (out.includes("ready\n")) resolve();
    });
    child.on("exit", () => reject(new Error(`child exited before ready: ${err}`)));
  });
  const answer = new Promise<{ ok: boolean; token?: string; refreshToken?: string; error?: string }>(
    (resolve, reject) =>
      child.on("exit", () => {
        const line = out.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`child said ${out} / ${err}`));
        }
      }),
  );
  return { ready, answer, go: () => child.stdin.end("go\n") };
}

describe("token rotation across processes", () => {
  it("two processes racing: one refresh wins, the other re-reads its result; no refresh token is spent twice", async () => {
    const issued = fake.issueToken({ teamId: "T1" });
    const repo = createInstallationRepository(db.db);
    await repo.save(
      {
        teamId: "T1",
        enterpriseId: null,
        isEnterpriseInstall: false,
        appId: "A0001",
        botUserId: "UBOT",
        botId: "BBOT",
        botScopes: ["commands"],
        botToken: issued.token,
        refreshToken: issued.refreshToken,
        // Due: inside the 2 h window.
        expiresAt: new Date(Date.now() + 10 * 60_000),
        details: {},
      },
      new Date(),
    );
    // Slack takes a while to answer the refresh: the other process arrives while it is under way.
    fake.delayNext("oauth.v2.access", 400, 2);
    const env = {
      DATABASE_URL: db.path,
      SLACK_API_URL: fake.apiUrl,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      INSTALL_KEY: "T:T1",
    };
    const first = refresher(env);
    const second = refresher(env);
    await Promise.all([first.ready, second.ready]);
    first.go();
    second.go();
    const [a, b] = await Promise.all([first.answer, second.answer]);

    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(a.token).toBe(b.token);
    expect(a.token).not.toBe(issued.token);
    // Exactly one exchange reached Slack, spending the stored refresh token once.
    expect(fake.oauth.refreshes).toEqual([{ refreshToken: issued.refreshToken, ok: true }]);
    const stored = await repo.find("T:T1");
    expect(stored?.botToken).toBe(a.token);
    expect(stored?.refreshToken).toBe(a.refreshToken);
    expect(fake.oauth.check(a.token)).toMatchObject({ ok: true });
  }, 60_000);
});
