/** deploy/scrumbot.service: valid for systemd, hardened, and consistent with the build and the env example. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeFlagsOf } from "../../../bench/support/start-flags.js";
import { repoRoot } from "../../support/process.js";
import { installPaths, readUnit, UNIT_FILE } from "../../support/systemd-unit.js";

const analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p));
const scratch = mkdtempSync(join(tmpdir(), "scrumbot-unit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const verify = (file: string) => spawnSync(analyze ?? "false", ["verify", file], { encoding: "utf8" });

describe("deploy/scrumbot.service", () => {
  it.skipIf(!analyze)("passes systemd-analyze verify, which does catch a broken unit", () => {
    const ok = verify(UNIT_FILE);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const broken = join(scratch, "scrumbot.service");
    writeFileSync(broken, readFileSync(UNIT_FILE, "utf8").replace("Restart=on-failure", "Restart=sometimes"));
    // systemd only warns (exit 0) about a bad value: an empty stderr is the real check above.
    expect(verify(broken).stderr).toMatch(/restart specifier/i);
  });

  it("runs as its own user with the hardening the operations guide promises", () => {
    const unit = readUnit();
    const one = (key: string) => unit.get(key)?.[0];
    expect(one("User")).toBe("scrumbot");
    expect(one("NoNewPrivileges")).toBe("yes");
    expect(one("ProtectSystem")).toBe("strict");
    expect(one("Restart")).toBe("on-failure");
    expect(one("KillSignal")).toBe("SIGTERM");
    // The data folder is the one writable place, and the env example puts the database and backups there.
    const writable = one("ReadWritePaths") ?? "";
    expect(writable).toBe("/var/lib/scrumbot");
    const env = readFileSync(join(repoRoot, "deploy", "scrumbot.env.example"), "utf8");
    for (const key of ["DATABASE_URL", "BACKUP_DIR"])
      expect(new RegExp(`^${key}=${writable}/`, "m").test(env), `${key} under ${writable}`).toBe(true);
    expect(one("EnvironmentFile")).toBe("/etc/scrumbot/scrumbot.env");
  });

  it("starts the same compiled entry point as npm start, with its Node flags, without npm in between", () => {
    const unit = readUnit();
    const exec = unit.get("ExecStart")?.[0] ?? "";
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    // The young-generation flags and --expose-gc for the idle scavenge (docs/operations.md, "Node's
    // flags") are written in npm start; the unit repeats them.
    const flags = nodeFlagsOf(pkg.scripts.start ?? "");
    expect(flags).toEqual(["--min-semi-space-size=16", "--max-semi-space-size=32", "--expose-gc"]);
    expect(exec).toBe(["/usr/bin/node", ...flags, "/opt/scrumbot/dist/src/main.js"].join(" "));
    const runBuilt = readFileSync(join(repoRoot, "scripts", "run-built.mjs"), "utf8");
    expect(runBuilt).toContain('main: "dist/src/main.js"');
    expect(pkg.scripts.start).toBe(["node", ...flags, "scripts/run-built.mjs main"].join(" "));
    // The paths it names; the production-install test checks they exist in a built, installed tree.
    expect(installPaths(unit).sort()).toEqual([".", "dist/src/main.js", "docs/operations.md"]);
    expect(execFileSync(process.execPath, ["--version"], { encoding: "utf8" })).toMatch(/^v(2\d|[3-9]\d)\./);
  });
});
