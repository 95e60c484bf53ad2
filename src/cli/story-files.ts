/**
 * Story files for export/import: CSV (csv-stringify / csv-parse, RFC 4180 quoting, so commas,
 * quotes, newlines and emoji survive) and JSON. In CSV, acceptance criteria are one per line
 * inside their cell and labels are comma-separated; empty cells mean "none".
 *
 * Formula injection: a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or CR as a
 * formula. Export puts a `'` before such cells (spreadsheets show the text, without the quote);
 * import takes exactly one `'` off again. A value that itself starts with quotes before such a
 * character (`'=x`) gets one more, so every value survives export → import unchanged.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { STORY_RECORD_COLUMNS, type StoryRecord } from "../domain/story-transfer.js";
import { ValidationError } from "../lib/errors.js";

export type FileFormat = "csv" | "json";

export function encodeStories(
  records: StoryRecord[],
  format: FileFormat,
  meta: { teamId: string; at: Date },
): string {
  if (format === "json") {
    return `${JSON.stringify({ format: "scrumbot-stories", version: 1, team: meta.teamId, exported_at: meta.at.toISOString(), stories: records }, null, 2)}\n`;
  }
  const rows = records.map((r) =>
    STORY_RECORD_COLUMNS.map((c) => {
      const v = r[c];
      if (v === null) return "";
      if (c === "acceptance_criteria") return neutralize((v as string[]).join("\n"));
      if (c === "labels") return neutralize((v as string[]).join(", "));
      return neutralize(String(v));
    }),
  );
  return stringify(rows, { header: true, columns: [...STORY_RECORD_COLUMNS], record_delimiter: "unix" });
}

/** Quotes, then a character that makes a spreadsheet evaluate the cell. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

/** `=1+1` → `'=1+1`; `'=x` → `''=x`; anything else unchanged. */
export function neutralize(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse of `neutralize`: `'=1+1` → `=1+1`. A cell it didn't write is left as it is. */
export function unneutralize(cell: string): string {
  return NEUTRALIZED.test(cell) ? cell.slice(1) : cell;
}

const jsonFile = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ stories: z.array(z.record(z.string(), z.unknown())) }),
]);

/** Raw records (not yet validated). A file that can't be read at all throws ValidationError. */
export function decodeStories(text: string, format: FileFormat): Record<string, unknown>[] {
  if (format === "json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ValidationError({ file: `not valid JSON: ${(error as Error).message}` });
    }
    const parsed = jsonFile.safeParse(data);
    if (!parsed.success) {
      throw new ValidationError({
        file: "expected an array of stories or an export file with a `stories` array",
      });
    }
    return Array.isArray(parsed.data) ? parsed.data : parsed.data.stories;
  }
  try {
    return parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: false,
      cast: (value) => unneutralize(value),
    }) as Record<string, unknown>[];
  } catch (error) {
    throw new ValidationError({ file: `not valid CSV: ${(error as Error).message}` });
  }
}
