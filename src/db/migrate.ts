/** Runs the migrations listed in `db/migrations/index.ts`. */
import { type Kysely, type MigrationResult, Migrator } from "kysely";
import { migrations } from "../../db/migrations/index.js";
import { AppError } from "../lib/errors.js";
import type { Database } from "./database.js";

/** Applies every pending migration; throws if one fails (kysely returns the error instead of throwing). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new AppError("internal", "Database migration failed.", {
      cause: error,
      detail: `Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return results ?? [];
}
