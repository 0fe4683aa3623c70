/**
 * The region's DB instances as a virtualised table: only the rows on screen
 * are in the DOM, a filter over identifier, cluster, engine, endpoint, VPC and
 * status, and every column sorts (names naturally: db-2 before db-10). A row
 * opens the database below the table (click or Enter).
 */
import { useCallback, useDeferredValue, useMemo } from 'react';
import type { DatabaseSummary, Target } from '../../../../shared/contract';
import { GridHead } from '../../components/GridHead';
import { TableFilter } from '../../components/TableFilter';
import { VirtualTable } from '../../components/VirtualTable';
import { sortHeader, tableRows, type TableSpec } from '../../model/tableRows';
import { useDatabases, type DatabaseColumn } from '../../stores/databases';

/** `--vtable-row` in iam.css. */
const ROW_HEIGHT = 32;

export function endpointText(db: DatabaseSummary): string {
  return db.endpoint ? `${db.endpoint.address}:${db.endpoint.port}` : '—';
}

const spec: TableSpec<DatabaseSummary, DatabaseColumn> = {
  search: (db) =>
    `${db.id}\n${db.clusterId ?? ''}\n${db.engine} ${db.engineVersion}\n${endpointText(db)}\n${db.vpcId ?? ''}\n${db.status}`,
  name: (db) => db.id,
  columns: {
    id: (db) => db.id,
    engine: (db) => `${db.engine} ${db.engineVersion}`,
    endpoint: (db) => endpointText(db),
    vpc: (db) => db.vpcId ?? '',
    status: (db) => db.status,
  },
};

const rowKey = (db: DatabaseSummary) => db.id;

export function DatabaseTable({ target, items }: { target: Target; items: readonly DatabaseSummary[] }) {
  const selectedId = useDatabases((s) => s.selectedId);
  const filter = useDatabases((s) => s.filter);
  const sort = useDatabases((s) => s.sort);
  const query = useDeferredValue(filter);
  const rows = useMemo(() => tableRows(items, spec, sort, query), [items, sort, query]);
  const { select, setFilter, sortBy } = useDatabases.getState();

  const cells = useCallback(
    (db: DatabaseSummary) => (
      <>
        <td>
          <button
            type="button"
            className="link-button"
            // The row is in the tab order and opens on Enter; one stop per row is enough.
            tabIndex={-1}
            aria-pressed={db.id === selectedId}
            onClick={() => useDatabases.getState().select(target, db.id)}
          >
            {db.id}
          </button>
          {db.clusterId && <span className="muted"> · cluster {db.clusterId}</span>}
        </td>
        <td>
          {db.engine} {db.engineVersion}
        </td>
        <td className="mono" title={endpointText(db)}>
          {endpointText(db)}
        </td>
        <td className="mono">{db.vpcId ?? '—'}</td>
        <td>{db.status}</td>
      </>
    ),
    [selectedId, target],
  );

  if (items.length === 0) return <p className="empty">There are no RDS databases in this region.</p>;
  const column = (label: string, id: DatabaseColumn) => sortHeader(label, id, sort, sortBy);
  const columns = [
    column('Database', 'id'),
    column('Engine', 'engine'),
    column('Endpoint', 'endpoint'),
    column('VPC', 'vpc'),
    column('Status', 'status'),
  ];
  return (
    <>
      <TableFilter
        label="Filter databases"
        placeholder="Filter by identifier, cluster, engine, endpoint, VPC or status"
        value={filter}
        onChange={setFilter}
        shown={rows.length}
        total={items.length}
        noun={['database', 'databases']}
      />
      <VirtualTable
        label="Databases"
        className="db-grid"
        rows={rows}
        rowKey={rowKey}
        estimateRowHeight={ROW_HEIGHT}
        head={<GridHead columns={columns} actions={false} rowIndexed />}
        columnCount={columns.length}
        columns={
          <>
            <col />
            <col className="col-db-engine" />
            <col className="col-db-endpoint" />
            <col className="col-db-vpc" />
            <col className="col-db-status" />
          </>
        }
        rowState={(db) => (db.id === selectedId ? { current: true, className: 'selected' } : {})}
        openKey={selectedId}
        onOpen={(db) => select(target, db.id)}
        cells={cells}
        empty={
          <p className="empty">
            No databases match ‘{query.trim()}’. The filter looks at identifiers, clusters, engines, endpoints, VPCs and
            status.
          </p>
        }
      />
    </>
  );
}
