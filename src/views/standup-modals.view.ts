/**
 * The standup modals: setup (create or edit) and the answer form. Pure builders within Slack's
 * limits (≤ 100 blocks, titles ≤ 24, options ≤ 100, private_metadata small).
 */
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  type AnswerFormRules,
  answerFormRules,
  CLOSE_AFTER_CHOICES,
  REMINDER_CHOICES,
  STALE_BLOCKER_CHOICES,
  STANDUP_LIMITS,
  type Standup,
  type StandupAnswer,
  type StandupSettings,
} from "../domain/standup/index.js";
import { StandupIds } from "../slack/ids.js";
import { mrkdwnSafe, plain, truncate } from "./format.js";
import { dayLabel } from "./standup.view.js";

export interface SetupModalMetadata {
  /** null: create. */
  standupId: number | null;
}

export interface AnswerModalMetadata {
  standupId: number;
  day: string;
  /** The form's validation rules, so a submission is checked before the ack without a DB read.
   * Absent in forms opened before this field existed: those fall back to the service's check. */
  rules?: AnswerFormRules;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/** Monday first, as most teams read a week. */
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  const h = minutes / 60;
  return Number.isInteger(h) ? `${h} hour${h === 1 ? "" : "s"}` : `${Math.floor(h)} h ${minutes % 60} min`;
}

function select(
  blockId: string,
  label: string,
  options: PlainTextOption[],
  initial: string,
  hint?: string,
): KnownBlock {
  const init = options.find((o) => o.value === initial);
  return {
    type: "input",
    block_id: blockId,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: "static_select",
      action_id: StandupIds.input,
      options,
      ...(init ? { initial_option: init } : {}),
    },
  };
}

function radio(blockId: string, label: string, options: PlainTextOption[], initial: string): KnownBlock {
  const init = options.find((o) => o.value === initial);
  return {
    type: "input",
    block_id: blockId,
    label: plain(label, 2000),
    element: {
      type: "radio_buttons",
      action_id: StandupIds.input,
      options,
      ...(init ? { initial_option: init } : {}),
    },
  };
}

/** `/standup setup` (no `standup`) or Edit (prefilled from `standup`). */
export function standupSetupModal(input: { settings: StandupSettings; standupId: number | null }): ModalView {
  const s = input.settings;
  const metadata: SetupModalMetadata = { standupId: input.standupId };
  const dayOptions = DAY_ORDER.map((d) => option(DAY_NAMES[d] ?? String(d), String(d)));
  const questionBlocks: KnownBlock[] = Array.from({ length: STANDUP_LIMITS.questions }, (_, i) => ({
    type: "input",
    block_id: `${StandupIds.questionBlockPrefix}${i}`,
    optional: true,
    label: plain(`Question ${i + 1}`, 2000),
    element: {
      type: "plain_text_input",
      action_id: StandupIds.input,
      max_length: STANDUP_LIMITS.questionText,
      ...(s.questions[i]
        ? { initial_value: truncate(s.questions[i]?.text ?? "", STANDUP_LIMITS.questionText) }
        : {}),
      ...(i === 0 ? { placeholder: plain("What did you do since the last standup?", 150) } : {}),
    },
  }));
  const questionOptions = Array.from({ length: STANDUP_LIMITS.questions }, (_, i) =>
    option(`Question ${i + 1}`, String(i)),
  );
  const requiredInitial = s.questions
    .flatMap((q, i) => (q.required ? [questionOptions[i]] : []))
    .filter((o): o is PlainTextOption => o !== undefined);
  const blocks: KnownBlock[] = [
    {
      type: "input",
      block_id: StandupIds.nameBlock,
      label: plain("Name", 2000),
      element: {
        type: "plain_text_input",
        action_id: StandupIds.input,
        max_length: STANDUP_LIMITS.name,
        initial_value: truncate(s.name, STANDUP_LIMITS.name),
      },
    },
    {
      type: "input",
      block_id: StandupIds.channelBlock,
      label: plain("Report channel", 2000),
      hint: plain(
        "One message per day goes here; answers go in its thread. Invite me to private channels.",
        2000,
      ),
      element: {
        type: "conversations_select",
        action_id: StandupIds.input,
        filter: {
          include: ["public", "private"],
          exclude_bot_users: true,
          exclude_external_shared_channels: true,
        },
        ...(s.channelId ? { initial_conversation: s.channelId } : {}),
      },
    },
    {
      type: "input",
      block_id: StandupIds.participantsBlock,
      label: plain("Participants", 2000),
      element: {
        type: "multi_users_select",
        action_id: StandupIds.input,
        ...(s.participants.length ? { initial_users: s.participants.slice(0, 100) } : {}),
      },
    },
    {
      type: "input",
      block_id: StandupIds.daysBlock,
      label: plain("Days", 2000),
      hint: plain("Team holidays and each person's away days are skipped automatically.", 2000),
      element: {
        type: "checkboxes",
        action_id: StandupIds.input,
        options: dayOptions.slice(0, 7),
        ...(s.days.length
          ? { initial_options: dayOptions.filter((o) => s.days.includes(Number(o.value) as 0)) }
          : {}),
      },
    },
    {
      type: "input",
      block_id: StandupIds.timeBlock,
      label: plain("Prompt time", 2000),
      element: { type: "timepicker", action_id: StandupIds.input, initial_time: s.promptTime },
    },
    radio(
      StandupIds.tzModeBlock,
      "Whose time zone?",
      [
        option("Each person's own Slack time zone", "member"),
        option("One fixed time zone for everyone", "fixed"),
      ],
      s.timeZoneMode,
    ),
    {
      type: "input",
      block_id: StandupIds.fixedZoneBlock,
      optional: true,
      label: plain("Fixed time zone", 2000),
      hint: plain(
        "Used for everyone in fixed mode, and for people without a Slack time zone. IANA name.",
        2000,
      ),
      element: {
        type: "plain_text_input",
        action_id: StandupIds.input,
        max_length: 64,
        placeholder: plain("Europe/Berlin", 150),
        ...(s.fixedTimeZone ? { initial_value: s.fixedTimeZone } : {}),
      },
    },
    { type: "header", text: plain("Questions (up to 6)", 150) },
    ...questionBlocks,
    {
      type: "input",
      block_id: StandupIds.requiredBlock,
      optional: true,
      label: plain("Required questions", 2000),
      element: {
        type: "checkboxes",
        action_id: StandupIds.input,
        options: questionOptions,
        ...(requiredInitial.length ? { initial_options: requiredInitial } : {}),
      },
    },
    select(
      StandupIds.blockerQuestionBlock,
      "Which question asks about blockers?",
      [option("None", "none"), ...questionOptions],
      s.blockerQuestion === null ? "none" : String(s.blockerQuestion),
      "Answers other than “none”/“no” become blockers, listed on top of the report until resolved.",
    ),
    { type: "header", text: plain("Report", 150) },
    select(
      StandupIds.closeAfterBlock,
      "Collect answers for",
      CLOSE_AFTER_CHOICES.map((m) => option(duration(m), String(m))),
      String(s.closeAfterMinutes),
      "Counted from the last person's prompt. Then the report shows its final state.",
    ),
    select(
      StandupIds.reminderBlock,
      "Reminder",
      [option("Off", "off"), ...REMINDER_CHOICES.map((m) => option(`Once, after ${duration(m)}`, String(m)))],
      s.reminderAfterMinutes === null ? "off" : String(s.reminderAfterMinutes),
      "At most one per person per day, only if they haven't answered.",
    ),
    radio(
      StandupIds.styleBlock,
      "Answers go",
      [
        option("In the report's thread", "thread"),
        option(`Inside the report (teams up to ${STANDUP_LIMITS.inlineParticipants})`, "inline"),
      ],
      s.reportStyle,
    ),
    select(
      StandupIds.staleBlock,
      "Tell the owner about a blocker open for",
      STALE_BLOCKER_CHOICES.map((d) => option(`${d} standup day${d === 1 ? "" : "s"}`, String(d))),
      String(s.staleBlockerDays),
    ),
  ];
  return {
    type: "modal",
    callback_id: StandupIds.setupView,
    private_metadata: JSON.stringify(metadata),
    title: plain(input.standupId === null ? "New standup" : "Edit standup", 24),
    submit: plain(input.standupId === null ? "Create" : "Save", 24),
    close: plain("Cancel", 24),
    blocks,
  };
}

/** The answer form: one box per question, prefilled when editing. */
export function standupAnswerModal(input: {
  standup: Standup;
  day: string;
  existing: StandupAnswer | null;
  early: boolean;
}): ModalView {
  const { standup, day, existing } = input;
  const metadata: AnswerModalMetadata = { standupId: standup.id, day, rules: answerFormRules(standup) };
  const note = existing
    ? `Editing your answer for *${dayLabel(day)}*. The report and the thread update in place.`
    : input.early
      ? `This counts for *${dayLabel(day)}*; the team sees it when that standup starts.`
      : `For *${dayLabel(day)}*. It goes in the thread of the report in <#${standup.channelId}>.`;
  const blocks: KnownBlock[] = [
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(`*${mrkdwnSafe(standup.name, 80)}* · ${note}`, 3000) }],
    },
    ...standup.questions.map(
      (q, i): KnownBlock => ({
        type: "input",
        block_id: `${StandupIds.answerBlockPrefix}${i}`,
        optional: !q.required,
        label: plain(q.text, 2000),
        ...(standup.blockerQuestion === i ? { hint: plain("“None” if nothing is blocking you.", 2000) } : {}),
        element: {
          type: "plain_text_input",
          action_id: StandupIds.input,
          multiline: true,
          max_length: STANDUP_LIMITS.answer,
          ...(existing?.items[i]?.answer ? { initial_value: existing.items[i]?.answer } : {}),
        },
      }),
    ),
  ];
  return {
    type: "modal",
    callback_id: StandupIds.answerView,
    private_metadata: JSON.stringify(metadata),
    title: plain(`Standup · ${dayLabel(day)}`, 24),
    submit: plain(existing ? "Update" : "Post", 24),
    close: plain("Cancel", 24),
    blocks,
  };
}
