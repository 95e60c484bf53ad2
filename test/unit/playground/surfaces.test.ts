/** What a Slack client keeps, derived from the simulator's records (a real simulator, real HTTP posts). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Surfaces } from "../../../src/playground/surfaces.js";
import { FakeSlack } from "../../../src/simulator/index.js";

describe("playground surfaces", () => {
  let sim: FakeSlack;
  let surfaces: Surfaces;
  beforeEach(async () => {
    sim = await FakeSlack.start({ strictChannels: true });
    sim.addUser({ id: "U1", name: "ann" });
    sim.addChannel({ id: "C1", name: "team" });
    surfaces = new Surfaces(sim);
  });
  afterEach(() => sim.stop());

  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const api = (method: string, args: Record<string, unknown>) =>
    fetch(`${sim.apiUrl}${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer xoxb-x" },
      body: JSON.stringify(args),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);

  it("shows a response URL post as an ephemeral message, then replaces it in place", async () => {
    const url = surfaces.responseUrl({ user: "U1", channel: "C1", source: { kind: "none" } });
    await post(url, { text: "only for you" });
    expect(surfaces.sync()).toBe(true);
    expect(surfaces.ephemerals).toMatchObject([{ user: "U1", channel: "C1", text: "only for you" }]);
    const id = surfaces.ephemerals[0]!.id;
    const again = surfaces.responseUrl({ user: "U1", channel: "C1", source: { kind: "ephemeral", id } });
    await post(again, { replace_original: true, text: "updated" });
    surfaces.sync();
    expect(surfaces.ephemerals).toMatchObject([{ id, text: "updated" }]);
    await post(again, { delete_original: true });
    surfaces.sync();
    expect(surfaces.ephemerals).toEqual([]);
  });

  it("posts in_channel responses to the channel and replaces a message the click came from", async () => {
    const url = surfaces.responseUrl({ user: "U1", channel: "C1", source: { kind: "none" } });
    await post(url, { response_type: "in_channel", text: "for everyone" });
    surfaces.sync();
    const [message] = sim.messagesIn("C1");
    expect(message?.text).toBe("for everyone");
    const click = surfaces.responseUrl({
      user: "U1",
      channel: "C1",
      source: { kind: "message", channel: "C1", ts: message!.ts },
    });
    await post(click, { replace_original: "true", text: "changed" });
    surfaces.sync();
    expect(sim.messagesIn("C1").map((m) => m.text)).toEqual(["changed"]);
  });

  it("opens and stacks modals for the person whose trigger was used, and reports refused calls", async () => {
    const view = { type: "modal", title: { type: "plain_text", text: "Hi" }, blocks: [] };
    const opened = await api("views.open", { trigger_id: surfaces.trigger("U1"), view });
    const rootId = (opened.view as { id: string }).id;
    await api("views.push", { trigger_id: surfaces.trigger("U1", rootId), view });
    surfaces.sync();
    expect(surfaces.modals.get("U1")).toHaveLength(2);
    surfaces.popModal("U1", surfaces.topModal("U1")!);
    expect(surfaces.modals.get("U1")).toEqual([rootId]);

    await api("chat.postMessage", { channel: "C1", blocks: [{ type: "section" }] });
    surfaces.sync();
    expect(surfaces.errors.at(-1)?.title).toBe("Slack refused chat.postMessage: invalid_blocks");
    expect(surfaces.errors.at(-1)?.details.join(" ")).toMatch(/json-pointer:\/blocks\/0/);
  });
});
