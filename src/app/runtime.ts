/**
 * The running app's lifecycle: counting in-flight handlers, readiness for `/healthz`, start
 * (listen, catch up the scheduler, wake timers), stop (stop taking work, wait for handlers, park
 * report refreshes in the outbox) and settle (wait until nothing is left to do now).
 */
import type { AnyMiddlewareArgs, App, Middleware, Receiver } from "@slack/bolt";
import type { Config } from "../config.js";
import type { JobRunner } from "../jobs/index.js";
import type { Logger } from "../lib/logger.js";
import type { OutboxService } from "../services/outbox.service.js";
import type { StandupService } from "../services/standup.service.js";
import { listeningPort } from "./receiver.js";

/** Readiness and the handler count; created first so the receiver's health route can read it. */
export class RuntimeState {
  ready = false;
  inFlight = 0;

  /** Bolt middleware counting handlers in flight, so shutdown can wait for them. */
  readonly countInFlight: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    this.inFlight++;
    try {
      await next();
    } finally {
      this.inFlight--;
    }
  };

  /** Counts a listener's remainder that goes on after Bolt is done with its request. */
  readonly track = (work: Promise<unknown>): void => {
    this.inFlight++;
    void work.finally(() => this.inFlight--);
  };
}

export interface Runtime {
  start(): Promise<{ port: number }>;
  stop(graceMs?: number): Promise<void>;
  settle(): Promise<void>;
}

export function createRuntime(deps: {
  state: RuntimeState;
  app: App;
  receiver: Receiver;
  config: Config;
  logger: Logger;
  jobs: JobRunner;
  standups: StandupService;
  outbox: OutboxService;
}): Runtime {
  const { state, app, receiver, config, logger, jobs, standups, outbox } = deps;
  return {
    async settle() {
      while (state.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      await standups.flush();
      await outbox.drain();
    },

    async start() {
      const started = (await app.start(config.port)) as unknown;
      // Catch up missed occurrences (or record them as skipped), deliver pending outbox rows, then
      // wake every few seconds.
      await jobs.start();
      state.ready = true;
      const port = listeningPort(started, receiver, config.port);
      logger.info("scrumbot started", { mode: config.mode, port });
      return { port };
    },

    async stop(graceMs = 10_000) {
      state.ready = false;
      await jobs.stop(graceMs);
      await app.stop();
      const deadline = performance.now() + graceMs;
      while (state.inFlight > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
      }
      if (state.inFlight > 0)
        logger.warn("stopping with handlers still running", { inFlight: state.inFlight });
      // Refreshes waiting for their slot are enqueued (the outbox delivers them after a restart).
      await standups
        .flush()
        .catch((error: unknown) => logger.warn("flushing standup reports failed", { error }));
    },
  };
}
