import { useMemo, useState } from 'react';
import type { IamSnapshot, PrincipalRef, Role, Target, User } from '../../../../shared/contract';
import { CopyButton } from '../../components/CopyButton';
import { formatAge, formatDateTime } from '../../model/time';
import { useIam } from '../../stores/iam';
import { AccessKeys } from './AccessKeys';
import { AttachedPolicies } from './AttachedPolicies';
import { AttachPolicyDialog } from './AttachPolicyDialog';
import { InlinePolicies } from './InlinePolicies';
import { TrustPolicy } from './TrustPolicy';

interface Props {
  principal: PrincipalRef;
  snapshot: IamSnapshot;
  target: Target;
}

function InstanceProfiles({ role }: { role: Role }) {
  return (
    <section className="detail-section">
      <h3>Instance profiles ({role.instanceProfiles.length})</h3>
      {role.instanceProfiles.length === 0 ? (
        <p className="muted">In no instance profile, so EC2 instances cannot use this role.</p>
      ) : (
        <ul className="plain-list">
          {role.instanceProfiles.map((p) => (
            <li key={p.arn}>
              <span className="strong">{p.name}</span>
              <code className="arn">{p.arn}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Groups({ user }: { user: User }) {
  return (
    <section className="detail-section">
      <h3>Groups ({user.groups.length})</h3>
      {user.groups.length === 0 ? (
        <p className="muted">Not in any group.</p>
      ) : (
        <ul className="plain-list">
          {user.groups.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PrincipalDetail({ principal, snapshot, target }: Props) {
  const [attaching, setAttaching] = useState(false);
  const item: Role | User | undefined =
    principal.type === 'role'
      ? snapshot.roles.find((r) => r.name === principal.name)
      : snapshot.users.find((u) => u.name === principal.name);
  const now = useMemo(() => new Date(snapshot.fetchedAt), [snapshot.fetchedAt]);
  const kindWord = principal.type === 'role' ? 'Role' : 'User';
  const close = () => useIam.getState().select(null);

  return (
    <section className="detail" aria-label={`${kindWord} ${principal.name}`}>
      <header className="detail-header">
        <div className="detail-title">
          <span className="kind-tag">{kindWord}</span>
          <h2>{principal.name}</h2>
        </div>
        <div className="detail-actions">
          {item && (
            <button type="button" className="button button-primary" onClick={() => setAttaching(true)}>
              Attach policy
            </button>
          )}
          <button type="button" className="button button-quiet" aria-label="Close details" onClick={close}>
            ✕
          </button>
        </div>
      </header>
      {!item ? (
        <p className="empty">
          {kindWord} {principal.name} is not in the latest snapshot; it may have been deleted.
        </p>
      ) : (
        <div className="detail-body">
          <dl className="facts">
            <div className="facts-wide">
              <dt>ARN</dt>
              <dd className="arn-row">
                <code className="arn">{item.arn}</code>
                <CopyButton text={item.arn} what="ARN" />
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(item.createDate)}</dd>
            </div>
            {'trustPolicy' in item && (
              <div>
                <dt>Last used</dt>
                <dd>
                  {formatAge(item.lastUsed?.date, now)}
                  {item.lastUsed?.region ? ` in ${item.lastUsed.region}` : ''}
                </dd>
              </div>
            )}
            {'trustPolicy' in item && item.description && (
              <div className="facts-wide">
                <dt>Description</dt>
                <dd>{item.description}</dd>
              </div>
            )}
          </dl>
          <AttachedPolicies item={item} principal={principal} target={target} />
          <InlinePolicies item={item} principal={principal} target={target} />
          {'trustPolicy' in item ? (
            <>
              <TrustPolicy role={item} target={target} />
              <InstanceProfiles role={item} />
            </>
          ) : (
            <>
              <Groups user={item} />
              <AccessKeys user={item} target={target} now={now} />
            </>
          )}
        </div>
      )}
      {attaching && item && (
        <AttachPolicyDialog item={item} principal={principal} target={target} onClose={() => setAttaching(false)} />
      )}
    </section>
  );
}
