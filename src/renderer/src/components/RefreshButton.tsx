import { readCache } from '../api/readCache';
import { useSession } from '../stores/session';

interface Props {
  busy: boolean;
  /** Disabled for reasons other than a load in flight (no target yet, a broken profile). */
  unavailable?: boolean;
  onRefresh(): void;
}

/**
 * The one Refresh button: disabled and announced as busy while its load runs,
 * so a click never stacks loads. It drops the target's cached reads first, so
 * a refresh always reaches AWS.
 */
export function RefreshButton({ busy, unavailable = false, onRefresh }: Props) {
  const refresh = () => {
    const target = useSession.getState().target;
    if (target) readCache.invalidateTarget(target);
    onRefresh();
  };
  return (
    <button
      type="button"
      className="button"
      disabled={unavailable || busy}
      aria-busy={busy || undefined}
      onClick={refresh}
    >
      {busy ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
