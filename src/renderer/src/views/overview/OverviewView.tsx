/**
 * Several accounts side by side: a card per pinned profile (identity,
 * environments by health, open findings by severity), and the table where
 * profiles are pinned, coloured and marked production.
 */
import { useEffect, useMemo } from 'react';
import type { ProfileSummary, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf, type Loadable } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { OVERVIEW_CONCURRENCY, useOverview, type AccountOverview } from '../../stores/overview';
import { orderProfiles, useSession } from '../../stores/session';
import { ProfilePreferencesTable } from './ProfilePreferencesTable';
import { ColourSwatch, ProductionMarker, isProduction } from './profileMarker';
import { SsoAccountsPanel } from './SsoAccountsPanel';

const FALLBACK_REGION = 'us-east-1';

function Counts<K extends string>({
  label,
  value,
  order,
  unit,
}: {
  label: string;
  value: Loadable<Record<K, number>>;
  order: readonly K[];
  unit: string;
}) {
  const counts = dataOf(value);
  return (
    <section className="overview-counts" aria-label={label} aria-busy={value.status === 'loading' || undefined}>
      <h4>{label}</h4>
      {counts ? (
        <ul>
          {order.map((k) => (
            <li key={k} className={`count count-${k.toLowerCase()}`}>
              <span className="count-number">{counts[k]}</span> {k}
            </li>
          ))}
        </ul>
      ) : value.status === 'error' ? null : (
        <p className="muted">Loading {unit}…</p>
      )}
    </section>
  );
}

function AccountCard({ profile, account }: { profile: ProfileSummary; account: AccountOverview }) {
  const identity = dataOf(account.identity);
  const retry = () => void useOverview.getState().retry(profile.name);
  const errors = (['identity', 'environments', 'findings'] as const).flatMap((key) => {
    const value = account[key];
    return value.status === 'error' ? [{ key, error: value.error }] : [];
  });
  const open = () => {
    useSession.getState().selectProfile(profile.name);
  };
  return (
    <article className="overview-card" aria-label={`Account ${profile.name}`}>
      <header className="overview-card-header">
        <ColourSwatch colour={profile.preferences?.colour} />
        <h3>{profile.name}</h3>
        <span className="muted">{account.target.region}</span>
        {isProduction(profile) && (
          <ProductionMarker profile={profile} account={identity?.account} region={account.target.region} />
        )}
      </header>
      <p className="overview-identity" aria-busy={account.identity.status === 'loading' || undefined}>
        {identity ? (
          <>
            <span className="identity-account">{identity.account}</span> <code>{identity.arn}</code>
          </>
        ) : account.identity.status === 'error' ? null : (
          <span className="muted">Checking identity…</span>
        )}
      </p>
      <div className="overview-count-row">
        <Counts
          label="Environments by health"
          value={account.environments}
          order={['Green', 'Yellow', 'Red', 'Grey'] as const}
          unit="environments"
        />
        <Counts
          label="Open findings by severity"
          value={account.findings}
          order={['critical', 'high', 'medium', 'low'] as const}
          unit="findings"
        />
      </div>
      {errors.map(({ key, error }) => (
        <ErrorNotice
          key={key}
          compact
          error={error}
          title={`Could not load ${key === 'identity' ? 'the identity' : key} for ${profile.name}`}
          onRetry={retry}
        />
      ))}
      <footer className="overview-card-footer">
        <a className="button button-small button-primary" href={routeHref({ section: 'beanstalk' })} onClick={open}>
          Switch to {profile.name}
        </a>
        <button type="button" className="button button-small" onClick={retry}>
          Reload
        </button>
      </footer>
    </article>
  );
}

export function OverviewView() {
  const profiles = useSession((s) => s.profiles);
  const defaultRegion = useSession((s) => dataOf(s.info)?.defaultRegion ?? FALLBACK_REGION);
  const accounts = useOverview((s) => s.accounts);
  const order = useOverview((s) => s.order);

  const list = dataOf(profiles);
  const all = useMemo(() => (list ? orderProfiles(list.profiles) : []), [list]);
  const pinned = useMemo(() => all.filter((p) => p.preferences?.pinned && !p.problem), [all]);
  const targets: Target[] = useMemo(
    () => pinned.map((p) => ({ profile: p.name, region: p.region ?? defaultRegion })),
    [pinned, defaultRegion],
  );
  // Reload only when the set of pinned targets changes, not on every profile-list refresh.
  const targetsKey = targets.map((t) => `${t.profile}|${t.region}`).join(',');
  useEffect(() => {
    void useOverview.getState().load(targets);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by targetsKey on purpose
  }, [targetsKey]);

  return (
    <div className="view overview">
      <div className="view-header">
        <h1>Overview</h1>
        <span className="fetch-meta">
          Pinned profiles side by side, each in its default region; {OVERVIEW_CONCURRENCY} accounts load at a time
        </span>
      </div>
      {pinned.length === 0 ? (
        <p className="empty">No profile is pinned yet. Pin profiles below to see them here.</p>
      ) : (
        <div className="overview-cards">
          {order.map((name) => {
            const profile = pinned.find((p) => p.name === name);
            const account = accounts[name];
            return profile && account ? <AccountCard key={name} profile={profile} account={account} /> : null;
          })}
        </div>
      )}
      <SsoAccountsPanel profiles={all} />
      <ProfilePreferencesTable profiles={all} />
    </div>
  );
}
