import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/** One choice in a select menu. `text` is what the filter box matches. */
export interface MenuChoice {
  value: string;
  label: ReactNode;
  text: string;
  description?: ReactNode;
  group?: string;
}

interface MenuProps {
  choices: MenuChoice[];
  selected: string[];
  multi: boolean;
  placeholder: string;
  maxSelected?: number;
  onChange(values: string[]): void;
  controlId?: string;
  describedBy?: string;
  invalid?: boolean;
  actionId: string;
}

/**
 * Slack's select menu: a trigger showing the choice (or chips for a multi-select), a popup
 * listbox with a filter box, option groups, and keyboard support (arrows, Enter, Escape).
 */
export function Menu(props: MenuProps) {
  const { choices, selected, multi } = props;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const ownId = useId();
  const triggerId = props.controlId ?? ownId;

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);

  // Keep the keyboard's active option in view in a long list.
  useEffect(() => {
    if (open) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [open, active, listId]);

  const q = query.trim().toLowerCase();
  const visible = q ? choices.filter((c) => c.text.toLowerCase().includes(q)) : choices;
  const byValue = new Map(choices.map((c) => [c.value, c]));
  const full = multi && props.maxSelected !== undefined && selected.length >= props.maxSelected;

  const pick = (value: string) => {
    if (!multi) {
      props.onChange([value]);
      setOpen(false);
      return;
    }
    if (selected.includes(value)) props.onChange(selected.filter((v) => v !== value));
    else if (!full) props.onChange([...selected, value]);
    setQuery("");
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      setOpen(false);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
      } else setActive((a) => Math.min(a + 1, visible.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      const c = visible[active];
      if (c) pick(c.value);
    }
  };

  const single = !multi ? byValue.get(selected[0] ?? "") : undefined;
  let lastGroup: string | undefined;
  return (
    <div className={`bk-select${props.invalid ? " bk-invalid" : ""}`} ref={root}>
      {multi && selected.length > 0 ? (
        <ul className="bk-chips" aria-label="Selected">
          {selected.map((v) => (
            <li key={v} className="bk-chip">
              {byValue.get(v)?.label ?? v}
              <button
                type="button"
                className="bk-chip-remove"
                aria-label={`Remove ${byValue.get(v)?.text ?? v}`}
                onClick={() => props.onChange(selected.filter((s) => s !== v))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        id={triggerId}
        className="bk-select-trigger"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        data-action-id={props.actionId}
        onKeyDown={onKey}
        onClick={() => {
          setOpen(!open);
          setActive(0);
        }}
      >
        <span className={single ? "bk-select-value" : "bk-select-placeholder"}>
          {single ? single.label : multi && selected.length > 0 ? "Add more…" : props.placeholder}
        </span>
        <span className="bk-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="bk-menu">
          <input
            className="bk-menu-filter"
            role="combobox"
            aria-label="Filter options"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={visible[active] ? `${listId}-${active}` : undefined}
            value={query}
            // biome-ignore lint/a11y/noAutofocus: typing filters the menu just opened, as in Slack
            autoFocus
            onKeyDown={onKey}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
          />
          <div role="listbox" id={listId} aria-multiselectable={multi || undefined} className="bk-menu-list">
            {visible.length === 0 ? <div className="bk-menu-empty">No matches</div> : null}
            {visible.map((c, i) => {
              const heading =
                c.group !== undefined && c.group !== lastGroup ? (
                  <div className="bk-menu-group" role="presentation">
                    {c.group}
                  </div>
                ) : null;
              lastGroup = c.group;
              const isSelected = selected.includes(c.value);
              return (
                <div key={`${c.group ?? ""}\u0000${c.value}`}>
                  {heading}
                  <div
                    role="option"
                    id={`${listId}-${i}`}
                    tabIndex={-1}
                    aria-selected={isSelected}
                    aria-disabled={(full && !isSelected) || undefined}
                    className={`bk-menu-option${i === active ? " bk-active" : ""}${isSelected ? " bk-selected" : ""}`}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => pick(c.value)}
                    onKeyDown={(e) => {
                      if (e.key === " ") pick(c.value);
                    }}
                  >
                    {multi ? (
                      <span className="bk-check" aria-hidden="true">
                        {isSelected ? "✓" : ""}
                      </span>
                    ) : null}
                    <span>
                      {c.label}
                      {c.description ? <span className="bk-option-description">{c.description}</span> : null}
                    </span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      ) : null}
    </div>
  );
}
