/**
 * Bolt's `StateStore` in scrumbot's database: the CSRF token of one install flow.
 *
 * A state is `<random id>.<HMAC-SHA256(SLACK_STATE_SECRET, id)>`. Bolt also sets it in the
 * installer's browser (cookie `slack-app-oauth-state`) and checks that the redirect carries the same
 * value. Here, verifying checks the signature (a forged state is refused without a database read),
 * then TAKES the row (delete … returning): a state works once, within 10 minutes, so a replayed
 * redirect is refused even with the right cookie.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { InstallURLOptions, StateStore } from "@slack/bolt";
import type { OAuthStateRepository } from "../db/oauth-state.repository.js";
import type { Clock } from "../lib/clock.js";

/** How long an install flow may take, from the click to Slack's redirect back. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** Bolt's code for a bad state: its failure callback shows the "start again" page for it. */
export class InvalidOAuthStateError extends Error {
  readonly code = "slack_oauth_invalid_state";
  constructor(readonly reason: "forged" | "unknown_or_used" | "expired") {
    super(`the install state is not valid (${reason})`);
    this.name = "InvalidOAuthStateError";
  }
}

export function createOAuthStateStore(deps: {
  repo: OAuthStateRepository;
  secret: string;
  clock: Clock;
  ttlMs?: number;
}): StateStore {
  const { repo, clock } = deps;
  const ttlMs = deps.ttlMs ?? STATE_TTL_MS;
  const sign = (id: string) => createHmac("sha256", deps.secret).update(id).digest("base64url");

  return {
    async generateStateParam(installOptions: InstallURLOptions): Promise<string> {
      const now = clock.now();
      // Old unused states go (abandoned installs); a day keeps this cheap and harmless.
      await repo.pruneBefore(new Date(now.getTime() - 24 * 60 * 60 * 1000));
      const id = randomBytes(18).toString("base64url");
      await repo.add(id, JSON.stringify(installOptions), now);
      return `${id}.${sign(id)}`;
    },

    async verifyStateParam(_boltNow: Date, state: string): Promise<InstallURLOptions> {
      const [id = "", signature = ""] = state.split(".");
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(signature);
      if (!id || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InvalidOAuthStateError("forged");
      }
      const taken = await repo.take(id);
      if (!taken) throw new InvalidOAuthStateError("unknown_or_used");
      if (clock.now().getTime() - taken.createdAt.getTime() > ttlMs)
        throw new InvalidOAuthStateError("expired");
      return JSON.parse(taken.installOptions) as InstallURLOptions;
    },
  };
}
