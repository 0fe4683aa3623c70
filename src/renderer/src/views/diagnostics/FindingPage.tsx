import { useEffect, useState } from 'react';
import type { Finding, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { routeHref } from '../../model/route';
import { findFinding, useDiagnostics, WHOLE_REGION } from '../../stores/diagnostics';
import { FindingDetail } from './FindingDetail';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  target: Target;
  findingId: string;
}

/** `#/diagnostics/<findingId>`: one finding's page, read from whatever scan holds it. */
export function FindingPage({ target, findingId }: Props) {
  const found = useDiagnostics((s) => findFinding(s, findingId));
  const scan = useDiagnostics((s) => s.scans[WHOLE_REGION]);
  const listed = scan?.status === 'ready' && scan.data.findings.some((f) => f.id === findingId);
  // Once fixed, a re-scan stops listing the finding; the page keeps showing it so Undo stays here.
  const [last, setLast] = useState<Finding | undefined>(found);
  if (found && found !== last) setLast(found);

  useEffect(() => {
    if (!findFinding(useDiagnostics.getState(), findingId)) useDiagnostics.getState().ensureScan(target);
  }, [target, findingId]);

  const finding = found ?? last;
  const back = (
    <a href={routeHref({ section: 'diagnostics' })} className="back-link">
      ← Diagnostics
    </a>
  );

  if (!finding) {
    return (
      <div className="view diagnostics-view">
        <div className="view-header">
          {back}
          <h1>Finding</h1>
        </div>
        {scan?.status === 'error' && (
          <ErrorNotice
            error={scan.error}
            title="The scan failed"
            onRetry={() => void useDiagnostics.getState().scan(target)}
          />
        )}
        {scan?.status === 'ready' ? (
          <p className="empty">
            The latest scan does not report this finding (<code>{findingId}</code>): it may have been fixed.
          </p>
        ) : (
          scan?.status !== 'error' && <p className="loading">Scanning for the finding…</p>
        )}
      </div>
    );
  }

  return (
    <div className="view diagnostics-view finding-page">
      <div className="view-header">
        {back}
        <SeverityBadge severity={finding.severity} />
        <h1>{finding.summary}</h1>
      </div>
      {!listed && scan?.status === 'ready' && (
        <p className="note" role="status">
          The latest scan no longer reports this finding.
        </p>
      )}
      <FindingDetail target={target} finding={finding} level={2} showTitle={false} />
    </div>
  );
}
