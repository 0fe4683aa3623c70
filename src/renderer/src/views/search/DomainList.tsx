/**
 * The region's OpenSearch and Elasticsearch domains as a virtualised table:
 * only the rows on screen are in the DOM, a filter over name, engine,
 * endpoint, VPC and access, and sortable columns (names naturally, access by
 * how exposed). A row opens its domain (click or Enter).
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { SearchDomainSummary } from '../../../../shared/contract';
import { GridHead } from '../../components/GridHead';
import { TableFilter } from '../../components/TableFilter';
import { VirtualTable } from '../../components/VirtualTable';
import { routeHref } from '../../model/route';
import { nextSort, sortHeader, tableRows, type TableSort, type TableSpec } from '../../model/tableRows';
import { exposureWords } from './exposureWords';

/** `--vtable-row` in iam.css. */
const ROW_HEIGHT = 32;

type DomainColumn = 'name' | 'engine' | 'endpoint' | 'fgac' | 'access' | 'processing';

/** Ascending is safest first, so a descending sort puts the open domains on top. */
const EXPOSURE_RANK: Readonly<Record<SearchDomainSummary['exposure'], number>> = {
  restricted: 0,
  'no-policy': 1,
  'ip-restricted': 2,
  public: 3,
};

const where = (d: SearchDomainSummary) =>
  d.vpc ? `VPC ${d.vpc.vpcId ?? ''} (${d.vpc.subnetIds.join(', ')})` : (d.endpoint ?? '');

const spec: TableSpec<SearchDomainSummary, DomainColumn> = {
  search: (d) => `${d.name}\n${d.engine} ${d.version}\n${where(d)}\n${exposureWords[d.exposure].label}`,
  name: (d) => d.name,
  columns: {
    name: (d) => d.name,
    engine: (d) => `${d.engine} ${d.version}`,
    endpoint: where,
    fgac: (d) => (d.fineGrainedAccessControl ? 1 : 0),
    access: (d) => EXPOSURE_RANK[d.exposure],
    processing: (d) => (d.processing ? 1 : 0),
  },
};

const rowKey = (d: SearchDomainSummary) => d.name;
const open = (d: SearchDomainSummary) => {
  window.location.hash = routeHref({ section: 'search', domainName: d.name });
};

export function DomainList({ items }: { items: readonly SearchDomainSummary[] }) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<TableSort<DomainColumn>>({ column: 'name', descending: false });
  const query = useDeferredValue(filter);
  const rows = useMemo(() => tableRows(items, spec, sort, query), [items, sort, query]);

  const cells = useCallback((d: SearchDomainSummary) => {
    const exposure = exposureWords[d.exposure];
    return (
      <>
        <td>
          <a
            className="env-link"
            href={routeHref({ section: 'search', domainName: d.name })}
            // The row is in the tab order and opens on Enter; one stop per row is enough.
            tabIndex={-1}
          >
            {d.name}
          </a>
        </td>
        <td className="nowrap">
          {d.engine} {d.version}
        </td>
        <td title={where(d)}>
          {d.vpc ? (
            <span>
              VPC {d.vpc.vpcId ?? ''} <span className="muted">({d.vpc.subnetIds.join(', ')})</span>
            </span>
          ) : (
            <span className="cname">{d.endpoint ?? '—'}</span>
          )}
        </td>
        <td>{d.fineGrainedAccessControl ? 'Enabled' : 'Disabled'}</td>
        <td>
          <span className={`search-badge search-badge-${exposure.tone}`}>{exposure.label}</span>
        </td>
        <td>{d.processing ? 'Processing' : 'Active'}</td>
      </>
    );
  }, []);

  if (items.length === 0)
    return <p className="empty">There are no OpenSearch or Elasticsearch domains in this region.</p>;
  const column = (label: string, id: DomainColumn) =>
    sortHeader(label, id, sort, (column) => setSort((s) => nextSort(s, column)));
  const columns = [
    column('Domain', 'name'),
    column('Engine', 'engine'),
    column('Endpoint or VPC', 'endpoint'),
    column('Fine-grained access control', 'fgac'),
    column('Access', 'access'),
    column('Processing', 'processing'),
  ];
  return (
    <div className="panel">
      <TableFilter
        label="Filter domains"
        placeholder="Filter by name, engine, endpoint, VPC or access"
        value={filter}
        onChange={setFilter}
        shown={rows.length}
        total={items.length}
        noun={['domain', 'domains']}
      />
      <VirtualTable
        label="Domains"
        className="search-grid"
        rows={rows}
        rowKey={rowKey}
        estimateRowHeight={ROW_HEIGHT}
        head={<GridHead columns={columns} actions={false} rowIndexed />}
        columnCount={columns.length}
        columns={
          <>
            <col className="col-search-name" />
            <col className="col-search-engine" />
            <col />
            <col className="col-search-fgac" />
            <col className="col-search-access" />
            <col className="col-search-processing" />
          </>
        }
        onOpen={open}
        cells={cells}
        empty={<p className="empty">No domains match ‘{query.trim()}’.</p>}
      />
    </div>
  );
}
