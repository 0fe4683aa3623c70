/**
 * "Deploy a new version": stage a folder or a .zip, see its files and the
 * pre-flight checks for the chosen environment, name the version, then open
 * the shared Review change dialog on top. Cancel discards the staged bundle;
 * a deploy that was applied closes this dialog once its review is closed.
 */
import { useEffect, useRef, useState } from 'react';
import type { StagedBundle } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { dataOf } from '../../model/loadable';
import { formatSize } from '../../model/size';
import { useBeanstalk } from '../../stores/beanstalk';
import { useChanges } from '../../stores/changes';
import { useDeploy, type DeploySession } from '../../stores/deploy';
import { useSession } from '../../stores/session';
import { FieldError } from '../beanstalk/InlineValueForm';
import { BundleFileList, PreflightCheckList } from './BundleLists';
import { checkCounts, fieldOrder, validateDeploy, type DeployField, type DeployFormErrors } from './deployForm';
import { SourcePicker } from './SourcePicker';

const FIRST_FILES = 12;
const TITLE = 'Deploy a new version';

function useEnvironmentChoices(applicationName: string, current: string) {
  const versions = useDeploy((s) => s.versions[applicationName]);
  const environments = useBeanstalk((s) => s.environments);
  const fromVersions = dataOf(versions)?.environments.map((e) => ({ name: e.name, note: `${e.status}, ${e.health}` }));
  const fromList = dataOf(environments)
    ?.filter((e) => e.applicationName === applicationName)
    .map((e) => ({ name: e.name, note: `${e.status}, ${e.health}` }));
  const choices = fromVersions ?? fromList ?? [];
  return choices.some((c) => c.name === current) ? choices : [{ name: current, note: '' }, ...choices];
}

function BundleSummary({ bundle }: { bundle: StagedBundle }) {
  return (
    <section className="deploy-section" aria-label="Staged bundle">
      <h3>Bundle</h3>
      <p className="deploy-bundle-facts">
        <strong>{bundle.origin}</strong> · {bundle.fileCount} file{bundle.fileCount === 1 ? '' : 's'} ·{' '}
        {formatSize(bundle.sizeBytes)} ·{' '}
        <span className="muted" title={bundle.sha256}>
          sha-256 {bundle.sha256.slice(0, 12)}…
        </span>
      </p>
      {bundle.before ? (
        <div className="deploy-before-after">
          <div>
            <h4 className="deploy-subhead">Before: as deployed</h4>
            <BundleFileList
              files={bundle.before}
              fileCount={bundle.before.length}
              limit={FIRST_FILES}
              label="Files before the re-bundle"
            />
          </div>
          <div>
            <h4 className="deploy-subhead">After: at the zip root</h4>
            <BundleFileList
              files={bundle.files}
              fileCount={bundle.fileCount}
              limit={FIRST_FILES}
              label="Files in the bundle"
            />
          </div>
        </div>
      ) : (
        <>
          <h4 className="deploy-subhead">Files at the zip root</h4>
          <BundleFileList
            files={bundle.files}
            fileCount={bundle.fileCount}
            limit={FIRST_FILES}
            label="Files in the bundle"
          />
        </>
      )}
      {bundle.ignored.length > 0 && (
        <details className="deploy-ignored">
          <summary>
            {bundle.kind === 'rebundle' ? 'Left out' : 'Left out by .ebignore'} ({bundle.ignored.length})
          </summary>
          <ul aria-label="Files left out">
            {bundle.ignored.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Preflight({ session }: { session: DeploySession }) {
  const { preflight, environmentName } = session;
  const data = dataOf(preflight);
  return (
    <section
      className="deploy-section"
      aria-label="Pre-flight checks"
      aria-busy={preflight.status === 'loading' || undefined}
    >
      <h3>
        Pre-flight checks for {environmentName}
        {data && data.environmentName === environmentName && (
          <span className="muted"> · {checkCounts(data.checks)}</span>
        )}
      </h3>
      {preflight.status === 'error' && (
        <ErrorNotice
          error={preflight.error}
          title={`Could not check the bundle against ${environmentName}`}
          onRetry={() => void useDeploy.getState().runPreflight()}
        />
      )}
      {data && data.environmentName === environmentName ? (
        <>
          <p className="muted deploy-platform">
            Platform: {data.platform}
            {data.generation === 'legacy' && ' (Apache + mod_wsgi: WSGIPath names a file)'}
            {data.generation === 'gunicorn' && ' (Gunicorn: WSGIPath names module:callable)'}
          </p>
          <PreflightCheckList checks={data.checks} label={`Checks for ${environmentName}`} />
        </>
      ) : (
        preflight.status !== 'error' && <p className="loading">Checking the bundle against {environmentName}…</p>
      )}
    </section>
  );
}

export function DeployDialog() {
  const session = useDeploy((s) => s.session);
  if (!session) return null;
  return <DeployDialogBody session={session} />;
}

function DeployDialogBody({ session }: { session: DeploySession }) {
  useReturnFocus();
  const desktop = useSession((s) => dataOf(s.info)?.mode === 'desktop');
  const reviewPhase = useChanges((s) => s.phase);
  const versions = useDeploy((s) => dataOf(s.versions[session.applicationName]));
  const choices = useEnvironmentChoices(session.applicationName, session.environmentName);
  const [label, setLabel] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<DeployFormErrors>({});
  const fields = useRef<Partial<Record<DeployField, HTMLElement | null>>>({});

  const { bundle, preflight, environmentName } = session;
  const checked = dataOf(preflight);
  const ready = !!bundle && preflight.status === 'ready' && checked?.environmentName === environmentName;
  // Until the person types a label, it follows the suggestion for the current bundle and environment.
  const versionLabel = label ?? checked?.suggestedLabel ?? '';
  const close = () => useDeploy.getState().closeDeploy();

  useEffect(() => {
    if (session.deployed && reviewPhase === 'closed') useDeploy.getState().closeDeploy();
  }, [session.deployed, reviewPhase]);

  const clear = (field: DeployField) => setErrors(({ [field]: _gone, ...rest }) => rest);

  const review = () => {
    if (!bundle || !checked || !ready) return;
    const result = validateDeploy(
      { versionLabel, description, override, reason },
      {
        applicationName: session.applicationName,
        environmentName,
        bundle,
        preflight: checked,
        existingLabels: versions?.versions.map((v) => v.versionLabel) ?? [],
      },
    );
    if (!result.ok) {
      setErrors(result.errors);
      const first = fieldOrder.find((f) => result.errors[f]);
      if (first) fields.current[first]?.focus();
      return;
    }
    setErrors({});
    void useChanges.getState().preview(session.target, result.intent);
  };

  const busy = session.phase !== 'choose' && session.phase !== 'staged';
  return (
    <Modal label={TITLE} className="deploy-dialog" busy={busy} onDismiss={close}>
      <header className="modal-header">
        <h2>{TITLE}</h2>
        <p className="muted">
          To an environment of <strong>{session.applicationName}</strong>. The bundle is checked before anything is
          uploaded to S3, and the deploy is previewed before it runs.
        </p>
      </header>
      <form
        className="modal-body deploy-form"
        id="deploy-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <div className="field deploy-environment">
          <label htmlFor="deploy-environment">Environment</label>
          <select
            id="deploy-environment"
            value={environmentName}
            onChange={(e) => useDeploy.getState().setEnvironment(e.target.value)}
          >
            {choices.map((c) => (
              <option key={c.name} value={c.name}>
                {c.note ? `${c.name} (${c.note})` : c.name}
              </option>
            ))}
          </select>
        </div>
        <SourcePicker session={session} desktop={desktop} />
        {session.stageError && <ErrorNotice error={session.stageError} title="Could not use this source" />}
        {bundle && <BundleSummary bundle={bundle} />}
        {bundle && <Preflight session={session} />}
        {ready && checked.blocking && (
          <fieldset className="deploy-section deploy-override">
            <legend className="strong">A check failed</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={override}
                ref={(el) => {
                  fields.current.override = el;
                }}
                aria-invalid={errors.override ? true : undefined}
                aria-describedby={errors.override ? 'deploy-override-error' : undefined}
                onChange={(e) => {
                  setOverride(e.target.checked);
                  clear('override');
                }}
              />
              Deploy anyway, despite the failing checks
            </label>
            <FieldError id="deploy-override-error" message={errors.override} />
            <div className="field">
              <label htmlFor="deploy-reason">Reason for deploying anyway</label>
              <textarea
                id="deploy-reason"
                rows={2}
                maxLength={600}
                disabled={!override}
                value={reason}
                ref={(el) => {
                  fields.current.reason = el;
                }}
                aria-invalid={errors.reason ? true : undefined}
                aria-describedby={errors.reason ? 'deploy-reason-error' : undefined}
                onChange={(e) => {
                  setReason(e.target.value);
                  clear('reason');
                }}
              />
              <FieldError id="deploy-reason-error" message={errors.reason} />
            </div>
          </fieldset>
        )}
        {ready && (
          <section className="deploy-section deploy-version" aria-label="New version">
            <div className="field">
              <label htmlFor="deploy-label">Version label</label>
              <input
                id="deploy-label"
                autoComplete="off"
                spellCheck={false}
                value={versionLabel}
                ref={(el) => {
                  fields.current.versionLabel = el;
                }}
                aria-invalid={errors.versionLabel ? true : undefined}
                aria-describedby={errors.versionLabel ? 'deploy-label-error' : undefined}
                onChange={(e) => {
                  setLabel(e.target.value);
                  clear('versionLabel');
                }}
              />
              <FieldError id="deploy-label-error" message={errors.versionLabel} />
            </div>
            <div className="field">
              <label htmlFor="deploy-description">Description (optional)</label>
              <input
                id="deploy-description"
                autoComplete="off"
                value={description}
                ref={(el) => {
                  fields.current.description = el;
                }}
                aria-invalid={errors.description ? true : undefined}
                aria-describedby={errors.description ? 'deploy-description-error' : undefined}
                onChange={(e) => {
                  setDescription(e.target.value);
                  clear('description');
                }}
              />
              <FieldError id="deploy-description-error" message={errors.description} />
            </div>
          </section>
        )}
      </form>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" form="deploy-form" className="button button-primary" disabled={!ready}>
          Review deploy
        </button>
      </footer>
    </Modal>
  );
}
