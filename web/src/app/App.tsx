/**
 * The playground page: a Slack-like client for one person at a time (switchable), live through a
 * server-sent event stream. Everything it shows comes from the simulator via `/api/state`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RenderContext } from "../blockkit/index.js";
import { api, type PageState, type Surface } from "./api.js";
import { Channel } from "./Channel.js";
import { HomeTab } from "./HomeTab.js";
import { ModalStack } from "./ModalStack.js";
import { Sidebar } from "./Sidebar.js";
import { type Toast, Toasts } from "./Toasts.js";
import { TopBar } from "./TopBar.js";

const PERSON_KEY = "scrumbot-playground-person";
const DEFAULT_PERSON = "U0PRIYA";

export type Selection = { kind: "conversation"; id: string } | { kind: "home" };

export function App() {
  const [me, setMe] = useState(() => localStorage.getItem(PERSON_KEY) ?? DEFAULT_PERSON);
  const [state, setState] = useState<PageState | null>(null);
  const [selection, setSelection] = useState<Selection>({ kind: "conversation", id: "C0TEAM" });
  const [thread, setThread] = useState<{ channel: string; ts: string } | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const meRef = useRef(me);
  meRef.current = me;

  const toast = useCallback((title: string, details: string[] = []) => {
    setToasts((t) => [...t, { id: `local-${Date.now()}-${t.length}`, title, details }]);
  }, []);

  /** Runs a page request; its failure becomes a toast saying what to do next. */
  const attempt = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (e) {
        toast(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    },
    [toast],
  );

  // The server says "version N" whenever something changed; fetch the state for the current person.
  useEffect(() => {
    const events = new EventSource("/api/events");
    events.onmessage = (e) => setVersion(Number(e.data));
    return () => events.close();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means refetch
  useEffect(() => {
    let cancelled = false;
    void api
      .state(me)
      .then((s) => {
        if (!cancelled && meRef.current === s.me) setState(s);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [me, version]);

  const switchPerson = (id: string) => {
    localStorage.setItem(PERSON_KEY, id);
    setMe(id);
    setThread(null);
    if (selection.kind === "home") void attempt(() => api.home(id));
    else if (state && !state.conversations.some((c) => c.id === selection.id && c.kind === "channel")) {
      setSelection({ kind: "conversation", id: "C0TEAM" });
    }
  };

  const select = (s: Selection) => {
    setSelection(s);
    setThread(null);
    if (s.kind === "home") void attempt(() => api.home(me));
  };

  const person = state?.people.find((p) => p.id === me);
  const ctxFor = useCallback(
    (surface: Surface, conversation?: string): RenderContext => ({
      onAction: (a, values) => void attempt(() => api.action(meRef.current, surface, a, values)),
      userName: (id) => state?.users[id] ?? id,
      channelName: (id) => state?.channelNames[id] ?? id,
      people: () => state?.people.map((p) => ({ id: p.id, name: p.realName })) ?? [],
      channels: () =>
        state?.conversations
          .filter((c) => c.kind === "channel")
          .map((c) => ({ id: c.id, name: c.name, kind: "public" as const })) ?? [],
      currentConversation: () => conversation,
      now: () => (state ? Date.parse(state.now) : Date.now()),
      timeZone: () => person?.tz ?? "UTC",
      imageUrl: (url) => url,
    }),
    [state, person, attempt],
  );

  const serverErrors = useMemo(
    () => (state?.errors ?? []).map((e) => ({ id: `server-${e.id}`, title: e.title, details: e.details })),
    [state],
  );
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const shownToasts = [...serverErrors, ...toasts].filter((t) => !dismissed.has(t.id));

  if (!state || !person) {
    return <div className="pg-loading">Starting the playground…</div>;
  }
  const conversation =
    selection.kind === "conversation" ? state.conversations.find((c) => c.id === selection.id) : undefined;

  return (
    <div className="pg">
      <TopBar
        state={state}
        me={me}
        busy={busy}
        onPerson={switchPerson}
        onJump={async (jump) => {
          setBusy(true);
          await attempt(() => api.clock(jump));
          setBusy(false);
        }}
        onReset={async () => {
          if (
            !window.confirm("Reset the playground? Every change is lost and the demo data is written again.")
          )
            return;
          setBusy(true);
          await attempt(() => api.reset());
          setDismissed(new Set());
          setToasts([]);
          setBusy(false);
        }}
      />
      <div className="pg-main">
        <Sidebar state={state} selection={selection} onSelect={select} />
        {selection.kind === "home" ? (
          <HomeTab state={state} ctxFor={ctxFor} />
        ) : conversation ? (
          <Channel
            key={conversation.id}
            state={state}
            conversation={conversation}
            thread={thread}
            onThread={setThread}
            ctxFor={ctxFor}
            onSend={(text, threadTs) => attempt(() => api.send(me, conversation.id, text, threadTs))}
            onShortcut={(ts) => attempt(() => api.shortcut(me, conversation.id, ts))}
          />
        ) : (
          <main className="pg-channel" />
        )}
      </div>
      <ModalStack state={state} ctxFor={ctxFor} attempt={attempt} />
      <Toasts toasts={shownToasts} onDismiss={(id) => setDismissed((d) => new Set(d).add(id))} />
    </div>
  );
}
