/**
 * The renderer's gallery: the app's real messages and modals on one page, for eyes and for the
 * browser test. Every action and submission is shown in a log and kept in `window.blockkitLog`.
 * A tiny stand-in for the app answers the form modal: "TBD" as a title gets a field error back,
 * as the app's `response_action: "errors"` would.
 */
import { StrictMode, useCallback, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import {
  BURNDOWN_URL,
  backlog,
  CHANNELS,
  digest,
  formModal,
  home,
  kitchenSink,
  PEOPLE,
  pokerRevealed,
  pokerVoting,
  retroAction,
  standupReport,
  standupSetup,
  storyCapture,
} from "./gallery-data.js";
import { type BlockAction, Blocks, ModalView, type RenderContext, type StateValues } from "./index.js";

export type LogEntry =
  | { kind: "action"; action: BlockAction; state: StateValues | undefined }
  | { kind: "submit"; view: string; values: StateValues };

declare global {
  interface Window {
    blockkitLog: LogEntry[];
  }
}
window.blockkitLog = [];

const MESSAGES: [string, { blocks: unknown[] }][] = [
  ["Kitchen sink", kitchenSink()],
  ["/backlog (product owner)", backlog()],
  ["Standup report", standupReport()],
  ["Planning poker: voting", pokerVoting()],
  ["Planning poker: revealed", pokerRevealed()],
  ["Monday digest", digest()],
  ["App Home", home()],
];

const MODALS: Record<string, () => unknown> = {
  "Every input": formModal,
  "New story": storyCapture,
  "Standup setup": standupSetup,
  "Retro action": retroAction,
};

function Gallery() {
  const [log, setLog] = useState<LogEntry[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const record = useCallback((entry: LogEntry) => {
    window.blockkitLog.push(entry);
    setLog((l) => [...l, entry]);
  }, []);
  const ctx = useMemo<RenderContext>(
    () => ({
      onAction: (action, state) => record({ kind: "action", action, state }),
      userName: (id) => PEOPLE.find((p) => p.id === id)?.name ?? id,
      channelName: (id) => CHANNELS.find((c) => c.id === id)?.name ?? id,
      imageUrl: (url) => (url === BURNDOWN_URL ? "./burndown.png" : ""),
      people: () => PEOPLE,
      channels: () => CHANNELS,
      currentConversation: () => "C0TEAM",
      now: () => Date.parse("2026-12-02T09:30:00Z"),
      timeZone: () => "Europe/Berlin",
    }),
    [record],
  );
  const submit = (name: string, values: StateValues) => {
    record({ kind: "submit", view: name, values });
    const title = values.title?.v?.value ?? "";
    if (name === "Every input" && title.trim().toUpperCase() === "TBD") {
      setErrors({ title: "Give the story a real title: “TBD” tells the team nothing." });
      return;
    }
    setErrors({});
    setOpen(null);
  };
  const modal = open ? MODALS[open] : undefined;
  return (
    <main className="gallery">
      <h1>Block Kit gallery</h1>
      <p>Real scrumbot payloads drawn by the playground's renderer. Nothing here talks to Slack.</p>
      <nav className="gallery-modals" aria-label="Modals">
        {Object.keys(MODALS).map((name) => (
          <button
            type="button"
            key={name}
            onClick={() => {
              setErrors({});
              setOpen(name);
            }}
          >
            Open “{name}”
          </button>
        ))}
      </nav>
      {MESSAGES.map(([name, message]) => (
        <section key={name} className="gallery-message" aria-label={name}>
          <h2 className="gallery-title">{name}</h2>
          <Blocks blocks={message.blocks} ctx={ctx} />
        </section>
      ))}
      <section aria-label="Log">
        <h2 className="gallery-title">Log</h2>
        <pre className="gallery-log" data-testid="log">
          {log.map((e) => JSON.stringify(e.kind === "action" ? e.action : e.values)).join("\n")}
        </pre>
      </section>
      {modal && open ? (
        <div className="gallery-overlay">
          <ModalView
            key={open}
            view={modal()}
            errors={errors}
            ctx={ctx}
            onSubmit={(values) => submit(open, values)}
            onClose={() => setOpen(null)}
          />
        </div>
      ) : null}
    </main>
  );
}

const style = document.createElement("style");
style.textContent = `
  body { margin: 0; background: #f8f8f8; font-family: system-ui, sans-serif; }
  .gallery { max-width: 760px; margin: 0 auto; padding: 16px 24px 80px; }
  .gallery-message { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px 20px; margin: 16px 0; }
  .gallery-title { font-size: 13px; color: #616061; text-transform: uppercase; letter-spacing: 0.04em; }
  .gallery-modals { display: flex; gap: 8px; flex-wrap: wrap; }
  .gallery-log { white-space: pre-wrap; font-size: 11px; background: #fff; border: 1px solid #ddd; padding: 8px; }
  .gallery-overlay { position: fixed; inset: 0; background: rgba(0,0,0,.5); display: flex; align-items: center;
    justify-content: center; z-index: 50; }
`;
document.head.append(style);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Gallery />
    </StrictMode>,
  );
}
