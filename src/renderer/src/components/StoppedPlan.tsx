/**
 * A change's steps as they went, and for a plan that stopped at a failed
 * step, what stayed applied, the offer to roll it back, and how the rollback
 * went: shown the same in the Review dialog's outcome and in the journal.
 */
import {
  appliedStepsLabel,
  type JournalEntry,
  type Rollback,
  type RollbackStep,
  type StepOutcome,
} from '../../../shared/contract';
import { verificationSentence } from '../model/verification';
import { useJournal } from '../stores/journal';
import { ErrorNotice } from './ErrorNotice';

const stepWords: Record<StepOutcome['status'], string> = {
  ok: 'Applied',
  failed: 'Failed',
  skipped: 'Not run',
  'rolled-back': 'Rolled back',
};

/** Each step: applied (with its request id), failed (with the AWS code), or not run. */
export function StepList({ entry }: { entry: JournalEntry }) {
  return (
    <ol className="steps" aria-label="Steps">
      {entry.steps.map((step, i) => (
        <li key={i} className={`step step-${step.status}`}>
          <span className="step-number">Step {i + 1}</span>
          <span className="step-status">{stepWords[step.status]}</span>
          <code>{step.operation}</code>
          {step.error?.awsCode && (
            <span>
              AWS code <code>{step.error.awsCode}</code>
            </span>
          )}
          {step.requestId && <span className="muted">Request id {step.requestId}</span>}
        </li>
      ))}
    </ol>
  );
}

/** How many steps a stopped plan applied before the one that failed. */
export function appliedCount(entry: JournalEntry): number {
  return entry.steps.filter((s) => s.status === 'ok').length;
}

const rollbackWords: Record<RollbackStep['status'], string> = {
  'rolled-back': 'Rolled back',
  failed: 'Rollback failed',
  'not-reversible': 'Cannot be rolled back',
};

function RollbackReport({ rollback }: { rollback: Rollback }) {
  const { verification } = rollback;
  return (
    <section className="rollback" aria-label="Rollback">
      <h4>{rollback.status === 'rolled-back' ? 'Rolled back' : 'Rollback incomplete'}</h4>
      <ol className="steps" aria-label="Rollback steps">
        {rollback.steps.map((s) => (
          <li key={s.step} className={`step step-${s.status === 'rolled-back' ? 'ok' : 'failed'}`}>
            <span className="step-number">Step {s.step}</span>
            <span className="step-status">{rollbackWords[s.status]}</span>
            <code>{s.operation}</code>
            {s.error && (
              <span>
                {s.error.awsCode ? <code>{s.error.awsCode}</code> : null} {s.error.message}
              </span>
            )}
          </li>
        ))}
      </ol>
      <p className={verification.verified ? 'verify verify-ok' : 'verify verify-bad'} role="status">
        {verificationSentence(verification)}
      </p>
      {verification.differences.length > 0 && (
        <table className="grid" aria-label="Rows that differ from before the change">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Before the change</th>
              <th scope="col">Re-read now</th>
            </tr>
          </thead>
          <tbody>
            {verification.differences.map((d, i) => (
              <tr key={i}>
                <td>{d.label}</td>
                <td>{d.expected}</td>
                <td>{d.found}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The stopped plan's state: what was applied, what was not run, and either
 * the Roll back button or the rollback's result. `named` adds the change's
 * title to the button's name, where several entries are listed together.
 */
export function StoppedPlan({
  entry,
  named,
  onRollBack,
}: {
  entry: JournalEntry;
  named?: boolean;
  onRollBack: () => void;
}) {
  const request = useJournal((s) => s.rollbacks[entry.id]);
  const applied = appliedCount(entry);
  const failedAt = entry.steps.findIndex((s) => s.status === 'failed');
  const notRun = entry.steps.length - failedAt - 1;
  const label = `Roll back ${appliedStepsLabel(applied)}`;
  return (
    <div className="stopped-plan">
      <div className="notice notice-warning">
        <div className="notice-body">
          <p className="notice-title">
            Stopped at step {failedAt + 1} of {entry.steps.length}
          </p>
          <p className="notice-message">
            {appliedStepsLabel(applied).replace(/^s/, 'S')} {applied === 1 ? 'was' : 'were'} applied
            {entry.rollback ? '' : ' and are still in place'}
            {notRun > 0 ? `; ${notRun === 1 ? 'the last step was' : `the last ${notRun} steps were`} not run` : ''}.
          </p>
        </div>
        {!entry.rollback && (
          <button
            type="button"
            className="button button-small button-primary"
            onClick={onRollBack}
            disabled={request?.busy}
            aria-busy={request?.busy || undefined}
            aria-label={named ? `${label} of ${entry.title}` : label}
          >
            {request?.busy ? 'Rolling back…' : label}
          </button>
        )}
      </div>
      {request?.error && <ErrorNotice error={request.error} title="Could not roll back" />}
      {entry.rollback && <RollbackReport rollback={entry.rollback} />}
    </div>
  );
}
