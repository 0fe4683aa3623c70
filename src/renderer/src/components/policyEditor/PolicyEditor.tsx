/**
 * The policy editor every policy form uses: CodeMirror (loaded on first use),
 * the lint below it, and the text kept by the owner, so nothing typed is lost
 * if the editor's chunk fails to load or the form re-renders.
 */
import { Component, lazy, Suspense, useId, useRef, useState, type ReactNode } from 'react';
import type { EditorHandle } from './CodeEditor';
import { PolicyProblems } from './PolicyProblems';
import type { PolicyLint } from './usePolicyLint';

const CodeEditor = lazy(() => import('./CodeEditor'));

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** The editable text's accessible name ("Access policy JSON"). */
  label: string;
  lint: PolicyLint;
  /** The document before this edit (the saved policy, or the Doctor's proposal): offers a view of the changes. */
  original?: string;
}

/** A chunk that will not load leaves a plain text area, so the user can still edit and save. */
class Fallback extends Component<{ children: ReactNode; plain: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.plain : this.props.children;
  }
}

export function PolicyEditor({ value, onChange, label, lint, original }: Props) {
  const problemsId = useId();
  const [showChanges, setShowChanges] = useState(false);
  const handle = useRef<EditorHandle | null>(null);
  const plain = (
    <textarea
      className="policy-editor-plain"
      aria-label={label}
      aria-describedby={problemsId}
      aria-invalid={lint.hasErrors || undefined}
      spellCheck={false}
      rows={Math.min(30, Math.max(10, value.split('\n').length + 1))}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <div className="policy-editor">
      <Fallback plain={plain}>
        <Suspense fallback={<p className="loading">Loading the editor…</p>}>
          <CodeEditor
            value={value}
            onChange={onChange}
            label={label}
            describedBy={problemsId}
            lint={lint}
            iam={lint.iam ?? undefined}
            invalid={lint.hasErrors}
            handleRef={handle}
            original={showChanges ? original : undefined}
          />
        </Suspense>
      </Fallback>
      {original !== undefined && (
        <label className="policy-editor-changes">
          <input type="checkbox" checked={showChanges} onChange={(e) => setShowChanges(e.target.checked)} />
          Show changes {original === value ? '(none yet)' : 'against the policy as it was'}
        </label>
      )}
      <p className="muted policy-editor-keys">
        Ctrl-Space suggests actions and condition keys; Tab leaves the editor; F8 jumps to the next problem.
      </p>
      <PolicyProblems lint={lint} id={problemsId} onGoTo={(d) => handle.current?.goTo(d.from)} />
    </div>
  );
}
