/** The person's modal stack: the top view shows; Cancel goes back to the one below it. */
import { useState } from "react";
import { ModalView, type RenderContext } from "../blockkit/index.js";
import { api, type PageState, type Surface } from "./api.js";

export function ModalStack(props: {
  state: PageState;
  ctxFor(s: Surface): RenderContext;
  attempt<T>(work: () => Promise<T>): Promise<T | undefined>;
}) {
  const { state } = props;
  const [errors, setErrors] = useState<{ viewId: string; errors: Record<string, string> } | null>(null);
  const top = state.modals.at(-1);
  if (!top) return null;
  return (
    <div className="bk-overlay pg-overlay">
      <ModalView
        key={top.id}
        view={top}
        errors={errors?.viewId === top.id ? errors.errors : undefined}
        ctx={props.ctxFor({ kind: "view", viewId: top.id })}
        onSubmit={async (values) => {
          const res = await props.attempt(() => api.submit(state.me, top.id, values));
          setErrors(res?.errors ? { viewId: top.id, errors: res.errors } : null);
        }}
        onClose={() => {
          setErrors(null);
          void props.attempt(() => api.close(state.me, top.id));
        }}
      />
    </div>
  );
}
