/** A unit of work whose transaction also covers `requests` (see `RequestUnitOfWork`). */
import type { Kysely } from "kysely";
import type { RequestRepositories, RequestUnitOfWork } from "../services/request.service.js";
import { createBacklogRepository } from "./backlog.repository.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import { createRequestRepository } from "./request.repository.js";
import { createRepositories } from "./unit-of-work.js";

function reposFor(db: Kysely<Database>): RequestRepositories {
  return {
    ...createRepositories(db),
    requests: createRequestRepository(db),
    backlog: createBacklogRepository(db),
  };
}

export function createRequestUnitOfWork(db: Kysely<Database>): RequestUnitOfWork {
  return {
    read: reposFor(db),
    run: (fn) => runTransaction(db, (trx) => fn(reposFor(trx))),
  };
}
