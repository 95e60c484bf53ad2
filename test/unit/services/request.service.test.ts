import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRequestUnitOfWork } from "../../../src/db/request-unit-of-work.js";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { parseRequestForm, storyPrefillFromRequest } from "../../../src/domain/request.js";
import type { StoryDraft } from "../../../src/domain/story.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ConflictError, ForbiddenError, ValidationError } from "../../../src/lib/errors.js";
import { createAccessService } from "../../../src/services/access.service.js";
import { createRequestService, type RequestService } from "../../../src/services/request.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";
const draft: StoryDraft = {
  title: "Export",
  persona: "clerk",
  want: "export",
  benefit: "",
  acceptanceCriteria: [],
  estimate: null,
  priority: "medium",
  labels: [],
};

describe("request service over real SQLite", () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let service: RequestService;
  const clock = new FakeClock("2026-11-28T12:00:00Z");

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "UADMIN", is_admin: true });
    for (const id of ["UPO", "UPO2", "USTAKE"]) fake.addUser({ id });
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    db = await createTestDatabase("memory");
    const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const access = createAccessService({
      roles: createTeamRoleRepository(db.db),
      users: createSlackUserDirectory({ client, clock }),
      clock,
    });
    await access.assignRole({ teamId: T, actorId: "UADMIN", userId: "UPO", role: "product_owner" });
    await access.assignRole({ teamId: T, actorId: "UADMIN", userId: "UPO2", role: "product_owner" });
    service = createRequestService({ uow: createRequestUnitOfWork(db.db), access, clock });
  });
  afterEach(() => db.dispose());

  const submit = () =>
    service.submit({
      teamId: T,
      userId: "USTAKE",
      channelId: null,
      draft: parseRequestForm({ what: "CSV export", why: "audit", whoAsks: "Finance", urgency: "high" }),
    });

  it("lets exactly one of two POs deciding at once win; the other is told who did", async () => {
    const r = await submit();
    const results = await Promise.allSettled([
      service.accept({ teamId: T, userId: "UPO", requestId: r.id, draft }),
      service.decline({ teamId: T, userId: "UPO2", requestId: r.id, reason: "no", shareReason: false }),
    ]);
    const won = results.filter((x) => x.status === "fulfilled");
    const lost = results.filter((x) => x.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    expect((lost[0]?.reason as ConflictError | undefined)?.userMessage).toMatch(
      /^Request #1 was already (accepted|declined) by <@UPO2?>\.$/,
    );
    // The loser wrote nothing: at most one story, one decision.
    const stories = await db.db.selectFrom("stories").selectAll().execute();
    const row = await db.db.selectFrom("requests").selectAll().executeTakeFirstOrThrow();
    expect(stories.length).toBe(row.status === "accepted" ? 1 : 0);
  });

  it("keeps triage to POs and admins, and the inbox to open requests", async () => {
    const r = await submit();
    await expect(service.inbox({ teamId: T, userId: "USTAKE" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      service.decline({ teamId: T, userId: "USTAKE", requestId: r.id, reason: "x", shareReason: false }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await service.inbox({ teamId: T, userId: "UADMIN" })).total).toBe(1);
    // No story #1 yet: refused on the field, the request stays open.
    await expect(
      service.merge({ teamId: T, userId: "UPO", requestId: r.id, storyNumber: 1 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await service.accept({ teamId: T, userId: "UPO", requestId: r.id, draft });
    expect(await service.openCount(T)).toBe(0);
    const events = await db.db.selectFrom("backlog_events").select("kind").execute();
    expect(events.map((e) => e.kind).sort()).toEqual(["created", "request_accepted"]);
  });

  it("maps a request to a story prefill that reads as a story, placed by urgency", () => {
    expect(
      storyPrefillFromRequest({
        what: "Export invoices\nfor audit",
        why: "May audit",
        whoAsks: "Finance",
        urgency: "urgent",
      }),
    ).toEqual({
      title: "Export invoices",
      persona: "member of Finance", // never "As a Finance"
      want: "export invoices\nfor audit",
      benefit: "", // "May audit" is a deadline, not a benefit: shown as context, flagged by the DoR
      priority: "critical",
      labels: "request",
      placement: "top",
      requestNote: "Asked by Finance · Why: May audit",
    });
    const fromCustomer = storyPrefillFromRequest({
      what: "Pay by card",
      why: "so that I don't need cash",
      whoAsks: "a customer",
      urgency: "low",
    });
    expect(fromCustomer).toMatchObject({
      persona: "customer",
      benefit: "I don't need cash",
      placement: "bottom",
    });
  });
});
