import type { ScanResult } from '../../../../shared/contract';
import { formatDateTime } from '../../model/time';
import { ErrorNotice } from '../../components/ErrorNotice';
import { countBySeverity, SEVERITIES, severityLabel, splitAccepted } from './findingGroups';

/** Counts by severity (open findings only), and what the scan cost, kept small. */
export function ScanSummary({ scan }: { scan: ScanResult }) {
  const { open, accepted } = splitAccepted(scan.findings);
  const counts = countBySeverity(open);
  return (
    <div className="scan-summary">
      <ul className="severity-counts" aria-label="Findings by severity">
        {SEVERITIES.map((s) => (
          <li key={s} className={`severity-count severity-${s}`}>
            <span className="severity-count-n">{counts[s]}</span> {severityLabel[s]}
          </li>
        ))}
        {accepted.length > 0 && <li className="severity-count severity-accepted">{accepted.length} Accepted</li>}
      </ul>
      <p className="scan-cost muted">
        Scanned {formatDateTime(scan.scannedAt)} · {scan.apiCalls} API calls · {(scan.durationMs / 1000).toFixed(1)} s
        {scan.account && <> · account {scan.account}</>}
      </p>
    </div>
  );
}

/** Parts of the account a scan could not read, each with the rules it could not run. */
export function ScanProblems({ problems }: { problems: ScanResult['problems'] }) {
  if (problems.length === 0) return null;
  return (
    <div className="scan-problems">
      {problems.map((p, i) => (
        <ErrorNotice
          key={`${p.area}-${i}`}
          compact
          error={p.error}
          title={`Could not check ${p.area}${p.rules.length > 0 ? ` (rules ${p.rules.join(', ')} skipped)` : ''}`}
        />
      ))}
    </div>
  );
}
