import { useEffect } from 'react';
import type { EnvironmentHealth, EnvironmentSummary, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HealthBadge } from '../../components/HealthBadge';
import { useAutoRefresh } from '../../hooks/useAutoRefresh';
import { dataOf } from '../../model/loadable';
import { problemAsError } from '../../model/panelProblem';
import { isTransitional, nextRefreshDelay } from '../../model/refreshSchedule';
import { formatAge, formatClock, formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { ResourcesSection } from './ResourcesSection';

interface Props {
  target: Target;
  env: EnvironmentSummary;
  delay: number;
}

/** The order `eb health` prints instance counts in. */
const countOrder = ['Ok', 'Info', 'Warning', 'Degraded', 'Severe', 'Pending', 'Unknown', 'NoData', 'Suspended'];

function CausesList({
  causes,
  color,
  unreadable,
}: {
  causes: readonly string[];
  color: EnvironmentSummary['health'] | undefined;
  /** Causes could not be read at all, so "none" would be a guess. */
  unreadable: boolean;
}) {
  if (causes.length === 0)
    return (
      <p className="muted eb-no-causes">
        {unreadable ? 'Causes could not be read without enhanced health.' : 'No causes reported.'}
      </p>
    );
  const tone = color === 'Red' ? 'notice-error' : 'notice-warning';
  return (
    <section className={`notice ${tone} eb-causes`} aria-label="Health causes">
      <div className="notice-body">
        <p className="notice-title">
          {causes.length === 1 ? 'Cause' : `${causes.length} causes`} reported by Elastic Beanstalk
        </p>
        <ul>
          {causes.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function Counts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => {
      const ia = countOrder.indexOf(a);
      const ib = countOrder.indexOf(b);
      return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    });
  if (entries.length === 0) return null;
  return (
    <dl className="eb-counts" aria-label="Instances by status">
      {entries.map(([status, n]) => (
        <div key={status} className={`eb-count eb-count-${status.toLowerCase()}`}>
          <dt>{status}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}

function Instances({ health, now }: { health: EnvironmentHealth; now: Date }) {
  if (health.instancesProblem) {
    return <ErrorNotice error={problemAsError(health.instancesProblem)} title="Instance health is unavailable" />;
  }
  if (health.instances.length === 0) return <p className="muted">No instances are reporting.</p>;
  return (
    <table className="grid grid-compact" aria-label="Instances">
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">Status</th>
          <th scope="col">Colour</th>
          <th scope="col">Causes</th>
          <th scope="col">Deployment</th>
          <th scope="col">AZ</th>
          <th scope="col">Type</th>
          <th scope="col">Launched</th>
        </tr>
      </thead>
      <tbody>
        {health.instances.map((i) => (
          <tr key={i.instanceId}>
            <td>
              <code>{i.instanceId}</code>
            </td>
            <td className="nowrap">{i.healthStatus ?? '—'}</td>
            <td className="nowrap">{i.color ? <HealthBadge color={i.color} /> : '—'}</td>
            <td className="col-causes">
              {i.causes.length ? (
                <ul className="cause-lines">
                  {i.causes.map((c, n) => (
                    <li key={n}>{c}</li>
                  ))}
                </ul>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>
              {i.deployment?.versionLabel ?? '—'}
              {i.deployment?.deploymentId !== undefined && (
                <span className="muted"> · deployment {i.deployment.deploymentId}</span>
              )}
              {i.deployment?.status && <span className="muted"> · {i.deployment.status}</span>}
            </td>
            <td className="nowrap">{i.availabilityZone ?? '—'}</td>
            <td className="nowrap">{i.instanceType ?? '—'}</td>
            <td className="nowrap" title={formatDateTime(i.launchedAt)}>
              {i.launchedAt ? formatAge(i.launchedAt, now) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HealthPanel({ target, env, delay }: Props) {
  const name = env.name;
  const health = useBeanstalk((s) => s.health[name]);
  const attemptedAt = useBeanstalk((s) => s.healthAttemptedAt[name] ?? null);
  const data = dataOf(health);

  useEffect(() => {
    void useBeanstalk.getState().loadHealth(target, name);
  }, [target, name]);

  const transitioning = isTransitional(env.status) || isTransitional(data?.status);
  const ownDelay = Math.min(
    delay,
    nextRefreshDelay({ transitioning, errorStreak: health?.status === 'error' ? 1 : 0 }),
  );
  useAutoRefresh(() => void useBeanstalk.getState().loadHealth(target, name), health ? ownDelay : null, attemptedAt);

  const refreshedAt = data?.refreshedAt;
  const now = new Date(refreshedAt ?? attemptedAt ?? 0);
  const reload = () => void useBeanstalk.getState().loadHealth(target, name);
  const color = data?.color ?? env.health;
  const causes = data && !data.problem ? data.causes : env.causes;

  return (
    <section className="eb-health" aria-label="Health" aria-busy={health?.status === 'loading' || undefined}>
      {health?.status === 'error' && (
        <ErrorNotice
          error={health.error}
          title={data ? 'Health refresh failed; showing the previous data' : 'Could not read health'}
          onRetry={reload}
        />
      )}
      {data?.problem && (
        <ErrorNotice
          error={problemAsError(data.problem)}
          title="Enhanced health is unavailable; showing the colour from the environment list"
        />
      )}
      <div className="eb-health-head">
        <HealthBadge color={color} label="Health" />
        <span className="strong">{data?.healthStatus ?? env.healthStatus ?? ''}</span>
        {data?.refreshedAt && (
          <span className="fetch-meta" title={formatDateTime(data.refreshedAt)}>
            as of {formatClock(data.refreshedAt)}
          </span>
        )}
      </div>
      {!data && health?.status !== 'error' ? (
        <p className="loading">Loading health…</p>
      ) : (
        <>
          <CausesList causes={causes} color={color} unreadable={!!data?.problem} />
          {data && (
            <>
              <h3>Instances</h3>
              <Counts counts={data.instanceCounts} />
              <Instances health={data} now={now} />
            </>
          )}
        </>
      )}
      <ResourcesSection target={target} environmentName={name} />
    </section>
  );
}
