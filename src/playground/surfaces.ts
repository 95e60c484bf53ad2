/**
 * What a Slack client shows beyond the simulator's stored messages: modal stacks per person,
 * ephemeral messages (from chat.postEphemeral, command acks and response URLs), and errors (a Web API
 * call Slack refused, a response URL post it rejected). Slack keeps these in the client, so the
 * playground keeps them here, derived from what the simulator recorded (`sync` reads new records).
 */
import type { FakeSlack } from "../simulator/index.js";

export interface Ephemeral {
  id: string;
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  /** Clock time (ms) it appeared, for ordering among messages. */
  at: number;
}

/** Where an interaction happened, so its response URL posts land in the right place. */
export type Source =
  | { kind: "message"; channel: string; ts: string }
  | { kind: "ephemeral"; id: string }
  | { kind: "none" };

export interface ResponseTarget {
  user: string;
  channel: string | undefined;
  source: Source;
}

export interface PlaygroundError {
  id: number;
  at: number;
  /** Who triggered it, when known (errors without one show for everyone). */
  user: string | undefined;
  title: string;
  details: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const MAX_ERRORS = 20;

/**
 * Failures the app expects and handles itself (a stale hash means "someone else updated it first";
 * users.info for a departed person), not worth a red toast.
 */
const QUIET_ERRORS = new Set(["hash_conflict"]);

export class Surfaces {
  readonly ephemerals: Ephemeral[] = [];
  /** Modal view ids per person, root first. */
  readonly modals = new Map<string, string[]>();
  readonly errors: PlaygroundError[] = [];
  private readonly triggers = new Map<string, string>();
  private readonly targets = new Map<string, ResponseTarget>();
  private seen = { calls: 0, responses: 0, rejected: 0, ephemerals: 0 };
  private nextId = 1;

  constructor(private readonly sim: FakeSlack) {}

  /** A trigger id for an interaction by `user` (views.open with it opens that person's modal). */
  trigger(user: string, viewId?: string): string {
    const id = this.sim.mintTriggerId(viewId ? { viewId } : {});
    this.triggers.set(id, user);
    return id;
  }

  /** A response URL whose posts show to `user` in `channel`, replacing `source` when asked to. */
  responseUrl(target: ResponseTarget): string {
    const url = this.sim.mintResponseUrl();
    this.targets.set(url.slice(url.lastIndexOf("/") + 1), target);
    return url;
  }

  addEphemeral(fields: Omit<Ephemeral, "id" | "at">): Ephemeral {
    const e = { ...fields, id: `e${this.nextId++}`, at: this.sim.now() };
    this.ephemerals.push(e);
    return e;
  }

  addError(user: string | undefined, title: string, details: string[] = []): void {
    this.errors.push({ id: this.nextId++, at: this.sim.now(), user, title, details });
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
  }

  /** The view on top of `user`'s modal stack. */
  topModal(user: string): string | undefined {
    return this.modals.get(user)?.at(-1);
  }

  popModal(user: string, viewId: string): void {
    const stack = this.modals.get(user) ?? [];
    const at = stack.indexOf(viewId);
    if (at >= 0) stack.splice(at);
    if (stack.length === 0) this.modals.delete(user);
  }

  pushModal(user: string, viewId: string): void {
    const stack = this.modals.get(user) ?? [];
    if (!stack.includes(viewId)) stack.push(viewId);
    this.modals.set(user, stack);
  }

  /** Reads what the simulator recorded since the last sync; true when something changed. */
  sync(): boolean {
    const { sim } = this;
    const before = { ...this.seen };
    for (const call of sim.calls.slice(this.seen.calls)) {
      if (!call.response.ok) {
        const error = call.response.error ?? "unknown_error";
        if (!QUIET_ERRORS.has(error)) {
          const meta = call.response.response_metadata;
          const messages = isObj(meta) && Array.isArray(meta.messages) ? meta.messages.map(String) : [];
          const user =
            typeof call.args.trigger_id === "string" ? this.triggers.get(call.args.trigger_id) : undefined;
          this.addError(user, `Slack refused ${call.method}: ${error}`, messages);
        }
        continue;
      }
      if (call.method === "views.open" || call.method === "views.push") {
        const user = this.triggers.get(String(call.args.trigger_id));
        const view = call.response.view;
        if (!user || !isObj(view) || typeof view.id !== "string") continue;
        if (call.method === "views.open") this.modals.set(user, [view.id]);
        else this.pushModal(user, view.id);
      }
    }
    this.seen.calls = sim.calls.length;

    for (const e of sim.ephemerals.slice(this.seen.ephemerals)) {
      this.addEphemeral({
        channel: e.channel,
        user: e.user,
        text: e.text,
        blocks: e.blocks,
        threadTs: e.threadTs,
      });
    }
    this.seen.ephemerals = sim.ephemerals.length;

    for (const r of sim.responses.slice(this.seen.responses)) {
      const target = this.targets.get(r.id);
      if (target && isObj(r.body)) this.applyResponse(target, r.body);
    }
    this.seen.responses = sim.responses.length;

    for (const r of sim.rejectedResponses.slice(this.seen.rejected)) {
      this.addError(this.targets.get(r.id)?.user, `Slack refused a response_url post: ${r.reason}`);
    }
    this.seen.rejected = sim.rejectedResponses.length;

    return JSON.stringify(before) !== JSON.stringify(this.seen);
  }

  /**
   * A response URL post as Slack applies it: delete or replace the message the interaction came from,
   * post in the channel (`response_type: in_channel`), or show an ephemeral message (the default).
   */
  private applyResponse(target: ResponseTarget, body: Json): void {
    const { source } = target;
    const text = typeof body.text === "string" ? body.text : "";
    const blocks = Array.isArray(body.blocks) ? this.sim.workspace.normalizeBlocks(body.blocks) : undefined;
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    if (body.delete_original === true || body.delete_original === "true") {
      this.removeSource(source);
      return;
    }
    if (body.replace_original === true || body.replace_original === "true") {
      if (source.kind === "ephemeral") {
        const e = this.ephemerals.find((x) => x.id === source.id);
        if (e) Object.assign(e, { text, blocks });
        return;
      }
      if (source.kind === "message") {
        const m = this.sim.workspace.findMessage(source.channel, source.ts);
        if (m) Object.assign(m, { text, blocks });
        return;
      }
    }
    if (!target.channel) return;
    if (body.response_type === "in_channel") {
      this.sim.workspace.storeMessage(target.channel, { text, blocks, threadTs });
      return;
    }
    this.addEphemeral({ channel: target.channel, user: target.user, text, blocks, threadTs });
  }

  private removeSource(source: Source): void {
    if (source.kind === "ephemeral") {
      const at = this.ephemerals.findIndex((x) => x.id === source.id);
      if (at >= 0) this.ephemerals.splice(at, 1);
    } else if (source.kind === "message") {
      const list = this.sim.workspace.messages.get(source.channel) ?? [];
      const at = list.findIndex((m) => m.ts === source.ts);
      if (at >= 0) list.splice(at, 1);
    }
  }
}
