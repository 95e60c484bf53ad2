/** Reads the standup modals' state, metadata and button values (zod at the edge). */
import { z } from "zod";
import { STANDUP_LIMITS, type StandupSettingsInput } from "../../domain/standup/index.js";
import type { AnswerModalMetadata, SetupModalMetadata } from "../../views/standup-modals.view.js";
import { StandupIds } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const text = z.object({ value: z.string().nullish() }).partial();
const one = z.object({ selected_option: z.object({ value: z.string().max(150) }).nullish() }).partial();
const many = z
  .object({ selected_options: z.array(z.object({ value: z.string().max(150) })).nullish() })
  .partial();
const users = z.object({ selected_users: z.array(z.string().max(32)).nullish() }).partial();
const conversation = z.object({ selected_conversation: z.string().max(32).nullish() }).partial();
const time = z.object({ selected_time: z.string().max(8).nullish() }).partial();

function reader(values: unknown) {
  const parsed = stateSchema.safeParse(values);
  const s = parsed.success ? parsed.data : {};
  const raw = (b: string) => s[b]?.[StandupIds.input] ?? {};
  return {
    text: (b: string) => text.safeParse(raw(b)).data?.value ?? null,
    one: (b: string) => one.safeParse(raw(b)).data?.selected_option?.value ?? null,
    many: (b: string) => (many.safeParse(raw(b)).data?.selected_options ?? []).map((o) => o.value),
    users: (b: string) => users.safeParse(raw(b)).data?.selected_users ?? [],
    conversation: (b: string) => conversation.safeParse(raw(b)).data?.selected_conversation ?? null,
    time: (b: string) => time.safeParse(raw(b)).data?.selected_time ?? null,
  };
}

const index = (v: string | null) => (v === null || v === "none" ? null : Number(v));

/** The setup modal's values as the domain's (unvalidated) input. */
export function readStandupSetupForm(values: unknown): StandupSettingsInput {
  const r = reader(values);
  return {
    name: r.text(StandupIds.nameBlock),
    channelId: r.conversation(StandupIds.channelBlock),
    participants: r.users(StandupIds.participantsBlock),
    days: r.many(StandupIds.daysBlock),
    promptTime: r.time(StandupIds.timeBlock),
    timeZoneMode: r.one(StandupIds.tzModeBlock),
    fixedTimeZone: r.text(StandupIds.fixedZoneBlock),
    questions: Array.from({ length: STANDUP_LIMITS.questions }, (_, i) =>
      r.text(`${StandupIds.questionBlockPrefix}${i}`),
    ),
    requiredQuestions: r.many(StandupIds.requiredBlock).map(Number),
    blockerQuestion: index(r.one(StandupIds.blockerQuestionBlock)),
    closeAfterMinutes: r.one(StandupIds.closeAfterBlock),
    reminderAfterMinutes: r.one(StandupIds.reminderBlock) === "off" ? null : r.one(StandupIds.reminderBlock),
    reportStyle: r.one(StandupIds.styleBlock),
    staleBlockerDays: r.one(StandupIds.staleBlock),
  };
}

/** Domain field → the setup modal's block. */
export const SETUP_FIELD_BLOCKS: Record<string, string> = {
  name: StandupIds.nameBlock,
  channelId: StandupIds.channelBlock,
  participants: StandupIds.participantsBlock,
  days: StandupIds.daysBlock,
  promptTime: StandupIds.timeBlock,
  timeZoneMode: StandupIds.tzModeBlock,
  fixedTimeZone: StandupIds.fixedZoneBlock,
  blockerQuestion: StandupIds.blockerQuestionBlock,
  closeAfterMinutes: StandupIds.closeAfterBlock,
  reminderAfterMinutes: StandupIds.reminderBlock,
  reportStyle: StandupIds.styleBlock,
  staleBlockerDays: StandupIds.staleBlock,
  ...Object.fromEntries(
    Array.from({ length: STANDUP_LIMITS.questions }, (_, i) => [
      `question${i}`,
      `${StandupIds.questionBlockPrefix}${i}`,
    ]),
  ),
};

/** The answer modal's texts, one per question slot. */
export function readStandupAnswers(values: unknown, count: number): (string | null)[] {
  const r = reader(values);
  return Array.from({ length: count }, (_, i) => r.text(`${StandupIds.answerBlockPrefix}${i}`));
}

function json(textValue: string | undefined): unknown {
  try {
    return JSON.parse(textValue ?? "{}");
  } catch {
    return {};
  }
}

export function readSetupMetadata(privateMetadata: string | undefined): SetupModalMetadata {
  return (
    z.object({ standupId: z.number().int().positive().nullable() }).safeParse(json(privateMetadata)).data ?? {
      standupId: null,
    }
  );
}

/** Throws when tampered: an answer without its standup and day can't be saved. */
// Built once: constructing a zod schema costs more than parsing with it (this runs before every ack).
const answerMetadataSchema = z.object({
  standupId: z.number().int().positive(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  // Old forms carry no rules (the listener then checks against the database); malformed rules
  // are treated the same way rather than rejecting the submission.
  rules: z
    .object({
      count: z.number().int().min(0).max(STANDUP_LIMITS.questions),
      required: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(STANDUP_LIMITS.questions - 1),
        )
        .max(STANDUP_LIMITS.questions),
      maxLength: z.number().int().positive().max(STANDUP_LIMITS.answer),
    })
    .optional()
    .catch(undefined),
});

export function readAnswerMetadata(privateMetadata: string | undefined): AnswerModalMetadata {
  return answerMetadataSchema.parse(json(privateMetadata));
}

/** A standup or blocker id carried by a button. */
export function parseStandupButtonId(value: unknown): number {
  return z.coerce.number().int().positive().parse(value);
}

export type StandupCommand =
  | { kind: "answer"; name: string | null }
  | { kind: "setup" }
  | { kind: "list" }
  | { kind: "edit"; id: number }
  | { kind: "delete"; id: number }
  | { kind: "away"; from: string; to: string }
  | { kind: "back" }
  | { kind: "stats" }
  | { kind: "help" }
  | { kind: "unknown"; text: string };

/** `/standup [setup|list|edit N|delete N|away FROM [TO]|back|stats|help]`. */
export function parseStandupCommand(raw: string): StandupCommand {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const [first = "", ...rest] = words;
  switch (first.toLowerCase()) {
    case "":
      return { kind: "answer", name: null };
    case "setup":
    case "new":
    case "create":
      return { kind: "setup" };
    case "list":
      return { kind: "list" };
    case "edit":
    case "delete": {
      const id = Number((rest[0] ?? "").replace(/^#/, ""));
      return Number.isInteger(id) && id > 0
        ? { kind: first.toLowerCase() as "edit" | "delete", id }
        : { kind: "unknown", text: raw };
    }
    case "away": {
      const from = rest[0] ?? "";
      return { kind: "away", from, to: rest[1] ?? from };
    }
    case "back":
      return { kind: "back" };
    case "stats":
      return { kind: "stats" };
    case "help":
      return { kind: "help" };
    default:
      return { kind: "answer", name: raw.trim() };
  }
}
