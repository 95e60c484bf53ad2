/**
 * OAuth installations, install-flow states and workspace→organization links (migration 0830),
 * over portable kysely (SQLite and PostgreSQL). Tokens are secrets: nothing here logs.
 *
 * The one place that differs by dialect is {@link lockInstallationRow}: the row lock that makes
 * a token refresh claim atomic across processes.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./database.js";
import type { SlackInstallationTable } from "./installation.table.js";

export type SqlDialect = "sqlite" | "postgres";

/** One installation of the app: a workspace, or a whole Grid organization (org-wide). */
export interface InstallationRecord {
  /** `T:<team>` or `E:<enterprise>` (see {@link installKey}). */
  key: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botUserId: string;
  botId: string | null;
  botScopes: string[];
  botToken: string;
  /** Token rotation: the refresh token and when the access token expires; null without rotation. */
  refreshToken: string | null;
  expiresAt: Date | null;
  details: InstallationDetails;
  installedAt: Date;
}

export interface InstallationDetails {
  teamName?: string;
  enterpriseName?: string;
  enterpriseUrl?: string;
  installerUserId?: string;
  tokenType?: string;
}

/** The key of an installation: org-wide installs by organization, the others by workspace. */
export function installKey(i: {
  isEnterpriseInstall: boolean;
  teamId: string | null;
  enterpriseId: string | null;
}) {
  if (i.isEnterpriseInstall) {
    if (!i.enterpriseId) throw new Error("an org-wide installation needs an enterprise id");
    return `E:${i.enterpriseId}`;
  }
  if (!i.teamId) throw new Error("a workspace installation needs a team id");
  return `T:${i.teamId}`;
}

type Row = SlackInstallationTable;

function toRecord(row: Row): InstallationRecord {
  return {
    key: row.install_key,
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    isEnterpriseInstall: row.is_enterprise_install === 1,
    appId: row.app_id,
    botUserId: row.bot_user_id,
    botId: row.bot_id,
    botScopes: row.bot_scopes ? row.bot_scopes.split(",") : [],
    botToken: row.bot_token,
    refreshToken: row.bot_refresh_token,
    expiresAt: row.bot_token_expires_at ? new Date(row.bot_token_expires_at) : null,
    details: JSON.parse(row.details) as InstallationDetails,
    installedAt: new Date(row.installed_at),
  };
}

/**
 * Locks one installation row until the transaction ends, so a claim (read, decide, write) is
 * atomic across processes. PostgreSQL: `select … for update`. SQLite has no row locks; its one
 * writer at a time is the lock, but a transaction that READS first and writes later can fail
 * with SQLITE_BUSY when another process wrote in between (the busy timeout does not help a
 * read lock that must upgrade). So on SQLite the first statement is a write that changes
 * nothing: it takes the database's write lock at once (waiting up to busy_timeout for it).
 * (That update also row-locks on PostgreSQL, so a mislabelled dialect stays safe, just less clear.)
 * @returns whether the row exists.
 */
export async function lockInstallationRow(
  trx: Transaction<Database>,
  key: string,
  dialect: SqlDialect,
): Promise<boolean> {
  if (dialect === "postgres") {
    const row = await trx
      .selectFrom("slack_installations")
      .select("install_key")
      .where("install_key", "=", key)
      .forUpdate()
      .executeTakeFirst();
    return row !== undefined;
  }
  const result = await trx
    .updateTable("slack_installations")
    .set((eb) => ({ install_key: eb.ref("install_key") }))
    .where("install_key", "=", key)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What a refresh claim found: someone else's fresh result, a claim of ours, or nothing to do. */
export type RefreshClaim =
  | { kind: "fresh"; installation: InstallationRecord }
  | { kind: "claimed"; installation: InstallationRecord }
  | { kind: "busy"; until: Date }
  | { kind: "missing" };

export interface InstallationRepository {
  /** Inserts or replaces the installation (a reinstall keeps `installed_at`). */
  save(installation: Omit<InstallationRecord, "key" | "installedAt">, at: Date): Promise<InstallationRecord>;
  find(key: string): Promise<InstallationRecord | null>;
  /** The workspace's own install, else its organization's org-wide install. */
  findForTeam(teamId: string, enterpriseId: string | null): Promise<InstallationRecord | null>;
  delete(key: string): Promise<boolean>;
  /** The workspaces seen so far for an organization. */
  teamsOf(enterpriseId: string): Promise<string[]>;
  /** Remembers which organization a workspace belongs to (from a request Slack sent for it). */
  linkWorkspace(teamId: string, enterpriseId: string, at: Date): Promise<void>;
  /**
   * Under the row lock: if the token no longer `needsRefresh` (another process refreshed it), returns
   * it as `fresh`; if another process holds an unexpired lease, `busy`; else takes the lease for
   * `leaseMs` as `owner` and returns `claimed` with the refresh token to spend.
   */
  claimRefresh(
    key: string,
    owner: string,
    now: Date,
    leaseMs: number,
    needsRefresh: (i: InstallationRecord) => boolean,
  ): Promise<RefreshClaim>;
  /**
   * Stores the new tokens and releases the lease, if the row still holds the refresh token that
   * was spent (compare-and-set: whoever spent it successfully has the only working tokens, even if
   * their lease ran out meanwhile). False when the row changed (a reinstall replaced it).
   */
  completeRefresh(
    key: string,
    spentRefreshToken: string,
    tokens: { botToken: string; refreshToken: string; expiresAt: Date },
    at: Date,
  ): Promise<boolean>;
  /** Gives the lease back without new tokens (the exchange failed). */
  releaseRefresh(key: string, owner: string): Promise<void>;
}

export function createInstallationRepository(
  db: Kysely<Database>,
  dialect: SqlDialect = "sqlite",
): InstallationRepository {
  const find = async (key: string) => {
    const row = await db
      .selectFrom("slack_installations")
      .selectAll()
      .where("install_key", "=", key)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  };

  return {
    async save(i, at) {
      const key = installKey(i);
      const iso = at.toISOString();
      const values = {
        team_id: i.teamId,
        enterprise_id: i.enterpriseId,
        is_enterprise_install: i.isEnterpriseInstall ? 1 : 0,
        app_id: i.appId,
        bot_user_id: i.botUserId,
        bot_id: i.botId,
        bot_scopes: i.botScopes.join(","),
        bot_token: i.botToken,
        bot_refresh_token: i.refreshToken,
        bot_token_expires_at: i.expiresAt?.toISOString() ?? null,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        details: JSON.stringify(i.details),
        updated_at: iso,
      };
      await db
        .insertInto("slack_installations")
        .values({ install_key: key, installed_at: iso, ...values })
        .onConflict((oc) => oc.column("install_key").doUpdateSet(values))
        .execute();
      const saved = await find(key);
      if (!saved) throw new Error(`installation ${key} vanished while being saved`);
      return saved;
    },

    find,

    async findForTeam(teamId, enterpriseId) {
      const own = await find(`T:${teamId}`);
      if (own) return own;
      let org = enterpriseId;
      if (!org) {
        const link = await db
          .selectFrom("slack_workspace_links")
          .select("enterprise_id")
          .where("team_id", "=", teamId)
          .executeTakeFirst();
        org = link?.enterprise_id ?? null;
      }
      return org ? find(`E:${org}`) : null;
    },

    async delete(key) {
      const result = await db
        .deleteFrom("slack_installations")
        .where("install_key", "=", key)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async teamsOf(enterpriseId) {
      const rows = await db
        .selectFrom("slack_workspace_links")
        .select("team_id")
        .where("enterprise_id", "=", enterpriseId)
        .orderBy("team_id")
        .execute();
      return rows.map((r) => r.team_id);
    },

    async linkWorkspace(teamId, enterpriseId, at) {
      await db
        .insertInto("slack_workspace_links")
        .values({ team_id: teamId, enterprise_id: enterpriseId, seen_at: at.toISOString() })
        .onConflict((oc) =>
          oc.column("team_id").doUpdateSet({ enterprise_id: enterpriseId, seen_at: at.toISOString() }),
        )
        .execute();
    },

    claimRefresh(key, owner, now, leaseMs, needsRefresh) {
      return db.transaction().execute(async (trx): Promise<RefreshClaim> => {
        if (!(await lockInstallationRow(trx, key, dialect))) return { kind: "missing" };
        const row = await trx
          .selectFrom("slack_installations")
          .selectAll()
          .where("install_key", "=", key)
          .executeTakeFirstOrThrow();
        const installation = toRecord(row);
        if (!needsRefresh(installation)) return { kind: "fresh", installation };
        const until = row.refresh_lease_until ? new Date(row.refresh_lease_until) : null;
        if (until && until > now && row.refresh_lease_owner !== owner) return { kind: "busy", until };
        await trx
          .updateTable("slack_installations")
          .set({
            refresh_lease_owner: owner,
            refresh_lease_until: new Date(now.getTime() + leaseMs).toISOString(),
          })
          .where("install_key", "=", key)
          .execute();
        return { kind: "claimed", installation };
      });
    },

    async completeRefresh(key, spentRefreshToken, tokens, at) {
      const result = await db
        .updateTable("slack_installations")
        .set({
          bot_token: tokens.botToken,
          bot_refresh_token: tokens.refreshToken,
          bot_token_expires_at: tokens.expiresAt.toISOString(),
          refresh_lease_owner: null,
          refresh_lease_until: null,
          updated_at: at.toISOString(),
        })
        .where("install_key", "=", key)
        .where("bot_refresh_token", "=", spentRefreshToken)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async releaseRefresh(key, owner) {
      await db
        .updateTable("slack_installations")
        .set({ refresh_lease_owner: null, refresh_lease_until: null })
        .where("install_key", "=", key)
        .where("refresh_lease_owner", "=", owner)
        .execute();
    },
  };
}
