import { describe, expect, it } from "vitest";
import { escapeMrkdwn, mrkdwnSafe, packLines, truncate } from "../../../src/views/format.js";

describe("escapeMrkdwn", () => {
  it("neutralises mentions and links", () => {
    expect(escapeMrkdwn("<!channel> & <@U123> <https://x|y>")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;",
    );
  });
});

describe("truncate", () => {
  it("keeps short text and marks cut text with an ellipsis", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcdef", 4)).toBe("abc…");
  });
  it("never splits an emoji (surrogate pair)", () => {
    const cut = truncate("a😀😀😀", 3); // "a" + high surrogate would be invalid
    expect(cut).toBe("a…");
    expect(cut.length).toBeLessThanOrEqual(3);
  });
});

describe("mrkdwnSafe", () => {
  it("fits the limit after escaping", () => {
    const s = mrkdwnSafe("<".repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s).not.toContain("<");
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("packLines", () => {
  it("packs lines into chunks no longer than the limit", () => {
    const chunks = packLines(
      Array.from({ length: 50 }, () => "x".repeat(90)),
      300,
    );
    expect(chunks.every((c) => c.length <= 300)).toBe(true);
    expect(chunks.join("\n\n").split("\n\n")).toHaveLength(50);
  });
});
