import { useMemo } from 'react';
import type { EnvironmentSummary } from '../../../../shared/contract';
import { HealthBadge } from '../../components/HealthBadge';
import { routeHref } from '../../model/route';
import { formatAge, formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';

function filterEnvironments(items: readonly EnvironmentSummary[], filter: string): EnvironmentSummary[] {
  const q = filter.trim().toLowerCase();
  if (!q) return [...items];
  return items.filter((e) =>
    [
      e.name,
      e.applicationName,
      e.status,
      e.health,
      e.healthStatus ?? '',
      e.platform,
      e.versionLabel ?? '',
      e.cname ?? '',
    ]
      .join(' ')
      .toLowerCase()
      .includes(q),
  );
}

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
  const rows = useMemo(() => filterEnvironments(items, filter), [items, filter]);

  return (
    <div className="panel">
      <div className="table-toolbar">
        <input
          type="search"
          className="filter"
          aria-label="Filter environments"
          placeholder="Filter by name, application, status, platform, version or CNAME"
          value={filter}
          onChange={(e) => useBeanstalk.getState().setFilter(e.target.value)}
        />
        <span className="muted table-count">
          {filter.trim()
            ? `${rows.length} of ${items.length}`
            : `${items.length} environment${items.length === 1 ? '' : 's'}`}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="empty">There are no Elastic Beanstalk environments in this region.</p>
      ) : rows.length === 0 ? (
        <p className="empty">No environments match ‘{filter.trim()}’.</p>
      ) : (
        <table className="grid eb-grid" aria-label="Environments">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Health</th>
              <th scope="col">Status</th>
              <th scope="col">Health status</th>
              <th scope="col">Causes</th>
              <th scope="col">Platform</th>
              <th scope="col">Version</th>
              <th scope="col">CNAME</th>
              <th scope="col">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((env) => (
              <tr key={env.id} className={`health-row-${env.health.toLowerCase()}`}>
                <td>
                  <a className="env-link" href={routeHref({ section: 'beanstalk', environmentName: env.name })}>
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
                <td className="col-causes">
                  {env.causesProblem && env.causes.length === 0 ? (
                    <span className="muted" title={env.causesProblem.message}>
                      unavailable ({env.causesProblem.awsCode ?? env.causesProblem.code})
                    </span>
                  ) : (
                    <Causes causes={env.causes} />
                  )}
                </td>
                <td className="col-platform" title={env.platformArn}>
                  {env.platform}
                </td>
                <td>{env.versionLabel ?? <span className="muted">—</span>}</td>
                <td>{env.cname ? <span className="cname">{env.cname}</span> : <span className="muted">—</span>}</td>
                <td className="nowrap" title={formatDateTime(env.dateUpdated)}>
                  {formatAge(env.dateUpdated, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
