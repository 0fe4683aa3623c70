import { useMemo, useState } from 'react';
import { checkPolicyText } from '../../../../shared/search';

interface Props {
  initial: string;
  onReview: (text: string) => void;
  onCancel: () => void;
}

/** The access policy as JSON, checked as you type: syntax with line and column, then the policy's shape. */
export function PolicyEditor({ initial, onReview, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const check = useMemo(() => checkPolicyText(text), [text]);
  return (
    <section className="search-editor" aria-label="Edit access policy">
      <textarea
        className="search-textarea"
        aria-label="Access policy JSON"
        spellCheck={false}
        rows={Math.min(30, Math.max(10, text.split('\n').length + 1))}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={!check.ok || undefined}
        aria-describedby="search-policy-check"
      />
      <div id="search-policy-check" role="status" className={check.ok ? 'search-check-ok' : 'search-check-bad'}>
        {check.ok ? (
          <p>The policy is valid JSON with the shape of an access policy.</p>
        ) : (
          <ul aria-label="Policy problems">
            {check.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="search-editor-actions">
        <button type="button" className="button button-primary" disabled={!check.ok} onClick={() => onReview(text)}>
          Review change
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
