/**
 * Stakeholder requests: the `/request` modal, the triage inbox (for `/backlog triage` and the
 * Home tab), the merge/decline modals, and the outcome DMs. Pure builders within Slack limits.
 */
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  REQUEST_LIMITS,
  type StakeholderRequest,
  URGENCIES,
  URGENCY_LABELS,
  URGENCY_SHORT,
  type Urgency,
} from "../domain/request.js";
import type { BacklogEntry, Story } from "../domain/story.js";
import type { TriagePage } from "../services/request.service.js";
import { ActionIds, RequestBlocks, STORY_INPUT_ACTION, ViewIds } from "../slack/ids.js";
import { md, mrkdwnSafe, plain, pluralise, truncate, userRef } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyRef } from "./story.view.js";

export interface RequestModalMetadata {
  channelId: string | null;
}

/** Carried by the merge/decline modals: which request, and where to refresh the inbox. */
export interface TriageModalMetadata {
  requestId: number;
  /** The ephemeral `/backlog triage` message to refresh after the decision (null: Home tab). */
  responseUrl: string | null;
}

const urgencyOption = (u: Urgency): PlainTextOption => ({ text: plain(URGENCY_LABELS[u], 75), value: u });

const textInput = (
  blockId: string,
  label: string,
  opts: { max: number; optional?: boolean; multiline?: boolean; placeholder?: string; initial?: string },
): KnownBlock => ({
  type: "input",
  block_id: blockId,
  optional: opts.optional ?? false,
  label: plain(label, 2000),
  element: {
    type: "plain_text_input",
    action_id: STORY_INPUT_ACTION,
    max_length: Math.min(opts.max, 3000),
    multiline: opts.multiline ?? false,
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
    ...(opts.initial ? { initial_value: truncate(opts.initial, opts.max) } : {}),
  },
});

/** `/request [what]`: what, why, who asks, how urgent. */
export function requestModal(input: { what?: string; channelId?: string | null }): ModalView {
  const metadata: RequestModalMetadata = { channelId: input.channelId ?? null };
  return {
    type: "modal",
    callback_id: ViewIds.requestSubmit,
    private_metadata: JSON.stringify(metadata),
    title: plain("Request", 24),
    submit: plain("Send to the PO", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "The product owner triages every request: it becomes a story, joins an existing one, or is declined with a reason. You'll get a DM either way.",
          },
        ],
      },
      textInput(RequestBlocks.what, "What do you need?", {
        max: REQUEST_LIMITS.what,
        multiline: true,
        placeholder: "e.g. Export invoices as CSV",
        ...(input.what ? { initial: input.what } : {}),
      }),
      textInput(RequestBlocks.why, "Why? What does it change?", {
        max: REQUEST_LIMITS.why,
        optional: true,
        multiline: true,
        placeholder: "e.g. the auditors need them every quarter",
      }),
      textInput(RequestBlocks.whoAsks, "Who is asking?", {
        max: REQUEST_LIMITS.whoAsks,
        optional: true,
        placeholder: "e.g. Finance, or a customer's name",
      }),
      {
        type: "input",
        block_id: RequestBlocks.urgency,
        label: plain("How urgent?", 2000),
        element: {
          type: "static_select",
          action_id: STORY_INPUT_ACTION,
          options: URGENCIES.map(urgencyOption),
          initial_option: urgencyOption("normal"),
        },
      },
    ],
  };
}

export function requestSubmittedMessage(r: StakeholderRequest): SlackMessage {
  const text = `📨 Request #${r.id} is in the product owner's triage inbox: “${mrkdwnSafe(r.what, 300)}”. I'll DM you when it is decided.`;
  return { text: md`Request #${r.id} sent`, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** Slack renders this in the reader's own time zone. */
function slackDate(d: Date): string {
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short}|${d.toISOString().slice(0, 10)}>`;
}

/** One request as shown in the inbox: a section and its Accept / Merge / Decline buttons. */
export function triageRequestBlocks(r: StakeholderRequest): KnownBlock[] {
  const lines = [`*#${r.id}* ${mrkdwnSafe(r.what, 900)}`];
  if (r.why) lines.push(`_Why:_ ${mrkdwnSafe(r.why, 700)}`);
  const meta = [
    URGENCY_SHORT[r.urgency],
    r.whoAsks ? `for ${mrkdwnSafe(r.whoAsks, 150)}` : null,
    `from <@${r.requesterId}>`,
    slackDate(r.createdAt),
  ].filter(Boolean);
  lines.push(meta.join(" · "));
  const value = String(r.id);
  return [
    {
      type: "section",
      block_id: `triage_req_${r.id}`,
      text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) },
    },
    {
      type: "actions",
      block_id: `triage_act_${r.id}`,
      elements: [
        {
          type: "button",
          action_id: ActionIds.requestAccept,
          text: plain("Accept as story", 75),
          style: "primary",
          value,
        },
        { type: "button", action_id: ActionIds.requestMerge, text: plain("Merge into…", 75), value },
        {
          type: "button",
          action_id: ActionIds.requestDecline,
          text: plain("Decline…", 75),
          style: "danger",
          value,
        },
      ],
    },
  ];
}

/** Requests one inbox message can hold: 3 blocks each, plus header, context and paging ≤ 50. */
const TRIAGE_MAX_SHOWN = 15;

/**
 * The triage inbox page (`/backlog triage`): the page's requests (10 from the service; never more than
 * {@link TRIAGE_MAX_SHOWN}, the rest come with Next) plus paging.
 */
export function triageMessage(page: TriagePage): SlackMessage {
  if (page.total === 0) {
    return {
      text: md`The triage inbox is empty`,
      blocks: [
        {
          type: "section",
          text: { type: "mrkdwn", text: "📭 No open requests. Stakeholders send them with `/request`." },
        },
      ],
    };
  }
  const shown = page.requests.slice(0, TRIAGE_MAX_SHOWN);
  const first = page.offset + 1;
  const last = page.offset + shown.length;
  const blocks: KnownBlock[] = [
    { type: "header", text: plain("Triage inbox", 150) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${pluralise(page.total, "open request")} · showing ${first}–${last}, oldest first`,
        },
      ],
    },
  ];
  for (const r of shown) {
    blocks.push({ type: "divider" }, ...triageRequestBlocks(r));
  }
  const nav = [];
  if (page.offset > 0)
    nav.push({
      type: "button" as const,
      action_id: `${ActionIds.triagePage}_prev`,
      text: plain("◀ Previous", 75),
      value: String(Math.max(0, page.offset - page.limit)),
    });
  if (last < page.total)
    nav.push({
      type: "button" as const,
      action_id: `${ActionIds.triagePage}_next`,
      text: plain(`Next ${Math.min(page.limit, page.total - last)} ▶`, 75),
      value: String(last),
    });
  if (nav.length > 0) blocks.push({ type: "actions", block_id: "triage_nav", elements: nav });
  return { text: md`Triage inbox: ${pluralise(page.total, "open request")}`, blocks };
}

function requestSummary(r: StakeholderRequest): KnownBlock {
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(
        `*Request #${r.id}* from <@${r.requesterId}>\n>${mrkdwnSafe(r.what, 1500).replace(/\n/g, "\n>")}`,
        3000,
      ),
    },
  };
}

export function mergeModal(r: StakeholderRequest, responseUrl: string | null): ModalView {
  const metadata: TriageModalMetadata = { requestId: r.id, responseUrl };
  return {
    type: "modal",
    callback_id: ViewIds.requestMerge,
    private_metadata: JSON.stringify(metadata),
    title: plain("Merge request", 24),
    submit: plain("Merge", 24),
    close: plain("Cancel", 24),
    blocks: [
      requestSummary(r),
      textInput(RequestBlocks.story, "Story number it joins", {
        max: 12,
        placeholder: "e.g. 12 or #12",
      }),
    ],
  };
}

export function declineModal(r: StakeholderRequest, responseUrl: string | null): ModalView {
  const metadata: TriageModalMetadata = { requestId: r.id, responseUrl };
  return {
    type: "modal",
    callback_id: ViewIds.requestDecline,
    private_metadata: JSON.stringify(metadata),
    title: plain("Decline request", 24),
    submit: plain("Decline", 24),
    close: plain("Cancel", 24),
    blocks: [
      requestSummary(r),
      textInput(RequestBlocks.reason, "Why not? (the requester reads this)", {
        max: REQUEST_LIMITS.reason,
        multiline: true,
        placeholder: "e.g. Out of scope for this product; Finance has its own tool for this.",
      }),
    ],
  };
}

const quoteOf = (r: StakeholderRequest) => `“${mrkdwnSafe(r.what, 300)}”`;
const section = (text: string): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(text, 3000) },
});

export function requestAcceptedDm(r: StakeholderRequest, entry: BacklogEntry): SlackMessage {
  const s = entry.story;
  return {
    text: md`Your request #${r.id} was accepted as ${storyRef(s)}`,
    blocks: [
      section(
        `✅ ${userRef(r.decidedBy)} accepted your request #${r.id} ${quoteOf(r)}. It is now story *#${s.number} ${mrkdwnSafe(s.title, 300)}*, at position ${entry.position} of the backlog.`,
      ),
    ],
  };
}

export function requestMergedDm(r: StakeholderRequest, story: Story): SlackMessage {
  return {
    text: md`Your request #${r.id} joined ${storyRef(story)}`,
    blocks: [
      section(
        `🔗 ${userRef(r.decidedBy)} merged your request #${r.id} ${quoteOf(r)} into story *#${story.number} ${mrkdwnSafe(story.title, 300)}*, which already covers it.`,
      ),
    ],
  };
}

export function requestDeclinedDm(r: StakeholderRequest): SlackMessage {
  return {
    text: md`Your request #${r.id} was declined`,
    blocks: [
      section(`🙅 ${userRef(r.decidedBy)} declined your request #${r.id} ${quoteOf(r)}.`),
      section(`*Reason:*\n>${mrkdwnSafe(r.decisionReason ?? "", 1000).replace(/\n/g, "\n>")}`),
    ],
  };
}
