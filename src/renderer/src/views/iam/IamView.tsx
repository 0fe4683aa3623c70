import { useEffect } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { IamSourceNotice } from './IamSourceNotice';
import { PageProgress } from '../../components/PageProgress';
import { ProfileProblemNotice } from '../../components/ProfileNotReady';
import { TabList } from '../../components/TabList';
import { dataOf } from '../../model/loadable';
import { formatClock, formatDateTime } from '../../model/time';
import { useIam, type IamTab } from '../../stores/iam';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { PrincipalDetail } from './PrincipalDetail';
import { PrincipalTable } from './PrincipalTable';
import { principalRows } from './principalRows';
import { RefreshButton } from '../../components/RefreshButton';

const tabs: { id: IamTab; label: string }[] = [
  { id: 'roles', label: 'Roles' },
  { id: 'users', label: 'Users' },
];

function Tabs() {
  const tab = useIam((s) => s.tab);
  const partial = useIam((s) => s.partial);
  const snapshot = dataOf(useIam((s) => s.snapshot)) ?? partial;
  const items = tabs.map((t) => ({
    ...t,
    after: snapshot ? (
      <span className="tab-count" aria-hidden="true">
        {snapshot[t.id].length.toLocaleString('en-US')}
      </span>
    ) : undefined,
  }));
  return (
    <TabList
      label="IAM principals"
      idPrefix="iam"
      tabs={items}
      selected={tab}
      onSelect={(id) => useIam.getState().setTab(id)}
    />
  );
}

export function IamView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const profile = useSession(currentProfile);
  const snapshot = useIam((s) => s.snapshot);
  const partial = useIam((s) => s.partial);
  const progress = useIam((s) => s.progress);
  const tab = useIam((s) => s.tab);
  const selected = useIam((s) => s.selected);
  const problem = profile?.problem;
  const profilesStatus = useSession((s) => s.profiles.status);

  useEffect(() => {
    // Load for the new target; `target` is read through the key so a new object with the same key does not reload.
    const t = useSession.getState().target;
    if (t && !problem) useIam.getState().ensureSnapshot(t);
  }, [key, problem]);
  // Leaving the view stops a snapshot still streaming in; coming back loads it afresh.
  useEffect(() => () => useIam.getState().cancelSnapshot(), []);
  // A refresh keeps the previous snapshot on screen while the new one streams in. Its tables are built page
  // by page meanwhile, after each paint, so swapping them in at the end costs its last page, not a rebuild.
  const refreshed = dataOf(snapshot) !== undefined;
  useEffect(() => {
    if (!refreshed || !partial) return;
    const { sorts } = useIam.getState();
    principalRows(partial.roles, sorts.roles, '');
    principalRows(partial.users, sorts.users, '');
  }, [refreshed, partial]);

  const complete = dataOf(snapshot);
  // The first load shows its pages as they arrive; a refresh keeps the previous snapshot until the new one is whole.
  const data = complete ?? partial ?? undefined;
  const streaming = snapshot.status === 'loading' && progress !== null;
  // The selection survives a tab switch, but each tab shows only its own kind.
  const shownSelection = selected?.type === (tab === 'roles' ? 'role' : 'user') ? selected : null;
  const busy = snapshot.status === 'loading';

  return (
    <div className="view iam-view">
      <div className="view-header">
        <h1>IAM</h1>
        {data && (
          <span
            className="fetch-meta"
            title={`Fetched ${formatDateTime(data.fetchedAt)} with ${data.apiCalls} ${data.source === 'list-calls' ? 'List' : 'GetAccountAuthorizationDetails'} call(s)`}
          >
            {data.apiCalls} call{data.apiCalls === 1 ? '' : 's'} · {formatClock(data.fetchedAt)}
          </span>
        )}
        <span className="spacer" />
        <RefreshButton
          busy={busy}
          unavailable={!target || !!problem}
          onRefresh={() => target && void useIam.getState().loadSnapshot(target)}
        />
      </div>

      {!target ? (
        profilesStatus === 'error' ? (
          <p className="empty">IAM data appears here once a profile is selected.</p>
        ) : (
          <p className="loading">Loading profiles…</p>
        )
      ) : problem ? (
        <ProfileProblemNotice profileName={profile?.name} problem={problem} hint />
      ) : (
        <>
          {snapshot.status === 'error' && (
            <ErrorNotice
              error={snapshot.error}
              title={data ? 'Refresh failed; showing the previous data' : 'Could not load IAM'}
              onRetry={() => target && void useIam.getState().loadSnapshot(target)}
            />
          )}
          {complete && <IamSourceNotice snapshot={complete} />}
          {(data || snapshot.status !== 'error') && <Tabs />}
          <div className={shownSelection ? 'split split-open' : 'split'} hidden={!data && snapshot.status === 'error'}>
            <div
              role="tabpanel"
              id={`iam-panel-${tab}`}
              aria-labelledby={`iam-tab-${tab}`}
              aria-busy={busy || undefined}
              className="split-main"
            >
              {streaming && (
                <PageProgress noun={tab} loaded={progress.loaded[tab]} pages={progress.pages} refreshing={!!complete} />
              )}
              {data ? (
                <PrincipalTable
                  key={tab}
                  kind={tab}
                  snapshot={data}
                  compact={!!shownSelection}
                  moreComing={streaming && !complete}
                />
              ) : (
                snapshot.status !== 'error' && <p className="loading">Loading IAM roles and users…</p>
              )}
            </div>
            {shownSelection && data && target && (
              <PrincipalDetail principal={shownSelection} snapshot={data} target={target} />
            )}
          </div>
        </>
      )}
    </div>
  );
}
