import { useEffect, useMemo } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProfileNotReady } from '../../components/ProfileNotReady';
import { useAutoRefresh } from '../../hooks/useAutoRefresh';
import { dataOf } from '../../model/loadable';
import { isTransitional, nextRefreshDelay } from '../../model/refreshSchedule';
import { useBeanstalk } from '../../stores/beanstalk';
import { useNavigation } from '../../stores/navigation';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { EnvironmentList } from './EnvironmentList';
import { EnvironmentPage } from './EnvironmentPage';
import { RefreshControls } from './RefreshControls';

export function BeanstalkView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const profile = useSession(currentProfile);
  const profilesStatus = useSession((s) => s.profiles.status);
  const environmentName = useNavigation((s) => s.route.environmentName);
  const environments = useBeanstalk((s) => s.environments);
  const refreshedAt = useBeanstalk((s) => s.refreshedAt);
  const attemptedAt = useBeanstalk((s) => s.attemptedAt);
  const errorStreak = useBeanstalk((s) => s.errorStreak);
  const problem = profile?.problem;

  useEffect(() => {
    const t = useSession.getState().target;
    if (t && !problem) useBeanstalk.getState().ensureEnvironments(t);
  }, [key, problem]);

  const data = dataOf(environments);
  const transitioning = useMemo(() => (data ?? []).some((e) => isTransitional(e.status)), [data]);
  const delay = nextRefreshDelay({ transitioning, errorStreak });
  const held = useBeanstalk((s) => s.key) === key;

  useAutoRefresh(
    () => {
      const t = useSession.getState().target;
      if (t) void useBeanstalk.getState().loadEnvironments(t);
    },
    target && !problem && held && environments.status !== 'idle' ? delay : null,
    attemptedAt,
  );

  // Ages are computed against the last refresh, so rendering stays pure and the column is stable between refreshes.
  const now = useMemo(() => (refreshedAt ? new Date(refreshedAt) : new Date(0)), [refreshedAt]);

  if (!target || problem) {
    return (
      <ProfileNotReady
        viewClass="beanstalk-view"
        title="Elastic Beanstalk"
        loading={!target}
        noProfileText={profilesStatus === 'error' ? 'Environments appear here once a profile is selected.' : undefined}
        profileName={profile?.name}
        problem={problem}
        hint
      />
    );
  }

  if (environmentName) {
    return (
      <EnvironmentPage
        key={environmentName}
        target={target}
        environmentName={environmentName}
        delay={delay}
        now={now}
      />
    );
  }

  return (
    <div className="view beanstalk-view">
      <div className="view-header">
        <h1>Elastic Beanstalk</h1>
        <RefreshControls delay={delay} />
      </div>
      {environments.status === 'error' && (
        <ErrorNotice
          error={environments.error}
          title={data ? 'Refresh failed; showing the previous list' : 'Could not list environments'}
          onRetry={() => void useBeanstalk.getState().loadEnvironments(target)}
        />
      )}
      {data ? (
        <EnvironmentList items={data} now={now} />
      ) : (
        environments.status !== 'error' && <p className="loading">Loading environments…</p>
      )}
    </div>
  );
}
