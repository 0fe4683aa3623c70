import { useEffect } from 'react';
import type { DatabaseSummary, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { useDatabases } from '../../stores/databases';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { AddIngressForm } from './AddIngressForm';
import { SecurityGroupRules } from './SecurityGroupRules';
import { DatabaseTable, endpointText } from './DatabaseTable';
import { RefreshButton } from '../../components/RefreshButton';

function DatabaseDetail({ target, db }: { target: Target; db: DatabaseSummary }) {
  const groups = useDatabases((s) => s.groups);
  const choicesState = useDatabases((s) => s.choices);
  const choices = dataOf(choicesState) ?? [];
  const data = dataOf(groups);
  return (
    <section className="db-detail" aria-label={`Database ${db.id}`}>
      <h2>{db.id}</h2>
      <p className="muted">
        {db.engine} {db.engineVersion} · {endpointText(db)} · subnet group {db.subnetGroup ?? '—'} ·{' '}
        {db.publiclyAccessible ? 'publicly accessible' : 'private'}
      </p>
      {groups.status === 'error' && (
        <ErrorNotice
          error={groups.error}
          title="Could not load the security groups"
          onRetry={() => void useDatabases.getState().loadGroups(target)}
        />
      )}
      {data ? (
        <>
          {data.map((group) => (
            <SecurityGroupRules key={group.groupId} target={target} group={group} port={db.endpoint?.port} />
          ))}
          {data.length > 0 && (
            <AddIngressForm
              key={db.id}
              target={target}
              database={db}
              groups={data}
              choices={choices}
              choicesLoading={choicesState.status === 'loading'}
            />
          )}
        </>
      ) : (
        groups.status !== 'error' && <p className="loading">Loading security groups…</p>
      )}
    </section>
  );
}

export function DatabasesView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const problem = useSession(currentProfile)?.problem;
  const databases = useDatabases((s) => s.databases);
  const selectedId = useDatabases((s) => s.selectedId);

  useEffect(() => {
    const t = useSession.getState().target;
    if (!t || problem) return;
    useDatabases.getState().ensureDatabases(t);
    // Coming back to the view re-reads the open database's rules: they may have changed from the Journal.
    void useDatabases.getState().loadGroups(t);
  }, [key, problem]);

  const data = dataOf(databases);
  const busy = databases.status === 'loading';
  const selected = data?.find((db) => db.id === selectedId);

  return (
    <div className="view databases-view">
      <div className="view-header">
        <h1>Databases</h1>
        <span className="spacer" />
        <RefreshButton
          busy={busy}
          unavailable={!target || !!problem}
          onRefresh={() => target && void useDatabases.getState().loadDatabases(target)}
        />
      </div>
      {!target ? (
        <p className="loading">Loading profiles…</p>
      ) : problem ? (
        <p className="empty">The profile cannot be used: {problem}</p>
      ) : (
        <>
          {databases.status === 'error' && (
            <ErrorNotice
              error={databases.error}
              title={data ? 'Refresh failed; showing the previous data' : 'Could not load databases'}
              onRetry={() => void useDatabases.getState().loadDatabases(target)}
            />
          )}
          <div className="panel">
            {data ? (
              <DatabaseTable target={target} items={data} />
            ) : (
              databases.status !== 'error' && <p className="loading">Loading databases…</p>
            )}
          </div>
          {selected && <DatabaseDetail target={target} db={selected} />}
        </>
      )}
    </div>
  );
}
