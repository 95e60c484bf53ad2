import { describe, expect, it } from "vitest";
import type { RefinementSettings } from "../../../src/domain/refinement.js";
import { RefineIds } from "../../../src/slack/ids.js";
import { localWhen, refinementSetupMessage } from "../../../src/views/refinement.view.js";
import { refinementSetupModal } from "../../../src/views/refinement-setup.view.js";
import { validateMessageBlocks, validateView } from "../../support/block-kit-limits.js";

type Element = Record<string, unknown> & { type: string };
type Block = { type: string; block_id?: string; element?: Element };
const elementOf = (view: { blocks: unknown[] }, blockId: string) =>
  (view.blocks as Block[]).find((b) => b.block_id === blockId)?.element as Element;

const saved: RefinementSettings = {
  teamId: "T1",
  channelId: "G0PRIV",
  weekday: 2,
  time: "09:15",
  timeZone: "Asia/Tokyo",
  itemCount: 12,
};

describe("refinementSetupModal", () => {
  it("defaults to the current channel, Thursday 14:00, the person's zone and 5 items", () => {
    const view = refinementSetupModal({
      current: null,
      channelId: "C0TEAM",
      defaultTimeZone: "Europe/Berlin",
      metadata: { channelId: "C0TEAM" },
    });
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe(RefineIds.setupModal);
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ channelId: "C0TEAM" });
    expect(elementOf(view, RefineIds.channelBlock)).toMatchObject({
      type: "conversations_select",
      action_id: RefineIds.input,
      initial_conversation: "C0TEAM",
    });
    const day = elementOf(view, RefineIds.weekdayBlock);
    expect((day.options as { value: string }[]).map((o) => o.value)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "0",
    ]);
    expect(day.initial_option).toMatchObject({ value: "4", text: { text: "Thursday" } });
    expect(elementOf(view, RefineIds.timeBlock)).toMatchObject({ type: "timepicker", initial_time: "14:00" });
    expect(elementOf(view, RefineIds.timeZoneBlock)).toMatchObject({
      type: "plain_text_input",
      initial_value: "Europe/Berlin",
    });
    expect(elementOf(view, RefineIds.countBlock)).toMatchObject({
      type: "number_input",
      is_decimal_allowed: false,
      min_value: "1",
      max_value: "20",
      initial_value: "5",
    });
  });

  it("is prefilled with the saved settings, whatever channel the command came from", () => {
    const view = refinementSetupModal({
      current: saved,
      channelId: "C0OTHER",
      defaultTimeZone: "Europe/Berlin",
      metadata: { channelId: "C0OTHER" },
    });
    expect(validateView(view)).toEqual([]);
    expect(elementOf(view, RefineIds.channelBlock).initial_conversation).toBe("G0PRIV");
    expect(elementOf(view, RefineIds.weekdayBlock).initial_option).toMatchObject({ value: "2" });
    expect(elementOf(view, RefineIds.timeBlock).initial_time).toBe("09:15");
    expect(elementOf(view, RefineIds.timeZoneBlock).initial_value).toBe("Asia/Tokyo");
    expect(elementOf(view, RefineIds.countBlock).initial_value).toBe("12");
  });

  it("preselects no channel when run from a DM (the agenda goes to a channel)", () => {
    const view = refinementSetupModal({
      current: null,
      channelId: "D0DM",
      defaultTimeZone: "UTC",
      metadata: { channelId: "D0DM" },
    });
    expect(validateView(view)).toEqual([]);
    expect(elementOf(view, RefineIds.channelBlock)).not.toHaveProperty("initial_conversation");
  });

  it("stays within limits with the longest zone names", () => {
    const view = refinementSetupModal({
      current: { ...saved, timeZone: "America/Argentina/ComodRivadavia" },
      channelId: "C0TEAM",
      defaultTimeZone: "UTC",
      metadata: { channelId: "C0TEAM" },
    });
    expect(validateView(view)).toEqual([]);
  });
});

describe("refinementSetupMessage", () => {
  const berlin: RefinementSettings = {
    ...saved,
    channelId: "C0TEAM",
    weekday: 4,
    time: "14:00",
    timeZone: "Europe/Berlin",
    itemCount: 1,
  };

  it("gives the next agenda in the schedule's zone by default", () => {
    const m = refinementSetupMessage(berlin, new Date("2026-12-03T13:00:00Z"));
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("Every Thursday at 14:00 (Europe/Berlin)");
    expect(text).toContain("(1 item)");
    expect(text).toContain("The next one: Thu 3 Dec 2026 at 14:00 (Europe/Berlin).");
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
  });

  it("gives it in the person's own zone when that differs", () => {
    const text = JSON.stringify(
      refinementSetupMessage(berlin, new Date("2026-12-03T13:00:00Z"), { viewerZone: "America/New_York" })
        .blocks,
    );
    expect(text).toContain("The next one: Thu 3 Dec 2026 at 08:00 your time (America/New_York).");
  });

  it("warns when the bot can't post in the channel yet, and not otherwise", () => {
    const next = new Date("2026-12-03T13:00:00Z");
    expect(JSON.stringify(refinementSetupMessage(berlin, next, { channel: "ok" }).blocks)).not.toContain("⚠️");
    const warned = JSON.stringify(refinementSetupMessage(berlin, next, { channel: "not_in_channel" }).blocks);
    expect(warned).toContain("I'm not a member of that channel");
    expect(warned).toContain("/invite @scrumbot");
  });

  it("crosses the date line: a Tokyo Monday morning is a Sunday evening in New York", () => {
    // Mon 7 Dec 2026 08:00 in Tokyo (UTC+9) = Sunday 6 Dec 23:00Z = Sunday 18:00 in New York.
    expect(localWhen(new Date("2026-12-06T23:00:00Z"), "Asia/Tokyo")).toBe("Mon 7 Dec 2026 at 08:00");
    expect(localWhen(new Date("2026-12-06T23:00:00Z"), "America/New_York")).toBe("Sun 6 Dec 2026 at 18:00");
  });
});
