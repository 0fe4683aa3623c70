import { useId, useState, type FormEvent } from 'react';
import type { Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { useDiagnostics } from '../../stores/diagnostics';
import { FindingTable } from './FindingTable';

/** Paste an event or an error message; get what it means and the findings it leads to. */
export function ExplainBox({ target }: { target: Target }) {
  const [text, setText] = useState('');
  const explained = useDiagnostics((s) => s.explained);
  const id = useId();
  const data = dataOf(explained);
  const busy = explained.status === 'loading';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void useDiagnostics.getState().explainText(target, text);
  };

  return (
    <section className="panel explain" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Explain an error</h2>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-text`}>Error, event or log text</label>
        <textarea
          id={`${id}-text`}
          className="filter filter-wide explain-text"
          rows={4}
          maxLength={500_000}
          value={text}
          placeholder="Paste an error, an event, or lines from an instance log (e.g. /var/log/web.stdout.log)…"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={!text.trim() || busy} aria-busy={busy || undefined}>
          {busy ? 'Explaining…' : 'Explain'}
        </button>
      </form>
      {explained.status === 'error' && <ErrorNotice error={explained.error} title="Could not explain the text" />}
      {data && (
        <div className="explain-result" aria-live="polite">
          {data.matches.length === 0 ? (
            <p className="empty">Nothing in the text matches a known failure.</p>
          ) : (
            <ul className="explain-matches" aria-label="What the text says">
              {data.matches.map((m, i) => (
                <li key={i} className="explain-match">
                  <p>
                    <span className="tag">{m.rule}</span> <strong>{m.meaning}</strong>
                  </p>
                  <pre className="code code-wrap">
                    <code>{m.match}</code>
                  </pre>
                  {Object.keys(m.fields).length > 0 && (
                    <dl className="explain-fields">
                      {Object.entries(m.fields).map(([k, v]) => (
                        <div key={k}>
                          <dt>{k}</dt>
                          <dd className="mono">{v}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </li>
              ))}
            </ul>
          )}
          {data.findings.length > 0 && <FindingTable findings={data.findings} label="Findings from the text" />}
        </div>
      )}
    </section>
  );
}
