interface Props {
  busy: boolean;
  /** Disabled for reasons other than a load in flight (no target yet, a broken profile). */
  unavailable?: boolean;
  onRefresh(): void;
}

/** The one Refresh button: disabled and announced as busy while its load runs, so a click never stacks loads. */
export function RefreshButton({ busy, unavailable = false, onRefresh }: Props) {
  return (
    <button
      type="button"
      className="button"
      disabled={unavailable || busy}
      aria-busy={busy || undefined}
      onClick={onRefresh}
    >
      {busy ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
