import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** Extra content after the label (a count badge); hidden from the accessible name by the caller if needed. */
  after?: ReactNode;
}

interface Props<T extends string> {
  /** The tablist's accessible name. */
  label: string;
  /** Prefix for tab and panel ids; panels use `${idPrefix}-panel-${id}` and point back with aria-labelledby. */
  idPrefix: string;
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect(id: T): void;
}

/**
 * The WAI-ARIA tabs pattern: one tab in the page's tab order, arrow keys move
 * between tabs (wrapping), Home/End jump to the ends.
 */
export function TabList<T extends string>({ label, idPrefix, tabs, selected, onSelect }: Props<T>) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const step: Record<string, number> = {
      ArrowRight: i + 1,
      ArrowLeft: i - 1 + tabs.length,
      Home: 0,
      End: tabs.length - 1,
    };
    if (!(event.key in step)) return;
    event.preventDefault();
    const next = tabs[step[event.key]! % tabs.length]!.id;
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.id}`}
          aria-selected={selected === t.id}
          aria-controls={`${idPrefix}-panel-${t.id}`}
          tabIndex={selected === t.id ? 0 : -1}
          className="tab"
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.after}
        </button>
      ))}
    </div>
  );
}
