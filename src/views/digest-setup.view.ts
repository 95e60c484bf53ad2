/** The `/digest setup` modal and its confirmation. Pure builders. */
import type { KnownBlock, ModalView } from "@slack/types";
import {
  DIGEST_MAX_CHANNELS,
  DIGEST_SECTION_LABELS,
  DIGEST_SECTIONS,
  DIGEST_TOP_CHOICES,
  type DigestSettings,
} from "../domain/digest/index.js";
import { DigestIds } from "../slack/ids.js";
import { formatPlainDate } from "./forecast.view.js";
import { channelRef, joinMrkdwn, md, mrkdwnSafe, ours, plain } from "./format.js";
import type { SlackMessage } from "./message.js";

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/** Monday first, as most teams read a week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

export interface DigestSetupMetadata {
  appId: string | null;
  channelId: string | null;
}

const option = (text: string, value: string) => ({ text: plain(text, 75), value });

/** The setup form, prefilled from the current settings (or Mondays 09:00 in the person's zone). */
export function digestSetupModal(input: {
  current: DigestSettings | null;
  defaultTimeZone: string;
  metadata: DigestSetupMetadata;
}): ModalView {
  const s = input.current;
  const days = s?.days ?? [1];
  const sections = s?.sections ?? [...DIGEST_SECTIONS];
  const topN = s?.topN ?? 10;
  const dayOptions = WEEK_ORDER.map((d) => option(WEEKDAY_NAMES[d] ?? String(d), String(d)));
  const sectionOptions = DIGEST_SECTIONS.map((k) => option(DIGEST_SECTION_LABELS[k], k));
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "One message for stakeholders: goals, the current sprint, what comes next with likely dates, and what changed since the last digest in each channel.",
      },
    },
    {
      type: "input",
      block_id: DigestIds.channelsBlock,
      label: plain("Channels", 2000),
      hint: plain("Invite Scrumbot to each channel, or the digest can't be posted there.", 2000),
      element: {
        type: "multi_conversations_select",
        action_id: DigestIds.input,
        max_selected_items: DIGEST_MAX_CHANNELS,
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(s && s.channels.length > 0 ? { initial_conversations: s.channels } : {}),
      },
    },
    {
      type: "input",
      block_id: DigestIds.daysBlock,
      label: plain("Days", 2000),
      element: {
        type: "checkboxes",
        action_id: DigestIds.input,
        options: dayOptions,
        initial_options: dayOptions.filter((o) => days.includes(Number(o.value) as never)),
      },
    },
    {
      type: "input",
      block_id: DigestIds.timeBlock,
      label: plain("Time", 2000),
      element: { type: "timepicker", action_id: DigestIds.input, initial_time: s?.time ?? "09:00" },
    },
    {
      type: "input",
      block_id: DigestIds.timeZoneBlock,
      label: plain("Time zone", 2000),
      hint: plain("An IANA name such as America/New_York, Europe/Berlin or Asia/Tokyo.", 2000),
      element: {
        type: "plain_text_input",
        action_id: DigestIds.input,
        initial_value: s?.timeZone ?? input.defaultTimeZone,
        max_length: 64,
      },
    },
    {
      type: "input",
      block_id: DigestIds.sectionsBlock,
      label: plain("Sections", 2000),
      element: {
        type: "checkboxes",
        action_id: DigestIds.input,
        options: sectionOptions,
        initial_options: sectionOptions.filter((o) => sections.includes(o.value as never)),
      },
    },
    {
      type: "input",
      block_id: DigestIds.topNBlock,
      label: plain("Backlog items to show", 2000),
      element: {
        type: "static_select",
        action_id: DigestIds.input,
        options: DIGEST_TOP_CHOICES.map((n) => option(String(n), String(n))),
        initial_option: option(String(topN), String(topN)),
      },
    },
  ];
  return {
    type: "modal",
    callback_id: DigestIds.setupModal,
    title: plain("Stakeholder digest", 24),
    submit: plain("Save", 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(input.metadata),
    blocks,
  };
}

/** "Mondays and Thursdays at 09:00 (America/New_York)". */
export function describeSchedule(s: Pick<DigestSettings, "days" | "time" | "timeZone">): string {
  const names = WEEK_ORDER.filter((d) => s.days.includes(d as never)).map((d) => `${WEEKDAY_NAMES[d]}s`);
  const days = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
  return `${days} at ${s.time} (${s.timeZone})`;
}

export function digestSavedMessage(input: {
  settings: DigestSettings;
  nextLocalDate: string | null;
}): SlackMessage {
  const channels = joinMrkdwn(input.settings.channels.map(channelRef), ", ");
  const next = input.nextLocalDate ? ours(` Next one: ${formatPlainDate(input.nextLocalDate)}.`) : md``;
  const text = md`✅ Stakeholder digest saved: ${mrkdwnSafe(describeSchedule(input.settings), 300)} to ${channels}.${next} \`/digest preview\` shows it now, \`/digest send\` posts it now.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
