import { useEffect } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProfileNotReady } from '../../components/ProfileNotReady';
import { dataOf } from '../../model/loadable';
import { useNavigation } from '../../stores/navigation';
import { useSearchDomains } from '../../stores/searchDomains';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { DomainList } from './DomainList';
import { DomainPage } from './DomainPage';
import { RefreshButton } from '../../components/RefreshButton';

/** "Search domains": the OpenSearch / Elasticsearch domains of the target, or one domain's page. */
export function SearchView() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const profile = useSession(currentProfile);
  const domainName = useNavigation((s) => s.route.domainName);
  const domains = useSearchDomains((s) => s.domains);
  const problem = profile?.problem;

  useEffect(() => {
    const t = useSession.getState().target;
    if (t && !problem && !domainName) useSearchDomains.getState().ensureDomains(t);
  }, [key, problem, domainName]);

  if (!target || problem) {
    return (
      <ProfileNotReady
        viewClass="search-view"
        title="Search domains"
        loading={!target}
        profileName={profile?.name}
        problem={problem}
      />
    );
  }

  if (domainName) return <DomainPage key={`${key}/${domainName}`} target={target} domainName={domainName} />;

  const data = dataOf(domains);
  const busy = domains.status === 'loading';
  return (
    <div className="view search-view">
      <div className="view-header">
        <h1>Search domains</h1>
        <span className="spacer" />
        <RefreshButton busy={busy} onRefresh={() => void useSearchDomains.getState().loadDomains(target)} />
      </div>
      {domains.status === 'error' && (
        <ErrorNotice
          error={domains.error}
          title={data ? 'Refresh failed; showing the previous list' : 'Could not list search domains'}
          onRetry={() => void useSearchDomains.getState().loadDomains(target)}
        />
      )}
      {data ? <DomainList items={data} /> : domains.status !== 'error' && <p className="loading">Loading domains…</p>}
    </div>
  );
}
