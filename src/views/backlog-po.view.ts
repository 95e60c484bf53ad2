/**
 * Views of the PO's backlog actions: readiness checklist, move-to and split modals, the archive
 * with Restore buttons, the suggested order. Pure builders within Slack's limits.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import type { PriorityMethod } from "../domain/priority/index.js";
import { INVEST_WORDS, type Readiness } from "../domain/readiness.js";
import { STORY_LIMITS, type Story } from "../domain/story.js";
import type { SuggestedRow } from "../services/backlog.service.js";
import { BacklogIds } from "../slack/ids.js";
import { md, mrkdwnSafe, ours, plain, pluralise, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyFacts, storyRef } from "./story.view.js";

export const METHOD_LABELS: Record<PriorityMethod, string> = {
  moscow: "MoSCoW",
  value_effort: "value / effort",
  wsjf: "WSJF (cost of delay ÷ job size)",
  rice: "RICE (reach × impact × confidence ÷ effort)",
};

/** Metadata of the move-to and split modals. */
export interface StoryActionMetadata {
  n: number;
  /** The `/backlog` message to refresh (response_url, valid 30 minutes). */
  r: string | null;
  c: string | null;
}

/** The Definition of Ready as a checklist, with INVEST hints and a Mark ready button when met. */
export function readinessMessage(story: Story, readiness: Readiness, intro?: string): SlackMessage {
  const lines = readiness.points.map(
    (p) => `${p.met ? "✅" : "◻️"} ${p.label}${p.met ? "" : ` — _${mrkdwnSafe(p.missing ?? "", 300)}_`}`,
  );
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(intro, 3000) } });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(`*#${story.number} ${mrkdwnSafe(story.title, 200)}*\n${lines.join("\n")}`, 3000),
    },
  });
  if (readiness.hints.length > 0) {
    blocks.push({
      type: "context",
      elements: readiness.hints.slice(0, 10).map((h) => ({
        type: "mrkdwn" as const,
        text: truncate(`*${INVEST_WORDS[h.letter]}:* ${mrkdwnSafe(h.text, 280)}`, 300),
      })),
    });
  }
  if (readiness.ready && story.status === "new") {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: BacklogIds.markReady,
          style: "primary",
          text: plain("Mark ready", 75),
          value: String(story.number),
        },
      ],
    });
  }
  const verdict = readiness.ready
    ? md`meets the Definition of Ready`
    : md`is missing ${pluralise(readiness.missing.length, "check")}`;
  return { text: md`${storyRef(story)} ${verdict}`, blocks };
}

/** "mark ready" refused: every missing point listed. */
export function notReadyMessage(story: Story, readiness: Readiness): SlackMessage {
  return readinessMessage(
    story,
    readiness,
    `🚫 I can't mark #${story.number} ready yet: ${pluralise(readiness.missing.length, "check")} of the Definition of Ready ${readiness.missing.length === 1 ? "is" : "are"} missing.`,
  );
}

export function moveToModal(
  story: Story,
  position: number,
  total: number,
  meta: StoryActionMetadata,
): ModalView {
  return {
    type: "modal",
    callback_id: BacklogIds.moveToModal,
    private_metadata: JSON.stringify(meta),
    title: plain(`Move #${story.number}`, 24),
    submit: plain("Move", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*#${story.number} ${mrkdwnSafe(story.title, 200)}* is at position ${position} of ${total}.`,
        },
      },
      {
        type: "input",
        block_id: BacklogIds.positionBlock,
        label: plain("New position", 2000),
        element: {
          type: "number_input",
          action_id: BacklogIds.input,
          is_decimal_allowed: false,
          min_value: "1",
          max_value: String(Math.max(1, total)),
          initial_value: String(position),
        },
      },
    ],
  };
}

export function splitModal(story: Story, meta: StoryActionMetadata): ModalView {
  const criteria = story.acceptanceCriteria.join("\n");
  const input = (
    blockId: string,
    label: string,
    max: number,
    multiline: boolean,
    initial: string,
    optional: boolean,
  ) => ({
    type: "input" as const,
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    element: {
      type: "plain_text_input" as const,
      action_id: BacklogIds.input,
      max_length: max,
      multiline,
      ...(initial ? { initial_value: truncate(initial, max) } : {}),
    },
  });
  return {
    type: "modal",
    callback_id: BacklogIds.splitModal,
    private_metadata: JSON.stringify(meta),
    title: plain(`Split #${story.number}`, 24),
    submit: plain("Split", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Both parts keep the persona, want, benefit, priority and labels; estimates are cleared (re-estimate each part). The second part goes right below the first.",
          },
        ],
      },
      input(BacklogIds.splitFirstTitle, "First part: title", STORY_LIMITS.title, false, story.title, false),
      input(
        BacklogIds.splitFirstCriteria,
        "First part: acceptance criteria (one per line)",
        STORY_LIMITS.criteriaText,
        true,
        criteria,
        true,
      ),
      input(BacklogIds.splitSecondTitle, "Second part: title", STORY_LIMITS.title, false, "", false),
      input(
        BacklogIds.splitSecondCriteria,
        "Second part: acceptance criteria (one per line)",
        STORY_LIMITS.criteriaText,
        true,
        "",
        true,
      ),
    ],
  };
}

/** `/backlog archived`: archived stories, newest first, each with Restore. */
export function archivedMessage(page: { items: Story[]; total: number; offset: number }): SlackMessage {
  if (page.total === 0) {
    return {
      text: md`No archived stories`,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "🗄️ No archived stories." } }],
    };
  }
  const blocks: KnownBlock[] = [
    { type: "header", text: plain("Archived stories", 150) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Showing ${page.offset + 1}–${page.offset + page.items.length} of ${page.total}, most recently archived first`,
        },
      ],
    },
  ];
  for (const s of page.items.slice(0, 40)) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*#${s.number}* ${mrkdwnSafe(s.title, 200)}\n_${truncate(storyFacts(s), 300)}_`, 3000),
      },
      accessory: {
        type: "button",
        action_id: BacklogIds.restore,
        text: plain("Restore", 75),
        value: String(s.number),
      },
    });
  }
  return { text: md`${pluralise(page.total, "archived story", "archived stories")}`, blocks };
}

/** `/backlog suggest`: the method's order next to the PO's, manual order unchanged. */
export function suggestionMessage(
  result: { method: PriorityMethod | null; rows: SuggestedRow[]; scored: number },
  shown = 20,
): SlackMessage {
  if (!result.method) {
    return {
      text: md`No priority method chosen`,
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "No priority method chosen for this team yet. A product owner picks one with `/backlog method moscow|value_effort|wsjf|rice`, then scores stories with `/backlog score #12 …`.",
          },
        },
      ],
    };
  }
  const rows = result.rows.slice(0, shown);
  const lines = rows.map((r, i) => {
    const delta = r.position - (i + 1);
    const move = delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : "=";
    const score = r.explanation ? mrkdwnSafe(r.explanation, 300) : "_not scored_";
    return `*${i + 1}.* #${r.story.number} ${mrkdwnSafe(r.story.title, 120)} (now ${r.position}, ${move})\n${score}`;
  });
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`Suggested order: ${METHOD_LABELS[result.method]}`, 150) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${result.scored} of ${result.rows.length} stories scored. A suggestion only: your manual order stays as it is; move stories with the /backlog buttons.`,
        },
      ],
    },
  ];
  let chunk = "";
  for (const line of lines) {
    if (chunk.length + line.length + 2 > 2900) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n\n${line}` : line;
  }
  if (chunk) blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  return { text: md`Suggested order by ${ours(METHOD_LABELS[result.method])}`, blocks };
}

/** A short private note ("Moved #12 to position 1 of 40."): the app's own words, no typed text. */
export function noteMessage(text: string): SlackMessage {
  return {
    text: ours(truncate(text.replace(/[*_`]/g, ""), 300)),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(text, 3000) } }],
  };
}
