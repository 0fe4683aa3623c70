/** A role's trust policy: who may assume it, in words and as JSON, edited through the policy editor. */
import { useCallback, useMemo, useState } from 'react';
import type { PrincipalRef, Role, Target } from '../../../../shared/contract';
import { POLICY_SIZE_LIMITS } from '../../../../shared/policyLint';
import { prettyPolicyText } from '../../../../shared/search';
import { CodeBlock } from '../../components/CodeBlock';
import { PolicyEditor, usePolicyLint } from '../../components/policyEditor';
import { summariseTrustPolicy } from '../../model/trustPolicy';
import { useChanges } from '../../stores/changes';
import { useAfterPolicyChange } from './policyChanges';

interface Props {
  role: Role;
  target: Target;
}

function TrustPolicyForm({ role, target, onCancel }: Props & { onCancel: () => void }) {
  const [saved] = useState(() => prettyPolicyText(role.trustPolicy));
  const [text, setText] = useState(saved);
  const lint = usePolicyLint(text, {
    kind: 'trust',
    size: { limit: POLICY_SIZE_LIMITS.trust, what: 'a role trust policy', adjustable: true },
  });
  const preview = () =>
    void useChanges
      .getState()
      .preview(target, { kind: 'iam.updateAssumeRolePolicy', roleName: role.name, document: text });
  return (
    <section className="policy-form" aria-label={`Edit trust policy of ${role.name}`}>
      <PolicyEditor value={text} onChange={setText} label="Trust policy document" lint={lint} original={saved} />
      <div className="search-editor-actions">
        <button type="button" className="button button-primary" disabled={lint.hasErrors} onClick={preview}>
          Preview change
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

export function TrustPolicy({ role, target }: Props) {
  const summary = useMemo(() => summariseTrustPolicy(role.trustPolicy), [role.trustPolicy]);
  const [editing, setEditing] = useState(false);
  const principal = useMemo<PrincipalRef>(() => ({ type: 'role', name: role.name }), [role.name]);
  const close = useCallback(() => setEditing(false), []);
  useAfterPolicyChange(target, principal, 'trust', close);
  return (
    <section className="detail-section" aria-label="Trust policy">
      <div className="detail-section-header">
        <h3>Trust policy</h3>
        {!editing && (
          <button type="button" className="button button-small" onClick={() => setEditing(true)}>
            Edit trust policy
          </button>
        )}
      </div>
      <p className="trust-summary">{summary.sentence}</p>
      {summary.denied.length > 0 && <p className="muted">Explicitly denied: {summary.denied.join(', ')}</p>}
      {summary.problem && <p className="muted">{summary.problem}</p>}
      {editing ? (
        <TrustPolicyForm role={role} target={target} onCancel={close} />
      ) : (
        <CodeBlock json text={role.trustPolicy} what={`trust policy of ${role.name}`} />
      )}
    </section>
  );
}
