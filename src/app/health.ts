/**
 * What `/healthz` reports. 200 only when every check passes:
 * - ready: started and not stopping;
 * - database: open AND writable — a probe write (a committed one-row upsert, plus an 8 KiB insert in
 *   a savepoint that is rolled back, so a database that can't grow is caught too) at most once per
 *   `probeEveryMs` (default 5 s); the last verdict is reused in between, so a busy load balancer
 *   costs nothing;
 * - scheduler: the wake-up timer completed a tick within `maxTickAgeMs` (default 60 s) of the
 *   injected clock (only once the timer runs).
 * A failed probe with SQLITE_FULL logs one clear line (at most once a minute).
 *
 * On PostgreSQL the probe is `select 1` within `pgTimeoutMs` (default 2 s): the server answers, or
 * the verdict is "unreachable" (disk and quota are the server's operators' concern there).
 * The report names the dialect, so a load balancer's log says which database a replica uses.
 */
import { sql } from "kysely";
import type { DatabaseHandle, DialectName } from "../db/connection.js";
import { type Clock, monotonicMs } from "../lib/clock.js";
import { DATABASE_FULL_MESSAGE, isDatabaseFull } from "../lib/db-errors.js";
import type { Logger } from "../lib/logger.js";

export interface HealthReport {
  ok: boolean;
  dialect: DialectName;
  /**
   * "ok", or the first failing check: "starting", "database_unwritable", "database_full",
   * "database_unreachable" (PostgreSQL), "scheduler_stalled".
   */
  status: string;
  checks: { ready: boolean; database: string; scheduler: string };
}

export interface HealthOptions {
  probeEveryMs?: number;
  maxTickAgeMs?: number;
  /** PostgreSQL: how long `select 1` may take before the database counts as unreachable. */
  pgTimeoutMs?: number;
}

export function createHealthCheck(deps: {
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  ready: () => boolean;
  /** When the scheduler last completed a tick, or null while its timer doesn't run. */
  lastTick: () => Date | null;
  options?: HealthOptions;
}): () => Promise<HealthReport> {
  const { database, clock, logger } = deps;
  const probeEveryMs = deps.options?.probeEveryMs ?? 5000;
  const maxTickAgeMs = deps.options?.maxTickAgeMs ?? 60_000;
  let probedAt = Number.NEGATIVE_INFINITY;
  let dbVerdict = "ok";
  let fullLoggedAt = Number.NEGATIVE_INFINITY;

  const pgTimeoutMs = deps.options?.pgTimeoutMs ?? 2000;

  async function probePostgres(): Promise<string> {
    if (!database.isOpen()) return "closed";
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = await Promise.race([
        sql`select 1`.execute(database.db).then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), pgTimeoutMs);
        }),
      ]);
      if (answered) return "ok";
      logger.error("database did not answer select 1 in time; /healthz answers 503", {
        timeoutMs: pgTimeoutMs,
      });
      return "unreachable";
    } catch (error) {
      logger.error("database does not answer; /healthz answers 503", { error });
      return "unreachable";
    } finally {
      clearTimeout(timer);
    }
  }

  function probe(): string {
    const sqlite = database.sqlite;
    if (!sqlite?.open) return "closed";
    try {
      sqlite.transaction(() => {
        sqlite
          .prepare(
            "INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
          )
          .run(clock.now().toISOString());
        sqlite.exec("SAVEPOINT health_grow");
        let grew = true;
        try {
          sqlite.exec("INSERT INTO health_probe (id, at, pad) VALUES (2, '', zeroblob(8192))");
        } catch (error) {
          grew = false;
          throw error; // SQLite may already have rolled the whole transaction back (SQLITE_FULL)
        } finally {
          if (grew) sqlite.exec("ROLLBACK TO health_grow; RELEASE health_grow");
        }
      })();
      return "ok";
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (isDatabaseFull(error)) {
        if (monotonicMs() - fullLoggedAt > 60_000) {
          fullLoggedAt = monotonicMs();
          logger.error(DATABASE_FULL_MESSAGE, { code });
        }
        return "full";
      }
      logger.error("database is not writable; /healthz answers 503", { code, error });
      return "unwritable";
    }
  }

  return async () => {
    const now = monotonicMs();
    if (now - probedAt >= probeEveryMs || !database.isOpen()) {
      probedAt = now;
      dbVerdict = database.dialect === "postgres" ? await probePostgres() : probe();
    }
    const tick = deps.lastTick();
    const tickAge = tick ? clock.now().getTime() - tick.getTime() : 0;
    const scheduler = tickAge > maxTickAgeMs ? "stalled" : "ok";
    const ready = deps.ready();
    const status = !ready
      ? "starting"
      : dbVerdict === "full"
        ? "database_full"
        : dbVerdict === "unreachable"
          ? "database_unreachable"
          : dbVerdict !== "ok"
            ? "database_unwritable"
            : scheduler !== "ok"
              ? "scheduler_stalled"
              : "ok";
    return {
      ok: status === "ok",
      dialect: database.dialect,
      status,
      checks: { ready, database: dbVerdict, scheduler },
    };
  };
}
