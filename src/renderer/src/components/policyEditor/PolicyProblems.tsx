import type { LocatedDiagnostic } from '../../../../shared/policyLint';
import type { PolicyLint } from './usePolicyLint';

const severityWords: Record<LocatedDiagnostic['severity'], string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Note',
};

function summary(lint: PolicyLint): string {
  const count = (s: LocatedDiagnostic['severity']) => lint.diagnostics.filter((d) => d.severity === s).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('info'), 'note'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
  const reference =
    lint.iam === undefined
      ? ' Actions and condition keys are checked once the IAM reference has loaded.'
      : lint.iam === null
        ? ' The IAM reference could not be loaded, so actions and condition keys are not checked.'
        : '';
  if (parts.length === 0) return `No problems found.${reference}`;
  return `${parts.join(', ')}${lint.hasErrors ? ': fix the errors to continue.' : '.'}${reference}`;
}

interface Props {
  lint: PolicyLint;
  id: string;
  /** Moves the editor's cursor to a problem. */
  onGoTo?: (d: LocatedDiagnostic) => void;
}

/** The lint as a list a screen reader can walk; the summary line is announced, the list is not re-read on each key. */
export function PolicyProblems({ lint, id, onGoTo }: Props) {
  return (
    <div id={id} className="policy-problems">
      <p role="status" className={lint.hasErrors ? 'policy-summary policy-summary-bad' : 'policy-summary'}>
        {summary(lint)}
      </p>
      {lint.diagnostics.length > 0 && (
        <ul aria-label="Policy problems" className="policy-problem-list">
          {lint.diagnostics.map((d, i) => (
            <li key={`${d.from}-${d.rule}-${i}`} className={`policy-problem policy-problem-${d.severity}`}>
              <span className="policy-problem-severity">{severityWords[d.severity]}</span>
              {onGoTo ? (
                <button type="button" className="link-button policy-problem-where" onClick={() => onGoTo(d)}>
                  Line {d.line}, column {d.column}
                </button>
              ) : (
                <span className="policy-problem-where">
                  Line {d.line}, column {d.column}
                </span>
              )}
              <span className="policy-problem-message">{d.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
