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

/** Milliseconds since the epoch of the real clock, for measuring durations only (never for domain time). */
export function monotonicMs(): number {
  return performance.now();
}
