import { useCallback, useDeferredValue, useMemo } from 'react';
import type { IamSnapshot, PrincipalRef } from '../../../../shared/contract';
import { GridHead, type GridColumn } from '../../components/GridHead';
import { VirtualTable } from '../../components/VirtualTable';
import { formatAge, formatDate, formatDateTime } from '../../model/time';
import { useIam, type IamTab, type PrincipalColumn } from '../../stores/iam';
import { principalRows, type PrincipalRow } from './principalRows';

interface Props {
  kind: IamTab;
  snapshot: IamSnapshot;
  /** With the detail panel open the table is a navigator: the panel shows memberships in full. */
  compact: boolean;
  /** The snapshot is the pages read so far: an empty table means none yet, not none at all. */
  moreComing?: boolean;
}

/** `--vtable-row` in iam.css. */
const ROW_HEIGHT = 32;

/** IAM names are unique per kind within an account, and the selection holds the name. */
const rowKey = (row: PrincipalRow) => row.name;

export function PrincipalTable({ kind, snapshot, compact, moreComing = false }: Props) {
  const filter = useIam((s) => s.filters[kind]);
  const sort = useIam((s) => s.sorts[kind]);
  const selected = useIam((s) => s.selected);
  const items = kind === 'roles' ? snapshot.roles : snapshot.users;
  // Typing stays immediate; the table follows as soon as React has a moment.
  const shownFilter = useDeferredValue(filter);
  const rows = useMemo(() => principalRows(items, sort, shownFilter), [items, sort, shownFilter]);
  const noun = kind === 'roles' ? 'roles' : 'users';
  const type: PrincipalRef['type'] = kind === 'roles' ? 'role' : 'user';
  const now = useMemo(() => new Date(snapshot.fetchedAt), [snapshot.fetchedAt]);
  const { setFilter, select, sortBy } = useIam.getState();
  const isSelected = (row: PrincipalRow) => selected?.type === type && selected.name === row.name;

  const cells = useCallback(
    (row: PrincipalRow) => {
      const open = selected?.type === type && selected.name === row.name;
      const lastUsed = 'lastUsed' in row.principal ? row.principal.lastUsed?.date : undefined;
      return (
        <>
          <td className="principal-name" title={`${row.principal.path}${row.name}`}>
            <button
              type="button"
              className="link-button"
              // The row itself is in the tab order and opens on Enter; one stop per row is enough.
              tabIndex={-1}
              aria-expanded={open}
              onClick={() => useIam.getState().select(open ? null : { type, name: row.name })}
            >
              {row.name}
            </button>
            {row.principal.path !== '/' && <span className="path">{row.principal.path}</span>}
          </td>
          <td className="num">{row.attached}</td>
          <td className="num">{row.inline}</td>
          {!compact && (
            <>
              <td className="col-memberships" title={row.memberships || undefined}>
                {row.memberships || '—'}
              </td>
              <td className="nowrap" title={formatDateTime(row.principal.createDate)}>
                {formatDate(row.principal.createDate)}
              </td>
            </>
          )}
          <td className="nowrap" title={lastUsed ? formatDateTime(lastUsed) : undefined}>
            {type === 'role' ? (
              formatAge(lastUsed, now)
            ) : (
              <span className="muted" title="Shown per access key in the user's details">
                see keys
              </span>
            )}
          </td>
        </>
      );
    },
    [type, compact, now, selected],
  );

  const column = (label: string, id: PrincipalColumn, className?: string): GridColumn => ({
    label,
    className,
    sort: sort.column === id ? (sort.descending ? 'descending' : 'ascending') : null,
    onSort: () => sortBy(kind, id),
  });
  const columns = [
    column('Name', 'name'),
    column('Attached', 'attached', 'num'),
    column('Inline', 'inline', 'num'),
    // Beside the detail panel, which shows them in full, memberships and creation make way for names.
    ...(compact
      ? []
      : [column(kind === 'roles' ? 'Instance profiles' : 'Groups', 'memberships'), column('Created', 'created')]),
    column('Last used', 'lastUsed'),
  ];

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
          {shownFilter.trim()
            ? `${rows.length.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')}`
            : `${items.length.toLocaleString('en-US')} ${items.length === 1 ? type : noun}`}
        </span>
      </div>
      {items.length === 0 ? (
        moreComing ? (
          <p className="loading">No {noun} in the pages read so far; more are coming…</p>
        ) : (
          <p className="empty">There are no IAM {noun} in this account.</p>
        )
      ) : (
        <VirtualTable
          label={kind === 'roles' ? 'Roles' : 'Users'}
          className={compact ? 'principal-grid principal-grid-compact' : 'principal-grid'}
          rows={rows}
          rowKey={rowKey}
          estimateRowHeight={ROW_HEIGHT}
          head={<GridHead columns={columns} actions={false} rowIndexed />}
          columnCount={columns.length}
          columns={
            <>
              <col />
              <col className="col-count" />
              <col className="col-count" />
              {!compact && <col className="col-memberships" />}
              {!compact && <col className="col-date" />}
              <col className="col-date" />
            </>
          }
          rowState={(row) => (isSelected(row) ? { current: true, className: 'selected' } : {})}
          openKey={selected?.type === type ? selected.name : null}
          onOpen={(row) => select({ type, name: row.name })}
          cells={cells}
          empty={
            <p className="empty">
              No {noun} match ‘{shownFilter.trim()}’. The filter looks at names, ARNs and attached policy names.
            </p>
          }
        />
      )}
    </>
  );
}
