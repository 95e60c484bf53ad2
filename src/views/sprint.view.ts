/**
 * Sprints: the start modal, the planning message, progress with status buttons, the close
 * message with per-item carry-over, the sprint review and its feedback/note modals.
 * Pure builders within Slack's limits (messages ≤ 50 blocks, modals ≤ 100).
 */
import type { ActionsBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  ITEM_STATUS_LABELS,
  ITEM_STATUSES,
  SPRINT_LIMITS,
  type Sprint,
  type SprintItem,
} from "../domain/sprint.js";
import type { Story } from "../domain/story.js";
import type { SprintPlan, SprintReview, SprintStatusView } from "../services/sprint.service.js";
import { SprintIds, STORY_INPUT_ACTION } from "../slack/ids.js";
import {
  formatDay,
  formatPoints,
  link,
  type Mrkdwn,
  md,
  mrkdwnSafe,
  ours,
  packLines,
  plain,
  pluralise,
  truncate,
} from "./format.js";
import type { SlackMessage } from "./message.js";

/** How many item rows a message shows (each row is a section with buttons ≈ 1 block). */
const MAX_ROWS = 30;

export interface SprintModalMetadata {
  channelId: string | null;
  timeZone: string;
}
export interface SprintNoteMetadata {
  storyNumber: number;
}
export interface SprintFeedbackMetadata {
  sprintId: number;
  channelId: string | null;
}

const pts = formatPoints;
const storyLine = (s: Story) =>
  `*#${s.number}* ${mrkdwnSafe(s.title, 200)} · ${s.estimate === null ? "not estimated" : formatPoints(s.estimate)}`;

const input = (
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  optional = false,
): KnownBlock =>
  ({
    type: "input",
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    element: { action_id: STORY_INPUT_ACTION, ...element },
  }) as KnownBlock;

/** `/sprint start`: name, goal (required), dates (default two weeks), review time, Definition of Done. */
export function sprintStartModal(input_: {
  channelId: string | null;
  timeZone: string;
  defaults: { startsOn: string; endsOn: string; definitionOfDone: string; reviewTime: string };
  name?: string;
}): ModalView {
  const d = input_.defaults;
  const metadata: SprintModalMetadata = { channelId: input_.channelId, timeZone: input_.timeZone };
  return {
    type: "modal",
    callback_id: SprintIds.startModal,
    private_metadata: JSON.stringify(metadata),
    title: plain("Start a sprint", 24),
    submit: plain("Start", 24),
    close: plain("Cancel", 24),
    blocks: [
      input(SprintIds.nameBlock, "Name", {
        type: "plain_text_input",
        max_length: SPRINT_LIMITS.name,
        ...(input_.name ? { initial_value: truncate(input_.name, SPRINT_LIMITS.name) } : {}),
        placeholder: plain("e.g. Sprint 14", 150),
      }),
      input(SprintIds.goalBlock, "Sprint goal", {
        type: "plain_text_input",
        multiline: true,
        max_length: SPRINT_LIMITS.goal,
        placeholder: plain("What will be true at the end of the sprint that isn't now?", 150),
      }),
      input(SprintIds.startsBlock, "First day", { type: "datepicker", initial_date: d.startsOn }),
      input(SprintIds.endsBlock, "Last day", { type: "datepicker", initial_date: d.endsOn }),
      input(SprintIds.reviewTimeBlock, `Sprint review on the last working day (${input_.timeZone})`, {
        type: "timepicker",
        initial_time: d.reviewTime,
      }),
      input(
        SprintIds.dodBlock,
        "Definition of Done",
        {
          type: "plain_text_input",
          multiline: true,
          max_length: SPRINT_LIMITS.dod,
          ...(d.definitionOfDone ? { initial_value: d.definitionOfDone } : {}),
          placeholder: plain("e.g. reviewed, tested, deployed to staging, docs updated", 150),
        },
        true,
      ),
    ],
  };
}

export function sprintStartedMessage(sprint: Sprint, carried: number): SlackMessage {
  const lines = [
    `🏁 *${mrkdwnSafe(sprint.name, 80)}* started: ${formatDay(sprint.startsOn)} → ${formatDay(sprint.endsOn)}.`,
    `*Goal:* ${mrkdwnSafe(sprint.goal, 600)}`,
  ];
  if (sprint.definitionOfDone)
    lines.push(`*Definition of Done:* ${mrkdwnSafe(sprint.definitionOfDone, 1500)}`);
  if (carried > 0)
    lines.push(`${carried} item${carried === 1 ? "" : "s"} carried over from the last sprint.`);
  lines.push("Plan it with `/sprint plan`; follow it with `/sprint`.");
  return {
    text: md`Sprint ${mrkdwnSafe(sprint.name, 80)} started`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } }],
  };
}

function velocityLine(velocity: number | null, history: { name: string; completedPoints: number }[]): string {
  if (velocity === null) return "*Velocity:* no finished sprints yet, so no forecast capacity.";
  const h = history.map((x) => `${mrkdwnSafe(x.name, 40)}: ${x.completedPoints}`).join(", ");
  return `*Velocity:* ${velocity} pts (average of the last ${history.length}: ${h})`;
}

/** `/sprint plan`: what is in, the capacity, and the next ready backlog items to add. */
export function sprintPlanMessage(plan: SprintPlan): SlackMessage {
  const { sprint, items, committedPoints, velocity } = plan;
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`Plan: ${sprint.name}`, 150) },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          [
            `*Goal:* ${mrkdwnSafe(sprint.goal, 600)}`,
            velocityLine(velocity, plan.history),
            `*Planned:* ${pts(committedPoints)}${velocity === null ? "" : ` of about ${velocity}`}${
              velocity !== null && committedPoints > velocity ? " ⚠️ over the forecast capacity" : ""
            }`,
          ].join("\n"),
          3000,
        ),
      },
    },
    { type: "section", text: { type: "mrkdwn", text: `*In the sprint (${items.length})*` } },
  ];
  const rows = Math.floor((MAX_ROWS - 2) / 2);
  if (items.length === 0)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "Nothing yet." }] });
  for (const item of items.slice(0, rows)) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: storyLine(item.story) },
      accessory: {
        type: "button",
        text: plain("Remove", 75),
        action_id: SprintIds.remove,
        value: String(item.story.number),
      },
    });
  }
  if (items.length > rows) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${items.length - rows} more.` }],
    });
  }
  blocks.push({ type: "divider" });
  blocks.push({ type: "section", text: { type: "mrkdwn", text: "*Next in the backlog*" } });
  let running = committedPoints;
  let shown = 0;
  for (const { story, readiness } of plan.candidates) {
    if (shown >= rows) break;
    shown++;
    if (readiness.ready) {
      running += story.estimate ?? 0;
      const over = velocity !== null && running > velocity ? " · _beyond capacity_" : "";
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: truncate(`${storyLine(story)}${over}`, 3000) },
        accessory: {
          type: "button",
          text: plain("Add", 75),
          action_id: SprintIds.add,
          value: String(story.number),
          style: "primary",
        },
      });
    } else {
      const missing = readiness.missing.map((p) => p.missing ?? p.label).join("; ");
      blocks.push({
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: truncate(
              `Not ready: #${story.number} ${mrkdwnSafe(story.title, 120)} (${mrkdwnSafe(missing, 400)})`,
              3000,
            ),
          },
        ],
      });
    }
  }
  if (plan.candidates.length === 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "The backlog has nothing else to plan." }],
    });
  }
  return { text: md`Sprint plan: ${mrkdwnSafe(sprint.name, 80)}`, blocks: blocks.slice(0, 50) };
}

const statusOption = (s: (typeof ITEM_STATUSES)[number], number: number): PlainTextOption => ({
  text: plain(ITEM_STATUS_LABELS[s], 75),
  value: `${number}:${s}`,
});

/** `/sprint`: progress, then one row per item with its status buttons. */
export function sprintStatusMessage(view: SprintStatusView): SlackMessage {
  const { sprint, progress: p } = view;
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(sprint.name, 150) },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          [
            `*Goal:* ${mrkdwnSafe(sprint.goal, 600)}`,
            `*Done:* ${pts(p.donePoints)} · *remaining:* ${pts(p.remainingPoints)} · ${p.doneItems}/${p.totalItems} items`,
            `*Days left:* ${p.daysLeft} of ${p.totalDays} (ends ${formatDay(sprint.endsOn, view.today)})`,
            p.unestimatedItems > 0
              ? `${pluralise(p.unestimatedItems, "item")} without an estimate ${p.unestimatedItems === 1 ? "counts" : "count"} as 0.`
              : "",
          ]
            .filter(Boolean)
            .join("\n"),
          3000,
        ),
      },
    },
  ];
  const rows = MAX_ROWS;
  for (const item of view.items.slice(0, rows)) {
    const n = item.story.number;
    const elements: ActionsBlock["elements"] = ITEM_STATUSES.map((s) => ({
      type: "button" as const,
      text: plain(`${item.status === s ? "● " : ""}${ITEM_STATUS_LABELS[s]}`, 75),
      action_id: `${SprintIds.status}_${s}`,
      value: statusOption(s, n).value,
      ...(item.status === s ? { style: "primary" as const } : {}),
    }));
    elements.push({
      type: "button",
      text: plain("Demo link / reason", 75),
      action_id: SprintIds.note,
      value: String(n),
    });
    const notes = [
      item.demoLink ? `demo: ${mrkdwnSafe(item.demoLink, 300)}` : "",
      item.notDoneReason ? `why not: ${mrkdwnSafe(item.notDoneReason, 300)}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(`${storyLine(item.story)}${notes ? `\n${notes}` : ""}`, 3000) },
    });
    blocks.push({ type: "actions", block_id: `sprint_item_${n}`, elements });
  }
  if (view.items.length === 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "No items yet: add some with `/sprint plan`." }],
    });
  }
  return {
    text: md`${mrkdwnSafe(sprint.name, 80)}: ${p.donePoints}/${p.totalPoints} pts done`,
    blocks: blocks.slice(0, 50),
  };
}

/** The comment posted with the burndown image (a file comment is mrkdwn too). */
export function burndownComment(view: SprintStatusView): Mrkdwn {
  const p = view.progress;
  const ideal = view.burndown.find((b) => b.date === view.today)?.ideal;
  const pace = ideal === undefined ? ours("") : md` (ideal by ${formatDay(view.today)}: ${ideal} remaining)`;
  return md`📉 ${mrkdwnSafe(view.sprint.name, 80)}: ${p.donePoints} of ${formatPoints(p.totalPoints)} done, ${p.remainingPoints} remaining${pace}, ${pluralise(p.daysLeft, "day")} left. Goal: ${mrkdwnSafe(view.sprint.goal, 300)}`;
}

/** `/sprint close`: unfinished items with where each goes, and the Close button. */
export function sprintCloseMessage(view: SprintStatusView): SlackMessage {
  const { sprint, progress: p } = view;
  const unfinished = view.items.filter((i) => i.status !== "done");
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`Close ${sprint.name}`, 150) },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Done: ${pts(p.donePoints)} in ${pluralise(p.doneItems, "item")}: this becomes the sprint's velocity.\n${
          unfinished.length === 0
            ? "Everything is done 🎉"
            : `*${pluralise(unfinished.length, "unfinished item")}:* choose where each goes.`
        }`,
      },
    },
  ];
  const option = (value: "backlog" | "next_sprint"): PlainTextOption => ({
    text: plain(value === "backlog" ? "Top of the backlog" : "Next sprint", 75),
    value,
  });
  for (const item of unfinished.slice(0, 45)) {
    blocks.push({
      type: "section",
      block_id: `${SprintIds.carry}_${item.story.id}`,
      text: {
        type: "mrkdwn",
        text: truncate(`${storyLine(item.story)} · ${ITEM_STATUS_LABELS[item.status]}`, 3000),
      },
      accessory: {
        type: "static_select",
        action_id: SprintIds.carry,
        options: [option("backlog"), option("next_sprint")],
        initial_option: option("backlog"),
      },
    });
  }
  blocks.push({
    type: "actions",
    elements: [
      {
        type: "button",
        text: plain("Close the sprint", 75),
        action_id: SprintIds.close,
        value: String(sprint.id),
        style: "danger",
      },
    ],
  });
  return { text: md`Close ${mrkdwnSafe(sprint.name, 80)}`, blocks: blocks.slice(0, 50) };
}

export function sprintClosedMessage(r: {
  sprint: Sprint;
  completedPoints: number;
  toBacklog: Story[];
  toNextSprint: Story[];
}): SlackMessage {
  const list = (xs: Story[]) => xs.map((s) => `#${s.number}`).join(", ");
  const lines = [
    `✅ *${mrkdwnSafe(r.sprint.name, 80)}* is closed. Velocity recorded: *${pts(r.completedPoints)}*.`,
  ];
  if (r.toBacklog.length) lines.push(`Back to the top of the backlog: ${list(r.toBacklog)}`);
  if (r.toNextSprint.length) lines.push(`Waiting for the next sprint: ${list(r.toNextSprint)}`);
  return {
    text: md`${mrkdwnSafe(r.sprint.name, 80)} closed`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } }],
  };
}

/** The sprint review posted at the end of the sprint. */
export function sprintReviewMessage(review: SprintReview): SlackMessage {
  const { sprint } = review;
  const goalLine =
    sprint.goalMet === null
      ? "_Goal met? The product owner confirms below._"
      : sprint.goalMet
        ? `✅ *Goal met* (confirmed by <@${sprint.goalConfirmedBy}>)`
        : `❌ *Goal not met* (confirmed by <@${sprint.goalConfirmedBy}>)`;
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`Sprint review: ${sprint.name}`, 150) },
    {
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*Goal:* ${mrkdwnSafe(sprint.goal, 600)}\n${goalLine}`, 3000) },
    },
  ];
  const doneLines = review.done.map(
    (i) => `✅ ${storyLine(i.story)}${i.demoLink ? ` · ${link(i.demoLink, md`demo`)}` : ""}`,
  );
  // A reason only where one was given: "no reason given" on every line is noise.
  const notDoneLines = review.notDone.map(
    (i) => `◻️ ${storyLine(i.story)}${i.notDoneReason ? ` · _${mrkdwnSafe(i.notDoneReason, 300)}_` : ""}`,
  );
  blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Done (${pts(review.donePoints)})*` } });
  for (const chunk of packLines(doneLines.length ? doneLines : ["Nothing finished."], 2900).slice(0, 15)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk.replace(/\n\n/g, "\n") } });
  }
  blocks.push({ type: "section", text: { type: "mrkdwn", text: "*Not done*" } });
  for (const chunk of packLines(
    notDoneLines.length ? notDoneLines : ["Everything planned got done."],
    2900,
  ).slice(0, 15)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk.replace(/\n\n/g, "\n") } });
  }
  const vs =
    review.velocity === null
      ? `This sprint: ${pts(review.donePoints)}. No earlier sprints to compare with yet.`
      : `This sprint: ${pts(review.donePoints)} vs ${review.velocity} on average over the last ${review.history.length} (${review.history
          .map((h) => `${mrkdwnSafe(h.name, 40)}: ${h.completedPoints}`)
          .join(", ")})`;
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: truncate(`*Velocity* · ${vs}`, 3000) }],
  });
  const id = String(sprint.id);
  const elements: ActionsBlock["elements"] = [];
  if (sprint.goalMet === null) {
    elements.push(
      {
        type: "button",
        text: plain("Goal met", 75),
        action_id: SprintIds.goalMet,
        value: id,
        style: "primary",
      },
      { type: "button", text: plain("Goal not met", 75), action_id: SprintIds.goalMissed, value: id },
    );
  }
  elements.push({
    type: "button",
    text: plain("Give feedback", 75),
    action_id: SprintIds.giveFeedback,
    value: id,
  });
  blocks.push({ type: "actions", block_id: `sprint_review_${id}`, elements });
  return { text: md`Sprint review: ${mrkdwnSafe(sprint.name, 80)}`, blocks: blocks.slice(0, 50) };
}

export function sprintFeedbackModal(meta: SprintFeedbackMetadata, sprintName: string): ModalView {
  return {
    type: "modal",
    callback_id: SprintIds.feedbackModal,
    private_metadata: JSON.stringify(meta),
    title: plain("Review feedback", 24),
    submit: plain("Send", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Feedback on *${mrkdwnSafe(sprintName, 80)}* goes to the product owner's triage inbox as a request.`,
          },
        ],
      },
      input(SprintIds.feedbackBlock, "Your feedback", {
        type: "plain_text_input",
        multiline: true,
        max_length: 1000,
      }),
    ],
  };
}

export function sprintNoteModal(item: SprintItem): ModalView {
  const meta: SprintNoteMetadata = { storyNumber: item.story.number };
  return {
    type: "modal",
    callback_id: SprintIds.noteModal,
    private_metadata: JSON.stringify(meta),
    title: plain(`#${item.story.number} for the review`, 24),
    submit: plain("Save", 24),
    close: plain("Cancel", 24),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: storyLine(item.story) } },
      input(
        SprintIds.demoBlock,
        "Demo link",
        {
          type: "plain_text_input",
          max_length: SPRINT_LIMITS.note,
          ...(item.demoLink ? { initial_value: item.demoLink } : {}),
          placeholder: plain("https://…", 150),
        },
        true,
      ),
      input(
        SprintIds.reasonBlock,
        "If it won't be done: why?",
        {
          type: "plain_text_input",
          max_length: SPRINT_LIMITS.note,
          ...(item.notDoneReason ? { initial_value: item.notDoneReason } : {}),
        },
        true,
      ),
    ],
  };
}

/**
 * The sprint review for stakeholders (the digest's channels): plain words, items not points,
 * no buttons, no Scrum jargon. "Sprint 4 ended Fri 11 Dec: 3 of 5 items done."
 */
export function sprintReviewSummary(review: SprintReview): SlackMessage {
  const { sprint } = review;
  const total = review.done.length + review.notDone.length;
  const goal =
    sprint.goalMet === null
      ? `The aim was: ${mrkdwnSafe(sprint.goal, 600)}`
      : sprint.goalMet
        ? `The aim was reached: ${mrkdwnSafe(sprint.goal, 600)}`
        : `The aim was not reached: ${mrkdwnSafe(sprint.goal, 600)}`;
  const title = (i: SprintItem) => `#${i.story.number} ${mrkdwnSafe(i.story.title, 200)}`;
  const lines = [
    `*${mrkdwnSafe(sprint.name, 80)}* ended ${formatDay(sprint.endsOn)}: ${review.done.length} of ${pluralise(total, "item")} done.`,
    goal,
    review.done.length ? `*Finished*\n${review.done.map((i) => `• ${title(i)}`).join("\n")}` : "",
    review.notDone.length
      ? `*Not finished, still planned*\n${review.notDone
          .map((i) => `• ${title(i)}${i.notDoneReason ? `: ${mrkdwnSafe(i.notDoneReason, 300)}` : ""}`)
          .join("\n")}`
      : "",
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`📣 What the team finished: ${sprint.name}`, 150) },
  ];
  for (const chunk of packLines(lines, 2900).slice(0, 40))
    blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  return {
    text: md`${mrkdwnSafe(sprint.name, 80)} ended: ${review.done.length} of ${pluralise(total, "item")} done`,
    blocks,
  };
}
