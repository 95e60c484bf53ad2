import type { RateLimitRule } from "./types.js";

/**
 * Sliding-window rate limiter per method and workspace (`scope`: Slack's limits are per workspace,
 * so each scope has its own windows). Only accepted calls count toward a window, so a client that
 * backs off for `Retry-After` gets through again.
 */
export class RateLimiter {
  private readonly rules = new Map<string, RateLimitRule>();
  private readonly hits = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  set(method: string, rule: RateLimitRule): void {
    this.rules.set(method, rule);
  }

  clear(method?: string): void {
    if (method === undefined) {
      this.rules.clear();
      this.hits.clear();
      this.buckets.clear();
      return;
    }
    this.rules.delete(method);
    for (const key of [...this.hits.keys()]) if (key.startsWith(`${method}|`)) this.hits.delete(key);
    for (const key of [...this.buckets.keys()]) if (key.startsWith(`${method}|`)) this.buckets.delete(key);
  }

  /**
   * @param channelKey the conversation the call targets (only used by `perSecondPerChannel`).
   * @param scope the workspace the call counts against.
   * @returns seconds for `Retry-After` when the call must be refused; otherwise records it and returns
   *   undefined.
   */
  check(method: string, channelKey: string | undefined, now: number, scope = "*"): number | undefined {
    const rule = this.rules.get(method);
    if (!rule) return undefined;
    const at = `${method}|${scope}`;
    const windows: { key: string; limit: number; ms: number }[] = [];
    let bucket: { tokens: number; at: number } | undefined;
    let waitMs = 0;
    if (rule.perSecondPerChannel !== undefined && rule.channelBurst !== undefined) {
      const key = `${at}|bucket|${channelKey ?? "*"}`;
      const rate = rule.perSecondPerChannel / 1000;
      const b = this.buckets.get(key) ?? { tokens: rule.channelBurst, at: now };
      b.tokens = Math.min(rule.channelBurst, b.tokens + (now - b.at) * rate);
      b.at = now;
      this.buckets.set(key, b);
      if (b.tokens < 1) waitMs = (1 - b.tokens) / rate;
      bucket = b;
    } else if (rule.perSecondPerChannel !== undefined) {
      windows.push({ key: `${at}|ch|${channelKey ?? "*"}`, limit: rule.perSecondPerChannel, ms: 1000 });
    }
    if (rule.perSecond !== undefined) windows.push({ key: `${at}|sec`, limit: rule.perSecond, ms: 1000 });
    if (rule.perMinute !== undefined) windows.push({ key: `${at}|min`, limit: rule.perMinute, ms: 60_000 });
    for (const w of windows) {
      const recent = (this.hits.get(w.key) ?? []).filter((t) => t > now - w.ms);
      this.hits.set(w.key, recent);
      if (recent.length >= w.limit) {
        const oldest = recent[recent.length - w.limit];
        waitMs = Math.max(waitMs, oldest === undefined ? w.ms : oldest + w.ms - now);
      }
    }
    if (waitMs > 0) return rule.retryAfterSeconds ?? Math.max(1, Math.ceil(waitMs / 1000));
    for (const w of windows) this.hits.get(w.key)?.push(now);
    if (bucket) bucket.tokens -= 1;
    return undefined;
  }
}
