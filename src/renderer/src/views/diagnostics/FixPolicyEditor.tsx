/**
 * A least-privilege fix's inline policy in the policy editor, before it is
 * applied. Unedited, the preview is the fix's own (so "Undo" and the re-check
 * stay on the finding); edited, it is a put of the edited document, and the
 * finding is re-checked once that change is applied.
 */
import { useEffect, useState } from 'react';
import type { Finding, FixOption, Target } from '../../../../shared/contract';
import { prettyPolicyText, samePolicy } from '../../../../shared/search';
import { PolicyEditor, usePolicyLint } from '../../components/policyEditor';
import { useChanges } from '../../stores/changes';
import { useDiagnostics } from '../../stores/diagnostics';

interface Props {
  target: Target;
  finding: Finding;
  fix: FixOption & { policy: NonNullable<FixOption['policy']> };
  onClose: () => void;
}

export function FixPolicyEditor({ target, finding, fix, onClose }: Props) {
  const { principal, policyName, document } = fix.policy;
  const [proposed] = useState(() => prettyPolicyText(document));
  const [text, setText] = useState(proposed);
  const lint = usePolicyLint(text, { kind: 'identity' });
  const edited = !samePolicy(text, document);

  useEffect(
    () =>
      useChanges.subscribe((s, prev) => {
        const intent = s.plan?.intent;
        if (s.phase !== 'done' || prev.phase === 'done' || intent?.kind !== 'iam.putInlinePolicy') return;
        if (intent.policyName !== policyName || intent.principal.name !== principal.name) return;
        if (s.outcome?.entry.status !== 'applied') return;
        onClose();
        useDiagnostics.getState().watch(target, finding.id, 'fix');
      }),
    [target, finding.id, policyName, principal.name, onClose],
  );

  const preview = () => {
    if (!edited) {
      useDiagnostics.getState().previewFix(target, finding.id, fix.id);
      return;
    }
    void useChanges.getState().preview(target, { kind: 'iam.putInlinePolicy', principal, policyName, document: text });
  };

  return (
    <section className="policy-form" aria-label={`Edit policy ${policyName}`}>
      <p className="muted">
        The inline policy {policyName} this fix puts on {principal.type} {principal.name}. Narrow it or add to it; the
        preview applies the document as it is here.
      </p>
      <PolicyEditor value={text} onChange={setText} label={`Policy ${policyName}`} lint={lint} original={proposed} />
      <div className="search-editor-actions">
        <button type="button" className="button button-primary" disabled={lint.hasErrors} onClick={preview}>
          {edited ? 'Preview the edited policy' : 'Preview change'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </section>
  );
}
