/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
import "dotenv/config";
import { z } from "zod";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";

const url = z
  .string()
  .min(1)
  .default("./data/scrumbot.db")
  .parse(process.env.DATABASE_URL || undefined);
let database: ReturnType<typeof openDatabase>;
try {
  database = openDatabase(url);
} catch (error) {
  // An unsupported DATABASE_URL: the ConfigError names the supported forms.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
try {
  const results = await migrateToLatest(database.db);
  for (const r of results) process.stdout.write(`${r.status}: ${r.migrationName}\n`);
  process.stdout.write(
    results.length === 0 ? "Database is up to date.\n" : `Applied ${results.length} migration(s).\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
