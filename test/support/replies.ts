/** Test steps that send a request and wait for what Slack would show the person. */
import type { TestApp } from "./app-harness.js";

/**
 * Sends a slash command and waits for the reply the app posts to its response_url.
 * @returns the HTTP result, the reply's body and the response_url (for clicking on the reply).
 */
export async function commandReply(
  t: TestApp,
  userId: string,
  name: string,
  text: string,
  channelId: string,
) {
  const before = t.fake.responses.length;
  const res = await t.slack.command(name, text, { userId, channelId });
  if (res.status !== 200) throw new Error(`${name} ${text} answered HTTP ${res.status}`);
  const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return {
    res,
    body: reply.body as { response_type?: string; text?: string; blocks?: unknown[] },
    responseUrl: res.responseUrl ?? "",
  };
}
