/** `/goal`: product goals with metrics, the goal modal, features with their stages. Pure builders. */
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  FEATURE_STAGE_LABELS,
  FEATURE_STAGES,
  type Feature,
  nextStage,
  stageProgress,
} from "../domain/feature.js";
import {
  formatMetric,
  GOAL_LIMITS,
  GOAL_STATUS_LABELS,
  GOAL_STATUSES,
  type Goal,
  type GoalStatus,
} from "../domain/goal.js";
import type { FeatureWithHistory, GoalWithCounts } from "../services/goal.service.js";
import { BacklogIds } from "../slack/ids.js";
import { formatDay, type Mrkdwn, md, mrkdwnSafe, plain, pluralise, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

export interface GoalModalMetadata {
  goalNumber: number | null;
  channelId: string | null;
}

const statusOption = (s: GoalStatus): PlainTextOption => ({
  text: plain(GOAL_STATUS_LABELS[s], 75),
  value: s,
});
const STATUS_EMOJI: Record<GoalStatus, string> = { active: "🎯", achieved: "🏆", dropped: "🚫" };

export function goalModal(input: {
  goal?: Goal | null;
  statement?: string;
  channelId: string | null;
}): ModalView {
  const goal = input.goal ?? null;
  const meta: GoalModalMetadata = { goalNumber: goal?.number ?? null, channelId: input.channelId };
  const statement = goal?.statement ?? input.statement ?? "";
  const metrics = goal ? goal.metrics.map(formatMetric).join("\n") : "";
  return {
    type: "modal",
    callback_id: BacklogIds.goalModal,
    private_metadata: JSON.stringify(meta),
    title: plain(goal ? `Edit goal G${goal.number}` : "New product goal", 24),
    submit: plain("Save goal", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "input",
        block_id: BacklogIds.goalStatement,
        label: plain("Goal", 2000),
        element: {
          type: "plain_text_input",
          action_id: BacklogIds.input,
          max_length: GOAL_LIMITS.statement,
          placeholder: plain("e.g. Make onboarding self-serve for small teams", 150),
          ...(statement ? { initial_value: truncate(statement, GOAL_LIMITS.statement) } : {}),
        },
      },
      {
        type: "input",
        block_id: BacklogIds.goalMetrics,
        optional: true,
        label: plain("Success metrics", 2000),
        hint: plain(
          `One per line (up to ${GOAL_LIMITS.metrics}), e.g. “Checkout conversion: baseline 2.1% · now 3% · target 4%”. Update “now” as it moves.`,
          2000,
        ),
        element: {
          type: "plain_text_input",
          action_id: BacklogIds.input,
          multiline: true,
          max_length: GOAL_LIMITS.metricsText,
          placeholder: plain(
            "Activation rate: baseline 25% · target 40%\nTime to first story: target < 5 min",
            150,
          ),
          ...(metrics ? { initial_value: truncate(metrics, GOAL_LIMITS.metricsText) } : {}),
        },
      },
      {
        type: "input",
        block_id: BacklogIds.goalStatus,
        label: plain("Status", 2000),
        element: {
          type: "static_select",
          action_id: BacklogIds.input,
          options: GOAL_STATUSES.map(statusOption),
          initial_option: statusOption(goal?.status ?? "active"),
        },
      },
    ],
  };
}

export function goalText(goal: Goal): string {
  const metrics = goal.metrics.length
    ? goal.metrics.map((m) => `• ${mrkdwnSafe(formatMetric(m), 250)}`).join("\n")
    : "_no success metrics yet_";
  return `${STATUS_EMOJI[goal.status]} *G${goal.number}* ${mrkdwnSafe(goal.statement, 300)} · _${GOAL_STATUS_LABELS[goal.status]}_\n${metrics}`;
}

/** `/goal`: every goal (active first) with metrics, story counts and Edit buttons for POs. */
export function goalsMessage(list: GoalWithCounts[], canManage: boolean): SlackMessage {
  const blocks: KnownBlock[] = [{ type: "header", text: plain("Product goals", 150) }];
  if (list.length === 0) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "No product goals yet. `/goal <statement>` sets the first one, with success metrics.",
      },
    });
  }
  for (const { goal, stories } of list.slice(0, 40)) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`${goalText(goal)}\n_${pluralise(stories, "story", "stories")} linked_`, 3000),
      },
      ...(canManage
        ? {
            accessory: {
              type: "button" as const,
              action_id: BacklogIds.goalEdit,
              text: plain("Edit", 75),
              value: String(goal.number),
            },
          }
        : {}),
    });
  }
  if (canManage) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: BacklogIds.goalNew,
          style: "primary",
          text: plain("New goal", 75),
          value: "new",
        },
      ],
    });
  }
  const active = list.filter((g) => g.goal.status === "active").length;
  return { text: md`Product goals: ${active} active`, blocks };
}

export function goalSavedMessage(goal: Goal, created: boolean): SlackMessage {
  return {
    text: md`${created ? md`Created` : md`Updated`} goal G${goal.number}`,
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: `${created ? "✅ New product goal" : "✏️ Updated"}:` },
      },
      { type: "section", text: { type: "mrkdwn", text: truncate(goalText(goal), 3000) } },
    ],
  };
}

function featureBlocks(f: FeatureWithHistory, canManage: boolean): KnownBlock[] {
  const { feature } = f;
  const bar = FEATURE_STAGES.map((s) =>
    FEATURE_STAGES.indexOf(s) <= FEATURE_STAGES.indexOf(feature.stage) ? "●" : "○",
  ).join("");
  const goal = f.goal ? ` · serves *G${f.goal.number}* ${mrkdwnSafe(f.goal.statement, 100)}` : "";
  const last = f.history[0];
  const moved = last
    ? `${last.from ? `${FEATURE_STAGE_LABELS[last.from]} → ` : ""}${FEATURE_STAGE_LABELS[last.to]} by <@${last.by}> on ${formatDay(last.at.toISOString().slice(0, 10))}`
    : "";
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*F${feature.number}* ${mrkdwnSafe(feature.title, 200)}\n${bar} ${stageProgress(feature.stage)} · ${pluralise(f.stories, "story", "stories")}${goal}`,
          3000,
        ),
      },
    },
  ];
  if (moved) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(moved, 2000) }] });
  if (canManage) {
    const value = JSON.stringify({ f: feature.number, s: feature.stage });
    const next = nextStage(feature.stage);
    const elements = [];
    if (next)
      elements.push({
        type: "button" as const,
        action_id: BacklogIds.featureNext,
        style: "primary" as const,
        text: plain(`Move to ${FEATURE_STAGE_LABELS[next]} ▶`, 75),
        value,
      });
    if (feature.stage !== "idea")
      elements.push({
        type: "button" as const,
        action_id: BacklogIds.featureBack,
        text: plain("◀ Back", 75),
        value,
      });
    if (elements.length) blocks.push({ type: "actions", block_id: `feature_${feature.number}`, elements });
  }
  return blocks;
}

/** `/goal features`: features with a stage bar, the last move (who, when) and stage buttons. */
export function featuresMessage(
  list: FeatureWithHistory[],
  canManage: boolean,
  notice?: Mrkdwn,
): SlackMessage {
  const blocks: KnownBlock[] = [{ type: "header", text: plain("Features", 150) }];
  if (notice) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(notice, 3000) } });
  if (list.length === 0)
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "No features yet. `/goal feature <title>` adds one at the Idea stage." },
    });
  // ≤ 3 blocks per feature: 15 features stay under 50 blocks.
  for (const f of list.slice(0, 15)) blocks.push(...featureBlocks(f, canManage));
  if (list.length > 15)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `${list.length - 15} older features not shown.` }],
    });
  return { text: md`Features: ${list.length}`, blocks };
}

export function featureCreatedMessage(feature: Feature): SlackMessage {
  return {
    text: md`Created feature F${feature.number}`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `✅ New feature *F${feature.number}* ${mrkdwnSafe(feature.title, 200)} at *${stageProgress(feature.stage)}*. Move it on from \`/goal features\`.`,
        },
      },
    ],
  };
}
