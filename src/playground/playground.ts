/**
 * The playground's lifecycle: the shared clock (persisted beside the database so a restart keeps the
 * simulated date), the running session, demo data on first start, reset, and change notifications
 * for the page (a cheap poll of the simulator's records; the page then fetches its state).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ShiftedClock, systemClock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { type ClockJump, jumpTarget } from "./clock-jumps.js";
import { seedDemoData, seedStart } from "./seed.js";
import { PlaygroundSession } from "./session.js";

const POLL_MS = 100;

export interface PlaygroundOptions {
  databasePath: string;
  logger: Logger;
  logLevel: string;
}

export class Playground {
  private session: PlaygroundSession | undefined;
  private clock = new ShiftedClock();
  private version = 0;
  private readonly listeners = new Set<(version: number) => void>();
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PlaygroundOptions) {}

  private get clockFile(): string {
    return `${this.opts.databasePath}.clock.json`;
  }

  get current(): PlaygroundSession {
    if (!this.session) throw new Error("The playground is restarting: try again in a moment.");
    return this.session;
  }

  now(): Date {
    return this.clock.now();
  }

  /** Starts the app; seeds the demo data when the database is new. */
  async start(): Promise<{ seeded: boolean }> {
    mkdirSync(dirname(this.opts.databasePath), { recursive: true });
    const fresh = !existsSync(this.opts.databasePath);
    const saved = fresh ? undefined : this.readClockOffset();
    // A fresh playground starts its clock weeks in the past and seeds three sprints as time passes,
    // then catches up with real time (ShiftedClock only moves forward).
    this.clock = new ShiftedClock(
      saved ?? seedStart(systemClock.now()).getTime() - systemClock.now().getTime(),
    );
    const clock = this.clock;
    this.session = await PlaygroundSession.start({
      databasePath: this.opts.databasePath,
      clock,
      logger: this.opts.logger,
      logLevel: this.opts.logLevel,
      beforeStart: fresh
        ? async (session) => {
            await seedDemoData(session, clock, systemClock.now());
            clock.jumpTo(systemClock.now());
            this.saveClock();
          }
        : undefined,
    });
    this.session.sync();
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.timer.unref();
    this.changed();
    return { seeded: fresh };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const session = this.session;
    this.session = undefined;
    await session?.stop();
  }

  /** Throws everything away (database, messages, clock) and starts again with fresh demo data. */
  async reset(): Promise<void> {
    await this.exclusive(async () => {
      await this.stop();
      for (const suffix of ["", "-wal", "-shm", ".clock.json"])
        rmSync(`${this.opts.databasePath}${suffix}`, { force: true });
      await this.start();
    });
  }

  /** Moves the shared clock forward and runs what became due (standup prompts, digests, reviews…). */
  async jump(jump: ClockJump): Promise<Date> {
    return this.exclusive(async () => {
      this.clock.jumpTo(jumpTarget(this.clock.now(), jump));
      this.saveClock();
      this.changed();
      const { bot } = this.current;
      await bot.jobs.tick(this.clock.now());
      await bot.jobs.drain();
      await bot.settle();
      this.poll();
      return this.clock.now();
    });
  }

  /** Calls `listener` with a new version number whenever the page should refetch. */
  subscribe(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get stateVersion(): number {
    return this.version;
  }

  /** Runs `work` (a page request), then tells the page about what it changed. */
  async run<T>(work: (session: PlaygroundSession) => Promise<T>): Promise<T> {
    await this.busy.catch(() => undefined);
    try {
      return await work(this.current);
    } finally {
      this.poll();
      this.changed();
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.busy.catch(() => undefined).then(work);
    this.busy = next;
    return next;
  }

  private poll(): void {
    if (this.session?.sync()) this.changed();
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l(this.version);
  }

  private readClockOffset(): number | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.clockFile, "utf8")) as { offsetMs?: unknown };
      return typeof parsed.offsetMs === "number" ? parsed.offsetMs : undefined;
    } catch {
      return undefined;
    }
  }

  private saveClock(): void {
    writeFileSync(this.clockFile, `${JSON.stringify({ offsetMs: this.clock.offset })}\n`);
  }
}
