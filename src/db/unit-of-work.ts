/**
 * Binds repositories to a transaction. SQLite has one writer; kysely's SQLite driver
 * serialises transactions on its single connection, so concurrent requests queue here.
 */
import type { Kysely } from "kysely";
import type { Repositories, UnitOfWork } from "../services/story.ports.js";
import { createBacklogEventRepository } from "./backlog-event.repository.js";
import type { Database } from "./database.js";
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
    run: (fn) => db.transaction().execute((trx) => fn(createRepositories(trx))),
  };
}
