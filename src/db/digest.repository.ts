/**
 * The digest's storage (settings and runs) and its read side over stories, events and requests.
 * Every query is scoped by `team_id`; rows are mapped to domain shapes here and nowhere else.
 */
import { type Kysely, sql } from "kysely";
import type { DigestEvent, DigestSection, StoryNow } from "../domain/digest/index.js";
import { PRIORITY_METHODS, type PriorityMethod } from "../domain/priority/index.js";
import type { Weekday } from "../domain/schedule/index.js";
import type { DigestHistory, DigestRun, DigestStore, StoredDigest } from "../services/digest.service.js";
import type { QueueEntry, QueueSource } from "../services/forecast.service.js";
import { createBacklogRepository } from "./backlog.repository.js";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect.js";
import type { DigestRow, DigestRunRow } from "./digest.table.js";
import { createStoryRepository, toStory } from "./story.repository.js";

/** SQLite's default limit on bound parameters is 32,766; stay well under it. */
const ID_CHUNK = 500;

/**
 * `+team_id` (the team check without its index) where the rows are found by id: without table
 * statistics SQLite otherwise prefers the team's index and walks ALL of the team's stories or events
 * (10,000 rows to return 10). With it, an id list is read by primary key and an event window
 * (afterId, upToId] as a rowid range, already in id order; the team is still checked on every row.
 * PostgreSQL has no unary + on text and plans with statistics: plain `team_id` there.
 */
const teamByRowidSqlite = sql<string>`+team_id`;
const teamByRowidPostgres = sql<string>`team_id`;

function toDigest(row: DigestRow): StoredDigest {
  return {
    id: row.id,
    teamId: row.team_id,
    ownerId: row.owner_id,
    appId: row.app_id,
    channels: JSON.parse(row.channels) as string[],
    days: JSON.parse(row.days) as Weekday[],
    time: row.time,
    timeZone: row.time_zone,
    sections: JSON.parse(row.sections) as DigestSection[],
    topN: row.top_n,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toRun(row: DigestRunRow): DigestRun {
  return {
    channel: row.channel,
    occurrence: row.occurrence,
    afterEventId: row.after_event_id,
    lastEventId: row.last_event_id,
    outcome: row.outcome,
    since: row.since_at ? new Date(row.since_at) : null,
    at: new Date(row.created_at),
  };
}

export function createDigestStore(db: Kysely<Database>): DigestStore {
  return {
    async find(teamId) {
      const row = await db.selectFrom("digests").selectAll().where("team_id", "=", teamId).executeTakeFirst();
      return row ? toDigest(row) : null;
    },

    async save({ teamId, ownerId, appId, settings, at }) {
      const iso = at.toISOString();
      const values = {
        owner_id: ownerId,
        app_id: appId,
        channels: JSON.stringify(settings.channels),
        days: JSON.stringify(settings.days),
        time: settings.time,
        time_zone: settings.timeZone,
        sections: JSON.stringify(settings.sections),
        top_n: settings.topN,
        updated_at: iso,
      };
      const row = await db
        .insertInto("digests")
        .values({ team_id: teamId, created_at: iso, ...values })
        .onConflict((oc) => oc.column("team_id").doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDigest(row);
    },

    async lastPosted(teamId, channel) {
      const row = await db
        .selectFrom("digest_runs")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("channel", "=", channel)
        .where("outcome", "=", "posted")
        .orderBy("last_event_id", "desc")
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async findRun(teamId, channel, occurrence) {
      const row = await db
        .selectFrom("digest_runs")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("channel", "=", channel)
        .where("occurrence", "=", occurrence)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async insertRun(teamId, run) {
      const result = await db
        .insertInto("digest_runs")
        .values({
          team_id: teamId,
          channel: run.channel,
          occurrence: run.occurrence,
          after_event_id: run.afterEventId,
          last_event_id: run.lastEventId,
          outcome: run.outcome,
          since_at: run.since?.toISOString() ?? null,
          created_at: run.at.toISOString(),
        })
        .onConflict((oc) => oc.columns(["team_id", "channel", "occurrence"]).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}

export function createDigestHistory(db: Kysely<Database>): DigestHistory {
  const teamByRowid = dialectOf(db) === "postgres" ? teamByRowidPostgres : teamByRowidSqlite;
  return {
    async maxEventId(teamId) {
      const r = await db
        .selectFrom("backlog_events")
        .select(sql<number | null>`max(id)`.as("id"))
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      return Number(r?.id ?? 0);
    },

    async eventsBetween(teamId, afterId, upToId) {
      const rows = await db
        .selectFrom("backlog_events")
        .select(["id", "story_id", "kind", "data"])
        .where(teamByRowid, "=", teamId)
        .where("id", ">", afterId)
        .where("id", "<=", upToId)
        .orderBy("id")
        .execute();
      return rows.map(
        (r): DigestEvent => ({ id: r.id, storyId: r.story_id, kind: r.kind, data: parseObject(r.data) }),
      );
    },

    async readinessSettings(teamId) {
      const s = await createBacklogRepository(db).settings(teamId);
      return { sizeLimit: s.sizeLimit, disabled: s.dorDisabled };
    },

    async storiesByIds(teamId, ids) {
      const out = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        const rows = await db
          .selectFrom("stories")
          .selectAll()
          .where(teamByRowid, "=", teamId)
          .where("id", "in", chunk)
          .execute();
        out.push(...rows.map(toStory));
      }
      return out;
    },

    async storiesTouched(teamId, afterId, upToId) {
      const rows = await db
        .selectFrom("stories")
        .select(["id", "number", "status", "archived_at", "rank"])
        .where(teamByRowid, "=", teamId)
        .where("id", "in", (eb) =>
          eb
            .selectFrom("backlog_events")
            .select("story_id")
            .where(teamByRowid, "=", teamId)
            .where("id", ">", afterId)
            .where("id", "<=", upToId)
            .where("story_id", "is not", null),
        )
        .execute();
      return rows.map(
        (r): StoryNow => ({
          id: r.id,
          number: r.number,
          title: "",
          status: r.status,
          position: r.archived_at ? null : r.rank,
        }),
      );
    },

    async positionsOf(teamId, ids) {
      const positions = new Map<number, number>();
      const ranked: { id: number; rank: number }[] = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom("stories")
          .select(["id", "rank"])
          .where(teamByRowid, "=", teamId)
          .where("archived_at", "is", null)
          .where("id", "in", ids.slice(i, i + ID_CHUNK))
          .execute();
        ranked.push(...rows);
      }
      ranked.sort((a, b) => a.rank - b.rank || a.id - b.id);
      // Position = active stories with rank ≤ mine: counted between consecutive ranks, so the index is
      // walked once up to the lowest one shown (not once per story).
      const counts = await countRankBands(
        db,
        teamId,
        ranked.map((r) => r.rank),
        "<=",
      );
      for (const [i, r] of ranked.entries()) {
        const n = counts[i] ?? 0;
        if (n > 0) positions.set(r.id, n);
      }
      return positions;
    },

    async titlesOf(teamId, ids) {
      const titles = new Map<number, string>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom("stories")
          .select(["id", "title"])
          .where(teamByRowid, "=", teamId)
          .where("id", "in", ids.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of rows) titles.set(r.id, r.title);
      }
      return titles;
    },

    async priorityInputs(teamId, storyIds) {
      const inputs = new Map<number, unknown>();
      const settings = await db
        .selectFrom("backlog_settings")
        .select("priority_method")
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      const stored = settings?.priority_method ?? null;
      const method =
        stored !== null && (PRIORITY_METHODS as readonly string[]).includes(stored)
          ? (stored as PriorityMethod)
          : null;
      if (method === null) return { method, inputs };
      for (let i = 0; i < storyIds.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom("story_priority_inputs")
          .select(["story_id", "input"])
          .where("team_id", "=", teamId)
          .where("method", "=", method)
          .where("story_id", "in", storyIds.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of rows) inputs.set(r.story_id, parseJson(r.input));
      }
      return { method, inputs };
    },

    async requestTitles(teamId, ids) {
      const titles = new Map<number, string>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom("requests")
          .select(["id", "what"])
          .where(teamByRowid, "=", teamId)
          .where("id", "in", ids.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of rows) titles.set(r.id, r.what);
      }
      return titles;
    },
  };
}

export function createDigestQueueSource(db: Kysely<Database>): QueueSource {
  const stories = createStoryRepository(db);
  return {
    async activeQueue(teamId) {
      const rows = await db
        .selectFrom("stories")
        .select(["id", "number", "estimate", "status"])
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .orderBy("rank")
        .execute();
      return rows.map(
        (r, i): QueueEntry => ({
          id: r.id,
          number: r.number,
          estimate: r.estimate,
          status: r.status,
          position: i + 1,
        }),
      );
    },
    async openTop(teamId, limit) {
      if (limit <= 0) return [];
      // Walk the (team_id, archived_at, rank) index from the top; the position is counted over the
      // stories above (done ones included, as /backlog shows them): O(limit + done above), not O(backlog).
      const rows = await db
        .selectFrom("stories as s")
        .select(["s.id", "s.number", "s.estimate", "s.status", "s.rank"])
        .where("s.team_id", "=", teamId)
        .where("s.archived_at", "is", null)
        .where("s.status", "!=", "done")
        .orderBy("s.rank")
        .limit(limit)
        .execute();
      const above = await countRankBands(
        db,
        teamId,
        rows.map((r) => r.rank),
        "<",
      );
      return rows.map(
        (r, i): QueueEntry => ({
          id: r.id,
          number: r.number,
          estimate: r.estimate,
          status: r.status,
          position: (above[i] ?? 0) + 1,
        }),
      );
    },

    async openStats(teamId, withEstimates) {
      const open = db
        .selectFrom("stories")
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .where("status", "!=", "done");
      if (!withEstimates) {
        const r = await open.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
        return { count: Number(r?.n ?? 0), estimates: [] };
      }
      // A histogram (a handful of Fibonacci sizes), not 10,000 rows.
      const rows = await open
        .select(["estimate", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("estimate")
        .execute();
      let count = 0;
      const estimates: number[] = [];
      for (const r of rows) {
        const n = Number(r.n);
        count += n;
        if (r.estimate !== null) for (let i = 0; i < n; i++) estimates.push(r.estimate);
      }
      return { count, estimates };
    },

    async aheadOf(teamId, rank) {
      // One pass over the team's active stories (index on team_id, archived_at, rank), instead of
      // 10,000 rows into JavaScript. CASE rather than sum(<boolean>) or SQLite's total(): PostgreSQL
      // cannot sum booleans, and has no total(); NULL estimates are skipped, coalesce makes none 0.
      const row = await sql<{ backlog: number; queue: number; points: number; unestimated: number }>`
        select
          coalesce(sum(case when rank <= ${rank} then 1 else 0 end), 0) as backlog,
          coalesce(sum(case when status != 'done' and rank <= ${rank} then 1 else 0 end), 0) as queue,
          coalesce(sum(case when status != 'done' and rank <= ${rank} then estimate end), 0) as points,
          coalesce(sum(case when status != 'done' and rank <= ${rank} and estimate is null then 1 else 0 end), 0) as unestimated
        from stories
        where team_id = ${teamId} and archived_at is null`.execute(db);
      const r = row.rows[0];
      return {
        backlogPosition: Number(r?.backlog ?? 0),
        queuePosition: Number(r?.queue ?? 0),
        pointsAhead: Number(r?.points ?? 0),
        unestimatedAhead: Number(r?.unestimated ?? 0),
      };
    },
    findByNumber: (teamId, number) => stories.findByNumber(teamId, number),
  };
}

/** Subqueries per statement in `countRankBands` (4 parameters each, far under SQLite's limits). */
const BAND_CHUNK = 200;

/**
 * For ascending `ranks`, how many active stories of the team have a rank `op` each (`"<="`: its
 * 1-based position; `"<"`: stories above it). Counted band by band, (previous, this], along the
 * (team_id, archived_at, rank) covering index in one statement: O(lowest position) index entries in
 * all, instead of one count from the top per story.
 */
async function countRankBands(
  db: Kysely<Database>,
  teamId: string,
  ranks: readonly number[],
  op: "<" | "<=",
): Promise<number[]> {
  const out: number[] = [];
  let running = 0;
  let previous: number | null = null;
  for (let start = 0; start < ranks.length; start += BAND_CHUNK) {
    const band = ranks.slice(start, start + BAND_CHUNK);
    const columns = band.map((rank, i) => {
      const lower: ReturnType<typeof sql> =
        previous === null ? sql`` : sql` and rank ${sql.raw(op === "<=" ? ">" : ">=")} ${previous}`;
      previous = rank;
      return sql`(select count(*) from stories where team_id = ${teamId} and archived_at is null and rank ${sql.raw(op)} ${rank}${lower}) as ${sql.ref(`c${i}`)}`;
    });
    const result = await sql<Record<string, number>>`select ${sql.join(columns)}`.execute(db);
    const row = result.rows[0] ?? {};
    for (let i = 0; i < band.length; i++) {
      running += Number(row[`c${i}`] ?? 0);
      out.push(running);
    }
  }
  return out;
}

/** Malformed JSON reads as `null` (no input) rather than failing the digest. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    // A malformed row must not take the whole digest down; it simply carries no details.
    return {};
  }
}
