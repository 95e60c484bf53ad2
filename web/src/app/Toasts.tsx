/** Errors as Slack would show them: a payload Slack refused, a request that failed. */
export interface Toast {
  id: string;
  title: string;
  details: string[];
}

export function Toasts(props: { toasts: Toast[]; onDismiss(id: string): void }) {
  if (props.toasts.length === 0) return null;
  return (
    <div className="pg-toasts" role="alert">
      {props.toasts.slice(-4).map((t) => (
        <div key={t.id} className="pg-toast">
          <div className="pg-toast-title">{t.title}</div>
          {t.details.map((d) => (
            <div key={d} className="pg-toast-detail">
              {d}
            </div>
          ))}
          <button type="button" aria-label="Dismiss" onClick={() => props.onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
