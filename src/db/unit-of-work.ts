/**
 * Binds repositories to a transaction. SQLite has one writer; kysely's SQLite driver
 * serialises transactions on its single connection, so concurrent requests queue here. On
 * PostgreSQL transactions run side by side: writes that must not interleave take a row or
 * advisory lock (see dialect.ts), and a serialization failure or deadlock is retried.
 */
import type { Kysely } from "kysely";
import type { Repositories, UnitOfWork } from "../services/story.ports.js";
import { createBacklogEventRepository } from "./backlog-event.repository.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import { createStoryRepository } from "./story.repository.js";

export function createRepositories(db: Kysely<Database>): Repositories {
  return {
    stories: createStoryRepository(db),
    backlogEvents: createBacklogEventRepository(db),
  };
}

export function createUnitOfWork(db: Kysely<Database>): UnitOfWork {
  return {
    read: createRepositories(db),
    run: (fn) => runTransaction(db, (trx) => fn(createRepositories(trx))),
  };
}
