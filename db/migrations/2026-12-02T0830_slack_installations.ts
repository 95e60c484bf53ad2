/**
 * OAuth mode (docs/oauth.md): one row per installation of the app and one per install flow in
 * progress, plus which Grid organization each workspace belongs to. An installation is keyed by the workspace (`T:<team id>`) or, for an org-wide
 * Enterprise Grid install, by the organization (`E:<enterprise id>`). Tokens are secrets: the app
 * never logs these columns. `refresh_lease_*` is the claim one process holds while it exchanges
 * a refresh token (token rotation), so two processes never spend the same refresh token.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("slack_installations")
    .addColumn("install_key", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text")
    .addColumn("enterprise_id", "text")
    // 0/1 (better-sqlite3 cannot bind booleans).
    .addColumn("is_enterprise_install", "integer", (c) => c.notNull())
    .addColumn("app_id", "text")
    .addColumn("bot_user_id", "text", (c) => c.notNull())
    .addColumn("bot_id", "text")
    .addColumn("bot_scopes", "text", (c) => c.notNull())
    .addColumn("bot_token", "text", (c) => c.notNull())
    // Token rotation: null when the app has it off.
    .addColumn("bot_refresh_token", "text")
    .addColumn("bot_token_expires_at", "text")
    .addColumn("refresh_lease_owner", "text")
    .addColumn("refresh_lease_until", "text")
    // Non-secret details Bolt hands over (team name, enterprise URL, installer), as JSON.
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("installed_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("slack_installations_team_ix")
    .on("slack_installations")
    .column("team_id")
    .execute();
  await db.schema
    .createIndex("slack_installations_enterprise_ix")
    .on("slack_installations")
    .column("enterprise_id")
    .execute();

  // Which organization a workspace belongs to, learnt from each request Slack sends for it, so work
  // started without a request (outbox, scheduled jobs) finds an org-wide install by workspace.
  await db.schema
    .createTable("slack_workspace_links")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("enterprise_id", "text", (c) => c.notNull())
    .addColumn("seen_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("slack_oauth_states")
    .addColumn("state_id", "text", (c) => c.primaryKey())
    // Bolt's InstallURLOptions for this flow (scopes, redirect URI), as JSON.
    .addColumn("install_options", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("slack_oauth_states_created_ix")
    .on("slack_oauth_states")
    .column("created_at")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("slack_oauth_states").execute();
  await db.schema.dropTable("slack_workspace_links").execute();
  await db.schema.dropTable("slack_installations").execute();
}
