import { useId, useState } from 'react';
import { customWindowProblem, periodForWindow, type WindowProblem } from '../../../../../shared/monitoring/window';

const pad = (n: number) => String(n).padStart(2, '0');

/** What a datetime-local input holds for an instant: local time to the minute. */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as epoch ms (the browser's local time), NaN when empty or malformed. */
export function parseLocalInput(value: string): number {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value) ? new Date(value).getTime() : Number.NaN;
}

const DEFAULT_SPAN_MS = 3 * 3_600_000;

/** Checked at the moment of asking, on the clock main checks it with. */
const problemNow = (startMs: number, endMs: number) => customWindowProblem(startMs, endMs, Date.now());

/**
 * A start and an end, checked as main checks them before anything is read;
 * what is wrong is said beside the field it concerns, and nothing typed is lost.
 */
export function CustomRangeForm({
  initial,
  onApply,
}: {
  initial?: { start: string; end: string };
  onApply: (window: { start: string; end: string }) => void;
}) {
  const [start, setStart] = useState(() =>
    localInputValue(initial ? Date.parse(initial.start) : Date.now() - DEFAULT_SPAN_MS),
  );
  const [end, setEnd] = useState(() => localInputValue(initial ? Date.parse(initial.end) : Date.now()));
  const [problem, setProblem] = useState<WindowProblem | null>(null);
  const errorId = useId();
  // The preview of the period needs a "now"; the form's opening is near enough, and submit checks afresh.
  const [openedAt] = useState(() => Date.now());
  const startMs = parseLocalInput(start);
  const endMs = parseLocalInput(end);
  const valid = customWindowProblem(startMs, endMs, openedAt) === null;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = problemNow(startMs, endMs);
    setProblem(found);
    if (!found) onApply({ start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() });
  };
  const invalid = (field: WindowProblem['field']) =>
    problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  return (
    <form className="monitoring-custom" aria-label="Custom range" onSubmit={submit} noValidate>
      <label>
        Start{' '}
        <input
          type="datetime-local"
          value={start}
          onChange={(e) => {
            setStart(e.target.value);
            setProblem(null);
          }}
          {...invalid('start')}
        />
      </label>
      <label>
        End{' '}
        <input
          type="datetime-local"
          value={end}
          onChange={(e) => {
            setEnd(e.target.value);
            setProblem(null);
          }}
          {...invalid('end')}
        />
      </label>
      <button type="submit" className="button button-small">
        Show range
      </button>
      {valid && !problem && <span className="muted">{periodForWindow(startMs, endMs, openedAt) / 60} min periods</span>}
      {problem && (
        <p id={errorId} className="field-error" role="alert">
          {problem.message}
        </p>
      )}
    </form>
  );
}
