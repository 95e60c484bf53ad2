/** Runs the migrations in `db/migrations/` (works from src/ under tsx/vitest and from dist/ after a build). */
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, type MigrationResult, Migrator } from "kysely";
import { AppError } from "../lib/errors.js";
import type { Database } from "./database.js";

/** `src/db/` → `db/migrations`, and `dist/src/db/` → `dist/db/migrations`. */
export const migrationFolder = fileURLToPath(new URL("../../db/migrations", import.meta.url));

/** Applies every pending migration; throws if one fails (kysely returns the error instead of throwing). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
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
