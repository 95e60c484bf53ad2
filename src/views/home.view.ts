/**
 * The App Home tab. Pure: a `HomeModel` in, a `HomeView` out, always ≤ 100 blocks (about 25
 * here whatever the backlog size: top 10, own 10, 3 requests, each packed into sections).
 */
import type { HomeView, KnownBlock } from "@slack/types";
import { ITEM_STATUS_LABELS, ITEM_STATUSES } from "../domain/sprint.js";
import type { BacklogEntry } from "../domain/story.js";
import { ROLE_LABELS } from "../services/access.service.js";
import type { HomeModel, QuickAction } from "../services/home.service.js";
import { HomeIds } from "../slack/ids.js";
import { formatDay, mrkdwnSafe, packLines, plain, pluralise, truncate } from "./format.js";
import { triageRequestBlocks } from "./request.view.js";
import { storyFacts } from "./story.view.js";

const GOALS_SHOWN = 5;
const METRICS_SHOWN = 5;
const ACTIONS_SHOWN = 10;
const SPRINT_ITEMS_SHOWN = 15;
/** The service sends this many; the view caps them too, so Home stays ≤ 100 blocks whatever it is given. */
const REQUESTS_SHOWN = 3;
const STORIES_SHOWN = 10;

/** ✅ meets the Definition of Ready (or further along), ◻️ not ready yet. */
function readinessMark(entry: BacklogEntry, ready: Record<number, boolean>): string {
  const ok = ready[entry.story.id] ?? entry.story.status !== "new";
  return ok ? "✅" : "◻️";
}

/** "✅ *3.* #12 Title": the position counts open stories; a done story shows no number. */
function line(entry: BacklogEntry, ready: Record<number, boolean>): string {
  const { story, position } = entry;
  const head =
    story.status === "done" || position < 1
      ? `☑️ #${story.number}`
      : `${readinessMark(entry, ready)} *${position}.* #${story.number}`;
  return `${head} ${mrkdwnSafe(story.title, 200)}\n_${truncate(storyFacts(story), 300)}_`;
}

function listSections(entries: BacklogEntry[], ready: Record<number, boolean>): KnownBlock[] {
  return packLines(
    entries.map((e) => line(e, ready)),
    3000,
  ).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

const context = (text: string): KnownBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

/** Each quick action's button: plain words like every other button of the app, no emoji. */
const QUICK_BUTTONS: Record<QuickAction, { label: string; actionId: string }> = {
  new_story: { label: "New story", actionId: HomeIds.newStory },
  backlog: { label: "Open backlog", actionId: HomeIds.openBacklog },
  standup: { label: "Write my standup", actionId: HomeIds.writeStandup },
  triage: { label: "Triage", actionId: HomeIds.openTriage },
};

/** The viewer's quick actions in one row (only those their role can use). */
function quickActions(actions: readonly QuickAction[]): KnownBlock[] {
  if (actions.length === 0) return [];
  return [
    {
      type: "actions",
      block_id: HomeIds.quickBlock,
      elements: actions.map((a) => ({
        type: "button" as const,
        action_id: QUICK_BUTTONS[a].actionId,
        text: plain(QUICK_BUTTONS[a].label, 75),
        value: a,
      })),
    },
  ];
}

export function homeView(m: HomeModel): HomeView {
  const blocks: KnownBlock[] = [
    { type: "header", text: plain("Scrumbot", 150) },
    context(
      `You are ${/^[aeiou]/i.test(ROLE_LABELS[m.role].one) ? "an" : "a"} *${ROLE_LABELS[m.role].one}* · \`/scrum roles\` shows the team`,
    ),
    ...quickActions(m.quickActions),
  ];

  if (m.goals.length > 0) {
    blocks.push({ type: "divider" }, { type: "header", text: plain("🎯 Product goals", 150) });
    const goalLines = m.goals.slice(0, GOALS_SHOWN).map((g) => {
      const metrics = g.metrics.slice(0, METRICS_SHOWN).map((x) => `    • ${mrkdwnSafe(x, 200)}`);
      return [`*${mrkdwnSafe(g.title, 500)}*`, ...metrics].join("\n");
    });
    for (const text of packLines(goalLines, 3000))
      blocks.push({ type: "section", text: { type: "mrkdwn", text } });
    if (m.goals.length > GOALS_SHOWN)
      blocks.push(context(`${m.goals.length - GOALS_SHOWN} more: \`/goal list\``));
  }

  if (m.triage) {
    blocks.push(
      { type: "divider" },
      { type: "header", text: plain(`📥 Triage inbox (${m.triage.count})`, 150) },
    );
    if (m.triage.count === 0) {
      blocks.push(context("No open requests. Stakeholders send them with `/request`."));
    } else {
      const oldest = m.triage.oldest.slice(0, REQUESTS_SHOWN);
      for (const r of oldest) blocks.push(...triageRequestBlocks(r));
      if (m.triage.count > oldest.length) {
        blocks.push(
          context(`${pluralise(m.triage.count - oldest.length, "more request")}: \`/backlog triage\``),
        );
      }
    }
  }

  if (m.sprint) {
    blocks.push(
      { type: "divider" },
      { type: "header", text: plain(`🏃 ${m.sprint.name}`, 150) },
      context(`Goal: ${mrkdwnSafe(m.sprint.goal, 1500)}`),
    );
    // Viewers can't change an item's status: no menu they would only be refused by.
    const canChangeStatus = m.role !== "viewer";
    for (const item of m.sprint.items.slice(0, SPRINT_ITEMS_SHOWN)) {
      const { story } = item;
      const text = `*#${story.number}* ${mrkdwnSafe(story.title, 200)} · _${ITEM_STATUS_LABELS[item.status]}_`;
      if (!canChangeStatus) {
        blocks.push({ type: "section", text: { type: "mrkdwn", text } });
        continue;
      }
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text },
        accessory: {
          type: "overflow",
          action_id: HomeIds.sprintStatus,
          options: ITEM_STATUSES.filter((st) => st !== item.status).map((st) => ({
            text: plain(`Mark ${ITEM_STATUS_LABELS[st].toLowerCase()}`, 75),
            value: `${story.number}:${st}`,
          })),
        },
      });
    }
    if (m.sprint.items.length > SPRINT_ITEMS_SHOWN) {
      blocks.push(context(`${m.sprint.items.length - SPRINT_ITEMS_SHOWN} more items · \`/sprint\``));
    }
  }

  blocks.push({ type: "divider" }, { type: "header", text: plain("Top of the backlog", 150) });
  if (m.backlogTotal === 0) {
    blocks.push(
      context(
        "📭 Nothing open in the backlog. Add a story with `/story`, or send a request with `/request`.",
      ),
    );
  } else {
    const top = m.backlogTop.slice(0, STORIES_SHOWN);
    blocks.push(...listSections(top, m.ready));
    blocks.push(
      context(
        `${top.length} of ${pluralise(m.backlogTotal, "open story", "open stories")} · ✅ ready ◻️ not ready yet · \`/backlog\` for more`,
      ),
    );
  }

  // A PO who wrote the top of the backlog would read the same list twice: say so in one line.
  const ownRepeatsTop =
    m.ownTotal > 0 &&
    m.ownTotal === m.ownStories.length &&
    m.ownStories.length <= m.backlogTop.length &&
    m.ownStories.every((e, i) => e.story.id === m.backlogTop[i]?.story.id);
  blocks.push({ type: "divider" }, { type: "header", text: plain("Your stories", 150) });
  if (ownRepeatsTop) {
    blocks.push(
      context(`The ${pluralise(m.ownTotal, "story", "stories")} at the top of the backlog above are yours.`),
    );
  } else if (m.ownTotal === 0) {
    blocks.push(
      context("You haven't added stories yet. `/story`, or the *Turn into story* message shortcut."),
    );
  } else {
    const own = m.ownStories.slice(0, STORIES_SHOWN);
    blocks.push(...listSections(own, m.ready));
    if (m.ownTotal > own.length) {
      blocks.push(context(`${own.length} of your ${m.ownTotal} stories, in backlog order`));
    }
  }
  if (m.actionItems.length > 0) {
    blocks.push({ type: "divider" }, { type: "header", text: plain("✅ Your retro action items", 150) });
    const items = m.actionItems
      .slice(0, ACTIONS_SHOWN)
      .map((a) => `• ${mrkdwnSafe(a.text, 300)} — due ${formatDay(a.dueOn)}`);
    for (const text of packLines(items, 3000))
      blocks.push({ type: "section", text: { type: "mrkdwn", text } });
    blocks.push(
      context(
        m.actionItems.length > ACTIONS_SHOWN
          ? `${m.actionItems.length - ACTIONS_SHOWN} more · \`/retro actions\` to mark them done`
          : "`/retro actions` to mark them done",
      ),
    );
  }
  return { type: "home", blocks };
}
