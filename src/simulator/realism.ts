/**
 * A realistic Slack for benchmarks (off by default; tests keep an instant, unlimited fake):
 * - latency: each Web API answer waits a time drawn from a log-normal distribution whose middle
 *   90% lies between `minMs` and `maxMs` (default 50–150 ms), with a tail up to 3 × `maxMs`;
 * - tier limits: Slack's published tiers for the methods the app uses, enforced per workspace with
 *   429 + Retry-After (`SLACK_TIERS`).
 */
import type { RateLimitRule } from "./types.js";

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_LATENCY: LatencyRange = { minMs: 50, maxMs: 150 };

const TIER_1: RateLimitRule = { perMinute: 1 };
const TIER_2: RateLimitRule = { perMinute: 20 };
const TIER_3: RateLimitRule = { perMinute: 50 };
const TIER_4: RateLimitRule = { perMinute: 100 };

/**
 * Per method, per workspace (api.slack.com/apis/rate-limits and each method's page). Tiers name
 * the minimum Slack guarantees ("20+ per minute"), which is what an app must live with.
 * chat.postMessage is "special": about 1 message per second per conversation with short bursts
 * (a bucket of 3 here), and a workspace-wide cap Slack does not publish: 300 per minute here, above
 * the app's default pacing (4 per sliding second) and well below anything that would hide a bug.
 */
export const SLACK_TIERS: Record<string, RateLimitRule> = {
  "auth.test": TIER_4,
  "users.info": TIER_4,
  "users.list": TIER_2,
  "users.lookupByEmail": TIER_3,
  "conversations.info": TIER_3,
  "conversations.open": TIER_3,
  "conversations.history": TIER_3,
  "conversations.replies": TIER_3,
  "conversations.members": TIER_4,
  "conversations.list": TIER_2,
  "conversations.join": TIER_3,
  "views.open": TIER_4,
  "views.update": TIER_4,
  "views.push": TIER_4,
  "views.publish": TIER_4,
  "chat.postMessage": { perSecondPerChannel: 1, channelBurst: 3, perMinute: 300 },
  "chat.postEphemeral": TIER_4,
  "chat.update": TIER_3,
  "chat.delete": TIER_3,
  "chat.getPermalink": TIER_4,
  "chat.scheduleMessage": TIER_3,
  "files.getUploadURLExternal": TIER_4,
  "files.completeUploadExternal": TIER_4,
  "reactions.add": TIER_3,
  "apps.connections.open": TIER_1,
};

/** A latency draw: log-normal with 5th/95th percentiles at min/max, clamped to [min/2, 3 × max]. */
export function drawLatency(range: LatencyRange, random: () => number = Math.random): number {
  const lo = Math.log(Math.max(1, range.minMs));
  const hi = Math.log(Math.max(range.minMs + 1, range.maxMs));
  const mu = (lo + hi) / 2;
  const sigma = (hi - lo) / (2 * 1.645);
  // Box–Muller: a standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(3 * range.maxMs, Math.max(range.minMs / 2, Math.exp(mu + sigma * z)));
}
