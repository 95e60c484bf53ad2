/** Binds the scheduling stores to a connection or a transaction (see `SchedulingUnitOfWork`). */
import type { Kysely } from "kysely";
import type { SchedulingStores, SchedulingUnitOfWork } from "../services/scheduling-store.ports.js";
import { createCalendarRepository } from "./calendar.repository.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import { createOutboxRepository } from "./outbox.repository.js";
import { createScheduleRepository } from "./schedule.repository.js";

export function createSchedulingStores(db: Kysely<Database>): SchedulingStores {
  return {
    schedules: createScheduleRepository(db),
    outbox: createOutboxRepository(db),
    calendars: createCalendarRepository(db),
  };
}

export function createSchedulingUnitOfWork(db: Kysely<Database>): SchedulingUnitOfWork {
  return {
    read: createSchedulingStores(db),
    run: (fn) => runTransaction(db, (trx) => fn(createSchedulingStores(trx))),
  };
}
