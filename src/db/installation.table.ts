/**
 * Row shapes of the OAuth tables (migration 0830). Tokens are secrets: never log a row.
 * Times are ISO-8601 strings (UTC).
 */
export interface SlackInstallationTable {
  /** `T:<team id>` for a workspace install, `E:<enterprise id>` for an org-wide install. */
  install_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  /** 0/1 */
  is_enterprise_install: number;
  app_id: string | null;
  bot_user_id: string;
  bot_id: string | null;
  /** Comma-separated, as Slack gives them. */
  bot_scopes: string;
  bot_token: string;
  bot_refresh_token: string | null;
  bot_token_expires_at: string | null;
  refresh_lease_owner: string | null;
  refresh_lease_until: string | null;
  /** JSON: team name, enterprise name and URL, installer user id, token type. */
  details: string;
  installed_at: string;
  updated_at: string;
}

export interface SlackWorkspaceLinkTable {
  team_id: string;
  enterprise_id: string;
  seen_at: string;
}

export interface SlackOAuthStateTable {
  state_id: string;
  install_options: string;
  created_at: string;
}
