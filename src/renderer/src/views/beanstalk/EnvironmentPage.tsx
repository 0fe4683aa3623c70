import { useState } from 'react';
import type { EnvironmentSummary, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HealthBadge } from '../../components/HealthBadge';
import { TabList } from '../../components/TabList';
import { dataOf } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { formatAge, formatDateTime } from '../../model/time';
import { useBeanstalk } from '../../stores/beanstalk';
import { useChanges } from '../../stores/changes';
import { useDeploy } from '../../stores/deploy';
import { RefreshControls } from './RefreshControls';
import { ConfigurationPanel } from './ConfigurationPanel';
import { EventsPanel } from './EventsPanel';
import { HealthPanel } from './HealthPanel';
import { LogsPanel } from './logs/LogsPanel';
import { MonitoringPanel } from './monitoring/MonitoringPanel';
import { VersionPanel } from './VersionPanel';
import { ConnectivityMap } from '../../components/ConnectivityMap';
import { DoctorPanel } from '../diagnostics/DoctorPanel';

type EnvTab = 'health' | 'monitoring' | 'events' | 'logs' | 'configuration' | 'version' | 'doctor' | 'connectivity';

const tabs: { id: EnvTab; label: string }[] = [
  { id: 'health', label: 'Health' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'events', label: 'Events' },
  { id: 'logs', label: 'Logs' },
  { id: 'configuration', label: 'Configuration' },
  { id: 'version', label: 'Application version' },
  { id: 'doctor', label: 'Doctor' },
  { id: 'connectivity', label: 'Connectivity' },
];

interface Props {
  target: Target;
  environmentName: string;
  /** The list's refresh interval, which the health panel follows too. */
  delay: number;
  now: Date;
}

function Summary({ env, now }: { env: EnvironmentSummary; now: Date }) {
  return (
    <section aria-label="Environment summary" className="env-facts">
      <dl className="facts">
        <div>
          <dt>Health</dt>
          <dd>
            <HealthBadge color={env.health} />
            {env.healthStatus && <span className="muted"> · {env.healthStatus}</span>}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`eb-status eb-status-${env.status.toLowerCase()}`}>{env.status}</span>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{env.versionLabel ?? '—'}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd title={formatDateTime(env.dateUpdated)}>{formatAge(env.dateUpdated, now)}</dd>
        </div>
        <div className="facts-wide">
          <dt>Platform</dt>
          <dd title={env.platformArn}>{env.platform}</dd>
        </div>
        <div className="facts-wide">
          <dt>CNAME</dt>
          <dd>{env.cname ? <span className="cname">{env.cname}</span> : '—'}</dd>
        </div>
      </dl>
    </section>
  );
}

export function EnvironmentPage({ target, environmentName, delay, now }: Props) {
  const [tab, setTab] = useState<EnvTab>('health');
  const environments = useBeanstalk((s) => s.environments);
  const list = dataOf(environments);
  const env = list?.find((e) => e.name === environmentName);
  const preview = (kind: 'beanstalk.restartAppServer' | 'beanstalk.rebuild') =>
    void useChanges.getState().preview(target, { kind, environmentName });

  return (
    <div className="view beanstalk-view env-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routeHref({ section: 'beanstalk' })}>Elastic Beanstalk</a>
        <span aria-hidden="true"> › </span>
        {env && (
          <a href={routeHref({ section: 'beanstalk', applicationName: env.applicationName })}>
            {env.applicationName} versions
          </a>
        )}
      </nav>
      <div className="view-header">
        <h1>{environmentName}</h1>
        {env && <HealthBadge color={env.health} label="Health" />}
        <RefreshControls
          delay={delay}
          onRefresh={() => {
            const state = useBeanstalk.getState();
            void state.loadHealth(target, environmentName);
            if (state.resources[environmentName]) void state.loadResources(target, environmentName);
            if (state.configuration[environmentName]) void state.loadConfiguration(target, environmentName);
          }}
        />
        <button
          type="button"
          className="button button-primary"
          disabled={!env}
          onClick={() => env && useDeploy.getState().openDeploy(target, env.applicationName, env.name)}
        >
          Deploy…
        </button>
        <button type="button" className="button" disabled={!env} onClick={() => preview('beanstalk.restartAppServer')}>
          Restart app server
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!env}
          onClick={() => preview('beanstalk.rebuild')}
        >
          Rebuild environment
        </button>
      </div>
      {environments.status === 'error' && (
        <ErrorNotice
          error={environments.error}
          title={list ? 'Refresh failed; showing the previous data' : 'Could not list environments'}
          onRetry={() => void useBeanstalk.getState().loadEnvironments(target)}
        />
      )}
      {!list ? (
        environments.status !== 'error' && <p className="loading">Loading {environmentName}…</p>
      ) : !env ? (
        <p className="empty">
          There is no environment called {environmentName} in {target.region} (it may have been terminated).{' '}
          <a href={routeHref({ section: 'beanstalk' })}>All environments</a>
        </p>
      ) : (
        <>
          <Summary env={env} now={now} />
          <TabList<EnvTab> label="Environment" idPrefix="eb" tabs={tabs} selected={tab} onSelect={setTab} />
          <div role="tabpanel" id={`eb-panel-${tab}`} aria-labelledby={`eb-tab-${tab}`} className="eb-panel">
            {tab === 'health' && <HealthPanel target={target} env={env} delay={delay} />}
            {tab === 'monitoring' && (
              <MonitoringPanel target={target} environmentName={env.name} onShowEvents={() => setTab('events')} />
            )}
            {tab === 'events' && <EventsPanel target={target} environmentName={env.name} />}
            {tab === 'logs' && <LogsPanel target={target} environmentName={env.name} />}
            {tab === 'configuration' && <ConfigurationPanel target={target} environmentName={env.name} />}
            {tab === 'version' && <VersionPanel target={target} env={env} />}
            {tab === 'doctor' && <DoctorPanel target={target} environmentName={env.name} />}
            {tab === 'connectivity' && <ConnectivityMap target={target} environmentName={env.name} />}
          </div>
        </>
      )}
    </div>
  );
}
