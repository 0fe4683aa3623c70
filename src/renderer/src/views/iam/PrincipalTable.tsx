import { useMemo } from 'react';
import type { IamSnapshot, Role, User } from '../../../../shared/contract';
import { filterPrincipals } from '../../model/principals';
import { formatAge, formatDate, formatDateTime } from '../../model/time';
import { useIam, type IamTab } from '../../stores/iam';

interface Props {
  kind: IamTab;
  snapshot: IamSnapshot;
}

function memberships(kind: IamTab, item: Role | User): string {
  const names = kind === 'roles' ? (item as Role).instanceProfiles.map((p) => p.name) : (item as User).groups;
  return names.length ? names.join(', ') : '—';
}

export function PrincipalTable({ kind, snapshot }: Props) {
  const filter = useIam((s) => s.filters[kind]);
  const selected = useIam((s) => s.selected);
  const items: readonly (Role | User)[] = kind === 'roles' ? snapshot.roles : snapshot.users;
  const rows = useMemo(() => filterPrincipals(items, filter), [items, filter]);
  const noun = kind === 'roles' ? 'roles' : 'users';
  const type = kind === 'roles' ? 'role' : 'user';
  const now = useMemo(() => new Date(snapshot.fetchedAt), [snapshot.fetchedAt]);
  const { setFilter, select } = useIam.getState();

  return (
    <>
      <div className="table-toolbar">
        <input
          type="search"
          className="filter"
          aria-label={`Filter ${noun}`}
          placeholder={`Filter ${noun} by name, ARN or attached policy`}
          value={filter}
          onChange={(e) => setFilter(kind, e.target.value)}
        />
        <span className="muted table-count">
          {filter.trim() ? `${rows.length} of ${items.length}` : `${items.length} ${items.length === 1 ? type : noun}`}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="empty">There are no IAM {noun} in this account.</p>
      ) : rows.length === 0 ? (
        <p className="empty">
          No {noun} match ‘{filter.trim()}’. The filter looks at names, ARNs and attached policy names.
        </p>
      ) : (
        <table className="grid" aria-label={kind === 'roles' ? 'Roles' : 'Users'}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Attached
              </th>
              <th scope="col" className="num">
                Inline
              </th>
              <th scope="col" className="col-memberships">
                {kind === 'roles' ? 'Instance profiles' : 'Groups'}
              </th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => {
              const isSelected = selected?.type === type && selected.name === item.name;
              const lastUsed = kind === 'roles' ? (item as Role).lastUsed?.date : undefined;
              return (
                <tr
                  key={item.arn}
                  aria-current={isSelected || undefined}
                  className={isSelected ? 'selected' : undefined}
                  onClick={() => select({ type, name: item.name })}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={isSelected}
                      onClick={(e) => {
                        e.stopPropagation();
                        select(isSelected ? null : { type, name: item.name });
                      }}
                    >
                      {item.name}
                    </button>
                    {item.path !== '/' && <span className="path">{item.path}</span>}
                  </td>
                  <td className="num">{item.attachedPolicies.length}</td>
                  <td className="num">{item.inlinePolicies.length}</td>
                  <td className="col-memberships">{memberships(kind, item)}</td>
                  <td className="nowrap" title={formatDateTime(item.createDate)}>
                    {formatDate(item.createDate)}
                  </td>
                  <td className="nowrap" title={lastUsed ? formatDateTime(lastUsed) : undefined}>
                    {kind === 'roles' ? (
                      formatAge(lastUsed, now)
                    ) : (
                      <span className="muted" title="Shown per access key in the user's details">
                        see keys
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
