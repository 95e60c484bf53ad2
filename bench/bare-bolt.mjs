/**
 * The baseline for bench:ack: a bare Bolt app that only acks the surfaces the bench sends
 * (/story, /backlog, any button, any modal submission). Env: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL.
 * Plain JavaScript, run by plain `node` like the built app it is compared with: no tsx loader or
 * transpiler output on either side of the comparison (bench/support/built-app.ts).
 */
import { App, HTTPReceiver } from "@slack/bolt";

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? "",
  endpoints: "/slack/events",
});
const app = new App({
  token: "xoxb-bare",
  receiver,
  deferInitialization: true,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
});
await app.init();
app.command("/story", async ({ ack }) => ack());
app.command("/backlog", async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
app.view(/.*/, async ({ ack }) => ack());
await app.start(Number(process.env.PORT));
process.stdout.write("ready\n");
process.on("SIGTERM", () => void app.stop().then(() => process.exit(0)));
