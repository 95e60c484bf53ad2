/** SQLite error codes that need a clearer log line than the driver's message. */

/** SQLITE_FULL: the disk (or the database's page limit) is full; every write fails until space is freed. */
export function isDatabaseFull(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "SQLITE_FULL";
}

export const DATABASE_FULL_MESSAGE =
  "database is full (SQLITE_FULL): writes are failing; free disk space on the volume holding DATABASE_URL (or raise its quota). /healthz answers 503 until a write succeeds";
