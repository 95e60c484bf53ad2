/** The top bar: what this is (never real Slack), the shared clock and its jumps, the person switcher, reset. */
import type { PageState } from "./api.js";
import { formatClock } from "./time.js";

type Jump = "hour" | "day" | "berlin-nine" | "monday-nine";

export function TopBar(props: {
  state: PageState;
  me: string;
  busy: boolean;
  onPerson(id: string): void;
  onJump(jump: Jump): void;
  onReset(): void;
}) {
  const { state, me, busy } = props;
  const person = state.people.find((p) => p.id === me);
  return (
    <header className="pg-top">
      <div className="pg-brand">
        <strong>scrumbot</strong> playground
        <span className="pg-notice" title="Slack is simulated on this machine; no tokens, no network">
          Simulated Slack — this page never talks to real Slack
        </span>
      </div>
      <fieldset className="pg-clock" aria-label="Clock">
        <span className="pg-clock-now" data-testid="clock">
          {formatClock(state.now, "Europe/Berlin")} Berlin
          {person && person.tz !== "Europe/Berlin" ? ` · ${formatClock(state.now, person.tz)} for you` : ""}
        </span>
        <button type="button" disabled={busy} onClick={() => props.onJump("hour")}>
          +1 hour
        </button>
        <button type="button" disabled={busy} onClick={() => props.onJump("day")}>
          +1 day
        </button>
        <button type="button" disabled={busy} onClick={() => props.onJump("berlin-nine")}>
          Next 09:00 Berlin
        </button>
        <button type="button" disabled={busy} onClick={() => props.onJump("monday-nine")}>
          Next Monday 09:00
        </button>
      </fieldset>
      <label className="pg-person">
        <span>You are</span>
        <select aria-label="Person" value={me} onChange={(e) => props.onPerson(e.target.value)}>
          {state.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.realName} — {p.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="pg-reset" disabled={busy} onClick={props.onReset}>
        Reset
      </button>
    </header>
  );
}
