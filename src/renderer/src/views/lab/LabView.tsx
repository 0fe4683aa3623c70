import { useEffect, useId, useState } from 'react';
import type { LabItem, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshButton } from '../../components/RefreshButton';
import { dataOf } from '../../model/loadable';
import { formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { useDiagnostics, WHOLE_REGION } from '../../stores/diagnostics';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { FixedHere, InlineFindings } from '../diagnostics/InlineFindings';
import { labProgress, labStatusWords } from './labProgress';

function Item({ target, item }: { target: Target; item: LabItem }) {
  const words = labStatusWords[item.status];
  const id = useId();
  return (
    <li className={`lab-item lab-${item.status}`} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="lab-item-title">
        <span className={`lab-icon lab-icon-${item.status}`} aria-hidden="true">
          {words.icon}
        </span>{' '}
        {item.title} <span className="lab-status">({words.text})</span>
      </h2>
      <p>{item.explanation}</p>
      {item.status !== 'done' && item.findings.length > 0 && (
        <InlineFindings target={target} findings={item.findings} label={`What keeps “${item.title}” open`} />
      )}
      {item.status !== 'done' && item.findings.length === 0 && item.checks.some((c) => !c.passed) && (
        <ul className="lab-checks">
          {item.checks
            .filter((c) => !c.passed)
            .map((c) => (
              <li key={c.id}>
                <span className="tag">{c.rule}</span> {c.detail}
              </li>
            ))}
        </ul>
      )}
    </li>
  );
}

function Checklist({ target }: { target: Target }) {
  const [scope, setScope] = useState(WHOLE_REGION);
  const lab = useDiagnostics((s) => s.labs[scope]);
  const environments = dataOf(useBeanstalk((s) => s.environments)) ?? [];
  const data = dataOf(lab);
  const busy = lab?.status === 'loading';
  const selectId = useId();

  useEffect(() => {
    useBeanstalk.getState().ensureEnvironments(target);
  }, [target]);

  useEffect(() => {
    if (!useDiagnostics.getState().labs[scope]) void useDiagnostics.getState().loadLab(target, scope);
  }, [target, scope]);

  const progress = data ? labProgress(data.items) : null;
  const allFindings = data?.items.flatMap((i) => i.findings) ?? [];

  return (
    <div className="view lab-view">
      <div className="view-header">
        <h1>Training lab checklist</h1>
        <span className="spacer" />
        <label htmlFor={selectId}>Environment</label>
        <select id={selectId} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value={WHOLE_REGION}>All environments</option>
          {environments.map((env) => (
            <option key={env.name} value={env.name}>
              {env.name}
            </option>
          ))}
        </select>
        <RefreshButton busy={busy} onRefresh={() => void useDiagnostics.getState().loadLab(target, scope)} />
      </div>
      {lab?.status === 'error' && (
        <ErrorNotice
          error={lab.error}
          title={data ? 'Refresh failed; showing the previous checklist' : 'Could not check the lab'}
          onRetry={() => void useDiagnostics.getState().loadLab(target, scope)}
        />
      )}
      {!data || !progress ? (
        lab?.status !== 'error' && <p className="loading">Checking the lab…</p>
      ) : (
        <>
          <div className="lab-progress">
            <label htmlFor={`${selectId}-p`}>Progress</label>{' '}
            <progress id={`${selectId}-p`} max={progress.total} value={progress.done}>
              {progress.text}
            </progress>{' '}
            <strong>{progress.text}</strong>
            <span className="muted"> · checked {formatDateTime(data.scannedAt)}</span>
          </div>
          <ol className="lab-items" aria-label="Checklist">
            {data.items.map((item) => (
              <Item key={item.id} target={target} item={item} />
            ))}
          </ol>
          <FixedHere target={target} listed={allFindings} />
        </>
      )}
    </div>
  );
}

/** "Lab": the training lab's checklist, with each open item's findings and their fixes. */
export function LabView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const profile = useSession(currentProfile);
  const problem = profile?.problem;

  if (!target || problem) {
    return (
      <div className="view lab-view">
        <div className="view-header">
          <h1>Training lab checklist</h1>
        </div>
        {!target ? (
          <p className="loading">Loading profiles…</p>
        ) : (
          <p className="empty">The profile cannot be used: {problem}</p>
        )}
      </div>
    );
  }
  return <Checklist key={key} target={target} />;
}
