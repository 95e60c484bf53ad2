/** Deterministic id and message-timestamp generation for the fake workspace. */

/** Ids like `V00000001`, one counter per prefix, so tests see stable, readable ids. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n.toString(36).toUpperCase().padStart(8, "0")}`;
  }
}

/**
 * Message timestamps like `"1700000000.000100"`: derived from the clock, strictly increasing even when
 * the clock stands still (fixed `opts.now`), because Slack uses `ts` as the message's identity.
 */
export class MessageTsClock {
  private lastMicros = 0;

  constructor(private readonly now: () => number) {}

  next(): string {
    let micros = Math.floor(this.now()) * 1000;
    if (micros <= this.lastMicros) micros = this.lastMicros + 100;
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }
}
