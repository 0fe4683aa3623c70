/**
 * "Review change": the preview every write goes through, then its outcome.
 * It renders the changes store; whoever starts a change only calls preview().
 */
import type { ApplyOutcome, DiffRow, Plan } from '../../../shared/contract';
import { useReturnFocus } from '../hooks/useReturnFocus';
import { dataOf } from '../model/loadable';
import { formatSize } from '../model/size';
import { verificationSentence } from '../model/verification';
import { useChanges } from '../stores/changes';
import { useSession } from '../stores/session';
import { ProductionMarker, isProduction } from '../views/overview/profileMarker';
import { BundleFileList, PreflightCheckList } from '../views/deploy/BundleLists';
import { checkCounts } from '../views/deploy/deployForm';
import { CodeBlock } from './CodeBlock';
import { ErrorNotice } from './ErrorNotice';
import { Modal } from './Modal';
import { PlanRequests } from './PlanRequests';
import { StepList, StoppedPlan } from './StoppedPlan';

const diffWords: Record<DiffRow['change'], { sign: string; word: string }> = {
  add: { sign: '+', word: 'Added' },
  remove: { sign: '−', word: 'Removed' },
  modify: { sign: '~', word: 'Changed' },
};

function DiffList({ rows }: { rows: DiffRow[] }) {
  if (rows.length === 0) return <p className="muted">Nothing changes.</p>;
  return (
    <ul className="diff" aria-label="Differences">
      {rows.map((row, i) => {
        const words = diffWords[row.change];
        return (
          <li key={i} className={`diff-row diff-${row.change}`}>
            <span className="diff-sign" aria-hidden="true">
              {words.sign}
            </span>
            <span className="diff-word">{words.word}</span>
            <span className="diff-label">{row.label}</span>
            {row.change === 'modify' ? (
              <span className="diff-value">
                <del>{row.before ?? '(none)'}</del> → <ins>{row.after ?? '(none)'}</ins>
              </span>
            ) : (
              <span className="diff-value">{row.change === 'add' ? row.after : row.before}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** A write to a production account says so, with the account and region, before anything else. */
function PlanMarker({ plan }: { plan: Plan }) {
  const profile = useSession((s) => dataOf(s.profiles)?.profiles.find((p) => p.name === plan.target.profile));
  if (!profile || !isProduction(profile)) return null;
  return (
    <div className="review-production">
      <ProductionMarker profile={profile} account={plan.account} region={plan.target.region} />
      <span>{profile.unlocked ? 'Unlocked for this session.' : 'Locked: unlock it in the top bar to apply.'}</span>
    </div>
  );
}

function PlanFacts({ plan }: { plan: Plan }) {
  return (
    <dl className="facts">
      <div>
        <dt>Account</dt>
        <dd>{plan.account ?? 'unknown'}</dd>
      </div>
      <div>
        <dt>Region</dt>
        <dd>{plan.target.region}</dd>
      </div>
      <div>
        <dt>Profile</dt>
        <dd>{plan.target.profile}</dd>
      </div>
      <div className="facts-wide">
        <dt>Resource</dt>
        <dd>
          {plan.resource.service.toUpperCase()} {plan.resource.type} <strong>{plan.resource.name}</strong>
          {plan.resource.arn && <code className="arn">{plan.resource.arn}</code>}
        </dd>
      </div>
    </dl>
  );
}

const PREVIEW_FILES = 20;

/** A deploy's bundle: what ships at the zip root and how it fared in the pre-flight checks. */
function PlanBundle({ bundle }: { bundle: NonNullable<Plan['bundle']> }) {
  return (
    <div className="review-columns review-bundle">
      <section className="review-section" aria-label="Bundle">
        <h3>
          Bundle <span className="muted">· {bundle.origin}</span>
        </h3>
        <p className="muted">
          {bundle.fileCount} file{bundle.fileCount === 1 ? '' : 's'} · {formatSize(bundle.sizeBytes)}
        </p>
        <BundleFileList
          files={bundle.files}
          fileCount={bundle.fileCount}
          limit={PREVIEW_FILES}
          label="Files in the bundle"
        />
      </section>
      <section className="review-section" aria-label="Pre-flight checks">
        <h3>
          Pre-flight checks <span className="muted">· {checkCounts(bundle.checks)}</span>
        </h3>
        <PreflightCheckList checks={bundle.checks} label="Pre-flight checks" compact />
      </section>
    </div>
  );
}

function PlanDetails({ plan }: { plan: Plan }) {
  return (
    <>
      <section className="review-section">
        <h3>Changes</h3>
        <DiffList rows={plan.diff} />
      </section>
      {plan.bundle && <PlanBundle bundle={plan.bundle} />}
      <section className="review-section">
        <h3>AWS CLI equivalent</h3>
        {plan.cli.length > 0 ? (
          <CodeBlock text={plan.cli.join('\n')} what="AWS CLI equivalent" />
        ) : (
          <p className="muted">No AWS CLI command does this; the steps below say what changes.</p>
        )}
        <PlanRequests steps={plan.steps} />
      </section>
      <div className="review-columns">
        <section className="review-section">
          <h3>Permissions needed</h3>
          {plan.permissions.length > 0 ? (
            <ul className="chips">
              {plan.permissions.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None in AWS: nothing is sent to AWS.</p>
          )}
        </section>
        <section className="review-section">
          <h3>Risk</h3>
          <p>
            <span className={`risk risk-${plan.risk.level}`}>{plan.risk.level} risk</span> {plan.risk.note}
          </p>
        </section>
      </div>
      <section className="review-section">
        <h3>Undo</h3>
        {plan.undo ? (
          <>
            <p>{plan.undo.summary}</p>
            {plan.undo.cli.length > 0 && (
              <details className="undo-cli">
                <summary>Undo as AWS CLI</summary>
                <CodeBlock text={plan.undo.cli.join('\n')} what="undo AWS CLI" />
              </details>
            )}
          </>
        ) : (
          <p>This change cannot be undone automatically.</p>
        )}
      </section>
    </>
  );
}

function Outcome({ outcome }: { outcome: ApplyOutcome }) {
  const { entry } = outcome;
  const failedStep = entry.steps.find((s) => s.status === 'failed');
  return (
    <section className="review-section outcome" aria-label="Outcome">
      <h3>Result</h3>
      <StepList entry={entry} />
      {entry.verification ? (
        <p className={entry.verification.verified ? 'verify verify-ok' : 'verify verify-bad'} role="status">
          {verificationSentence(entry.verification)}
        </p>
      ) : (
        entry.status === 'applied' && <p className="muted">The change was not re-checked.</p>
      )}
      {failedStep?.error && <ErrorNotice error={failedStep.error} title={`${failedStep.operation} failed`} />}
      {entry.status === 'failed' && <p>Nothing was applied: the first step failed.</p>}
      {entry.status === 'partial' && (
        <StoppedPlan entry={entry} onRollBack={() => void useChanges.getState().rollBack()} />
      )}
      {entry.status === 'rolled-back' && <p>The steps already done were rolled back.</p>}
      {entry.status === 'applied' && !outcome.undoAvailable && (
        <p className="muted">Undo is not available for this change.</p>
      )}
    </section>
  );
}

export function ReviewChangeDialog() {
  const open = useChanges((s) => s.phase !== 'closed');
  return open ? <ReviewChange /> : null;
}

function ReviewChange() {
  useReturnFocus();
  const phase = useChanges((s) => s.phase);
  const plan = useChanges((s) => s.plan);
  const planError = useChanges((s) => s.planError);
  const applyError = useChanges((s) => s.applyError);
  const outcome = useChanges((s) => s.outcome);

  const { apply, cancel, close, replan, retryApply } = useChanges.getState();
  const applying = phase === 'applying';
  const done = phase === 'done';

  return (
    <Modal
      label="Review change"
      className="review"
      locked={applying}
      busy={phase === 'planning' || applying}
      onDismiss={done ? close : cancel}
    >
      <header className="modal-header">
        <h2>Review change</h2>
        {plan && <p className="review-title">{plan.title}</p>}
      </header>
      <div className="modal-body">
        {phase === 'planning' && (
          <p className="loading" aria-busy="true">
            Preparing the plan…
          </p>
        )}
        {planError && <ErrorNotice error={planError} title="Could not prepare the change" onRetry={replan} />}
        {plan && (
          <>
            {plan.blocked && !done && (
              <div role="alert" className="notice notice-warning">
                <div className="notice-body">
                  <p className="notice-title">This change cannot be applied</p>
                  <p className="notice-message">{plan.blocked}</p>
                </div>
              </div>
            )}
            <PlanMarker plan={plan} />
            {plan.undoOf && <p className="note">This undoes an earlier change recorded in the journal.</p>}
            <PlanFacts plan={plan} />
            {done ? null : <PlanDetails plan={plan} />}
          </>
        )}
        {outcome && <Outcome outcome={outcome} />}
        {applyError && (
          <ErrorNotice error={applyError} title="The change was not applied" onRetry={() => void retryApply()} />
        )}
      </div>
      <footer className="modal-footer">
        {done ? (
          <>
            {applyError?.code === 'plan-expired' && (
              <button type="button" className="button" onClick={() => void replan()}>
                Plan again
              </button>
            )}
            <button type="button" className="button button-primary" onClick={close} autoFocus>
              Close
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={cancel} disabled={applying}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={() => void apply()}
              disabled={!plan || !!plan.blocked || applying}
              aria-busy={applying || undefined}
            >
              {applying ? 'Applying…' : 'Apply'}
            </button>
          </>
        )}
      </footer>
    </Modal>
  );
}
