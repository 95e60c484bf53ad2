import { describe, expect, it } from "vitest";
import {
  READINESS_CHECK_LABELS,
  READINESS_CHECKS,
  type ReadinessCheckId,
} from "../../../src/domain/readiness.js";
import { DorIds } from "../../../src/slack/ids.js";
import { parseDorToggle } from "../../../src/slack/parsers/backlog-dor.js";
import {
  type DorModel,
  dorChangedNotice,
  dorMessage,
  dorUsageMessage,
  unknownDorCheckMessage,
} from "../../../src/views/backlog-dor.view.js";
import { validateMessageBlocks } from "../../support/block-kit-limits.js";

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { type: string; action_id: string; value: string; text: { text: string }; style?: string };
};

const model = (over: Partial<DorModel> = {}): DorModel => ({
  sizeLimit: 8,
  disabled: [],
  canChange: true,
  ...over,
});

const rowOf = (blocks: unknown[], id: ReadinessCheckId): Block => {
  const row = (blocks as Block[]).find((b) => b.block_id === `${DorIds.checkBlockPrefix}${id}`);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
};

describe("dorMessage", () => {
  it("lists every check ✅ with a Turn off button whose value asks for off, and the size limit", () => {
    const m = dorMessage(model());
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    for (const id of READINESS_CHECKS) {
      const row = rowOf(m.blocks, id);
      expect(row.text?.text).toMatch(/^✅ /);
      expect(row.text?.text).toContain(`\`${id}\``);
      expect(row.accessory?.action_id).toBe(DorIds.toggle);
      expect(row.accessory?.text.text).toBe("Turn off");
      expect(parseDorToggle(row.accessory?.value)).toEqual({ check: id, enabled: false });
    }
    expect(rowOf(m.blocks, "size_limit").text?.text).toContain("at most 8 pts");
    expect(JSON.stringify(m.blocks)).toContain("*Size limit:* 8 pts");
    expect(m.text).toBe("Definition of Ready: 7 of 7 checks on, size limit 8 pts");
  });

  it("shows a check that is off as ⬜ with a Turn on button asking for on", () => {
    const m = dorMessage(model({ disabled: ["estimated", "benefit"], sizeLimit: 13 }));
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    const row = rowOf(m.blocks, "estimated");
    expect(row.text?.text).toMatch(/^⬜ /);
    expect(row.text?.text).toContain("off");
    expect(row.accessory?.text.text).toBe("Turn on");
    expect(row.accessory?.style).toBe("primary");
    expect(parseDorToggle(row.accessory?.value)).toEqual({ check: "estimated", enabled: true });
    expect(rowOf(m.blocks, "persona").accessory?.text.text).toBe("Turn off");
    expect(m.text).toContain("5 of 7 checks on, size limit 13 pts");
  });

  it("gives the only check still on no Turn off button and says why", () => {
    const disabled = READINESS_CHECKS.filter((id) => id !== "want");
    const m = dorMessage(model({ disabled }));
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    const last = rowOf(m.blocks, "want");
    expect(last.accessory).toBeUndefined();
    expect(last.text?.text).toContain("at least one must stay on");
    for (const id of disabled) expect(rowOf(m.blocks, id).accessory?.text.text).toBe("Turn on");
  });

  it("shows no buttons to someone who can't change it, and says who can", () => {
    const m = dorMessage(model({ canChange: false, disabled: ["persona"] }));
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    expect((m.blocks as Block[]).some((b) => b.accessory)).toBe(false);
    expect(JSON.stringify(m.blocks)).toContain(
      "Only product owners and admins can change the Definition of Ready",
    );
    expect(JSON.stringify(m.blocks)).not.toContain("/backlog size 13");
  });

  it("puts a notice first and stays within limits with a very long one", () => {
    const m = dorMessage(model({ notice: dorChangedNotice("estimated", false, true) }));
    expect((m.blocks[0] as Block).text?.text).toBe(
      `✅ *${READINESS_CHECK_LABELS.estimated}* is off: stories no longer need it to be ready.`,
    );
    const long = dorMessage(model({ notice: "🚀".repeat(4000), sizeLimit: 100 }));
    expect(validateMessageBlocks(long.blocks)).toEqual([]);
  });

  it("has unique block ids and stays well under the 50-block limit", () => {
    const m = dorMessage(model({ notice: "x", disabled: ["persona", "want", "benefit"] }));
    const ids = (m.blocks as Block[]).map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(m.blocks.length).toBeLessThanOrEqual(12);
  });
});

describe("dorChangedNotice", () => {
  it("says what changed, or that nothing did", () => {
    expect(dorChangedNotice("size_limit", true, true)).toContain("is on again");
    expect(dorChangedNotice("size_limit", false, false)).toBe(
      `*${READINESS_CHECK_LABELS.size_limit}* was already off.`,
    );
  });
});

describe("unknownDorCheckMessage and dorUsageMessage", () => {
  it("names the unknown check (escaped) and lists every valid name", () => {
    const m = unknownDorCheckMessage("<!channel> & stuff", false);
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    const text = JSON.stringify(m.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt; &amp; stuff");
    expect(text).toContain("/backlog dor off <check>");
    for (const id of READINESS_CHECKS) expect(text).toContain(`\`${id}\``);
  });

  it("asks which check when none was given", () => {
    const m = unknownDorCheckMessage("", true);
    expect(JSON.stringify(m.blocks)).toContain("Which check?");
    expect(JSON.stringify(m.blocks)).toContain("/backlog dor on <check>");
  });

  it("keeps a 100-character unknown name within limits", () => {
    expect(validateMessageBlocks(unknownDorCheckMessage("é".repeat(100), true).blocks)).toEqual([]);
    expect(validateMessageBlocks(dorUsageMessage().blocks)).toEqual([]);
  });
});
