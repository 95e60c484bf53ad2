/**
 * Demo data for a fresh playground, written through the app's own services (what the commands and
 * forms would do), while the shared clock walks through the past: a product goal with a metric, a
 * backlog of ~30 ordered stories (some ready, some not), three finished two-week sprints with
 * different velocities and a running fourth one (so velocity, burndown and forecasts have real
 * shapes), a daily standup at 09:00 each member's time, and a Monday digest in #product.
 */
import type { StoryDraft, StoryPoints } from "../domain/story.js";
import type { ShiftedClock } from "../lib/clock.js";
import { nextNine } from "./clock-jumps.js";
import { ADMIN, NEW_YORK, PEOPLE, PLAYGROUND_TEAM, PRODUCT, PRODUCT_OWNER, TEAM, TOKYO } from "./people.js";
import type { PlaygroundSession } from "./session.js";

const DAY = 24 * 3_600_000;
const SPRINT_DAYS = 14;
const teamId = PLAYGROUND_TEAM.id;

/**
 * Where a fresh playground's clock starts: the Monday 09:00 (Berlin) at least six weeks and a day
 * back, so three two-week sprints end before today and a fourth is running (it ends within 5–12 days).
 */
export function seedStart(now: Date): Date {
  return nextNine(new Date(now.getTime() - 7 * 7 * DAY - DAY), "Europe/Berlin", true);
}

interface SeedStory {
  title: string;
  persona: string;
  want: string;
  benefit: string;
  estimate: StoryPoints | null;
  criteria: string[];
  priority: StoryDraft["priority"];
  labels: string[];
}

const s = (
  title: string,
  estimate: StoryPoints | null,
  want: string,
  opts: Partial<Pick<SeedStory, "persona" | "criteria" | "priority" | "labels" | "benefit">> = {},
): SeedStory => ({
  title,
  estimate,
  want,
  persona: opts.persona ?? "team lead",
  benefit: opts.benefit ?? "the team spends less time on admin",
  criteria: opts.criteria ?? ["Works for a team of 20", "Shown in the app's own language"],
  priority: opts.priority ?? "medium",
  labels: opts.labels ?? [],
});

/** Done in the three finished sprints and the running one (in this order, 5 or 6 each). */
const SPRINT_STORIES: SeedStory[][] = [
  [
    s("Sign in with Google", 5, "to sign in with my Google account", { labels: ["auth"], priority: "high" }),
    s("Password reset by email", 3, "to reset my password", { labels: ["auth"] }),
    s("Team invitations", 5, "to invite my team by email"),
    s("Profile pictures", 2, "to upload a profile picture", { persona: "team member" }),
    s("Audit log of sign-ins", 3, "to see who signed in and when", { persona: "admin" }),
  ],
  [
    s("Board view of the sprint", 8, "to see the sprint as columns", { priority: "high" }),
    s("Drag cards between columns", 5, "to drag a card to its new state", { persona: "team member" }),
    s("WIP limits per column", 3, "to set a limit per column"),
    s("Card due dates", 2, "to give a card a due date", { persona: "team member" }),
    s("Keyboard shortcuts", 3, "to move through the board with the keyboard", { persona: "power user" }),
    s("Dark mode", 5, "a dark theme", { persona: "team member", priority: "low" }),
  ],
  [
    s("Weekly email summary", 5, "a weekly summary by email", { persona: "stakeholder" }),
    s("Slack notifications for blockers", 3, "to hear about blockers in Slack"),
    s("Burndown chart", 8, "to see the sprint's burndown", { priority: "high" }),
    s("Velocity chart", 3, "to see velocity over the last sprints"),
    s("Export a sprint report as PDF", 5, "to send the sprint report to my boss", { persona: "stakeholder" }),
  ],
  [
    s("Custom fields on cards", 8, "to add my own fields to cards", { priority: "high" }),
    s("Saved filters", 3, "to save a filter and reuse it", { persona: "team member" }),
    s("Bulk edit cards", 5, "to change many cards at once"),
    s("Recurring cards", 3, "cards that come back every week"),
    s("Mobile-friendly board", 5, "to use the board on my phone", { persona: "team member" }),
  ],
];

/** How many points each finished sprint completes, by the day each story is done (index into the sprint). */
const DONE_ON_DAY: number[][] = [
  [3, 5, 8, 11], // sprint 1: 15 of 18 pts done, one story back to the backlog
  [2, 4, 6, 8, 10, 12], // sprint 2: all 26 pts
  [3, 6, 9, 12], // sprint 3: 19 of 24 pts
  [1, 3], // the running sprint so far
];

/** The rest of the backlog, in order: ready ones first, then some that need refinement. */
const BACKLOG: SeedStory[] = [
  s("Export to CSV", 3, "to export the backlog as CSV", { persona: "product owner", priority: "high" }),
  s("Single sign-on with SAML", 8, "to sign in with our company SSO", { persona: "admin", priority: "high" }),
  s("Two-factor authentication", 5, "to protect my account with a second factor", { persona: "admin" }),
  s("Comment on cards", 3, "to discuss a card where it lives", { persona: "team member" }),
  s("Mention people in comments", 2, "to @mention someone in a comment", { persona: "team member" }),
  s("Attach files to cards", 5, "to attach a screenshot to a card", { persona: "team member" }),
  s("Card templates", 3, "templates for bugs and stories"),
  s("Time tracking per card", 5, "to log time on a card", { persona: "team member" }),
  s("Public roadmap page", 8, "to share a roadmap with customers", { persona: "product owner" }),
  s("Archive old boards", 2, "to archive a board we no longer use"),
  s("Import from Trello", 8, "to bring my Trello boards over", { persona: "new customer" }),
  s("Calendar view", 5, "to see due dates on a calendar", { persona: "team member" }),
  s("Email to card", null, "to turn an email into a card", { persona: "team member" }),
  s("Webhooks", null, "webhooks when a card changes", { persona: "developer" }),
  s("API rate limit dashboard", null, "to see how close we are to API limits", { persona: "developer" }),
  s("Offline mode", null, "to keep working on a plane", { persona: "team member", criteria: [] }),
  s("Gantt chart", 13, "a Gantt chart of the roadmap", { persona: "stakeholder" }),
  s("Multiple assignees", null, "several people on one card", { persona: "team member" }),
  s("Card dependencies", null, "to say a card waits for another"),
  s("Story map view", null, "to arrange stories on a story map", { persona: "product owner", criteria: [] }),
  s("Custom workflows", 13, "to define our own card states", { priority: "low" }),
  s("Guest access for clients", null, "to let a client see one board", { persona: "agency owner" }),
  s("Print a board", 2, "to print the board for a workshop", { priority: "low" }),
  s("Localise into German", null, "the app in German", { persona: "German customer", criteria: [] }),
  s("Accessibility audit fixes", null, "the app to work with a screen reader", { persona: "blind user" }),
  s("Sprint retrospective board", null, "a retro board per sprint"),
  s("Zapier integration", null, "to connect the app to Zapier", { persona: "ops lead", priority: "low" }),
  s("Usage analytics for admins", null, "to see who uses which board", { persona: "admin", criteria: [] }),
  s("Undo for deletions", 3, "to undo deleting a card", { persona: "team member" }),
  s("Faster board loading", null, "boards to open in under a second", { persona: "team member" }),
];

function draftOf(story: SeedStory): StoryDraft {
  return {
    title: story.title,
    persona: story.persona,
    want: story.want,
    benefit: story.benefit,
    acceptanceCriteria: story.criteria,
    estimate: story.estimate,
    priority: story.priority,
    labels: story.labels,
  };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Writes the demo data. The clock starts at {@link seedStart} and stays before `until` (real now). */
export async function seedDemoData(
  session: PlaygroundSession,
  clock: ShiftedClock,
  until: Date,
): Promise<void> {
  const { services } = session.bot;
  const po = PRODUCT_OWNER.id;
  for (const p of PEOPLE) {
    if (p.role) await services.access.assignRole({ teamId, actorId: ADMIN.id, userId: p.id, role: p.role });
  }

  await services.goals.saveGoal({
    teamId,
    userId: po,
    draft: {
      statement: "Teams plan their whole sprint in our app instead of spreadsheets",
      metrics: [
        { name: "Weekly active teams", baseline: "320", current: "410", target: "600" },
        { name: "Sprints planned in the app", baseline: "35%", current: "52%", target: "80%" },
      ],
      status: "active",
    },
  });

  // Sprint stories first (they are pulled from the top), then the backlog that remains.
  const numbers: number[][] = [];
  for (const sprint of SPRINT_STORIES) {
    const created: number[] = [];
    for (const story of sprint) {
      const entry = await services.stories.createStory({ teamId, userId: po, draft: draftOf(story) });
      created.push(entry.story.number);
    }
    numbers.push(created);
  }
  for (const story of BACKLOG)
    await services.stories.createStory({ teamId, userId: po, draft: draftOf(story) });

  for (const [i, sprintNumbers] of numbers.entries()) {
    const running = i === numbers.length - 1;
    const starts = clock.now();
    const ends = new Date(starts.getTime() + (SPRINT_DAYS - 3) * DAY); // a Friday
    await services.sprints.start({
      teamId,
      userId: po,
      channelId: TEAM.id,
      timeZone: "Europe/Berlin",
      draft: {
        name: `Sprint ${i + 1}`,
        goal: [
          "Accounts people trust",
          "A board the team lives in",
          "Progress everyone can see",
          "Cards that fit our work",
        ][i]!,
        startsOn: isoDay(starts),
        endsOn: isoDay(ends),
        definitionOfDone: "Code reviewed, tested, deployed to staging, release notes written",
        reviewTime: "15:00",
      },
    });
    for (const n of sprintNumbers) await services.sprints.addItem({ teamId, userId: po, storyNumber: n });
    const doneDays = DONE_ON_DAY[i] ?? [];
    for (let day = 0; day < SPRINT_DAYS; day++) {
      // The running sprint stops at today: the clock never runs ahead of real time here.
      if (running && clock.now().getTime() > until.getTime()) break;
      const at = doneDays.indexOf(day);
      const n = sprintNumbers[at];
      if (at >= 0 && n !== undefined) {
        const who = [TOKYO.id, NEW_YORK.id][at % 2]!;
        await services.sprints.setStatus({ teamId, userId: who, storyNumber: n, status: "in_progress" });
        await services.sprints.setStatus({ teamId, userId: who, storyNumber: n, status: "done" });
      }
      if (running && day >= (doneDays.at(-1) ?? 0)) break;
      if (!running || clock.now().getTime() + DAY <= until.getTime()) clock.advance(DAY);
    }
    if (running) break;
    // Unfinished stories go back to the top of the backlog; the PO archives what was done.
    const closed = await services.sprints.close({ teamId, userId: po, choices: {} });
    const done = sprintNumbers.filter((n) => !closed.toBacklog.some((story) => story.number === n));
    for (const n of done) await services.backlog.archive({ teamId, userId: po, storyNumber: n });
  }

  await services.standups.create(teamId, po, {
    ...(await services.standups.defaults(teamId, po, TEAM.id)),
    name: "Daily standup",
    channelId: TEAM.id,
    participants: [PRODUCT_OWNER.id, TOKYO.id, NEW_YORK.id],
    days: [1, 2, 3, 4, 5],
    promptTime: "09:00",
    timeZoneMode: "member",
    fixedTimeZone: "Europe/Berlin",
    reportStyle: "thread",
  });

  await services.digests.setup({
    teamId,
    userId: po,
    appId: null,
    settings: {
      channels: [PRODUCT.id],
      days: [1],
      time: "09:00",
      timeZone: "Europe/Berlin",
      sections: ["goals", "sprint", "top", "changes"],
      topN: 5,
    },
  });
}
