/** Reads the sprint modals, button values and the close message's carry-over choices (zod at the edge). */
import { z } from "zod";
import {
  CARRY_OVER,
  type CarryOver,
  ITEM_STATUSES,
  type ItemStatus,
  type SprintFormInput,
} from "../../domain/sprint.js";
import type {
  SprintFeedbackMetadata,
  SprintModalMetadata,
  SprintNoteMetadata,
} from "../../views/sprint.view.js";
import { SprintIds, STORY_INPUT_ACTION } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const element = z
  .object({
    value: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .partial();

function reader(values: unknown) {
  const s = stateSchema.safeParse(values).data ?? {};
  return (block: string, action = STORY_INPUT_ACTION) =>
    element.safeParse(s[block]?.[action] ?? {}).data ?? {};
}

function json(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "{}");
  } catch {
    return {};
  }
}

export function readSprintForm(values: unknown): SprintFormInput {
  const r = reader(values);
  return {
    name: r(SprintIds.nameBlock).value ?? null,
    goal: r(SprintIds.goalBlock).value ?? null,
    startsOn: r(SprintIds.startsBlock).selected_date ?? null,
    endsOn: r(SprintIds.endsBlock).selected_date ?? null,
    reviewTime: r(SprintIds.reviewTimeBlock).selected_time ?? null,
    definitionOfDone: r(SprintIds.dodBlock).value ?? null,
  };
}

export function readSprintNote(values: unknown): { demoLink: string | null; notDoneReason: string | null } {
  const r = reader(values);
  const clean = (v: string | null | undefined) => (v ?? "").trim() || null;
  return {
    demoLink: clean(r(SprintIds.demoBlock).value),
    notDoneReason: clean(r(SprintIds.reasonBlock).value),
  };
}

export function readFeedback(values: unknown): string {
  return (reader(values)(SprintIds.feedbackBlock).value ?? "").trim();
}

/** Carry-over choices of the close message: block `sprint_carry_<storyId>` → backlog | next_sprint. */
export function readCarryChoices(values: unknown): Record<number, CarryOver> {
  const s = stateSchema.safeParse(values).data ?? {};
  const out: Record<number, CarryOver> = {};
  for (const [block, actions] of Object.entries(s)) {
    const m = new RegExp(`^${SprintIds.carry}_(\\d+)$`).exec(block);
    const v = element.safeParse(actions[SprintIds.carry] ?? {}).data?.selected_option?.value;
    if (m && v && (CARRY_OVER as readonly string[]).includes(v)) out[Number(m[1])] = v as CarryOver;
  }
  return out;
}

const zone = z.string().min(1).max(64);
export function readSprintModalMetadata(text: string | undefined): SprintModalMetadata {
  return (
    z
      .object({
        channelId: z
          .string()
          .regex(/^[CDG][A-Z0-9]+$/)
          .nullable(),
        timeZone: zone,
      })
      .safeParse(json(text)).data ?? { channelId: null, timeZone: "UTC" }
  );
}
export function readSprintNoteMetadata(text: string | undefined): SprintNoteMetadata {
  return z.object({ storyNumber: z.number().int().positive() }).parse(json(text));
}
export function readFeedbackMetadata(text: string | undefined): SprintFeedbackMetadata {
  return z
    .object({
      sprintId: z.number().int().positive(),
      channelId: z
        .string()
        .regex(/^[CDG][A-Z0-9]+$/)
        .nullable(),
    })
    .parse(json(text));
}

export const parsePositiveInt = (value: unknown) => z.coerce.number().int().positive().parse(value);

/** "12:done" → story 12, done. */
export function parseStatusValue(value: unknown): { storyNumber: number; status: ItemStatus } {
  const m = /^(\d{1,9}):([a-z_]+)$/.exec(String(value ?? ""));
  if (!m || !(ITEM_STATUSES as readonly string[]).includes(m[2] ?? ""))
    throw new Error("malformed status value");
  return { storyNumber: Number(m[1]), status: m[2] as ItemStatus };
}
