/**
 * DATABASE_URL forms, parsed without opening anything (config.ts validates with this at start-up).
 */
import { ConfigError } from "../lib/errors.js";

export const SUPPORTED_DATABASE_URLS =
  "a SQLite file path (./data/scrumbot.db), :memory:, or postgres://user@host:5432/database (also postgresql://; add ?schema=NAME to use a schema other than public)";

export type DatabaseTarget =
  | { dialect: "sqlite"; path: string }
  | { dialect: "postgres"; connectionString: string; schema: string | null };

/**
 * Which database a DATABASE_URL names. Throws `ConfigError` for an unsupported `scheme://` or a
 * malformed PostgreSQL URL. `?schema=NAME` on a PostgreSQL URL sets the search_path of every
 * pooled connection (tests use one schema per test; operators may share one database).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const result = checkDatabaseUrl(url);
  if (typeof result === "string") throw new ConfigError([`DATABASE_URL ${result}`]);
  return result;
}

/** The target, or what is wrong with the URL (a sentence that follows "DATABASE_URL"). */
export function checkDatabaseUrl(url: string): DatabaseTarget | string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: "sqlite", path: url };
  if (scheme !== "postgres" && scheme !== "postgresql")
    return `uses the scheme "${scheme}://", which is not supported: use ${SUPPORTED_DATABASE_URLS}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a valid PostgreSQL URL: use ${SUPPORTED_DATABASE_URLS}`;
  }
  const schema = parsed.searchParams.get("schema");
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
    return `has ?schema=${schema}, which is not a plain schema name (letters, digits and _, not starting with a digit)`;
  parsed.searchParams.delete("schema");
  return { dialect: "postgres", connectionString: parsed.toString(), schema };
}

/** The URL for logs: a PostgreSQL password is replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  const target = checkDatabaseUrl(url);
  if (typeof target === "string" || target.dialect === "sqlite") return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
