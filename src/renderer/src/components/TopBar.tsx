import { useEffect, useMemo } from 'react';
import { isDesktop } from '../api';
import { dataOf } from '../model/loadable';
import { regionChoices } from '../model/target';
import { currentProfile, orderProfiles, useSession } from '../stores/session';
import { colourValues, isProduction, markerText, ProductionMarker } from '../views/overview/profileMarker';
import { ErrorNotice } from './ErrorNotice';

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path d="M3 3h18v18H3z" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M3 9h18M3 15h18M9 3v18M15 3v18" stroke="currentColor" strokeWidth="1.2" opacity="0.75" />
      <path d="M12 21c0-5 3-8 7-9" fill="none" stroke="#7fd18b" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

function Identity() {
  const identity = useSession((s) => s.identity);
  const profile = useSession(currentProfile);
  const hasTarget = useSession((s) => s.target !== null);
  const data = dataOf(identity);
  if (!hasTarget || profile?.problem || identity.status === 'idle') return null;
  if (identity.status === 'error' && !data) {
    return (
      <div className="identity identity-error">
        <ErrorNotice
          compact
          error={identity.error}
          title="Identity unavailable"
          onRetry={() => void useSession.getState().loadIdentity()}
        />
      </div>
    );
  }
  return (
    <div
      className="identity"
      role="group"
      aria-label="Caller identity"
      aria-busy={identity.status === 'loading' || undefined}
    >
      {data ? (
        <>
          <span className="identity-account" title="Account">
            {data.account}
          </span>
          <span className="identity-arn" title={data.arn}>
            {data.arn}
          </span>
        </>
      ) : (
        <span className="identity-arn">Checking identity…</span>
      )}
    </div>
  );
}

/** The production marker with its session unlock; Electron takes the window title from the page's. */
function ProfileMarker() {
  const profile = useSession(currentProfile);
  const target = useSession((s) => s.target);
  const account = useSession((s) => dataOf(s.identity)?.account);
  const production = isProduction(profile);
  useEffect(() => {
    document.title =
      production && profile && target ? `${markerText(profile.name, account, target.region)} — Trellis` : 'Trellis';
  }, [production, profile, target, account]);
  if (!production || !profile || !target) return null;
  const { unlockProduction } = useSession.getState();
  return (
    <div className="topbar-marker">
      <ProductionMarker profile={profile} account={account} region={target.region} />
      {profile.unlocked ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void unlockProduction(profile.name, false)}
        >
          Lock again
        </button>
      ) : (
        <button
          type="button"
          className="button button-small"
          title="Allow writes with this production profile until Trellis restarts."
          onClick={() => void unlockProduction(profile.name, true)}
        >
          Unlock for this session
        </button>
      )}
    </div>
  );
}

export function TopBar() {
  const info = useSession((s) => s.info);
  const profiles = useSession((s) => s.profiles);
  const target = useSession((s) => s.target);
  const profile = useSession(currentProfile);
  const readOnlyPending = useSession((s) => s.readOnlyPending);
  const { selectProfile, selectRegion, setReadOnly } = useSession.getState();

  const list = dataOf(profiles);
  const ordered = useMemo(() => (list ? orderProfiles(list.profiles) : []), [list]);
  const regionList = useMemo(() => regionChoices(target?.region), [target?.region]);
  const mode = dataOf(info)?.mode ?? (isDesktop ? 'desktop' : 'web');

  return (
    <header
      className="topbar"
      style={profile?.preferences?.colour ? { borderTopColor: colourValues[profile.preferences.colour] } : undefined}
    >
      <div className="brand">
        <Logo />
        <span className="brand-name">Trellis</span>
        <span className="mode-badge">{mode === 'web' ? 'Web mode' : 'Desktop'}</span>
      </div>
      <div className="target-controls">
        <label className="topbar-field">
          <span className="topbar-label">Profile</span>
          <select
            aria-label="Profile"
            value={target?.profile ?? ''}
            disabled={!list}
            onChange={(e) => selectProfile(e.target.value)}
          >
            {!list && <option value="">{profiles.status === 'error' ? 'Unavailable' : 'Loading…'}</option>}
            {ordered.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.problem ? ' (problem)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="topbar-field">
          <span className="topbar-label">Region</span>
          <select
            aria-label="Region"
            value={target?.region ?? ''}
            disabled={!target}
            onChange={(e) => selectRegion(e.target.value)}
          >
            {!target && <option value="">—</option>}
            {regionList.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} · {r.name}
              </option>
            ))}
          </select>
        </label>
        <Identity />
        <ProfileMarker />
        <label
          className={profile?.readOnlyLocked ? 'readonly-toggle readonly-locked' : 'readonly-toggle'}
          title={
            profile?.readOnlyLocked
              ? 'Set by trellis_read_only in your AWS config file; change it there.'
              : 'Block every write for this profile (enforced by Trellis, not only hidden).'
          }
        >
          <input
            type="checkbox"
            checked={profile?.readOnly ?? false}
            // A locked production profile is lifted with "Unlock for this session", not here.
            disabled={
              !profile || profile.readOnlyLocked || readOnlyPending || (isProduction(profile) && !profile.unlocked)
            }
            onChange={(e) => void setReadOnly(e.target.checked)}
          />
          Read-only
        </label>
      </div>
    </header>
  );
}
