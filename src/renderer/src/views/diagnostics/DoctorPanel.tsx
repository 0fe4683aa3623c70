import { useEffect, useMemo } from 'react';
import type { Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshButton } from '../../components/RefreshButton';
import { dataOf } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { useDiagnostics } from '../../stores/diagnostics';
import { splitAccepted } from './findingGroups';
import { FixedHere, InlineFindings } from './InlineFindings';
import { ReadLogsOption } from './ReadLogsOption';
import { ScanProblems, ScanSummary } from './ScanFacts';

interface Props {
  target: Target;
  environmentName: string;
}

/** The environment page's "Doctor" tab: a scan of this environment, with the same rows and fix flow. */
export function DoctorPanel({ target, environmentName }: Props) {
  const scan = useDiagnostics((s) => s.scans[environmentName]);
  const data = dataOf(scan);
  const busy = scan?.status === 'loading';
  const split = useMemo(() => splitAccepted(data?.findings ?? []), [data]);

  useEffect(() => useDiagnostics.getState().ensureScan(target, environmentName), [target, environmentName]);

  return (
    <section className="doctor" aria-label={`Doctor for ${environmentName}`}>
      <div className="panel-header">
        <h2>Doctor</h2>
        <span className="spacer" />
        <a href={routeHref({ section: 'diagnostics' })}>Open in Diagnostics</a>
        <ReadLogsOption />
        <RefreshButton busy={busy} onRefresh={() => void useDiagnostics.getState().scan(target, environmentName)} />
      </div>
      {scan?.status === 'error' && (
        <ErrorNotice
          error={scan.error}
          title={data ? 'The scan failed; showing the previous results' : `Could not scan ${environmentName}`}
          onRetry={() => void useDiagnostics.getState().scan(target, environmentName)}
        />
      )}
      {!data ? (
        scan?.status !== 'error' && (
          <p className="loading" aria-busy="true">
            Scanning {environmentName}…
          </p>
        )
      ) : (
        <>
          <ScanSummary scan={data} />
          <ScanProblems problems={data.problems} />
          {split.open.length === 0 ? (
            <p className="empty all-clear">
              <span aria-hidden="true">✓ </span>No open findings for {environmentName}.
            </p>
          ) : (
            <InlineFindings target={target} findings={split.open} label={`Findings for ${environmentName}`} />
          )}
          <FixedHere target={target} listed={data.findings} environmentName={environmentName} />
          {split.accepted.length > 0 && (
            <details className="diag-group diag-accepted">
              <summary>Accepted ({split.accepted.length})</summary>
              <InlineFindings target={target} findings={split.accepted} label="Accepted findings" level={3} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
