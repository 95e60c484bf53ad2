/**
 * Build once, run lean: `npm run build`, then a clean copy of the tracked files plus dist/ with
 * production dependencies only (`npm ci --omit=dev`: no TypeScript, no tsx). In that copy the bot
 * starts with `npm start` against the fake Slack until /healthz is 200, and `npm run migrate` and
 * every CLI command work from the build.
 *
 * With SCRUMBOT_PROD_INSTALL_POSTGRES set to a postgres:// URL, the same installed copy then
 * migrates and serves a fresh PostgreSQL schema too (one install for both dialects).
 *
 * Slow (a build, an npm install), so it runs only when asked, as its own CI step (.ci/run):
 *   SCRUMBOT_PROD_INSTALL=full npx vitest run --project sqlite test/e2e/production-install.e2e.test.ts
 * `full` compiles better-sqlite3 like a real install (about 2 minutes on 2 cores); `fast` installs
 * with --ignore-scripts and copies the already compiled better-sqlite3 addon instead.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { FakeSlack } from "../support/fake-slack.js";
import { freePort, repoRoot, waitForStatus } from "../support/process.js";
import { createSlackRequester } from "../support/slack-requests.js";
import { INSTALL_DIR, installPaths, readUnit } from "../support/systemd-unit.js";

const mode = process.env.SCRUMBOT_PROD_INSTALL;
const postgresUrl = /^postgres(ql)?:\/\//.test(process.env.SCRUMBOT_PROD_INSTALL_POSTGRES ?? "")
  ? process.env.SCRUMBOT_PROD_INSTALL_POSTGRES
  : undefined;
const app = mkdtempSync(join(tmpdir(), "scrumbot-prod-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null || !c.pid) continue;
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {
      // the group ended between the check and the kill
    }
  }
  rmSync(app, { recursive: true, force: true });
}, 300_000); // deleting a node_modules takes a while on a busy machine

/** Runs npm in the clean copy with a minimal environment: exit code and stdout+stderr. */
function npmResult(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npm", args, {
    cwd: app,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 1_500_000, // compiling better-sqlite3 on a busy 2-core machine took over 10 minutes
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Like npmResult, but a failure fails the test with npm's output. */
function npm(args: string[], env: Record<string, string> = {}): string {
  const r = npmResult(args, env);
  if (r.code !== 0) throw new Error(`npm ${args.join(" ")} exited ${r.code}:\n${r.out}`);
  return r.out;
}

/** Figures for the report, printed as soon as they are known. */
const figure = (text: string) => process.stdout.write(`[production install, ${mode}] ${text}\n`);

describe.skipIf(!mode)("production install (SCRUMBOT_PROD_INSTALL=full|fast)", () => {
  it("builds once, installs without dev dependencies, and runs bot, migrate and CLI from the build", async () => {
    execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "ignore", timeout: 600_000 });
    // A clean copy: what a git checkout holds, plus the build.
    const tracked = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f && existsSync(join(repoRoot, f)) && !f.startsWith("node_modules"));
    const built = execFileSync("find", ["dist", "-type", "f"], { cwd: repoRoot, encoding: "utf8" }).split(
      "\n",
    );
    for (const f of [...tracked, ...built].filter(Boolean)) {
      mkdirSync(dirname(join(app, f)), { recursive: true });
      copyFileSync(join(repoRoot, f), join(app, f));
    }

    const installStart = performance.now();
    if (mode === "fast") {
      npm(["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"]);
      const addon = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";
      mkdirSync(dirname(join(app, addon)), { recursive: true });
      copyFileSync(join(repoRoot, addon), join(app, addon));
    } else {
      npm(["ci", "--omit=dev", "--no-audit", "--no-fund"]);
    }
    const installMs = performance.now() - installStart;
    figure(`npm ci --omit=dev took ${Math.round(installMs / 1000)} s`);
    for (const dev of ["typescript", "tsx", "vitest", "@biomejs/biome"])
      expect(existsSync(join(app, "node_modules", dev)), `${dev} is a dev dependency`).toBe(false);

    const data = join(app, "data");
    const env = {
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      DATABASE_URL: join(data, "scrumbot.db"),
      LOG_LEVEL: "warn",
    };
    expect(npm(["run", "migrate"], env)).toMatch(/Applied \d+ migrations?/);

    const fake = await FakeSlack.start();
    try {
      fake.addUser({ id: "U1", name: "ana" });
      fake.addChannel({ id: "C1", name: "team" });
      const port = await freePort();
      const bot = spawn("npm", ["start"], {
        cwd: app,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          ...env,
          SLACK_API_URL: fake.apiUrl,
          PORT: String(port),
        },
        stdio: "ignore",
        detached: true, // its own process group: npm, sh and node stop together
      });
      children.push(bot);
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 60_000);
      const healthyMs = performance.now() - installStart;
      figure(`npm ci --omit=dev → /healthz 200 took ${Math.round(healthyMs / 1000)} s`);

      // The running bot writes a story; the CLI exports it and backs up the live database.
      const slack = createSlackRequester({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: TEST_SIGNING_SECRET,
        fake,
      });
      const csv = join(app, "in.csv");
      writeFileSync(csv, "title,persona,want\n-Dash first title,operator,run it lean\n");
      expect(npm(["run", "cli", "--", "import", "--team", "T0001", "--file", csv], env)).toContain(
        "Imported 1 of 1",
      );
      expect((await slack.command("/backlog", "", { userId: "U1", channelId: "C1" })).status).toBe(200);
      const out = join(app, "out.csv");
      npm(["run", "cli", "--", "export", "--team", "T0001", "--out", out], env);
      expect(readFileSync(out, "utf8")).toContain("Dash first title");
      expect(npm(["run", "cli", "--", "backup", "--to", join(data, "backups")], env)).toMatch(
        /Backed up .* to .*scrumbot-.*\.db/,
      );
      const refused = npmResult(["run", "cli", "--", "restore", "--from", join(data, "scrumbot.db")], env);
      expect(refused.code).toBe(1);

      process.kill(-(bot.pid ?? 0), "SIGTERM");
      await new Promise((r) => bot.once("exit", r));

      // The systemd unit's paths exist in this built, installed tree.
      for (const p of installPaths(readUnit()))
        expect(existsSync(join(app, p)), `${INSTALL_DIR}/${p}`).toBe(true);

      // PostgreSQL from the same build (pg is a production dependency): migrate, serve, answer.
      if (postgresUrl) {
        const schema = `sbt_prod_${process.pid}`;
        const url = new URL(postgresUrl);
        url.searchParams.set("schema", schema);
        try {
          const pgEnv = { ...env, DATABASE_URL: url.toString() };
          expect(npm(["run", "migrate"], pgEnv)).toMatch(/Applied \d+ migrations?/);
          const pgPort = await freePort();
          const pgBot = spawn("npm", ["start"], {
            cwd: app,
            env: {
              PATH: process.env.PATH ?? "",
              HOME: process.env.HOME ?? "",
              ...pgEnv,
              SLACK_API_URL: fake.apiUrl,
              PORT: String(pgPort),
            },
            stdio: "ignore",
            detached: true,
          });
          children.push(pgBot);
          await waitForStatus(`http://127.0.0.1:${pgPort}/healthz`, 200, 60_000);
          const health = await (await fetch(`http://127.0.0.1:${pgPort}/healthz`)).text();
          expect(health).toContain("postgres");
          const pgSlack = createSlackRequester({
            appUrl: `http://127.0.0.1:${pgPort}/slack/events`,
            signingSecret: TEST_SIGNING_SECRET,
            fake,
          });
          expect((await pgSlack.command("/backlog", "", { userId: "U1", channelId: "C1" })).status).toBe(200);
          process.kill(-(pgBot.pid ?? 0), "SIGTERM");
          await new Promise((r) => pgBot.once("exit", r));
          figure("the same build migrated and served PostgreSQL");
        } finally {
          const admin = new pg.Client({ connectionString: postgresUrl });
          await admin.connect();
          await admin.query(`drop schema if exists "${schema}" cascade`);
          await admin.end();
        }
      }

      const size = execFileSync("du", ["-sh", "node_modules"], { cwd: app, encoding: "utf8" }).split("\t")[0];
      figure(`node_modules is ${size} (du -sh)`);
    } finally {
      await fake.stop();
    }
  }, 1_800_000);
});
