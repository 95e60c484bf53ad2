/** views.* in the fake: trigger-id expiry and reuse, push limit, hash races, validation, Home tab. */
import type { ModalView } from "@slack/types";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../support/fake-slack.js";

let now: number;
let fake: FakeSlack;
let client: WebClient;

const modal = (title = "Story", extra: Partial<ModalView> = {}): ModalView => ({
  type: "modal",
  callback_id: "story",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Save" },
  blocks: [
    {
      type: "input",
      block_id: "title",
      label: { type: "plain_text", text: "Title" },
      element: { type: "plain_text_input", action_id: "value" },
    },
  ],
  ...extra,
});

async function slackError(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { data?: { error?: string } }).data?.error;
  }
}

beforeEach(async () => {
  now = 1_700_000_000_000;
  fake = await FakeSlack.start({ now: () => now });
  client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => fake.stop());

describe("trigger ids", () => {
  it("opens a modal with a fresh trigger id and returns Slack's view shape", async () => {
    const res = await client.views.open({ trigger_id: fake.mintTriggerId(), view: modal() });
    expect(res.view).toMatchObject({
      type: "modal",
      callback_id: "story",
      private_metadata: "",
      state: { values: {} },
      previous_view_id: null,
      app_id: "A0001",
    });
    expect(res.view?.id).toMatch(/^V/);
    expect(res.view?.root_view_id).toBe(res.view?.id);
    expect(fake.view(res.view!.id!)).toBeDefined();
  });

  it("answers expired_trigger_id after 3 seconds, on reuse, and for unknown ids", async () => {
    const late = fake.mintTriggerId();
    now += 3001;
    expect(await slackError(client.views.open({ trigger_id: late, view: modal() }))).toBe(
      "expired_trigger_id",
    );

    const once = fake.mintTriggerId();
    now += 2999;
    await expect(client.views.open({ trigger_id: once, view: modal() })).resolves.toMatchObject({ ok: true });
    expect(await slackError(client.views.open({ trigger_id: once, view: modal() }))).toBe(
      "expired_trigger_id",
    );
    expect(await slackError(client.views.open({ trigger_id: "123.456.abc", view: modal() }))).toBe(
      "expired_trigger_id",
    );
  });

  it("does not burn the trigger on a refused view", async () => {
    const trigger = fake.mintTriggerId();
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal("x".repeat(25)) }))).toBe(
      "invalid_arguments",
    );
    await expect(client.views.open({ trigger_id: trigger, view: modal() })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("pushes onto the view the interaction came from, at most 3 deep", async () => {
    const root = (await client.views.open({ trigger_id: fake.mintTriggerId(), view: modal("1") })).view!;
    const second = (
      await client.views.push({ trigger_id: fake.mintTriggerId({ viewId: root.id! }), view: modal("2") })
    ).view!;
    expect(second).toMatchObject({ root_view_id: root.id, previous_view_id: root.id });
    await client.views.push({ trigger_id: fake.mintTriggerId({ viewId: second.id! }), view: modal("3") });
    const fourth = client.views.push({
      trigger_id: fake.mintTriggerId({ viewId: second.id! }),
      view: modal("4"),
    });
    expect(await slackError(fourth)).toBe("push_limit_reached");
  });
});

describe("validation", () => {
  it("answers invalid_arguments for a long title and private_metadata, with the pointer", async () => {
    const err = (await client.views
      .open({
        trigger_id: fake.mintTriggerId(),
        view: modal("x".repeat(25), { private_metadata: "m".repeat(3001) }),
      })
      .catch((e) => e)) as { data: { error: string; response_metadata: { messages: string[] } } };
    expect(err.data.error).toBe("invalid_arguments");
    expect(err.data.response_metadata.messages).toEqual([
      "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
      "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]",
    ]);
  });

  it("answers invalid_blocks for 101 blocks", async () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: "divider" as const }));
    const view = modal("Big", { blocks, submit: undefined });
    expect(await slackError(client.views.open({ trigger_id: fake.mintTriggerId(), view }))).toBe(
      "invalid_blocks",
    );
  });
});

describe("views.update and views.publish", () => {
  it("replaces a view and refuses a stale hash with hash_conflict", async () => {
    const opened = (await client.views.open({ trigger_id: fake.mintTriggerId(), view: modal() })).view!;
    const updated = await client.views.update({
      view_id: opened.id!,
      hash: opened.hash!,
      view: modal("Step 2"),
    });
    expect(updated.view).toMatchObject({ id: opened.id, title: { text: "Step 2" } });
    expect(updated.view?.hash).not.toBe(opened.hash);
    const stale = client.views.update({ view_id: opened.id!, hash: opened.hash!, view: modal("Step 3") });
    expect(await slackError(stale)).toBe("hash_conflict");
    expect(await slackError(client.views.update({ view_id: "V404", view: modal() }))).toBe("not_found");
  });

  it("publishes a Home tab per user and keeps its id", async () => {
    fake.addUser({ id: "U1" });
    const home = {
      type: "home" as const,
      blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "Hi" } }],
    };
    const first = await client.views.publish({ user_id: "U1", view: home });
    const again = await client.views.publish({ user_id: "U1", view: home, hash: first.view!.hash! });
    expect(again.view?.id).toBe(first.view?.id);
    expect(fake.homeView("U1")?.blocks).toHaveLength(1);
    expect(await slackError(client.views.publish({ user_id: "U1", view: modal() }))).toBe(
      "invalid_arguments",
    );
  });

  it("fills in missing block_id and action_id like Slack", async () => {
    const view = modal("Ids", {
      blocks: [
        {
          type: "input",
          label: { type: "plain_text", text: "Anything" },
          element: { type: "plain_text_input" },
        },
      ],
    });
    const res = await client.views.open({ trigger_id: fake.mintTriggerId(), view });
    const [block] = res.view!.blocks as { block_id: string; element: { action_id: string } }[];
    expect(block?.block_id).toBeTruthy();
    expect(block?.element.action_id).toBeTruthy();
  });
});
