interface Props {
  /** The view's own class, so the stand-in keeps the view's layout. */
  viewClass: string;
  title: string;
  /** True while no target is chosen yet, i.e. profiles are still loading. */
  loading: boolean;
  profileName: string | undefined;
  problem: string | undefined;
}

/** A whole view's stand-in while profiles load, or when the chosen profile is configured so it cannot be used. */
export function ProfileNotReady({ viewClass, title, loading, profileName, problem }: Props) {
  return (
    <div className={`view ${viewClass}`}>
      <div className="view-header">
        <h1>{title}</h1>
      </div>
      {loading ? (
        <p className="loading">Loading profiles…</p>
      ) : (
        <div role="alert" className="notice notice-error">
          <div className="notice-body">
            <p className="notice-title">The profile “{profileName}” cannot be used</p>
            <p className="notice-message">{problem}</p>
          </div>
        </div>
      )}
    </div>
  );
}
