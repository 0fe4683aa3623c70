/**
 * The IAM Identity Center picker: the accounts an SSO sign-in can use, each
 * account's roles on demand, and for each role either the profiles already
 * using it or "Add profile…", which writes a new profile through the
 * ordinary change preview.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ProfileSummary, SsoAccount, SsoAccountList } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshButton } from '../../components/RefreshButton';
import { dataOf, idle } from '../../model/loadable';
import { filterAccounts, sortAccounts } from '../../model/ssoProfiles';
import { useSession } from '../../stores/session';
import { rolesKey, useSsoDirectory } from '../../stores/ssoDirectory';
import { AddSsoProfileDialog } from './AddSsoProfileDialog';

/** Up to this many rows render plainly; an organisation's hundreds of accounts are virtualised. */
export const VIRTUALISE_OVER = 100;
const ROW_HEIGHT = 44;

interface Adding {
  account: SsoAccount;
  roleName: string;
}

function RoleProfiles({ names }: { names: readonly string[] }) {
  const current = useSession((s) => s.target?.profile);
  const listed = useSession((s) => dataOf(s.profiles)?.profiles);
  return (
    <span className="sso-role-profiles">
      <span className="muted">{names.length === 1 ? 'Profile' : 'Profiles'}</span>
      {names.map((name) =>
        name === current ? (
          <span key={name} className="tag tag-ok">
            {name} · in use
          </span>
        ) : (
          <button
            key={name}
            type="button"
            className="button button-small"
            // A profile the files name but the list has not caught up with cannot be chosen yet.
            disabled={!listed?.some((p) => p.name === name && !p.problem)}
            onClick={() => useSession.getState().selectProfile(name)}
          >
            Switch to {name}
          </button>
        ),
      )}
    </span>
  );
}

function AccountRoles({
  id,
  profile,
  account,
  onAdd,
}: {
  id: string;
  profile: string;
  account: SsoAccount;
  onAdd: (roleName: string) => void;
}) {
  const roles = useSsoDirectory((s) => s.roles[rolesKey(profile, account.accountId)] ?? idle);
  const data = dataOf(roles);
  const reload = () => void useSsoDirectory.getState().loadRoles(profile, account.accountId);
  return (
    <section
      id={id}
      className="sso-roles"
      aria-label={`Roles in ${account.accountName}`}
      aria-busy={roles.status === 'loading' || undefined}
    >
      {roles.status === 'error' && (
        <ErrorNotice
          compact
          error={roles.error}
          title={`Could not list the roles in ${account.accountName}`}
          onRetry={reload}
        />
      )}
      {!data ? (
        roles.status !== 'error' && <p className="muted">Listing roles…</p>
      ) : data.roles.length === 0 ? (
        <p className="muted">This sign-in has no role in {account.accountName}.</p>
      ) : (
        <ul className="sso-role-list">
          {data.roles.map((role) => (
            <li key={role.roleName} className="sso-role">
              <span className="sso-role-name">{role.roleName}</span>
              {role.profiles.length > 0 ? (
                <RoleProfiles names={role.profiles} />
              ) : (
                <button type="button" className="button button-small" onClick={() => onAdd(role.roleName)}>
                  Add profile…<span className="sr-only"> for {role.roleName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AccountRow({
  profile,
  account,
  expanded,
  onToggle,
  onAdd,
}: {
  profile: string;
  account: SsoAccount;
  expanded: boolean;
  onToggle: () => void;
  onAdd: (roleName: string) => void;
}) {
  const rolesId = useId();
  return (
    <>
      <div className="sso-account">
        <span className="sso-account-name">{account.accountName}</span>
        <code className="sso-account-id">{account.accountId}</code>
        <span className="sso-account-email muted">{account.emailAddress ?? ''}</span>
        <button
          type="button"
          className="button button-small sso-toggle"
          aria-expanded={expanded}
          aria-controls={expanded ? rolesId : undefined}
          onClick={onToggle}
        >
          <span className="sso-chevron" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>{' '}
          Show roles
          <span className="sr-only">
            {' '}
            for {account.accountName} ({account.accountId})
          </span>
        </button>
      </div>
      {expanded && <AccountRoles id={rolesId} profile={profile} account={account} onAdd={onAdd} />}
    </>
  );
}

interface ListProps {
  profile: string;
  accounts: readonly SsoAccount[];
  expanded: ReadonlySet<string>;
  onToggle: (accountId: string) => void;
  onAdd: (adding: Adding) => void;
}

function row(props: ListProps, account: SsoAccount) {
  return (
    <AccountRow
      profile={props.profile}
      account={account}
      expanded={props.expanded.has(account.accountId)}
      onToggle={() => props.onToggle(account.accountId)}
      onAdd={(roleName) => props.onAdd({ account, roleName })}
    />
  );
}

function PlainAccountList(props: ListProps) {
  return (
    <ul className="sso-accounts" aria-label="Accounts">
      {props.accounts.map((account) => (
        <li key={account.accountId} className="sso-account-item">
          {row(props, account)}
        </li>
      ))}
    </ul>
  );
}

/** Rows grow when their roles open, so each rendered row is measured rather than assumed. */
function VirtualAccountList(props: ListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { accounts } = props;
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer is read fresh each render
  const virtualizer = useVirtualizer({
    count: accounts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => accounts[i]?.accountId ?? i,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className="sso-accounts-scroll">
      <ul
        className="sso-accounts sso-accounts-virtual"
        aria-label="Accounts"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const account = accounts[item.index]!;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              aria-setsize={accounts.length}
              aria-posinset={item.index + 1}
              className="sso-account-item"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row(props, account)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function AccountDirectory({ profile, list }: { profile: string; list: SsoAccountList }) {
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<Adding | null>(null);
  const sorted = useMemo(() => sortAccounts(list.accounts), [list.accounts]);
  const shown = useMemo(() => filterAccounts(sorted, filter), [sorted, filter]);

  const toggle = (accountId: string) => {
    const opening = !expanded.has(accountId);
    setExpanded((current) => {
      const next = new Set(current);
      if (opening) next.add(accountId);
      else next.delete(accountId);
      return next;
    });
    if (opening) useSsoDirectory.getState().ensureRoles(profile, accountId);
  };
  const listProps: ListProps = { profile, accounts: shown, expanded, onToggle: toggle, onAdd: setAdding };
  const total = list.accounts.length;

  return (
    <>
      <p className="muted sso-portal">
        Signed in at <code>{list.startUrl}</code> ({list.ssoRegion}
        {list.sessionName ? `, session ${list.sessionName}` : ''})
      </p>
      {total === 0 ? (
        <p className="empty">This sign-in has no AWS account assigned to it.</p>
      ) : (
        <>
          <div className="table-toolbar sso-toolbar">
            <input
              type="search"
              className="filter"
              aria-label="Filter accounts"
              placeholder="Filter accounts by name, id or email"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <span className="muted table-count">
              {filter.trim() ? `${shown.length} of ${total}` : `${total} ${total === 1 ? 'account' : 'accounts'}`}
            </span>
          </div>
          {shown.length === 0 ? (
            <p className="empty">No account matches ‘{filter.trim()}’. The filter looks at names, ids and emails.</p>
          ) : shown.length > VIRTUALISE_OVER ? (
            <VirtualAccountList {...listProps} />
          ) : (
            <PlainAccountList {...listProps} />
          )}
        </>
      )}
      {adding && (
        <AddSsoProfileDialog
          fromProfile={profile}
          account={adding.account}
          roleName={adding.roleName}
          onClose={() => setAdding(null)}
        />
      )}
    </>
  );
}

/** The profile to browse: the one chosen here, else the console's own when it is SSO, else the only SSO one. */
function usePickedProfile(choices: readonly ProfileSummary[]): string | undefined {
  const chosen = useSsoDirectory((s) => s.profile);
  const current = useSession((s) => s.target?.profile);
  if (chosen && choices.some((p) => p.name === chosen)) return chosen;
  if (current && choices.some((p) => p.name === current)) return current;
  return choices.length === 1 ? choices[0]?.name : undefined;
}

export function SsoAccountsPanel({ profiles }: { profiles: readonly ProfileSummary[] }) {
  const choices = useMemo(() => profiles.filter((p) => p.kind === 'sso' && !p.problem), [profiles]);
  const profile = usePickedProfile(choices);
  const accounts = useSsoDirectory((s) => (profile ? (s.accounts[profile] ?? idle) : idle));
  const selectId = useId();

  useEffect(() => {
    if (profile) useSsoDirectory.getState().ensureAccounts(profile);
  }, [profile]);

  const list = dataOf(accounts);
  const reload = () => {
    if (profile) void useSsoDirectory.getState().loadAccounts(profile);
  };

  return (
    <section className="sso-directory" aria-labelledby={`${selectId}-heading`}>
      <div className="sso-directory-header">
        <h3 id={`${selectId}-heading`}>IAM Identity Center accounts</h3>
        {choices.length > 0 && (
          <>
            {/* Not "profile": the top bar's Profile select must stay the only control of that name. */}
            <label htmlFor={selectId} className="muted">
              SSO sign-in
            </label>
            <select
              id={selectId}
              value={profile ?? ''}
              onChange={(e) => useSsoDirectory.getState().choose(e.target.value || null)}
            >
              {!profile && <option value="">Choose a profile…</option>}
              {choices.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
            {profile && <RefreshButton busy={accounts.status === 'loading'} onRefresh={reload} />}
          </>
        )}
      </div>
      {choices.length === 0 ? (
        <p className="muted">
          No IAM Identity Center (SSO) profile is configured. Add an <code>sso_session</code> or{' '}
          <code>sso_start_url</code> profile to your AWS config file to list the accounts and roles your sign-in can
          use, and to add profiles for them.
        </p>
      ) : !profile ? (
        <p className="muted">Choose an SSO profile to list the accounts its sign-in can use.</p>
      ) : (
        <div aria-busy={accounts.status === 'loading' || undefined}>
          {accounts.status === 'error' && (
            <ErrorNotice error={accounts.error} title={`Could not list the accounts for ${profile}`} onRetry={reload} />
          )}
          {list ? (
            <AccountDirectory key={profile} profile={profile} list={list} />
          ) : (
            accounts.status !== 'error' && <p className="muted">Listing accounts…</p>
          )}
        </div>
      )}
    </section>
  );
}
