import { useCallback, useId, useState, type FormEvent } from 'react';
import type { Finding, ManualFix, Target } from '../../../../shared/contract';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../model/time';
import { routeHref } from '../../model/route';
import { useDiagnostics } from '../../stores/diagnostics';
import { POLL_LIMIT, settles, verifySlot, type VerifyState } from '../../stores/diagnosticsRecheck';
import { orderedFixes, resourceWord } from './findingGroups';
import { FixPolicyEditor } from './FixPolicyEditor';
import { MetricEvidence } from './MetricEvidence';
import { MetricStatus } from './MetricStatus';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  target: Target;
  finding: Finding;
  /** The level of this detail's own heading; the sections inside go one level down. */
  level?: 2 | 3;
  /** Whether the summary heading is shown (a page shows it in its own header). */
  showTitle?: boolean;
}

type Heading = 'h2' | 'h3' | 'h4';

const sourceWords: Record<Finding['evidence'][number]['source'], string> = {
  event: 'Event',
  health: 'Health',
  setting: 'Setting',
  bundle: 'Bundle',
  policy: 'Policy',
  simulation: 'Simulation',
  'security-group': 'Security group',
  state: 'State',
  text: 'Text',
  log: 'Instance log',
  metric: 'Metric',
};

function Evidence({ finding, H }: { finding: Finding; H: Heading }) {
  return (
    <section className="finding-section">
      <H>Evidence</H>
      {finding.evidence.length === 0 ? (
        <p className="muted">No evidence was recorded.</p>
      ) : (
        <ul className="evidence-list" aria-label="Evidence">
          {finding.evidence.map((e, i) => (
            <li key={i} className="evidence">
              <div className="evidence-head">
                <span className="tag">{sourceWords[e.source]}</span> <span className="evidence-label">{e.label}</span>
                {e.at && <span className="muted evidence-time">{formatDateTime(e.at)}</span>}
              </div>
              <pre className="code code-wrap evidence-text">
                <code>{e.text}</code>
              </pre>
              {e.metric && <MetricEvidence metric={e.metric} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What the last re-check said, in words, for the reason it was made. */
function verifyWords(state: VerifyState): { tone: 'ok' | 'bad' | 'busy'; text: string } | null {
  const { result, reason } = state;
  if (!result) return state.checking ? { tone: 'busy', text: 'Checking…' } : null;
  if (reason === 'undo') {
    return result.status === 'not-yet'
      ? { tone: 'bad', text: `Finding is back: ${result.reason}` }
      : { tone: 'ok', text: `Still fixed: ${result.reason}` };
  }
  return result.status === 'verified'
    ? { tone: 'ok', text: `Verified: ${result.reason}` }
    : { tone: 'bad', text: `Not yet: ${result.reason}` };
}

function VerifyStatus({ target, finding }: { target: Target; finding: Finding }) {
  const state = useDiagnostics((s) => s.verifications[finding.id]);
  if (!state || state.reason === 'check') return null;
  const words = verifyWords(state);
  const polling = state.remaining > 0;
  const waiting = state.result !== undefined && !settles(state.reason, state.result);
  return (
    <div className="verify-status">
      <p role="status" className={words ? `verify verify-${words.tone === 'ok' ? 'ok' : words.tone}` : 'verify'}>
        {words && (
          <>
            <span aria-hidden="true">{words.tone === 'ok' ? '✓ ' : words.tone === 'bad' ? '✕ ' : ''}</span>
            {words.text}
          </>
        )}
        {polling && waiting && (
          <span className="muted">
            {' '}
            (checking again automatically, {state.remaining} of {POLL_LIMIT} left)
          </span>
        )}
      </p>
      {state.reason === 'fix' && <MetricStatus state={state} />}
      {state.error && <ErrorNotice error={state.error} title="Could not re-check the finding" compact />}
      {!polling && (waiting || state.error || state.metricTimedOut) && (
        <button
          type="button"
          className="button button-small"
          onClick={() => useDiagnostics.getState().watch(target, finding.id, state.reason)}
        >
          Check again
        </button>
      )}
      {polling && (
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => useDiagnostics.getState().stopWatching(finding.id)}
        >
          Stop checking
        </button>
      )}
    </div>
  );
}

function Fixes({ target, finding, H }: { target: Target; finding: Finding; H: Heading }) {
  const applied = useDiagnostics((s) => s.applied[finding.id]);
  const [editing, setEditing] = useState<string | null>(null);
  const closeEditor = useCallback(() => setEditing(null), []);
  if (finding.fixes.length === 0 && !applied) return null;
  return (
    <section className="finding-section">
      <H>Fix</H>
      {finding.fixes.length > 0 && (
        <ul className="fix-list">
          {orderedFixes(finding.fixes).map((fix) => (
            <li key={fix.id} className={fix.recommended ? 'fix fix-recommended' : 'fix'}>
              <button
                type="button"
                className={fix.recommended ? 'button button-primary' : 'button'}
                onClick={() => useDiagnostics.getState().previewFix(target, finding.id, fix.id)}
              >
                Preview: {fix.label}
              </button>
              {fix.policy && editing !== fix.id && (
                <button type="button" className="button" onClick={() => setEditing(fix.id)}>
                  Edit the policy first
                </button>
              )}
              {fix.recommended && <span className="tag tag-ok">Recommended</span>}
              <p className="fix-description">{fix.description}</p>
              {fix.policy && editing === fix.id && (
                <FixPolicyEditor
                  target={target}
                  finding={finding}
                  fix={{ ...fix, policy: fix.policy }}
                  onClose={closeEditor}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <VerifyStatus target={target} finding={finding} />
      {applied && !applied.undone && (
        <p className="fix-undo">
          <button type="button" className="button" onClick={() => useDiagnostics.getState().previewUndo(finding.id)}>
            Undo
          </button>{' '}
          <span className="muted">Previews the undo of the fix applied from here.</span>
        </p>
      )}
    </section>
  );
}

function ManualSteps({
  target,
  finding,
  manual,
  H,
}: {
  target: Target;
  finding: Finding;
  manual: ManualFix;
  H: Heading;
}) {
  const check = useDiagnostics((s) => s.verifications[verifySlot(finding.id, 'check')]);
  const passed = check?.result?.status === 'verified';
  return (
    <section className="finding-section manual-fix">
      <H>Manual fix</H>
      <p>{manual.summary}</p>
      <ol className="manual-steps" aria-label="Manual steps">
        {manual.steps.map((step, i) => (
          <li key={i}>
            <p>{step.text}</p>
            {step.command && (
              <div className="manual-command">
                <code>{step.command}</code>
                <CopyButton text={step.command} what={`command for step ${i + 1}`} />
              </div>
            )}
          </li>
        ))}
      </ol>
      <div className="manual-check">
        <button
          type="button"
          className={passed ? 'button check-passed' : 'button'}
          aria-busy={check?.checking || undefined}
          disabled={check?.checking}
          onClick={() => void useDiagnostics.getState().verify(target, finding.id, 'check')}
        >
          {passed ? 'Check passed ✓' : check?.checking ? 'Checking…' : 'Check'}
        </button>
        <span className="muted"> {manual.check}</span>
        {check?.result && (
          <p role="status" className={passed ? 'verify verify-ok' : 'verify verify-bad'}>
            {passed ? `✓ Done: ${check.result.reason}` : `✕ Not yet: ${check.result.reason}`}
          </p>
        )}
        {check?.error && <ErrorNotice error={check.error} title="Could not run the check" compact />}
      </div>
    </section>
  );
}

function Acceptance({ target, finding, H }: { target: Target; finding: Finding; H: Heading }) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const errorId = useId();

  const run = async (value: string | null) => {
    setBusy(true);
    const error = await useDiagnostics.getState().accept(target, finding.id, value);
    setBusy(false);
    setProblem(error ? error.message : null);
    if (!error) setNote('');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setProblem('Say why the finding is accepted.');
      return;
    }
    void run(note.trim());
  };

  if (finding.accepted) {
    return (
      <section className="finding-section">
        <H>Accepted</H>
        <p>
          Accepted {formatDateTime(finding.accepted.at)}: “{finding.accepted.note}”
        </p>
        <button type="button" className="button" disabled={busy} onClick={() => void run(null)}>
          Un-accept
        </button>
        {problem && (
          <p role="alert" className="field-error">
            {problem}
          </p>
        )}
      </section>
    );
  }
  return (
    <details className="finding-section accept">
      <summary>Accept this finding</summary>
      <form onSubmit={submit} noValidate>
        <label htmlFor={noteId}>Why is this accepted? (required)</label>
        <textarea
          id={noteId}
          className="filter"
          rows={2}
          maxLength={500}
          required
          value={note}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          onChange={(e) => setNote(e.target.value)}
        />
        {problem && (
          <p id={errorId} role="alert" className="field-error">
            {problem}
          </p>
        )}
        <button type="submit" className="button" disabled={busy} aria-busy={busy || undefined}>
          Accept
        </button>
      </form>
    </details>
  );
}

/** Everything about one finding: evidence, explanation, where the notes met it, and its fixes. */
export function FindingDetail({ target, finding, level = 3, showTitle = true }: Props) {
  const Title: Heading = level === 2 ? 'h2' : 'h3';
  const H: Heading = level === 2 ? 'h3' : 'h4';
  return (
    <article className="finding-detail" aria-label={`Finding: ${finding.summary}`}>
      {showTitle && (
        <header className="finding-header">
          <SeverityBadge severity={finding.severity} />
          <Title>{finding.summary}</Title>
        </header>
      )}
      <p className="finding-resource">
        <span className="muted">{resourceWord(finding.resource.type)}</span>{' '}
        <span className="mono">{finding.resource.name}</span>
        {finding.environmentName && finding.resource.name !== finding.environmentName && (
          <span className="muted"> · environment {finding.environmentName}</span>
        )}
      </p>
      <section className="finding-section">
        <H>What is wrong</H>
        <p>{finding.explanation}</p>
        <p className="catalogue-ref">
          <span className="tag">{finding.catalogue.rule}</span> {finding.catalogue.title}
          {finding.catalogue.seenIn && (
            <>
              <br />
              <span className="muted">
                Seen in the training notes: {finding.catalogue.seenIn} ·{' '}
                <a href={routeHref({ section: 'diagnostics', catalogueRule: finding.catalogue.rule })}>
                  {finding.catalogue.rule} in the catalogue
                </a>
              </span>
            </>
          )}
        </p>
      </section>
      <Evidence finding={finding} H={H} />
      <Fixes target={target} finding={finding} H={H} />
      {finding.manual && <ManualSteps target={target} finding={finding} manual={finding.manual} H={H} />}
      <Acceptance target={target} finding={finding} H={H} />
    </article>
  );
}
