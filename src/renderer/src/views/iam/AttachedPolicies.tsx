import { useState } from 'react';
import type { AttachedPolicy, PrincipalRef, Role, Target, User } from '../../../../shared/contract';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { useChanges } from '../../stores/changes';
import { useIam } from '../../stores/iam';

interface Props {
  item: Role | User;
  principal: PrincipalRef;
  target: Target;
}

export const isAwsManaged = (arn: string) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

function PolicyDocumentView({ policy, target }: { policy: AttachedPolicy; target: Target }) {
  const doc = useIam((s) => s.documents[policy.policyArn]);
  const data = dataOf(doc);
  const load = () => void useIam.getState().loadDocument(target, policy.policyArn);
  return (
    <div className="policy-document" aria-busy={doc?.status === 'loading' || undefined}>
      {doc?.status === 'error' && (
        <ErrorNotice error={doc.error} title={`Could not load ${policy.policyName}`} onRetry={load} />
      )}
      {data ? (
        <>
          <p className="muted">Version {data.versionId} (default)</p>
          <CodeBlock json text={data.document} what={`policy document ${policy.policyName}`} />
        </>
      ) : (
        doc?.status !== 'error' && <p className="loading">Loading the policy document…</p>
      )}
    </div>
  );
}

function PolicyItem({
  policy,
  principal,
  target,
}: {
  policy: AttachedPolicy;
  principal: PrincipalRef;
  target: Target;
}) {
  const [open, setOpen] = useState(false);
  const toggle = () => {
    const next = !open;
    setOpen(next);
    // Documents are fetched only when asked for, and once per target.
    const state = useIam.getState();
    const cached = state.documents[policy.policyArn];
    if (next && (!cached || cached.status === 'error')) void state.loadDocument(target, policy.policyArn);
  };
  const detach = () =>
    void useChanges.getState().preview(target, { kind: 'iam.detachPolicy', principal, policyArn: policy.policyArn });

  return (
    <li className="policy-item">
      <div className="policy-row">
        <div className="policy-id">
          <span className="policy-name">{policy.policyName}</span>
          <span className="tag">{isAwsManaged(policy.policyArn) ? 'AWS managed' : 'Customer managed'}</span>
          <code className="arn">{policy.policyArn}</code>
        </div>
        <div className="policy-actions">
          <button type="button" className="button button-small" aria-expanded={open} onClick={toggle}>
            {open ? 'Hide document' : 'View document'}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            aria-label={`Detach ${policy.policyName}`}
            onClick={detach}
          >
            Detach
          </button>
        </div>
      </div>
      {open && <PolicyDocumentView policy={policy} target={target} />}
    </li>
  );
}

export function AttachedPolicies({ item, principal, target }: Props) {
  const policies = item.attachedPolicies;
  return (
    <section className="detail-section">
      <h3>Attached policies ({policies.length})</h3>
      {policies.length === 0 ? (
        <p className="muted">No managed policies attached. Use “Attach policy” to add one.</p>
      ) : (
        <ul className="policy-list" aria-label="Attached policies">
          {policies.map((p) => (
            <PolicyItem key={p.policyArn} policy={p} principal={principal} target={target} />
          ))}
        </ul>
      )}
    </section>
  );
}
