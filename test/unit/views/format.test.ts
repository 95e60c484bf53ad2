import { describe, expect, it } from "vitest";
import {
  channelRef,
  escapeMrkdwn,
  link,
  md,
  mrkdwnSafe,
  packLines,
  truncate,
  userRef,
} from "../../../src/views/format.js";

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

describe("Mrkdwn builders", () => {
  it("md keeps its own markup and only takes holes that are already mrkdwn or numbers", () => {
    const name = "<!here> & co";
    expect(md`*${mrkdwnSafe(name, 80)}* has ${3} items`).toBe("*&lt;!here&gt; &amp; co* has 3 items");
    // @ts-expect-error a raw string can't go into mrkdwn unescaped
    md`${name}`;
    // @ts-expect-error escaping twice is refused too
    mrkdwnSafe(mrkdwnSafe(name, 80), 80);
  });

  it("userRef and channelRef mention only real Slack ids", () => {
    expect(userRef("U0PO")).toBe("<@U0PO>");
    expect(userRef("!channel")).toBe("!channel");
    expect(userRef("U1> <!here")).toBe("U1&gt; &lt;!here");
    expect(userRef(null)).toBe("someone");
    expect(channelRef("C0TEAM")).toBe("<#C0TEAM>");
    expect(channelRef("!everyone")).toBe("!everyone");
  });

  it("link makes links of http(s) URLs only", () => {
    expect(link("https://x.example/a?b=1&c=2", md`demo`)).toBe("<https://x.example/a?b=1&amp;c=2|demo>");
    for (const url of [
      "!channel",
      "@U123",
      "!subteam^S1",
      "javascript:alert(1)",
      "https://x.example/<!here>",
    ]) {
      expect(link(url, md`demo`)).not.toMatch(/<[!@]|<javascript|<https/);
    }
  });
});
