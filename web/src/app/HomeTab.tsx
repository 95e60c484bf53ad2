/** The App Home tab as the app last published it for this person. */
import { Blocks, type RenderContext } from "../blockkit/index.js";
import type { PageState, Surface } from "./api.js";

export function HomeTab(props: { state: PageState; ctxFor(s: Surface): RenderContext }) {
  const { home } = props.state;
  return (
    <main className="pg-channel pg-home" aria-label="App Home">
      <header className="pg-channel-head">
        <h1>{props.state.bot.name}</h1>
        <span className="pg-topic">Home</span>
      </header>
      <div className="pg-home-body">
        {home ? (
          <Blocks blocks={home.blocks} ctx={props.ctxFor({ kind: "view", viewId: home.id })} />
        ) : (
          <p className="pg-empty">Opening Home…</p>
        )}
      </div>
    </main>
  );
}
