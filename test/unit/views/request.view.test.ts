import { describe, expect, it } from "vitest";
import { REQUEST_LIMITS } from "../../../src/domain/request.js";
import {
  declineModal,
  mergeModal,
  requestAcceptedDm,
  requestDeclinedDm,
  requestMergedDm,
  requestModal,
  requestSubmittedMessage,
  triageMessage,
} from "../../../src/views/request.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { expectSafeMessage, expectSafeView, hostileRequest, maxStory, shownMarkers } from "./fixtures.js";

const requests = Array.from({ length: 100 }, (_, i) => hostileRequest(i + 1));
const decided = hostileRequest(5, {
  status: "declined",
  decisionReason: hostileText(REQUEST_LIMITS.reason),
  decidedBy: "U0PO",
  decidedAt: new Date("2026-11-29T10:00:00Z"),
});

describe("request views at maximal input with hostile text", () => {
  it("the request modal, prefilled with hostile text longer than the field", () => {
    expectSafeView(requestModal({ what: hostileText(5000), channelId: "C1" }));
  });

  it("a full triage inbox page and the private confirmation", () => {
    const page = triageMessage({ requests, total: 10_000, offset: 0, limit: 100 });
    expectSafeMessage(page);
    expect(shownMarkers(page.blocks)).toBeGreaterThan(0);
    expect(JSON.stringify(page.blocks)).toContain("showing 1–15"); // the rest come with Next
    expectSafeMessage(triageMessage({ requests: [], total: 0, offset: 0, limit: 20 }));
    expectSafeMessage(requestSubmittedMessage(requests[0]!));
  });

  it("the merge and decline modals, and the DMs to the requester", () => {
    const responseUrl = `https://hooks.slack.com/actions/T1/${"9".repeat(60)}/${"x".repeat(24)}`;
    expectSafeView(mergeModal(requests[0]!, responseUrl));
    expectSafeView(declineModal(requests[0]!, responseUrl));
    const story = maxStory(42);
    expectSafeMessage(requestAcceptedDm({ ...decided, status: "accepted" }, { story, position: 1 }));
    expectSafeMessage(requestMergedDm({ ...decided, status: "merged" }, story));
    const declined = requestDeclinedDm(decided);
    expectSafeMessage(declined);
    expect(shownMarkers(declined)).toBeGreaterThan(0);
  });
});

describe("who decided", () => {
  it("is a mention of the person, or 'someone' when unknown — never an empty `<@>`", () => {
    expect(JSON.stringify(requestDeclinedDm(decided).blocks)).toContain("<@U0PO> declined");
    const unknown = JSON.stringify(requestDeclinedDm({ ...decided, decidedBy: null }).blocks);
    expect(unknown).toContain("someone declined");
    expect(unknown).not.toContain("<@>");
  });
});
