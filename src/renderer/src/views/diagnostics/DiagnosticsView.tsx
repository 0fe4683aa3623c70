import { ReadLogsOption } from './ReadLogsOption';
import { useId, useMemo, useState } from 'react';
import type { ScanResult, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProfileNotReady } from '../../components/ProfileNotReady';
import { dataOf } from '../../model/loadable';
import { useDiagnostics, WHOLE_REGION } from '../../stores/diagnostics';
import { useNavigation } from '../../stores/navigation';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { ExplainBox } from './ExplainBox';
import { FindingPage } from './FindingPage';
import { FindingTable } from './FindingTable';
import { FixedHere } from './InlineFindings';
import { routeHref } from '../../model/route';
import { CataloguePage } from './CataloguePage';
import { filterFindings, groupFindings, splitAccepted, type GroupMode } from './findingGroups';
import { ScanProblems, ScanSummary } from './ScanFacts';
import { SettingsPanel } from './SettingsPanel';

function Findings({ target, scan }: { target: Target; scan: ScanResult }) {
  const [mode, setMode] = useState<GroupMode>('environment');
  const [filter, setFilter] = useState('');
  const id = useId();
  const { open, accepted } = useMemo(() => splitAccepted(filterFindings(scan.findings, filter)), [scan, filter]);
  const groups = useMemo(() => groupFindings(open, mode), [open, mode]);

  return (
    <section className="diag-findings" aria-labelledby={`${id}-h`}>
      <div className="diag-toolbar">
        <h2 id={`${id}-h`}>Findings</h2>
        <span className="spacer" />
        <label>
          Filter{' '}
          <input
            type="search"
            className="filter"
            value={filter}
            placeholder="rule, resource, words…"
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <fieldset className="segmented">
          <legend className="sr-only">Group findings by</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'environment'}
              onChange={() => setMode('environment')}
            />{' '}
            By environment
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'resource'}
              onChange={() => setMode('resource')}
            />{' '}
            By resource type
          </label>
        </fieldset>
      </div>
      {open.length === 0 && filter.trim() === '' ? (
        <p className="empty all-clear">
          <span aria-hidden="true">✓ </span>No open findings: every rule that could run passed
          {accepted.length > 0 ? ', apart from the accepted findings below' : ''}.
        </p>
      ) : groups.length === 0 && accepted.length === 0 ? (
        <p className="empty">No findings match “{filter}”.</p>
      ) : (
        groups.map((g) => (
          <section key={g.key} className="diag-group" aria-label={g.title}>
            <h3>
              {g.title} <span className="muted">({g.findings.length})</span>
            </h3>
            <FindingTable findings={g.findings} label={`Findings: ${g.title}`} />
          </section>
        ))
      )}
      <FixedHere target={target} listed={scan.findings} />
      {accepted.length > 0 && (
        <details className="diag-group diag-accepted">
          <summary>
            <h3>Accepted ({accepted.length})</h3>
          </summary>
          <FindingTable findings={accepted} label="Accepted findings" />
        </details>
      )}
    </section>
  );
}

function Overview({ target }: { target: Target }) {
  const scan = useDiagnostics((s) => s.scans[WHOLE_REGION]);
  const data = dataOf(scan);
  const busy = scan?.status === 'loading';
  const environments = useMemo(() => data?.environments.map((e) => e.name) ?? [], [data]);

  return (
    <div className="view diagnostics-view">
      <div className="view-header">
        <h1>Diagnostics</h1>
        <span className="muted">
          {target.profile} · {target.region}
        </span>
        <span className="spacer" />
        <a href={routeHref({ section: 'diagnostics', catalogueRule: '' })}>Catalogue</a>
        <ReadLogsOption />
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={() => void useDiagnostics.getState().scan(target)}
        >
          {busy ? 'Scanning…' : data ? 'Scan again' : 'Scan'}
        </button>
      </div>
      {scan?.status === 'error' && (
        <ErrorNotice
          error={scan.error}
          title={data ? 'The scan failed; showing the previous results' : 'The scan failed'}
          onRetry={() => void useDiagnostics.getState().scan(target)}
        />
      )}
      {!scan && (
        <p className="empty">
          Scan the account and region for the training lab’s classic failures (F1–F16) and their neighbours.
        </p>
      )}
      {busy && !data && (
        <p className="loading" aria-busy="true">
          Scanning…
        </p>
      )}
      {data && (
        <>
          <ScanSummary scan={data} />
          <ScanProblems problems={data.problems} />
          <Findings target={target} scan={data} />
        </>
      )}
      <ExplainBox target={target} />
      <SettingsPanel target={target} environments={environments} />
    </div>
  );
}

/** "Diagnostics": scan, findings, one finding's page, the explain box and settings. */
export function DiagnosticsView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const profile = useSession(currentProfile);
  const findingId = useNavigation((s) => s.route.findingId);
  const catalogueRule = useNavigation((s) => s.route.catalogueRule);
  const problem = profile?.problem;

  // The catalogue is reference text: it needs no profile.
  if (catalogueRule !== undefined) return <CataloguePage focus={catalogueRule} />;

  if (!target || problem) {
    return (
      <ProfileNotReady
        viewClass="diagnostics-view"
        title="Diagnostics"
        loading={!target}
        profileName={profile?.name}
        problem={problem}
      />
    );
  }
  if (findingId) return <FindingPage key={`${key}/${findingId}`} target={target} findingId={findingId} />;
  return <Overview key={key} target={target} />;
}
