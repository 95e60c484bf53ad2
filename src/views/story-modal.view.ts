/** The story capture modal (`/story`). Pure: inputs in, a `ModalView` out. */
import type { ModalView, PlainTextOption } from "@slack/types";
import { PLACEMENT_LABELS, PLACEMENTS, type Placement } from "../domain/request.js";
import {
  PRIORITIES,
  PRIORITY_LABELS,
  type Priority,
  STORY_LIMITS,
  STORY_POINTS,
  type StoryDraft,
} from "../domain/story.js";
import { BacklogIds, STORY_INPUT_ACTION, StoryBlocks, ViewIds } from "../slack/ids.js";
import { formatPoints, mrkdwnSafe, plain, truncate } from "./format.js";

export interface StoryModalInput {
  /** Prefill for the title (from `/story <title>`). */
  title?: string;
  /** Where the command was run, so the confirmation can go there. */
  channelId?: string | null;
  /** Prefill for the other fields (message shortcut, accepted request). Texts are truncated to fit. */
  prefill?: StoryModalPrefill;
  /** The Slack message the story is captured from: linked on the story, replied to in its thread. */
  source?: StoryModalSource | null;
  /** The stakeholder request this story accepts (triage). */
  requestId?: number | null;
  /** Edit mode (from `/backlog`): the story being edited; every field is prefilled from it. */
  edit?: StoryModalEdit;
}

/** What the edit mode needs beyond `prefill`. */
export interface StoryModalEdit {
  number: number;
  estimate: number | null;
  /** Goals/features the story may link to (selects shown when non-empty; ≤ 99 each). */
  goals?: { id: number; label: string }[];
  features?: { id: number; label: string }[];
  goalId?: number | null;
  featureId?: number | null;
  /** The `/backlog` message to refresh after saving. */
  responseUrl?: string | null;
}

/** Value of the "no goal"/"no feature" option. */
export const NO_LINK = "none";

export interface StoryModalPrefill {
  persona?: string;
  want?: string;
  benefit?: string;
  /** One criterion per line. */
  acceptanceCriteria?: string;
  priority?: Priority;
  /** Comma-separated. */
  labels?: string;
  /** Preselected estimate (a form given back after a failed save); edit mode uses the story's. */
  estimate?: number | null;
  /** Accepting a request: the preselected place in the backlog (from its urgency). */
  placement?: Placement;
  /** Accepting a request: who asked and why, shown above the fields. */
  requestNote?: string;
}

/**
 * A story's (or an unsaved draft's) fields as the form holds them: criteria one per line, labels
 * comma-separated. For the edit form and the form given back after a failed save.
 */
export function storyFormFields(story: Omit<StoryDraft, "sourcePermalink">) {
  return {
    title: story.title,
    persona: story.persona,
    want: story.want,
    benefit: story.benefit,
    acceptanceCriteria: story.acceptanceCriteria.join("\n"),
    priority: story.priority,
    estimate: story.estimate,
    labels: story.labels.join(", "),
  };
}

export interface StoryModalSource {
  channelId: string;
  messageTs: string;
  /** The thread the message is in (null: the message is a thread parent or stands alone). */
  threadTs: string | null;
  permalink: string | null;
}

/** Data the modal carries from open to submit. */
export interface StoryModalMetadata {
  channelId: string | null;
  /** Edit mode: the story's number and the message to refresh. */
  storyNumber?: number | null;
  responseUrl?: string | null;
  source?: StoryModalSource | null;
  requestId?: number | null;
}

export const NOT_ESTIMATED = "none";

const priorityOption = (p: Priority): PlainTextOption => ({ text: plain(PRIORITY_LABELS[p], 75), value: p });
const estimateOptions: PlainTextOption[] = [
  { text: plain("Not estimated", 75), value: NOT_ESTIMATED },
  ...STORY_POINTS.map((n) => ({ text: plain(formatPoints(n), 75), value: String(n) })),
];

const text = (
  blockId: string,
  label: string,
  opts: {
    max: number;
    optional?: boolean;
    multiline?: boolean;
    placeholder?: string;
    hint?: string;
    initial?: string;
  },
) => ({
  type: "input" as const,
  block_id: blockId,
  optional: opts.optional ?? false,
  label: plain(label, 2000),
  ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
  element: {
    type: "plain_text_input" as const,
    action_id: STORY_INPUT_ACTION,
    max_length: Math.min(opts.max, 3000),
    multiline: opts.multiline ?? false,
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
    ...(opts.initial ? { initial_value: truncate(opts.initial, opts.max) } : {}),
  },
});

export function storyModal(input: StoryModalInput): ModalView {
  const metadata: StoryModalMetadata = {
    channelId: input.channelId ?? null,
    ...(input.source ? { source: input.source } : {}),
    ...(input.requestId != null ? { requestId: input.requestId } : {}),
    ...(input.edit ? { storyNumber: input.edit.number } : {}),
    ...(input.edit?.responseUrl ? { responseUrl: input.edit.responseUrl } : {}),
  };
  const pre = input.prefill ?? {};
  const initial = (value: string | undefined) => (value ? { initial: value } : {});
  const edit = input.edit;
  const estimate = edit ? edit.estimate : (pre.estimate ?? null);
  const estimateInitial =
    estimateOptions.find((o) => estimate !== null && o.value === String(estimate)) ?? estimateOptions[0];
  return {
    type: "modal",
    callback_id: edit ? BacklogIds.storyEditModal : ViewIds.storyCreate,
    private_metadata: JSON.stringify(metadata),
    title: plain(edit ? `Edit story #${edit.number}` : "New user story", 24),
    submit: plain(edit ? "Save changes" : "Add to backlog", 24),
    close: plain("Cancel", 24),
    blocks: [
      ...(input.requestId != null && pre.requestNote
        ? [
            {
              type: "context" as const,
              elements: [{ type: "mrkdwn" as const, text: `📨 ${mrkdwnSafe(pre.requestNote, 2900)}` }],
            },
          ]
        : []),
      text(StoryBlocks.title, "Title", {
        max: STORY_LIMITS.title,
        placeholder: "Short name, e.g. Export the backlog as CSV",
        ...(input.title ? { initial: input.title } : {}),
      }),
      text(StoryBlocks.persona, "As a …", {
        max: STORY_LIMITS.persona,
        optional: true,
        hint: "Optional now: only the title is needed to capture it. The Definition of Ready asks for the rest before planning.",
        placeholder: "who? e.g. product owner",
        ...initial(pre.persona),
      }),
      text(StoryBlocks.want, "I want to …", {
        max: STORY_LIMITS.want,
        optional: true,
        multiline: true,
        placeholder: "what do they want to do?",
        ...initial(pre.want),
      }),
      text(StoryBlocks.benefit, "so that …", {
        max: STORY_LIMITS.benefit,
        optional: true,
        multiline: true,
        placeholder: "why? what result do they get?",
        ...initial(pre.benefit),
      }),
      text(StoryBlocks.acceptanceCriteria, "Acceptance criteria", {
        max: STORY_LIMITS.criteriaText,
        optional: true,
        multiline: true,
        placeholder: "One per line, e.g. Given … when … then …",
        hint: `One criterion per line (up to ${STORY_LIMITS.criteria}).`,
        ...initial(pre.acceptanceCriteria),
      }),
      {
        type: "input",
        block_id: StoryBlocks.priority,
        label: plain("Priority", 2000),
        element: {
          type: "static_select",
          action_id: STORY_INPUT_ACTION,
          options: PRIORITIES.map(priorityOption),
          initial_option: priorityOption(pre.priority ?? "medium"),
        },
      },
      {
        type: "input",
        block_id: StoryBlocks.estimate,
        label: plain("Estimate", 2000),
        element: {
          type: "static_select",
          action_id: STORY_INPUT_ACTION,
          options: estimateOptions,
          initial_option: estimateInitial,
        },
      },
      text(StoryBlocks.labels, "Labels", {
        max: STORY_LIMITS.labelsText,
        optional: true,
        placeholder: "comma-separated, e.g. billing, mobile",
        ...initial(pre.labels),
      }),
      ...(edit ? linkSelects(edit) : []),
      ...(input.requestId != null ? [placementSelect(pre.placement ?? "bottom")] : []),
    ],
  };
}

const placementOption = (p: Placement): PlainTextOption => ({
  text: plain(PLACEMENT_LABELS[p], 75),
  value: p,
});

/** Accepting a request: where the story goes in the backlog (preselected from its urgency). */
function placementSelect(initial: Placement) {
  return {
    type: "input" as const,
    block_id: StoryBlocks.placement,
    label: plain("Where in the backlog", 2000),
    hint: plain("The requester is told the position it gets.", 2000),
    element: {
      type: "static_select" as const,
      action_id: STORY_INPUT_ACTION,
      options: PLACEMENTS.map(placementOption),
      initial_option: placementOption(initial),
    },
  };
}

/** Goal and feature selects of the edit mode (only when the team has some). */
function linkSelects(edit: StoryModalEdit) {
  const select = (
    blockId: string,
    label: string,
    items: { id: number; label: string }[],
    current: number | null | undefined,
  ) => {
    const options: PlainTextOption[] = [
      { text: plain("None", 75), value: NO_LINK },
      ...items.slice(0, 99).map((i) => ({ text: plain(i.label, 75), value: String(i.id) })),
    ];
    const chosen = options.find((o) => current != null && o.value === String(current)) ?? options[0];
    return {
      type: "input" as const,
      block_id: blockId,
      optional: true,
      label: plain(label, 2000),
      element: {
        type: "static_select" as const,
        action_id: STORY_INPUT_ACTION,
        options,
        ...(chosen ? { initial_option: chosen } : {}),
      },
    };
  };
  const blocks = [];
  if (edit.goals && edit.goals.length > 0)
    blocks.push(select(BacklogIds.goalBlock, "Product goal", edit.goals, edit.goalId));
  if (edit.features && edit.features.length > 0)
    blocks.push(select(BacklogIds.featureBlock, "Feature", edit.features, edit.featureId));
  return blocks;
}

/** Maps domain field names to the modal's block ids, for `response_action: "errors"`. */
export const storyFieldToBlock: Record<string, string> = {
  title: StoryBlocks.title,
  persona: StoryBlocks.persona,
  want: StoryBlocks.want,
  benefit: StoryBlocks.benefit,
  acceptanceCriteria: StoryBlocks.acceptanceCriteria,
  priority: StoryBlocks.priority,
  estimate: StoryBlocks.estimate,
  labels: StoryBlocks.labels,
};
