/**
 * A channel or the DM: messages in time order with the person's ephemeral messages among them,
 * thread summaries, a thread pane, and the composer (slash commands or plain messages).
 */
import { Fragment, useEffect, useRef, useState } from "react";
import { Blocks, Mrkdwn, type RenderContext } from "../blockkit/index.js";
import type { Conversation, Ephemeral, PageMessage, PageState, Surface } from "./api.js";
import { formatDay, formatTime, tsMs } from "./time.js";

interface ChannelProps {
  state: PageState;
  conversation: Conversation;
  thread: { channel: string; ts: string } | null;
  onThread(t: { channel: string; ts: string } | null): void;
  ctxFor(s: Surface, conversation?: string): RenderContext;
  onSend(text: string, threadTs?: string): Promise<unknown>;
  onShortcut(ts: string): Promise<unknown>;
}

type Item = { kind: "message"; at: number; m: PageMessage } | { kind: "ephemeral"; at: number; e: Ephemeral };

export function Channel(props: ChannelProps) {
  const { state, conversation } = props;
  const tz = state.people.find((p) => p.id === state.me)?.tz ?? "UTC";
  const all = state.messages[conversation.id] ?? [];
  const top = all.filter((m) => !m.threadTs || m.threadTs === m.ts);
  const replies = (ts: string) => all.filter((m) => m.threadTs === ts && m.ts !== ts);
  const ephemerals = state.ephemerals.filter((e) => e.channel === conversation.id);
  const items: Item[] = [
    ...top.map((m) => ({ kind: "message" as const, at: tsMs(m.ts), m })),
    ...ephemerals.filter((e) => !e.threadTs).map((e) => ({ kind: "ephemeral" as const, at: e.at, e })),
  ].sort((a, b) => a.at - b.at);

  const listRef = useRef<HTMLDivElement>(null);
  const count = items.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the number of items changes
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, conversation.id]);

  const threadParent = props.thread ? all.find((m) => m.ts === props.thread?.ts) : undefined;
  const title = conversation.kind === "channel" ? `#${conversation.name}` : conversation.name;
  let lastDay = "";

  return (
    <>
      <main className="pg-channel" aria-label={title}>
        <header className="pg-channel-head">
          <h1>{title}</h1>
          <span className="pg-topic">{conversation.topic}</span>
        </header>
        <div className="pg-messages" ref={listRef}>
          {items.length === 0 ? <p className="pg-empty">No messages yet. Try /scrum help.</p> : null}
          {items.map((item) => {
            const day = formatDay(item.at, tz);
            const divider = day !== lastDay ? <div className="pg-day">{day}</div> : null;
            lastDay = day;
            const key = item.kind === "message" ? item.m.ts : item.e.id;
            return (
              <Fragment key={key}>
                {divider}
                {item.kind === "message" ? (
                  <MessageRow
                    {...props}
                    tz={tz}
                    m={item.m}
                    replies={replies(item.m.ts)}
                    onOpenThread={() => props.onThread({ channel: conversation.id, ts: item.m.ts })}
                  />
                ) : (
                  <EphemeralRow {...props} tz={tz} e={item.e} />
                )}
              </Fragment>
            );
          })}
        </div>
        <Composer placeholder={`Message ${title}`} onSend={(text) => props.onSend(text)} />
      </main>
      {threadParent ? (
        <aside className="pg-thread" aria-label="Thread">
          <header className="pg-channel-head">
            <h1>Thread</h1>
            <span className="pg-topic">{title}</span>
            <button
              type="button"
              className="pg-close"
              aria-label="Close thread"
              onClick={() => props.onThread(null)}
            >
              ×
            </button>
          </header>
          <div className="pg-messages">
            <MessageRow {...props} tz={tz} m={threadParent} replies={[]} />
            <div className="pg-replies-count">
              {replies(threadParent.ts).length === 1
                ? "1 reply"
                : `${replies(threadParent.ts).length} replies`}
            </div>
            {replies(threadParent.ts).map((m) => (
              <MessageRow key={m.ts} {...props} tz={tz} m={m} replies={[]} />
            ))}
            {ephemerals
              .filter((e) => e.threadTs === threadParent.ts)
              .map((e) => (
                <EphemeralRow key={e.id} {...props} tz={tz} e={e} />
              ))}
          </div>
          <Composer placeholder="Reply…" onSend={(text) => props.onSend(text, threadParent.ts)} />
        </aside>
      ) : null}
    </>
  );
}

function Author(props: {
  state: PageState;
  user: string;
  isBot: boolean;
  /** The name the app posted under, shown as the author like Slack does. */
  username?: string | undefined;
  at: number;
  tz: string;
  edited?: boolean;
}) {
  const name = props.isBot
    ? (props.username ?? props.state.bot.name)
    : (props.state.users[props.user] ?? props.user);
  return (
    <div className="pg-author">
      <span className={`pg-avatar ${props.isBot ? "pg-avatar-bot" : ""}`} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      <strong>{name}</strong>
      {props.isBot ? <span className="pg-badge">APP</span> : null}
      <span className="pg-time">{formatTime(props.at, props.tz)}</span>
      {props.edited ? <span className="pg-time">(edited)</span> : null}
    </div>
  );
}

function MessageRow(
  props: ChannelProps & { tz: string; m: PageMessage; replies: PageMessage[]; onOpenThread?: () => void },
) {
  const { state, m, conversation } = props;
  const ctx = props.ctxFor({ kind: "message", channel: conversation.id, ts: m.ts }, conversation.id);
  const last = props.replies.at(-1);
  return (
    <article
      className="pg-msg"
      data-ts={m.ts}
      aria-label={`Message from ${m.isBot ? (m.username ?? state.bot.name) : state.users[m.user]}`}
    >
      <Author
        state={state}
        user={m.user}
        isBot={m.isBot}
        username={m.username}
        at={tsMs(m.ts)}
        tz={props.tz}
        edited={m.edited}
      />
      <div className="pg-body">
        {m.blocks && m.blocks.length > 0 ? (
          <Blocks blocks={m.blocks} ctx={ctx} />
        ) : (
          <Mrkdwn text={m.text} ctx={ctx} />
        )}
        {m.files.map((f) => (
          <figure key={f.id} className="pg-file">
            <img src={f.url} alt={f.title} />
            <figcaption>{f.title}</figcaption>
          </figure>
        ))}
      </div>
      {props.replies.length > 0 && props.onOpenThread ? (
        <button type="button" className="pg-replies" onClick={props.onOpenThread}>
          {props.replies.length === 1 ? "1 reply" : `${props.replies.length} replies`}
          {last ? <span className="pg-time"> Last reply {formatTime(tsMs(last.ts), props.tz)}</span> : null}
        </button>
      ) : null}
      {!m.isBot ? (
        <div className="pg-msg-actions">
          {props.onOpenThread ? (
            <button type="button" onClick={props.onOpenThread}>
              Reply in thread
            </button>
          ) : null}
          <button type="button" onClick={() => void props.onShortcut(m.ts)}>
            Turn into story
          </button>
        </div>
      ) : null}
    </article>
  );
}

function EphemeralRow(props: ChannelProps & { tz: string; e: Ephemeral }) {
  const { e, state } = props;
  const ctx = props.ctxFor({ kind: "ephemeral", id: e.id }, props.conversation.id);
  return (
    <article className="pg-msg pg-ephemeral" aria-label="Only visible to you">
      <Author state={state} user={state.bot.id} isBot at={e.at} tz={props.tz} />
      <div className="pg-body">
        {e.blocks && e.blocks.length > 0 ? (
          <Blocks blocks={e.blocks} ctx={ctx} />
        ) : (
          <Mrkdwn text={e.text} ctx={ctx} />
        )}
      </div>
      <div className="pg-only-you">Only visible to you</div>
    </article>
  );
}

function Composer(props: { placeholder: string; onSend(text: string): Promise<unknown> }) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (text.trim() === "" || sending) return;
    setSending(true);
    const sent = text;
    setText("");
    await props.onSend(sent);
    setSending(false);
  };
  return (
    <form
      className="pg-composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        aria-label={props.placeholder}
        placeholder={`${props.placeholder} — try /story, /backlog, /standup, /poker, /sprint, /digest`}
        value={text}
        rows={1}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" disabled={sending || text.trim() === ""}>
        Send
      </button>
    </form>
  );
}
