/**
 * `npm run bench:setup`: how long the owner of a 1,000-person standup waits for its confirmation,
 * against a fake Slack that answers after 50–150 ms and enforces Slack's tier limits (users.info
 * Tier 4 ≈ 100/min, users.list Tier 2 ≈ 20/min, …, `test/support/fake-slack/realism.ts`).
 * Measured: the signed view submission is sent → the confirmation DM reaches Slack. The app runs in
 * this process (real SQLite file, production retry policy); Slack calls during setup are counted.
 * Goal: confirmed within 5 s, no users.info for people Slack listed, no 429.
 * env: BENCH_PEOPLE (default 1,000; 300 with BENCH_QUICK=1).
 */
import { StandupIds } from "../src/slack/ids.js";
import { startTestApp } from "../test/support/app-harness.js";
import { fillModal } from "../test/support/modal.js";
import { headline, QUICK } from "./support/headline.js";

const N = Number(process.env.BENCH_PEOPLE ?? (QUICK ? 300 : 1000));
const OWNER = "U0OWNER";
const CHANNEL = "C0TEAM";

const t = await startTestApp({
  now: "2026-11-30T07:58:00Z", // Monday 08:58 Berlin, two minutes before the first prompt
  fakeOptions: { tierLimits: true, latency: true },
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  scheduling: { jobs: { timers: false } },
});
try {
  t.fake.addUser({ id: OWNER, name: "Olga", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team" });
  const people = Array.from({ length: N - 1 }, (_, i) => `U1${String(i).padStart(5, "0")}`);
  for (const id of people) t.fake.addUser({ id, tz: "Europe/Berlin" });

  t.fake.clearCalls();
  await t.slack.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
  const open = await t.fake.waitFor("views.open", () => true, 10_000);
  const view = open.response.view as Record<string, unknown>;
  const values = fillModal(view, {
    [StandupIds.nameBlock]: "Everyone",
    [StandupIds.channelBlock]: CHANNEL,
    [StandupIds.participantsBlock]: [OWNER, ...people],
    [StandupIds.timeBlock]: "09:00",
    [StandupIds.closeAfterBlock]: "240",
    [StandupIds.reminderBlock]: "60",
  });
  const limitedBefore = t.fake.rateLimitedCount;
  const sent = Date.now();
  const res = await t.slack.viewSubmission({ userId: OWNER, view, values });
  if (res.status !== 200 || res.body !== "") throw new Error(`submission refused: ${res.status} ${res.body}`);
  const confirmation = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER, 900_000);
  const seconds = (confirmation.at - sent) / 1000;
  const count = (m: string) => t.fake.callsTo(m).length;
  // After the submission (the owner's own first request may ask users.info about the owner alone).
  const infoAfter = t.fake.callsTo("users.info").filter((c) => c.at >= sent).length;
  const limited = t.fake.rateLimitedCount - limitedBefore;
  const rows = [
    ["participants", String(N)],
    ["submission → owner's confirmation", `${seconds.toFixed(2)} s`],
    ["users.list calls (from /standup setup on)", String(count("users.list"))],
    ["users.info calls (all / after the submission)", `${count("users.info")} / ${infoAfter}`],
    ["429 answers", String(limited)],
  ];
  const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
  process.stdout.write(
    `\nbench:setup (fake Slack: 50–150 ms latency, tier limits)\n${rows.map(([k, v]) => `  ${k?.padEnd(width)}  ${v}`).join("\n")}\n`,
  );
  headline("setup", "standup_setup_confirmed_s", seconds, "<=5");
  headline("setup", "standup_setup_users_info_after_submission", infoAfter, "==0");
  headline("setup", "standup_setup_429s", limited, "==0");
} finally {
  await t.stop();
}
