/**
 * Where benchmark processes run, on Linux: CPU affinity (`taskset`) to keep the app under test off
 * the cores the load tools use, and per-process CPU quotas (cgroups) to give each replica a fixed
 * share of a core, as a container's CPU limit would. Both are best effort: on a machine without
 * them (no `taskset`, one core, no writable cgroup) the functions say so and the bench runs
 * unplaced, printing why.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { availableParallelism, setPriority } from "node:os";
import { join } from "node:path";

/** Binds every thread of `pid` (and threads it starts later) to `cpus`. False when that failed. */
export function pinProcess(pid: number | undefined, cpus: readonly number[]): boolean {
  if (pid === undefined || cpus.length === 0) return false;
  try {
    execFileSync("taskset", ["-a", "-p", "-c", cpus.join(","), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `pid`'s main thread ahead of the other tools on its core (nice -10: needs root or
 * CAP_SYS_NICE). For the load generator: the fake Slack answering the app's calls shares core 0,
 * and its work must not delay the generator reading an ack (a real Slack is another machine).
 * False when not permitted; the bench then says so and runs as is.
 */
export function raisePriority(pid: number | undefined, niceness = -10): boolean {
  if (pid === undefined) return false;
  try {
    setPriority(pid, niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Core 0 for the load tools (this process, the load generator, the fake Slack), the rest for the
 * apps under test; null on one core. Measures what the app adds, not how it fights the generator.
 */
export function splitCores(): { tools: number[]; apps: number[] } | null {
  const n = availableParallelism();
  if (n < 2) return null;
  return { tools: [0], apps: Array.from({ length: n - 1 }, (_, i) => i + 1) };
}

export interface CpuCap {
  /** Puts `pid` (all its threads) in a group of its own limited to the cap. */
  add(pid: number): void;
  /** Removes the groups (their processes must have exited). */
  dispose(): void;
}

/** CFS period: short, so a capped process waits at most a few ms when it used its share. */
const PERIOD_US = 10_000;
/** Groups made by this process so far (names are unique per process, whichever cap made them). */
let groups = 0;

/**
 * A per-process CPU quota of `cores` (0.25 = a quarter of one core), through cgroup v2's cpu.max
 * or v1's cpu.cfs_quota_us. Returns the reason instead when neither hierarchy can be written
 * (not Linux, no permission, no cpu controller).
 */
export function createCpuCap(cores: number): CpuCap | { unavailable: string } {
  const root = cgroupCpuRoot();
  if (typeof root !== "string") return root;
  removeStaleGroups(root);
  const made: string[] = [];
  const quota = Math.max(1000, Math.round(cores * PERIOD_US));
  const v2 = existsSync(join(root, "cgroup.controllers"));
  return {
    add(pid) {
      const dir = join(root, `scrumbot-bench-${process.pid}-${groups++}`);
      mkdirSync(dir);
      made.push(dir);
      if (v2) writeFileSync(join(dir, "cpu.max"), `${quota} ${PERIOD_US}`);
      else {
        writeFileSync(join(dir, "cpu.cfs_period_us"), String(PERIOD_US));
        writeFileSync(join(dir, "cpu.cfs_quota_us"), String(quota));
      }
      writeFileSync(join(dir, "cgroup.procs"), String(pid));
    },
    dispose() {
      for (const dir of made.splice(0)) {
        try {
          rmdirSync(dir);
        } catch {
          // a process still in it: a later bench removes the group once it is empty
        }
      }
    },
  };
}

/** Groups left by a bench that was killed before its dispose (named for its pid, now gone). */
function removeStaleGroups(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = /^scrumbot-bench-(\d+)-\d+$/.exec(name)?.[1];
    if (!pid || existsSync(`/proc/${pid}`)) continue;
    try {
      rmdirSync(join(root, name));
    } catch {
      // still holds a process (a replica that outlived its bench): left alone
    }
  }
}

/** A writable cgroup directory with the cpu controller, v2 first (it is where this process lives). */
export function cgroupCpuRoot(): string | { unavailable: string } {
  if (process.platform !== "linux") return { unavailable: "CPU quotas need Linux cgroups" };
  const candidates: string[] = [];
  try {
    // v2: "0::/path" in /proc/self/cgroup; the cpu controller must be enabled for children there.
    const own = readFileSync("/proc/self/cgroup", "utf8")
      .split("\n")
      .find((l) => l.startsWith("0::"))
      ?.slice(3);
    for (const mount of ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]) {
      const dir = join(mount, own ?? "/");
      const controllers = join(dir, "cgroup.subtree_control");
      if (existsSync(controllers) && readFileSync(controllers, "utf8").split(/\s+/).includes("cpu"))
        candidates.push(dir);
    }
  } catch {
    // no /proc: not a cgroup machine
  }
  if (existsSync("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")) candidates.push("/sys/fs/cgroup/cpu");
  for (const dir of candidates) {
    const probe = join(dir, `scrumbot-bench-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      rmdirSync(probe);
      return dir;
    } catch {
      // not writable here; try the next
    }
  }
  return {
    unavailable:
      "no writable cgroup with a cpu controller (run as root, or in a container that delegates one)",
  };
}
