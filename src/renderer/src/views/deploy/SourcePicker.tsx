/**
 * Where a deploy's bundle comes from. Desktop: the native open dialog in main.
 * Web mode: two browser file inputs (a folder, a .zip), whose files are
 * streamed to main; progress is shown in bytes and files while they go.
 */
import { useId, type ChangeEvent } from 'react';
import { folderItems } from '../../api/upload';
import { formatSize } from '../../model/size';
import { useDeploy, type DeploySession, type SourceKind } from '../../stores/deploy';

function onPicked(kind: SourceKind, event: ChangeEvent<HTMLInputElement>) {
  const input = event.currentTarget;
  const files = Array.from(input.files ?? []);
  // Cleared so that picking the same folder again (after fixing a file in it) fires a change.
  input.value = '';
  if (files.length === 0) return;
  const deploy = useDeploy.getState();
  if (kind === 'zip') {
    const file = files[0]!;
    void deploy.uploadFiles('zip', file.name, [{ path: file.name, body: file }]);
    return;
  }
  const { name, items } = folderItems(files);
  void deploy.uploadFiles('folder', name || 'folder', items);
}

function Progress({ session }: { session: DeploySession }) {
  const p = session.progress;
  return (
    <div className="deploy-progress" aria-live="polite">
      <p>
        Uploading <strong>{session.source}</strong>
        {p && (
          <>
            : {formatSize(p.sentBytes)} of {formatSize(p.totalBytes)} · {p.sentFiles} of {p.totalFiles} file
            {p.totalFiles === 1 ? '' : 's'}
          </>
        )}
      </p>
      <progress aria-label="Upload progress" max={p?.totalBytes || 1} value={p?.sentBytes ?? 0} />
      <button type="button" className="button button-small" onClick={() => useDeploy.getState().cancelUpload()}>
        Cancel upload
      </button>
    </div>
  );
}

function SourceInput(props: { kind: SourceKind; label: string; hint: string; disabled: boolean }) {
  const id = useId();
  return (
    <div className="deploy-source">
      <label htmlFor={id} className="strong">
        {props.label}
      </label>
      <p id={`${id}-hint`} className="muted">
        {props.hint}
      </p>
      <input
        id={id}
        type="file"
        aria-describedby={`${id}-hint`}
        disabled={props.disabled}
        {...(props.kind === 'zip' ? { accept: '.zip,application/zip' } : { multiple: true })}
        // React has no prop for webkitdirectory; the attribute is what makes the input pick a folder.
        ref={props.kind === 'folder' ? (input) => input?.setAttribute('webkitdirectory', '') : undefined}
        onChange={(e) => onPicked(props.kind, e)}
      />
    </div>
  );
}

export function SourcePicker({ session, desktop }: { session: DeploySession; desktop: boolean }) {
  const busy = session.phase === 'uploading' || session.phase === 'staging' || session.phase === 'choosing';
  const replacing = !!session.bundle;
  return (
    <section className="deploy-section" aria-label="Source">
      <h3>{replacing ? 'Source' : 'Choose what to deploy'}</h3>
      {desktop ? (
        <div className="deploy-sources">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void useDeploy.getState().chooseSource('folder')}
          >
            {replacing ? 'Choose another folder…' : 'Choose a folder…'}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void useDeploy.getState().chooseSource('zip')}
          >
            {replacing ? 'Choose another .zip…' : 'Choose a .zip file…'}
          </button>
        </div>
      ) : (
        <div className="deploy-sources">
          <SourceInput
            kind="folder"
            label="Folder to deploy"
            hint="Its contents go at the zip root; .ebignore is honoured."
            disabled={busy}
          />
          <SourceInput
            kind="zip"
            label=".zip file to deploy"
            hint="Deployed as it is, after the same checks."
            disabled={busy}
          />
        </div>
      )}
      <p className="deploy-rebundle">
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => void useDeploy.getState().rebundle()}
        >
          Re-bundle what {session.environmentName} runs
        </button>{' '}
        <span className="muted">
          For an app zipped one folder down: its contents move to the zip root, as a new version.
        </span>
      </p>
      {session.phase === 'choosing' && <p className="loading">Waiting for the open dialog…</p>}
      {session.phase === 'uploading' && <Progress session={session} />}
      {session.phase === 'staging' && (
        <p className="loading" aria-busy="true">
          Preparing the bundle{session.source ? ` from ${session.source}` : ''}…
        </p>
      )}
    </section>
  );
}
