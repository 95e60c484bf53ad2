/**
 * The benchmarks' CPU placement does what it says on a machine that allows it: a capped process
 * gets its share and no more, a pinned one runs only where it was put. Where the machine doesn't
 * allow it (not Linux, no writable cgroup), the cap says why instead.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cgroupCpuRoot, createCpuCap, pinProcess, splitCores } from "../../../bench/support/cpu-placement.js";

const busy: ChildProcess[] = [];
afterEach(() => {
  for (const child of busy.splice(0)) child.kill("SIGKILL");
});

function spin(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  busy.push(child);
  return child;
}

/** utime + stime of `pid` in ms (/proc counts 10 ms ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const cap = process.platform === "linux" ? createCpuCap(0.25) : null;
const canCap = cap !== null && "add" in cap;

describe("bench CPU placement", () => {
  it("names what is missing when it cannot cap", () => {
    if (cap && "unavailable" in cap) expect(cap.unavailable).toMatch(/cgroup|Linux/);
    else expect(canCap || process.platform !== "linux").toBe(true);
  });

  it.runIf(canCap)("holds a busy process to its quarter of a core", async () => {
    if (!cap || !("add" in cap)) throw new Error("unreachable");
    const child = spin();
    const pid = child.pid as number;
    cap.add(pid);
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 2000));
    const perSecond = (cpuMs(pid) - before) / 2;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    cap.dispose();
    // Uncapped it would take ~1,000 ms a second; the quota allows 250 (ticks: ±10 ms). Other
    // test files share the cores, so below the quota only "it ran" is certain.
    expect(perSecond).toBeGreaterThan(30);
    expect(perSecond).toBeLessThan(320);
  });

  it.runIf(canCap)("removes the groups a killed bench left behind", async () => {
    const root = cgroupCpuRoot();
    if (typeof root !== "string") throw new Error("unreachable");
    const gone = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((r) => gone.once("exit", r));
    const stale = join(root, `scrumbot-bench-${gone.pid}-0`);
    mkdirSync(stale);
    const again = createCpuCap(0.5);
    expect("add" in again).toBe(true);
    expect(existsSync(stale)).toBe(false);
  });

  it.runIf(process.platform === "linux" && splitCores() !== null)(
    "pins every thread of a process to the cores given",
    () => {
      const child = spin();
      expect(pinProcess(child.pid, [0])).toBe(true);
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      expect(status).toMatch(/^Cpus_allowed_list:\s+0$/m);
      expect(pinProcess(undefined, [0])).toBe(false);
    },
  );
});
