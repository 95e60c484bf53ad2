/** Channels, the DM with the app, and the App Home tab. */
import type { Selection } from "./App.js";
import type { PageState } from "./api.js";

export function Sidebar(props: { state: PageState; selection: Selection; onSelect(s: Selection): void }) {
  const { state, selection } = props;
  const isSel = (id: string) => selection.kind === "conversation" && selection.id === id;
  const channels = state.conversations.filter((c) => c.kind === "channel");
  const dm = state.conversations.find((c) => c.kind === "dm");
  return (
    <nav className="pg-sidebar" aria-label="Conversations">
      <div className="pg-team">{state.team.name}</div>
      <div className="pg-section">Channels</div>
      {channels.map((c) => (
        <button
          key={c.id}
          type="button"
          className={`pg-nav ${isSel(c.id) ? "pg-nav-selected" : ""}`}
          aria-current={isSel(c.id) ? "page" : undefined}
          onClick={() => props.onSelect({ kind: "conversation", id: c.id })}
        >
          # {c.name}
        </button>
      ))}
      <div className="pg-section">Apps</div>
      {dm ? (
        <button
          type="button"
          className={`pg-nav ${isSel(dm.id) ? "pg-nav-selected" : ""}`}
          aria-current={isSel(dm.id) ? "page" : undefined}
          onClick={() => props.onSelect({ kind: "conversation", id: dm.id })}
        >
          <span className="pg-app-dot" /> {dm.name} — Messages
        </button>
      ) : null}
      <button
        type="button"
        className={`pg-nav ${selection.kind === "home" ? "pg-nav-selected" : ""}`}
        aria-current={selection.kind === "home" ? "page" : undefined}
        onClick={() => props.onSelect({ kind: "home" })}
      >
        <span className="pg-app-dot" /> {state.bot.name} — Home
      </button>
    </nav>
  );
}
