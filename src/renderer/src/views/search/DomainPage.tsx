import { useEffect, useState } from 'react';
import type { SearchDomainDetail, Target } from '../../../../shared/contract';
import { allowRole, dropStatement, removeIpEntry } from '../../../../shared/search';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { useChanges } from '../../stores/changes';
import { useIam } from '../../stores/iam';
import { useSearchDomains } from '../../stores/searchDomains';
import { exposureWords } from './exposureWords';
import { PolicyEditor } from './PolicyEditor';
import { StatementCard } from './StatementCard';

interface Props {
  target: Target;
  domainName: string;
}

function Facts({ d }: { d: SearchDomainDetail }) {
  const exposure = exposureWords[d.exposure];
  return (
    <section aria-label="Domain summary">
      <dl className="facts">
        <div>
          <dt>Engine</dt>
          <dd>
            {d.engine} {d.version}
          </dd>
        </div>
        <div>
          <dt>Fine-grained access control</dt>
          <dd>{d.fineGrainedAccessControl ? 'Enabled' : 'Disabled'}</dd>
        </div>
        <div>
          <dt>Access</dt>
          <dd>
            <span className={`search-badge search-badge-${exposure.tone}`}>{exposure.label}</span>
          </dd>
        </div>
        <div>
          <dt>Policy state</dt>
          <dd>{d.processing ? 'Processing' : (d.policyState ?? 'Active')}</dd>
        </div>
        <div className="facts-wide">
          <dt>{d.vpc ? 'VPC' : 'Endpoint'}</dt>
          <dd>
            {d.vpc ? (
              <>
                {d.vpc.vpcId} <span className="muted">subnets {d.vpc.subnetIds.join(', ')}</span>
                {d.endpoint && <code className="arn">{d.endpoint}</code>}
              </>
            ) : (
              <code className="arn">{d.endpoint ?? '—'}</code>
            )}
          </dd>
        </div>
        <div className="facts-wide">
          <dt>ARN</dt>
          <dd>
            <code className="arn">{d.arn}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function AllowRoleForm({ target, onAllow }: { target: Target; onAllow: (roleArn: string) => void }) {
  const snapshot = useIam((s) => s.snapshot);
  const [roleArn, setRoleArn] = useState('');
  useEffect(() => useIam.getState().ensureSnapshot(target), [target]);
  const roles = dataOf(snapshot)?.roles ?? [];
  return (
    <div className="search-allow">
      <label>
        Role{' '}
        <select aria-label="Role to allow" value={roleArn} onChange={(e) => setRoleArn(e.target.value)}>
          <option value="">{snapshot.status === 'loading' ? 'Loading roles…' : 'Choose a role'}</option>
          {roles.map((r) => (
            <option key={r.arn} value={r.arn}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={!roleArn} onClick={() => onAllow(roleArn)}>
        Allow this role
      </button>
    </div>
  );
}

export function DomainPage({ target, domainName }: Props) {
  const detail = useSearchDomains((s) => s.details[domainName]);
  const [editing, setEditing] = useState(false);
  const [rewriteError, setRewriteError] = useState<string | null>(null);

  useEffect(() => {
    void useSearchDomains.getState().loadDomain(target, domainName);
    // A change to this domain's policy, made here or undone from the Journal, shows once it is applied.
    return useChanges.subscribe((s, prev) => {
      const intent = s.plan?.intent;
      if (s.phase === 'done' && prev.phase !== 'done' && intent?.kind === 'search.updateAccessPolicy') {
        if (intent.domainName === domainName) {
          // The edit is applied: close the editor. A cancelled preview leaves it open with the text as typed.
          if (s.outcome?.entry.status === 'applied') setEditing(false);
          void useSearchDomains.getState().loadDomain(target, domainName);
        }
        // The list's exposure column may have changed too; it is re-read only if it was loaded.
        if (useSearchDomains.getState().domains.status !== 'idle') void useSearchDomains.getState().loadDomains(target);
      }
    });
  }, [target, domainName]);

  const d = dataOf(detail);
  const review = (policy: string) => {
    void useChanges.getState().preview(target, { kind: 'search.updateAccessPolicy', domainName, policy });
  };
  const rewrite = (make: (policy: string) => string) => {
    if (!d) return;
    try {
      setRewriteError(null);
      review(make(d.accessPolicy));
    } catch (error: unknown) {
      setRewriteError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="view search-view">
      <div className="view-header">
        <a href={routeHref({ section: 'search' })} className="back-link">
          ← Search domains
        </a>
        <h1>{domainName}</h1>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          disabled={detail?.status === 'loading'}
          onClick={() => void useSearchDomains.getState().loadDomain(target, domainName)}
        >
          Refresh
        </button>
      </div>
      {detail?.status === 'error' && (
        <ErrorNotice
          error={detail.error}
          title={d ? 'Refresh failed; showing what was read before' : `Could not read ${domainName}`}
          onRetry={() => void useSearchDomains.getState().loadDomain(target, domainName)}
        />
      )}
      {!d ? (
        detail?.status !== 'error' && <p className="loading">Loading {domainName}…</p>
      ) : (
        <>
          <Facts d={d} />
          <section className="panel search-policy" aria-label="Access policy">
            <div className="search-policy-header">
              <h2>Access policy ({d.statements.length} statements)</h2>
              <span className="spacer" />
              {!editing && (
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  Edit policy
                </button>
              )}
            </div>
            {d.accessPolicyParseError && (
              <p className="notice notice-error">The stored policy does not parse: {d.accessPolicyParseError}</p>
            )}
            {rewriteError && (
              <p role="alert" className="notice notice-error">
                {rewriteError}
              </p>
            )}
            {editing ? (
              <PolicyEditor initial={d.accessPolicy} onReview={review} onCancel={() => setEditing(false)} />
            ) : (
              <>
                {d.statements.length === 0 ? (
                  <p className="empty">This domain has no access policy statements.</p>
                ) : (
                  <ol className="search-statements" aria-label="Statements">
                    {d.statements.map((s) => (
                      <StatementCard
                        key={s.index}
                        statement={s}
                        onRemoveIp={(cidr) => rewrite((p) => removeIpEntry(p, cidr))}
                        onDrop={() => rewrite((p) => dropStatement(p, s.index))}
                      />
                    ))}
                  </ol>
                )}
                <AllowRoleForm target={target} onAllow={(roleArn) => rewrite((p) => allowRole(p, d.arn, roleArn))} />
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
