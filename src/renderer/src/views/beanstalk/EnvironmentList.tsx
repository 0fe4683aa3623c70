/**
 * The region's environments as a virtualised table: only the rows on screen
 * are in the DOM, the filter looks at every row, and the columns sort (names
 * and versions naturally, health by how bad it is, last updated by time). A
 * row opens its environment (click or Enter); its links act for themselves.
 * Each row has sparklines of its health and 5xx over the last hour, read for
 * the whole list in one call each time the list loads.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { EnvironmentSummary, HealthColor } from '../../../../shared/contract';
import { GridHead, type GridColumn } from '../../components/GridHead';
import { HealthBadge } from '../../components/HealthBadge';
import { TableFilter } from '../../components/TableFilter';
import { VirtualTable } from '../../components/VirtualTable';
import { routeHref } from '../../model/route';
import { nextSort, sortHeader, tableRows, type TableSort, type TableSpec } from '../../model/tableRows';
import { formatAge, formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { sparklinesByName, useEnvironmentSparklines } from '../../stores/environmentSparklines';
import { useSession } from '../../stores/session';
import { dataOf } from '../../model/loadable';
import { ErrorsSparkline, HealthSparkline, type SparklineSource } from './EnvironmentSparklines';

/** Two lines: the environment, and its application under it; `--vtable-row` in beanstalk.css. */
const ROW_HEIGHT = 46;

type EnvironmentColumn = 'name' | 'health' | 'status' | 'healthStatus' | 'platform' | 'version' | 'cname' | 'updated';

/** Ascending is best first, so a descending sort puts the environments in trouble on top. */
const HEALTH_RANK: Readonly<Record<HealthColor, number>> = { Green: 0, Grey: 1, Yellow: 2, Red: 3 };

const spec: TableSpec<EnvironmentSummary, EnvironmentColumn> = {
  search: (e) =>
    `${e.name}\n${e.applicationName}\n${e.status}\n${e.health}\n${e.healthStatus ?? ''}\n${e.platform}\n${e.versionLabel ?? ''}\n${e.cname ?? ''}`,
  name: (e) => e.name,
  columns: {
    name: (e) => e.name,
    health: (e) => HEALTH_RANK[e.health],
    status: (e) => e.status,
    healthStatus: (e) => e.healthStatus ?? '',
    platform: (e) => e.platform,
    version: (e) => e.versionLabel ?? '',
    cname: (e) => e.cname ?? '',
    updated: (e) => Date.parse(e.dateUpdated) || 0,
  },
};

const rowKey = (e: EnvironmentSummary) => e.id;
const open = (e: EnvironmentSummary) => {
  window.location.hash = routeHref({ section: 'beanstalk', environmentName: e.name });
};

export function Causes({ causes }: { causes: readonly string[] }) {
  if (causes.length === 0) return <span className="muted">—</span>;
  const [first, ...rest] = causes;
  return (
    <span className="causes" title={causes.join('\n')}>
      {first}
      {rest.length > 0 && <span className="more"> +{rest.length} more</span>}
    </span>
  );
}

export function EnvironmentList({ items, now }: { items: readonly EnvironmentSummary[]; now: Date }) {
  const filter = useBeanstalk((s) => s.filter);
  const [sort, setSort] = useState<TableSort<EnvironmentColumn>>({ column: 'name', descending: false });
  const query = useDeferredValue(filter);
  const rows = useMemo(() => tableRows(items, spec, sort, query), [items, sort, query]);

  // Every environment in one request, whatever the filter shows: the rows on screen draw from it.
  const refreshedAt = useBeanstalk((s) => s.refreshedAt);
  useEffect(() => {
    const target = useSession.getState().target;
    if (target && items.length > 0) {
      useEnvironmentSparklines.getState().ensure(
        target,
        items.map((e) => e.name),
        refreshedAt ?? 'first',
      );
    }
  }, [items, refreshedAt]);
  const sparkMetrics = useEnvironmentSparklines((s) => s.metrics);
  const sparkSource = useCallback(
    (name: string): SparklineSource => ({
      metrics: dataOf(sparkMetrics),
      sparklines: sparklinesByName(sparkMetrics)?.get(name),
      error: sparkMetrics.status === 'error' && !dataOf(sparkMetrics) ? sparkMetrics.error : undefined,
    }),
    [sparkMetrics],
  );

  const cells = useCallback(
    (env: EnvironmentSummary) => (
      <>
        <td>
          <a
            className="env-link"
            href={routeHref({ section: 'beanstalk', environmentName: env.name })}
            // The row is in the tab order and opens on Enter; one stop per row is enough.
            tabIndex={-1}
          >
            {env.name}
          </a>
          <a
            className="path"
            href={routeHref({ section: 'beanstalk', applicationName: env.applicationName })}
            aria-label={`Versions of ${env.applicationName}`}
          >
            {env.applicationName}
          </a>
        </td>
        <td className="nowrap">
          <HealthBadge color={env.health} />
        </td>
        <td className="nowrap">
          <span className={`eb-status eb-status-${env.status.toLowerCase()}`}>{env.status}</span>
        </td>
        <td className="nowrap">{env.healthStatus ?? <span className="muted">—</span>}</td>
        <td className="nowrap">
          <HealthSparkline source={sparkSource(env.name)} />
        </td>
        <td className="nowrap">
          <ErrorsSparkline source={sparkSource(env.name)} />
        </td>
        <td className="col-causes">
          {env.causesProblem && env.causes.length === 0 ? (
            <span className="muted" title={env.causesProblem.message}>
              unavailable ({env.causesProblem.awsCode ?? env.causesProblem.code})
            </span>
          ) : (
            <Causes causes={env.causes} />
          )}
        </td>
        <td className="col-platform" title={env.platformArn ?? env.platform}>
          {env.platform}
        </td>
        <td title={env.versionLabel}>{env.versionLabel ?? <span className="muted">—</span>}</td>
        <td title={env.cname}>
          {env.cname ? <span className="cname">{env.cname}</span> : <span className="muted">—</span>}
        </td>
        <td className="nowrap" title={formatDateTime(env.dateUpdated)}>
          {formatAge(env.dateUpdated, now)}
        </td>
      </>
    ),
    [now, sparkSource],
  );

  const column = (label: string, id?: EnvironmentColumn): GridColumn =>
    id === undefined ? { label } : sortHeader(label, id, sort, (column) => setSort((s) => nextSort(s, column)));
  const columns = [
    column('Environment', 'name'),
    column('Health', 'health'),
    column('Status', 'status'),
    column('Health status', 'healthStatus'),
    column('Health, 1 h'),
    column('5xx, 1 h'),
    column('Causes'),
    column('Platform', 'platform'),
    column('Version', 'version'),
    column('CNAME', 'cname'),
    column('Last updated', 'updated'),
  ];

  return (
    <div className="panel">
      <TableFilter
        label="Filter environments"
        placeholder="Filter by name, application, status, platform, version or CNAME"
        value={filter}
        onChange={(value) => useBeanstalk.getState().setFilter(value)}
        shown={rows.length}
        total={items.length}
        noun={['environment', 'environments']}
      />
      {items.length === 0 ? (
        <p className="empty">There are no Elastic Beanstalk environments in this region.</p>
      ) : (
        <VirtualTable
          label="Environments"
          className="eb-grid"
          rows={rows}
          rowKey={rowKey}
          estimateRowHeight={ROW_HEIGHT}
          head={<GridHead columns={columns} actions={false} rowIndexed />}
          columnCount={columns.length}
          columns={
            <>
              <col className="col-eb-name" />
              <col className="col-eb-health" />
              <col className="col-eb-status" />
              <col className="col-eb-health-status" />
              <col className="col-eb-spark-health" />
              <col className="col-eb-spark-errors" />
              <col className="col-eb-causes" />
              <col className="col-eb-platform" />
              <col className="col-eb-version" />
              <col className="col-eb-cname" />
              <col className="col-eb-updated" />
            </>
          }
          rowState={(env) => ({ className: `health-row-${env.health.toLowerCase()}` })}
          onOpen={open}
          cells={cells}
          empty={<p className="empty">No environments match ‘{query.trim()}’.</p>}
        />
      )}
    </div>
  );
}
