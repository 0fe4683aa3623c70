import { useEffect, useState } from 'react';

interface Props {
  text: string;
  /** What is copied, for the accessible name ("Copy AWS CLI equivalent"). */
  what: string;
}

/** Copies to the clipboard and says so on the button itself; never reads the clipboard. */
export function CopyButton({ text, what }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = () => {
    if (!navigator.clipboard) {
      setState('failed');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  return (
    <span className="copy">
      <button
        type="button"
        className={state === 'copied' ? 'button button-small button-quiet copied' : 'button button-small button-quiet'}
        aria-label={`Copy ${what}`}
        title={state === 'failed' ? 'The clipboard is not available here: select the text and copy it.' : undefined}
        onClick={copy}
      >
        {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  );
}
