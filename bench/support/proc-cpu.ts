/**
 * CPU time of other processes, from Linux's /proc/<pid>/stat (utime + stime: every thread of the
 * process, so a Node app's worker threads count too). Used by `bench:scale` to charge the app
 * processes and, on PostgreSQL, the server backends serving them (found by `application_name` in
 * pg_stat_activity): SQLite's work happens inside the app process, PostgreSQL's in its backends,
 * so a fair CPU-per-request comparison counts both.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type pg from "pg";

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of `pid` in ms, or null once the process is gone. */
export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** Summed CPU of a fixed set of processes (the app's replicas), as a difference between two reads. */
export function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
}

/**
 * CPU of the PostgreSQL backends whose connections carry `applicationName`. Pools open and close
 * connections (idle ones after 10 s), so the set is sampled often: a backend seen first after
 * `begin` counts from zero; one that ends between samples loses at most one interval's CPU.
 */
export function createBackendCpuTracker(admin: pg.Client, applicationName: string) {
  let baseline = new Map<number, number>();
  let latest = new Map<number, number>();
  const read = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = $1",
      [applicationName],
    );
    const now = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== null) now.set(pid, ms);
    }
    return now;
  };
  return {
    async begin(): Promise<void> {
      baseline = await read();
      latest = new Map(baseline);
    },
    async sample(): Promise<void> {
      for (const [pid, ms] of await read()) latest.set(pid, ms);
    },
    /** CPU ms since `begin`. */
    async end(): Promise<number> {
      await this.sample();
      let total = 0;
      for (const [pid, ms] of latest) total += ms - (baseline.get(pid) ?? 0);
      return total;
    },
  };
}

/** Peak resident memory (VmHWM) of `pid` in MB, or null once the process is gone (or not Linux). */
export function processPeakRssMb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
