/**
 * `npm run bench:fairness`: two workspaces due at the same minute. Workspace A's standup fans out
 * 1,000 DMs at 09:00 (250 s at the outbox's 4 a second); workspace B's standup has 10 people due at
 * 09:00 too. When does B's last prompt reach Slack after 09:00?
 *
 * Realistic Slack (`test/support/fake-slack/realism.ts`): 50–150 ms latency, Slack's tier limits
 * per workspace with 429 + Retry-After. The app runs its production defaults in a child process
 * (`bench/support/app-child.ts`), its clock starting before 09:00; both standups are set up over
 * signed HTTP (the setup modal), from each workspace. The app still holds one bot token for both
 * (per-workspace tokens come with OAuth), so the fake counts each call against the workspace of
 * the person or channel it targets (`workspaceOf`).
 * Goal: B's last prompt within 5 s of 09:00, while A's fan-out is still in progress.
 * env: BENCH_PEOPLE (A's fan-out; default 1,000, 100 with BENCH_QUICK=1), BENCH_CLOCK_START.
 */

import { StandupIds } from "../src/slack/ids.js";
import { TEST_SIGNING_SECRET } from "../test/support/app-harness.js";
import { tempDatabasePath } from "../test/support/db.js";
import { FakeSlack, type RecordedCall } from "../test/support/fake-slack.js";
import { fillModal } from "../test/support/modal.js";
import { createSlackRequester } from "../test/support/slack-requests.js";
import { startAppChild } from "./support/app-child-process.js";
import { headline, QUICK } from "./support/headline.js";

const N_A = Number(process.env.BENCH_PEOPLE ?? (QUICK ? 100 : 1000));
const N_B = 10;
/** Monday 08:59:35 Berlin: both setups have 25 s before 09:00. */
const CLOCK_START = process.env.BENCH_CLOCK_START ?? "2026-11-30T07:59:35Z";
const DUE = Date.parse("2026-11-30T08:00:00Z"); // 09:00 Berlin, on the app's clock

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `UA…`, `C0TEAMA` and `UAOWNER` are workspace A's; `UB…`, `C0TEAMB`, `UBOWNER` B's; other calls count as "app". */
const workspaceOf = ({ args }: { args: Record<string, unknown> }) => {
  const ref = String(args.channel ?? args.user ?? "");
  return ref.startsWith("UA") || ref === "C0TEAMA"
    ? "A"
    : ref.startsWith("UB") || ref === "C0TEAMB"
      ? "B"
      : "app";
};

async function main(): Promise<void> {
  const fake = await FakeSlack.start({ latency: true, tierLimits: true, workspaceOf });
  const teams = [
    { team: "TA", owner: "UAOWNER", channel: "C0TEAMA", people: ids("UA", N_A) },
    { team: "TB", owner: "UBOWNER", channel: "C0TEAMB", people: ids("UB", N_B) },
  ] as const;
  for (const t of teams) {
    fake.addUser({ id: t.owner, name: `Owner ${t.team}`, tz: "Europe/Berlin" });
    fake.addChannel({ id: t.channel, name: `team-${t.team}` });
    for (const id of t.people) fake.addUser({ id, tz: "Europe/Berlin" });
  }
  const db = tempDatabasePath();
  const { app, port } = await startAppChild({
    apiUrl: fake.apiUrl,
    databasePath: db.path,
    clockStart: CLOCK_START,
  });
  try {
    const listeningAt = Date.now();
    for (const t of teams) {
      const slack = createSlackRequester({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: TEST_SIGNING_SECRET,
        fake,
        teamId: t.team,
      });
      const since = fake.calls.length;
      await slack.command("/standup", "setup", { userId: t.owner, channelId: t.channel });
      const open = await fake.waitFor("views.open", (c) => fake.calls.indexOf(c) >= since, 20_000);
      const view = open.response.view as Record<string, unknown>;
      const values = fillModal(view, {
        [StandupIds.nameBlock]: `Standup ${t.team}`,
        [StandupIds.channelBlock]: t.channel,
        [StandupIds.participantsBlock]: [...t.people],
        [StandupIds.timeBlock]: "09:00",
        [StandupIds.closeAfterBlock]: "240",
        [StandupIds.reminderBlock]: "120",
      });
      const res = await slack.viewSubmission({ userId: t.owner, view, values });
      if (res.status !== 200 || res.body !== "")
        throw new Error(`setup ${t.team} refused: ${res.status} ${res.body}`);
      await fake.waitFor("chat.postMessage", (c) => c.args.channel === t.owner, 120_000);
    }
    const startupMs = Number(/clock (\d+)/.exec(app.stdout())?.[1] ?? 0);
    const dueAt = listeningAt - startupMs + (DUE - Date.parse(CLOCK_START));
    if (Date.now() > dueAt)
      throw new Error("the standups were confirmed after 09:00: raise CLOCK_START's lead");

    const prompts = (prefix: string) =>
      fake.calls.filter(
        (c) =>
          c.method === "chat.postMessage" &&
          c.response.ok &&
          c.at >= dueAt &&
          String(c.args.channel).startsWith(prefix) &&
          String(c.args.channel) !== `${prefix}OWNER`,
      );
    const deadline = dueAt + 120_000;
    while (new Set(prompts("UB").map((c) => c.args.channel)).size < N_B) {
      if (Date.now() > deadline) throw new Error("timed out waiting for B's prompts");
      if (app.child.exitCode !== null) throw new Error(`app exited:\n${app.stderr()}`);
      await sleep(20);
    }
    const bFirst = Math.min(...prompts("UB").map((c) => c.at));
    const bLast = Math.max(...prompts("UB").map((c) => c.at));
    const aByThen = prompts("UA").filter((c) => c.at <= bLast).length;
    await sleep(3000); // A's fan-out carries on: its pace after B is done
    const aFirst = Math.min(...prompts("UA").map((c) => c.at));
    const limited = (ws: string) =>
      fake.calls.filter((c: RecordedCall) => c.status === 429 && c.at >= dueAt && workspaceOf(c) === ws)
        .length;
    const delayS = (bLast - dueAt) / 1000;
    const rows = [
      ["workspace A: one standup, due 09:00", `${N_A} people`],
      ["workspace B: one standup, due 09:00", `${N_B} people`],
      ["Slack", "50–150 ms latency, tier limits per workspace (429 + Retry-After)"],
      ["09:00 → A's first prompt", `${((aFirst - dueAt) / 1000).toFixed(2)} s`],
      ["09:00 → B's first prompt", `${((bFirst - dueAt) / 1000).toFixed(2)} s`],
      ["09:00 → B's last prompt", `${delayS.toFixed(2)} s`],
      ["A's prompts sent by then", `${aByThen} of ${N_A}`],
      ["A's prompts 3 s later", `${prompts("UA").length} of ${N_A}`],
      ["429 answers after 09:00 (A / B)", `${limited("A")} / ${limited("B")}`],
    ];
    const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
    process.stdout.write(
      `\nbench:fairness\n${rows.map(([k, v]) => `  ${k?.padEnd(width)}  ${v}`).join("\n")}\n`,
    );
    headline("fairness", "fairness_b_last_prompt_after_due_s", delayS, "<=5");
    // B must not have waited for A: A's fan-out is still going when B is done.
    headline("fairness", "fairness_a_prompts_before_b_done_share", aByThen / N_A, "<1");
  } finally {
    app.child.kill("SIGTERM");
    await app.exited;
    await fake.stop();
    db.cleanup();
  }
}

function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
