import { useEffect, useRef, useState } from 'react';
import './liveInstances.css';
import type { LiveApplication, LiveInstance, LiveInstances, Target } from '../../../../../shared/contract';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { HealthBadge } from '../../../components/HealthBadge';
import { createLiveRefresh, documentVisibility, type LiveRefresh } from '../../../model/liveRefresh';
import { dataOf } from '../../../model/loadable';
import { problemAsError } from '../../../model/panelProblem';
import { formatAge, formatClock, formatDateTime } from '../../../model/time';
import { LIVE_REFRESH_MS, useLiveInstances } from '../../../stores/liveInstances';

const DASH = '—';
const fixed = (digits: number) => (value: number | undefined) => (value === undefined ? DASH : value.toFixed(digits));
const oneDecimal = fixed(1);
/** Seconds to the millisecond, as `eb health` prints latency. */
const latencySeconds = fixed(3);
const loadFigure = fixed(2);

/** The order `eb health` prints instance counts in. */
const COUNT_ORDER = ['Ok', 'Info', 'Warning', 'Degraded', 'Severe', 'Pending', 'Unknown', 'NoData', 'Suspended'];

function countsLine(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = COUNT_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${s}`);
  return `${total} instance${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function Causes({ causes }: { causes: readonly string[] }) {
  if (causes.length === 0) return <span className="muted">{DASH}</span>;
  return (
    <ul className="cause-lines">
      {causes.map((c, n) => (
        <li key={n}>{c}</li>
      ))}
    </ul>
  );
}

/** r/sec, % by status class and latency: the cells the overall row and each instance share. */
function ApplicationCells({ app }: { app: LiveApplication | undefined }) {
  const latency = app?.latency;
  return (
    <>
      <td className="num">{oneDecimal(app?.requestsPerSecond)}</td>
      <td className="num">{oneDecimal(app?.percent?.s2xx)}</td>
      <td className="num">{oneDecimal(app?.percent?.s3xx)}</td>
      <td className="num">{oneDecimal(app?.percent?.s4xx)}</td>
      <td className="num">{oneDecimal(app?.percent?.s5xx)}</td>
      <td className="num">{latencySeconds(latency?.p99)}</td>
      <td className="num">{latencySeconds(latency?.p90)}</td>
      <td className="num">{latencySeconds(latency?.p75)}</td>
      <td className="num">{latencySeconds(latency?.p50)}</td>
      <td className="num">{latencySeconds(latency?.p10)}</td>
    </>
  );
}

function InstanceRow({ instance, now }: { instance: LiveInstance; now: Date }) {
  const { system, deployment } = instance;
  const cpu = system?.cpu;
  return (
    <tr className={`live-row-${(instance.color ?? 'grey').toLowerCase()}`}>
      <th scope="row">
        <code>{instance.instanceId}</code>
      </th>
      <td className="nowrap">
        {instance.color ? <HealthBadge color={instance.color} /> : null} {instance.healthStatus ?? DASH}
      </td>
      <ApplicationCells app={instance.application} />
      <td className="num">{loadFigure(system?.load1)}</td>
      <td className="num">{loadFigure(system?.load5)}</td>
      <td className="num">{oneDecimal(cpu?.user)}</td>
      <td className="num">{oneDecimal(cpu?.nice)}</td>
      <td className="num">{oneDecimal(cpu?.system)}</td>
      <td className="num">{oneDecimal(cpu?.idle)}</td>
      <td className="num">{oneDecimal(cpu?.iowait)}</td>
      <td className="nowrap">
        {deployment?.deploymentId ?? DASH}
        {deployment?.status && <span className="muted"> · {deployment.status}</span>}
        {deployment?.versionLabel && <span className="muted"> · {deployment.versionLabel}</span>}
      </td>
      <td className="nowrap" title={formatDateTime(instance.launchedAt)}>
        {instance.launchedAt ? formatAge(instance.launchedAt, now) : DASH}
      </td>
      <td className="col-causes">
        <Causes causes={instance.causes} />
      </td>
    </tr>
  );
}

function LiveTable({ live }: { live: LiveInstances }) {
  const now = new Date(live.refreshedAt ?? live.readAt);
  return (
    <div className="live-table-box">
      <table className="grid grid-compact live-table" aria-label="Live instance health">
        <thead>
          <tr>
            <td colSpan={2} />
            <th scope="colgroup" colSpan={5}>
              Requests
            </th>
            <th scope="colgroup" colSpan={5}>
              Latency (s)
            </th>
            <th scope="colgroup" colSpan={2}>
              Load
            </th>
            <th scope="colgroup" colSpan={5}>
              CPU
            </th>
            <td colSpan={3} />
          </tr>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Status</th>
            <th scope="col">r/sec</th>
            <th scope="col">%2xx</th>
            <th scope="col">%3xx</th>
            <th scope="col">%4xx</th>
            <th scope="col">%5xx</th>
            <th scope="col">p99</th>
            <th scope="col">p90</th>
            <th scope="col">p75</th>
            <th scope="col">p50</th>
            <th scope="col">p10</th>
            <th scope="col">1 min</th>
            <th scope="col">5 min</th>
            <th scope="col">user%</th>
            <th scope="col">nice%</th>
            <th scope="col">system%</th>
            <th scope="col">idle%</th>
            <th scope="col">iowait%</th>
            <th scope="col">Deployment</th>
            <th scope="col">Launched</th>
            <th scope="col">Causes</th>
          </tr>
        </thead>
        <tbody>
          <tr className={`live-overall live-row-${(live.color ?? 'grey').toLowerCase()}`}>
            <th scope="row">Overall</th>
            <td className="nowrap">
              {live.color ? <HealthBadge color={live.color} /> : null} {live.healthStatus ?? DASH}
            </td>
            <ApplicationCells app={live.application} />
            <td colSpan={9} className="muted">
              {countsLine(live.instanceCounts)}
            </td>
            <td className="col-causes">
              <Causes causes={live.causes} />
            </td>
          </tr>
          {live.instances.map((instance) => (
            <InstanceRow key={instance.instanceId} instance={instance} now={now} />
          ))}
        </tbody>
      </table>
      {live.instances.length === 0 && !live.instancesProblem && <p className="muted">No instances are reporting.</p>}
    </div>
  );
}

/** `eb health --refresh`: each instance's health, traffic, latency, load and CPU, read every 10 s while on screen. */
export function LiveInstanceTable({ target, environmentName }: { target: Target; environmentName: string }) {
  const loadable = useLiveInstances((s) => s.live[environmentName]);
  const live = dataOf(loadable);
  const [paused, setPaused] = useState(false);
  const refresh = useRef<LiveRefresh | null>(null);
  // The effect below reads it without re-running when it changes: pausing must not restart the clock.
  const pausedRef = useRef(paused);
  const { profile, region } = target;

  useEffect(() => {
    const scheduler = createLiveRefresh({
      intervalMs: LIVE_REFRESH_MS,
      run: () => useLiveInstances.getState().load({ profile, region }, environmentName),
      page: documentVisibility(),
    });
    refresh.current = scheduler;
    // A pause holds across a switch of environment or profile, as the button still says.
    if (pausedRef.current) scheduler.pause();
    scheduler.start();
    return () => scheduler.stop();
  }, [profile, region, environmentName]);

  const toggle = () => {
    const scheduler = refresh.current;
    if (!scheduler) return;
    if (scheduler.paused) scheduler.resume();
    else scheduler.pause();
    pausedRef.current = scheduler.paused;
    setPaused(scheduler.paused);
  };

  return (
    <section
      className="live-instances"
      aria-label="Live instances"
      aria-busy={loadable?.status === 'loading' || undefined}
    >
      <div className="live-instances-head">
        <h3>Live instance health</h3>
        <span className="fetch-meta">
          {live ? (
            <span title={formatDateTime(live.refreshedAt ?? live.readAt)}>
              Last refreshed {formatClock(live.refreshedAt ?? live.readAt)}
            </span>
          ) : (
            'Not loaded yet'
          )}
          {' · '}
          {paused ? 'Paused' : `Every ${LIVE_REFRESH_MS / 1000} s while visible`}
        </span>
        <span className="spacer" />
        <button type="button" className="button" onClick={toggle}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {loadable?.status === 'error' && (
        <ErrorNotice
          error={loadable.error}
          title={live ? 'Live health refresh failed; showing the previous reading' : 'Live health could not be read'}
        />
      )}
      {live?.problem && <ErrorNotice error={problemAsError(live.problem)} title="Environment health is unavailable" />}
      {live?.instancesProblem && (
        <ErrorNotice error={problemAsError(live.instancesProblem)} title="Instance health is unavailable" />
      )}
      {live ? (
        <LiveTable live={live} />
      ) : (
        loadable?.status !== 'error' && <p className="loading">Loading live health…</p>
      )}
    </section>
  );
}
