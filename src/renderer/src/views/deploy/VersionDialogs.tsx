/**
 * The two per-version actions of the Application versions view. Each asks
 * what it needs, then hands over to the shared Review change dialog:
 * "Deploy to…" (roll back or forward) and "Delete…". Each stays open under
 * the review, so cancelling the review comes back to it.
 */
import { useId, useState } from 'react';
import type { ApplicationVersionRow, ApplicationVersions, Target } from '../../../../shared/contract';
import { HealthBadge } from '../../components/HealthBadge';
import { Modal } from '../../components/Modal';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { useReviewFromDialog } from './reviewFollowUp';
import { sourceUri } from './versions';

interface Props {
  target: Target;
  version: ApplicationVersionRow;
  onClose: () => void;
}

export function DeployVersionDialog({
  target,
  version,
  environments,
  onClose,
}: Props & { environments: ApplicationVersions['environments'] }) {
  useReturnFocus();
  const name = useId();
  const eligible = environments.filter((e) => e.versionLabel !== version.versionLabel);
  const [chosen, setChosen] = useState(eligible[0]?.name ?? '');
  const title = `Deploy ${version.versionLabel}`;
  const preview = useReviewFromDialog(onClose);

  const review = () => {
    if (!chosen) return;
    preview(target, {
      kind: 'beanstalk.deployVersion',
      environmentName: chosen,
      versionLabel: version.versionLabel,
    });
  };

  return (
    <Modal label={title} onDismiss={onClose} className="deploy-version-dialog">
      <header className="modal-header">
        <h2>{title}</h2>
        <p className="muted">
          Rolls an environment back or forward to this version. Nothing is uploaded: the version is already in{' '}
          {version.applicationName}.
        </p>
      </header>
      <div className="modal-body">
        {environments.length === 0 ? (
          <p className="empty">{version.applicationName} has no environments to deploy to.</p>
        ) : (
          <fieldset className="field deploy-targets">
            <legend>Environment</legend>
            {environments.map((env) => {
              const running = env.versionLabel === version.versionLabel;
              return (
                <label key={env.name} className="deploy-target">
                  <input
                    type="radio"
                    name={name}
                    value={env.name}
                    checked={chosen === env.name}
                    disabled={running}
                    onChange={() => setChosen(env.name)}
                  />
                  <span className="strong">{env.name}</span>
                  <HealthBadge color={env.health} />
                  <span className="muted">
                    {env.status} · {running ? 'already runs this version' : `runs ${env.versionLabel ?? 'no version'}`}
                  </span>
                </label>
              );
            })}
          </fieldset>
        )}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={!chosen} onClick={review}>
          Review deploy
        </button>
      </footer>
    </Modal>
  );
}

export function DeleteVersionDialog({ target, version, onClose }: Props) {
  useReturnFocus();
  const [deleteSource, setDeleteSource] = useState(false);
  const source = sourceUri(version);
  const title = `Delete version ${version.versionLabel}`;
  const preview = useReviewFromDialog(onClose);

  const review = () => {
    preview(target, {
      kind: 'beanstalk.deleteVersion',
      applicationName: version.applicationName,
      versionLabel: version.versionLabel,
      deleteSourceBundle: deleteSource,
    });
  };

  return (
    <Modal label={title} onDismiss={onClose} className="deploy-version-dialog">
      <header className="modal-header">
        <h2>{title}</h2>
      </header>
      <div className="modal-body">
        <p>
          Removes the label <strong>{version.versionLabel}</strong> from {version.applicationName}. No environment runs
          it, so none is affected.
        </p>
        {source && (
          <>
            <label className="checkbox deploy-delete-source">
              <input type="checkbox" checked={deleteSource} onChange={(e) => setDeleteSource(e.target.checked)} />
              Also delete the source bundle from S3
            </label>
            <p className="muted">
              <code className="arn">{source}</code>
            </p>
            <p className={deleteSource ? 'notice notice-warning' : 'muted'}>
              {deleteSource
                ? 'The bundle is deleted with the version, so undo cannot bring this version back.'
                : 'The bundle stays in S3, so undo can register the version again.'}
            </p>
          </>
        )}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={review}>
          Review deletion
        </button>
      </footer>
    </Modal>
  );
}
