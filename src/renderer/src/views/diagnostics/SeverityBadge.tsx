import type { FindingSeverity } from '../../../../shared/contract';
import { severityLabel } from './findingGroups';

const marks: Record<FindingSeverity, string> = { critical: '‼', high: '!', medium: '▲', low: '•' };

/** Severity as a word and a mark, with colour only as a third cue. */
export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  return (
    <span className={`severity severity-${severity}`}>
      <span aria-hidden="true" className="severity-mark">
        {marks[severity]}
      </span>
      {severityLabel[severity]}
    </span>
  );
}
