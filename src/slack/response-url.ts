/**
 * Posting to a `response_url` outside the listener that received it (e.g. a modal opened
 * from an ephemeral message refreshes that message after submit). Slack allows 5 uses in
 * 30 minutes; an expired URL is not an error worth surfacing, so it returns false.
 */
import type { SlackMessage } from "../views/story.view.js";

export async function replaceViaResponseUrl(url: string, message: SlackMessage): Promise<boolean> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: true, ...message }),
  });
  return res.ok;
}
