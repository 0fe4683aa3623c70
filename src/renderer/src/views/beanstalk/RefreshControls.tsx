import { formatDelay } from '../../model/refreshSchedule';
import { formatClock, formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { useSession } from '../../stores/session';
import { RefreshButton } from '../../components/RefreshButton';

/** "Refreshed 12:03:04" and the Refresh button; says when the next automatic refresh is. */
export function RefreshControls({ delay, onRefresh }: { delay: number; onRefresh?: () => void }) {
  const target = useSession((s) => s.target);
  const environments = useBeanstalk((s) => s.environments);
  const refreshedAt = useBeanstalk((s) => s.refreshedAt);
  const errorStreak = useBeanstalk((s) => s.errorStreak);
  const busy = environments.status === 'loading';
  return (
    <>
      <span
        className="fetch-meta"
        title={`Refreshes automatically every ${formatDelay(delay)} while this window is visible`}
      >
        {refreshedAt ? (
          <span title={formatDateTime(refreshedAt)}>Refreshed {formatClock(refreshedAt)}</span>
        ) : (
          'Not refreshed yet'
        )}
        {errorStreak > 0 && (
          <span className="refresh-failing"> · last refresh failed, next try in {formatDelay(delay)}</span>
        )}
      </span>
      <span className="spacer" />
      <RefreshButton
        busy={busy}
        unavailable={!target}
        onRefresh={() => {
          if (!target) return;
          void useBeanstalk.getState().loadEnvironments(target);
          onRefresh?.();
        }}
      />
    </>
  );
}
