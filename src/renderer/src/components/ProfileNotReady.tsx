interface NoticeProps {
  profileName: string | undefined;
  problem: string | undefined;
  /** Adds where to fix the profile. */
  hint?: boolean;
}

/** Says the chosen profile is configured so it cannot be used, and why. */
export function ProfileProblemNotice({ profileName, problem, hint }: NoticeProps) {
  return (
    <div role="alert" className="notice notice-error">
      <div className="notice-body">
        <p className="notice-title">The profile “{profileName}” cannot be used</p>
        <p className="notice-message">{problem}</p>
        {hint && <p className="notice-hint">Fix it in your AWS config or credentials file, or pick another profile.</p>}
      </div>
    </div>
  );
}

interface Props extends NoticeProps {
  /** The view's own class, so the stand-in keeps the view's layout. */
  viewClass: string;
  title: string;
  /** True while no target is chosen yet, i.e. profiles are still loading. */
  loading: boolean;
  /** Shown instead of “Loading profiles…” when there is no target because the profiles could not be loaded. */
  noProfileText?: string;
}

/** A whole view's stand-in while profiles load, or when the chosen profile is configured so it cannot be used. */
export function ProfileNotReady({ viewClass, title, loading, noProfileText, ...notice }: Props) {
  return (
    <div className={`view ${viewClass}`}>
      <div className="view-header">
        <h1>{title}</h1>
      </div>
      {!loading ? (
        <ProfileProblemNotice {...notice} />
      ) : noProfileText ? (
        <p className="empty">{noProfileText}</p>
      ) : (
        <p className="loading">Loading profiles…</p>
      )}
    </div>
  );
}
