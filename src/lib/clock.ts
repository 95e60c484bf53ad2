/**
 * The one place that reads the wall clock. Everything else receives a `Clock`
 * (services) or a `now: Date` (jobs), so tests can run at fixed instants.
 */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance; starts at `start`. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * Real time shifted by an offset that only moves forward: the playground's shared clock (the app and
 * the Slack simulator read it; "+1 day" jumps both). Time keeps running between jumps.
 */
export class ShiftedClock implements Clock {
  constructor(private offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** How far ahead of real time this clock runs, in ms (persisted by the playground). */
  get offset(): number {
    return this.offsetMs;
  }
  /** Jumps forward by `ms` (a negative value is ignored: scheduled work never runs twice). */
  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
  }
  /** Jumps forward to `instant` (ignored when it is not in this clock's future). */
  jumpTo(instant: Date): void {
    this.advance(instant.getTime() - this.now().getTime());
  }
}

/** Milliseconds since the epoch of the real clock, for measuring durations only (never for domain time). */
export function monotonicMs(): number {
  return performance.now();
}
