import { describe, expect, it } from "vitest";
import { STANDUP_LIMITS } from "../../../src/domain/standup/index.js";
import {
  backlogModal,
  noStandupDayModal,
  noStandupModal,
  triageModal,
} from "../../../src/views/home-quick.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { expectSafeView, hostileRequest, shownMarkers } from "./fixtures.js";

describe("what Home's quick actions open", () => {
  it("the triage modal: 20 hostile requests within a modal's limits, no paging buttons, the rest pointed to", () => {
    const requests = Array.from({ length: 20 }, (_, i) => hostileRequest(i + 1));
    const view = triageModal({ requests, total: 57, offset: 0, limit: 20 });
    expectSafeView(view);
    expect(shownMarkers(view)).toBeGreaterThan(0);
    const text = JSON.stringify(view);
    expect(text).not.toContain("triage_page_");
    expect(text).toContain("request_accept");
    expect(text).toContain("more requests: `/backlog triage`");
  });

  it("the backlog modal drops the listing's buttons and says where the rest is", () => {
    const listing = {
      text: "Product backlog",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*#1* Export" } },
        {
          type: "actions",
          elements: [
            { type: "button", action_id: "backlog_page_next", text: { type: "plain_text", text: "Next" } },
          ],
        },
      ],
    } as never;
    const view = backlogModal(listing, 45, 20);
    expectSafeView(view);
    const text = JSON.stringify(view);
    expect(text).not.toContain("backlog_page_next");
    expect(text).toContain("25 more stories: `/backlog`");
  });

  it("no standup: says why and what to do; no standup day: names are escaped", () => {
    expect(JSON.stringify(noStandupModal())).toContain("`/standup setup`");
    const names = Array.from({ length: 30 }, () => hostileText(STANDUP_LIMITS.name));
    const view = noStandupDayModal(names);
    expectSafeView(view);
    expect(shownMarkers(view)).toBeGreaterThan(0);
  });
});
