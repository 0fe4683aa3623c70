import { useState } from 'react';
import type { Finding, Target } from '../../../../shared/contract';
import { useDiagnostics } from '../../stores/diagnostics';
import { FindingDetail } from './FindingDetail';
import { FindingTable } from './FindingTable';

interface Props {
  target: Target;
  findings: readonly Finding[];
  label: string;
  /** Heading level the detail's sections sit under (2: they are h3). */
  level?: 2 | 3;
}

/** A findings table whose rows open their detail in place, one at a time. */
export function InlineFindings({ target, findings, label, level = 2 }: Props) {
  const [expandedId, setExpandedId] = useState<string | null>(null);
  return (
    <FindingTable
      findings={findings}
      label={label}
      inline={{
        expandedId,
        onToggle: (id) => setExpandedId((open) => (open === id ? null : id)),
        renderDetail: (f) => <FindingDetail target={target} finding={f} level={level} showTitle={false} />,
      }}
    />
  );
}

/**
 * Findings fixed from this screen that the latest scan no longer lists: kept
 * here so their verification and Undo stay in reach.
 */
export function FixedHere({
  target,
  listed,
  environmentName,
}: {
  target: Target;
  listed: readonly Finding[];
  environmentName?: string;
}) {
  const applied = useDiagnostics((s) => s.applied);
  const fixed = Object.values(applied)
    .map((a) => a.finding)
    .filter((f): f is Finding => f !== undefined)
    .filter((f) => !listed.some((l) => l.id === f.id))
    .filter((f) => environmentName === undefined || f.environmentName === environmentName);
  if (fixed.length === 0) return null;
  return (
    <section className="diag-group diag-fixed" aria-label="Fixed from here">
      <h3>Fixed from here ({fixed.length})</h3>
      <InlineFindings target={target} findings={fixed} label="Fixed from here" level={3} />
    </section>
  );
}
