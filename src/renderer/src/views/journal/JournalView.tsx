import { useEffect, useMemo, useState } from 'react';
import type { JournalEntry } from '../../../../shared/contract';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StepList, StoppedPlan } from '../../components/StoppedPlan';
import { dataOf } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { formatClock, formatDateTime } from '../../model/time';
import { verificationDetail } from '../../model/verification';
import { useChanges } from '../../stores/changes';
import { useJournal } from '../../stores/journal';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { RefreshButton } from '../../components/RefreshButton';
import { GridHead } from '../../components/GridHead';

const statusWords: Record<JournalEntry['status'], string> = {
  applied: 'Applied',
  partial: 'Stopped',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

/** The status cell's words: a stopped plan also says whether its applied steps were rolled back. */
function statusOf(entry: JournalEntry): string {
  if (entry.status !== 'partial') return statusWords[entry.status];
  if (!entry.rollback) return `Stopped at step ${entry.steps.findIndex((s) => s.status === 'failed') + 1}`;
  return entry.rollback.status === 'rolled-back' ? 'Stopped · rolled back' : 'Stopped · rollback incomplete';
}

/** Each step as it went, and the plan's AWS CLI equivalent: what to check, or take back by hand. */
function EntryDetail({ entry }: { entry: JournalEntry }) {
  return (
    <details className="entry-detail" open={entry.status === 'partial' || undefined}>
      <summary>
        {entry.steps.length} step{entry.steps.length === 1 ? '' : 's'}
      </summary>
      <StepList entry={entry} />
      {entry.status === 'partial' ? (
        <StoppedPlan entry={entry} named onRollBack={() => void useJournal.getState().rollBack(entry)} />
      ) : null}
      {entry.cli && entry.cli.length > 0 && <CodeBlock text={entry.cli.join('\n')} what="AWS CLI equivalent" />}
    </details>
  );
}

function EntryRow({
  entry,
  byId,
  highlighted,
}: {
  entry: JournalEntry;
  byId: Map<string, JournalEntry>;
  highlighted: boolean;
}) {
  const undoneBy = entry.undoneBy ? byId.get(entry.undoneBy) : undefined;
  const original = entry.undoOf ? byId.get(entry.undoOf) : undefined;
  const canUndo = entry.status === 'applied' && !entry.undoneBy;
  return (
    <tr
      id={`entry-${entry.id}`}
      className={highlighted ? 'highlight' : undefined}
      aria-current={highlighted || undefined}
    >
      <td className="nowrap">{formatDateTime(entry.at)}</td>
      <td>
        <span className="strong">{entry.title}</span>
        {entry.undoOf && (
          <span className="muted">
            {' '}
            · undoes{' '}
            <a href={routeHref({ section: 'journal', entryId: entry.undoOf })}>
              {original ? `the change of ${formatDateTime(original.at)}` : 'an earlier change'}
            </a>
          </span>
        )}
        <EntryDetail entry={entry} />
      </td>
      <td className="target-cell">
        {entry.target.profile} · {entry.target.region}
        {entry.account && <span className="muted"> · {entry.account}</span>}
      </td>
      <td>
        {entry.undoneBy ? (
          <a className="status status-undone" href={routeHref({ section: 'journal', entryId: entry.undoneBy })}>
            Undone{undoneBy ? ` ${formatClock(undoneBy.at)}` : ''}
          </a>
        ) : (
          <span className={`status status-${entry.status}`}>{statusOf(entry)}</span>
        )}
      </td>
      <td>
        {entry.verification ? (
          <span className={entry.verification.verified ? 'verify-ok' : 'verify-bad'}>
            {entry.verification.verified ? '✓ Verified' : '✗ Not verified'}
            <span className="verify-detail">{verificationDetail(entry.verification)}</span>
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="actions-cell">
        {canUndo && (
          <button
            type="button"
            className="button button-small"
            aria-label={`Undo ${entry.title}`}
            onClick={() => void useChanges.getState().previewUndo(entry.id)}
          >
            Undo
          </button>
        )}
      </td>
    </tr>
  );
}

export function JournalView() {
  const entries = useJournal((s) => s.entries);
  const target = useSession((s) => s.target);
  const entryId = useNavigation((s) => s.route.entryId);
  const [onlyTarget, setOnlyTarget] = useState(false);

  useEffect(() => {
    // Re-read on every visit: another window may have changed things; the old list stays visible meanwhile.
    void useJournal.getState().load();
  }, []);

  const data = dataOf(entries);
  const byId = useMemo(() => new Map((data ?? []).map((e) => [e.id, e])), [data]);
  const shown = useMemo(
    () =>
      onlyTarget && target
        ? (data ?? []).filter((e) => e.target.profile === target.profile && e.target.region === target.region)
        : (data ?? []),
    [data, onlyTarget, target],
  );

  useEffect(() => {
    if (entryId) document.getElementById(`entry-${entryId}`)?.scrollIntoView({ block: 'center' });
  }, [entryId, data]);

  const busy = entries.status === 'loading';
  const reload = () => void useJournal.getState().load();

  return (
    <div className="view journal-view">
      <div className="view-header">
        <h1>Journal</h1>
        <span className="fetch-meta">Every change made through Trellis, newest first</span>
        <span className="spacer" />
        {target && (
          <label className="checkbox">
            <input type="checkbox" checked={onlyTarget} onChange={(e) => setOnlyTarget(e.target.checked)} />
            Only {target.profile} · {target.region}
          </label>
        )}
        <RefreshButton busy={busy} onRefresh={reload} />
      </div>
      {entries.status === 'error' && (
        <ErrorNotice error={entries.error} title="Could not read the journal" onRetry={reload} />
      )}
      <div className="panel" aria-busy={busy || undefined}>
        {!data ? (
          entries.status !== 'error' && <p className="loading">Loading the journal…</p>
        ) : shown.length === 0 ? (
          <p className="empty">
            {data.length === 0
              ? 'No changes yet. Attach or detach a policy in IAM and it will be recorded here, with its undo.'
              : `No changes for ${target?.profile} · ${target?.region}.`}
          </p>
        ) : (
          <table className="grid" aria-label="Journal entries">
            <GridHead columns={['Time', 'Change', 'Profile · region · account', 'Status', 'Verification']} />
            <tbody>
              {shown.map((entry) => (
                <EntryRow key={entry.id} entry={entry} byId={byId} highlighted={entry.id === entryId} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
