import { useState } from 'react';
import { PolicyEditor as Editor, usePolicyLint } from '../../components/policyEditor';

interface Props {
  initial: string;
  onReview: (text: string) => void;
  onCancel: () => void;
}

/** The access policy in the policy editor: linted as a resource policy as you type; Review only when IAM would accept it. */
export function PolicyEditor({ initial, onReview, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const lint = usePolicyLint(text, { kind: 'resource' });
  return (
    <section className="search-editor" aria-label="Edit access policy">
      <Editor value={text} onChange={setText} label="Access policy JSON" lint={lint} original={initial} />
      <div className="search-editor-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={lint.hasErrors}
          onClick={() => onReview(text)}
        >
          Review change
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
