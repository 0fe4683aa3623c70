import { useMemo } from 'react';
import { prettyJson, tokenizeJson } from '../model/jsonTokens';
import { CopyButton } from './CopyButton';

interface Props {
  text: string;
  /** Names the block for the Copy button ("policy document IAMFullAccess"). */
  what: string;
  json?: boolean;
}

/** A `<pre>` with a Copy button; JSON is pretty-printed and coloured with classed spans. */
export function CodeBlock({ text, what, json }: Props) {
  const shown = useMemo(() => (json ? prettyJson(text) : text), [json, text]);
  const tokens = useMemo(() => (json ? tokenizeJson(shown) : null), [json, shown]);
  return (
    <div className="code-block">
      <pre className={json ? 'code json' : 'code code-wrap'} tabIndex={0}>
        <code>
          {tokens
            ? tokens.map((t, i) =>
                t.type === 'plain' ? (
                  t.text
                ) : (
                  <span key={i} className={`json-${t.type}`}>
                    {t.text}
                  </span>
                ),
              )
            : shown}
        </code>
      </pre>
      <div className="code-actions">
        <CopyButton text={shown} what={what} />
      </div>
    </div>
  );
}
