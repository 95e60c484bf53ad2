/**
 * Posting to a `response_url` outside the listener that received it (e.g. a modal opened
 * from an ephemeral message refreshes that message after submit). Slack allows 5 uses in
 * 30 minutes; an expired URL is not an error worth surfacing, so it returns false.
 */
import type { SlackMessage } from "../views/story.view.js";

/** How long a response_url POST may take before it is abandoned. */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

export async function replaceViaResponseUrl(url: string, message: SlackMessage): Promise<boolean> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: true, ...message }),
    // Bounded like every Slack call (see docs/operations-hardening.md); a timeout throws.
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  return res.ok;
}
