import { dataOf } from '../model/loadable';
import { useSession } from '../stores/session';
import { ErrorNotice } from './ErrorNotice';

/** Problems with the session itself, shown under the top bar: the profile files, listing profiles, read-only. */
export function SessionNotices() {
  const info = useSession((s) => s.info);
  const profiles = useSession((s) => s.profiles);
  const dismissed = useSession((s) => s.fileProblemsDismissed);
  const readOnlyError = useSession((s) => s.readOnlyError);
  const vanished = useSession((s) => s.vanishedProfile);
  const current = useSession((s) => s.target?.profile);
  const fileProblems = dataOf(profiles)?.fileProblems ?? [];
  const { init, loadProfiles, dismissFileProblems, dismissVanished } = useSession.getState();

  return (
    <div className="session-notices">
      {info.status === 'error' && (
        <ErrorNotice
          error={info.error}
          title={info.error.code === 'forbidden-sender' ? undefined : 'Could not reach Trellis'}
          onRetry={() => void init()}
        />
      )}
      {info.status !== 'error' && profiles.status === 'error' && (
        <ErrorNotice error={profiles.error} title="Could not list profiles" onRetry={() => void loadProfiles()} />
      )}
      {readOnlyError && <ErrorNotice error={readOnlyError} title="Could not change read-only" />}
      {vanished && (
        <section className="notice notice-warning" role="status" aria-label="Profile removed">
          <div className="notice-body">
            <p className="notice-title">Profile {vanished} is no longer in your AWS files</p>
            <p className="notice-message">
              {current ? `Trellis switched to profile ${current}.` : 'Choose another profile.'}
            </p>
          </div>
          <button type="button" className="button button-small" onClick={dismissVanished}>
            Dismiss
          </button>
        </section>
      )}
      {!dismissed && fileProblems.length > 0 && (
        <section className="notice notice-warning" aria-label="Problems in your AWS files">
          <div className="notice-body">
            <p className="notice-title">Problems in your AWS files (the other profiles still work)</p>
            <ul className="file-problems">
              {fileProblems.map((p, i) => (
                <li key={i}>
                  <code>
                    {p.file}
                    {p.line !== undefined ? `, line ${p.line}` : ''}
                  </code>
                  : {p.message}
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className="button button-small" onClick={dismissFileProblems}>
            Dismiss
          </button>
        </section>
      )}
    </div>
  );
}
