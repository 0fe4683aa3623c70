/**
 * One application's versions, newest first: where each came from, its size,
 * which environments run it; per version "Deploy to…" (roll back or forward)
 * and "Delete…", and "Deploy…" for a new bundle. Every action is previewed.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApplicationVersionRow, ApplicationVersions, Target } from '../../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HealthBadge } from '../../components/HealthBadge';
import { ProfileNotReady } from '../../components/ProfileNotReady';
import { RefreshButton } from '../../components/RefreshButton';
import { dataOf } from '../../model/loadable';
import { routeHref } from '../../model/route';
import { formatSize } from '../../model/size';
import { formatDateTime } from '../../model/time';
import { useDeploy } from '../../stores/deploy';
import { currentProfile, useSession } from '../../stores/session';
import { DeleteVersionDialog, DeployVersionDialog } from './VersionDialogs';
import { newestFirst, sourceUri } from './versions';

/** PROCESSED and UNPROCESSED are both normal (EB processes a bundle only when asked); these are not. */
const NOTABLE_STATUS = new Set(['FAILED', 'PROCESSING', 'BUILDING']);

type Action = { kind: 'deploy' | 'delete'; version: ApplicationVersionRow } | null;

function Environments({ data }: { data: ApplicationVersions }) {
  if (data.environments.length === 0) return <p className="muted">This application has no environments.</p>;
  return (
    <ul className="deploy-envs" aria-label="Environments of the application">
      {data.environments.map((env) => (
        <li key={env.name}>
          <a className="env-link" href={routeHref({ section: 'beanstalk', environmentName: env.name })}>
            {env.name}
          </a>
          <HealthBadge color={env.health} />
          <span className={`eb-status eb-status-${env.status.toLowerCase()}`}>{env.status}</span>
          <span className="muted">runs {env.versionLabel ?? 'no version'}</span>
        </li>
      ))}
    </ul>
  );
}

function VersionRow({ version, onAction }: { version: ApplicationVersionRow; onAction: (a: Action) => void }) {
  const source = sourceUri(version);
  const running = version.deployedTo.length > 0;
  return (
    <tr>
      <th scope="row" className="deploy-label-cell">
        {version.versionLabel}
        {version.status && NOTABLE_STATUS.has(version.status) && <span className="tag">{version.status}</span>}
      </th>
      <td className="nowrap">{formatDateTime(version.dateCreated)}</td>
      <td className="deploy-description">{version.description ?? <span className="muted">—</span>}</td>
      <td className="deploy-source-cell">
        {source ? <code className="arn">{source}</code> : <span className="muted">—</span>}
        {version.sourceProblem && <p className="deploy-source-problem">{version.sourceProblem}</p>}
      </td>
      <td className="nowrap">{version.sizeBytes !== undefined ? formatSize(version.sizeBytes) : '—'}</td>
      <td>
        {running ? (
          <ul className="deploy-running">
            {version.deployedTo.map((name) => (
              <li key={name}>
                <a className="tag tag-ok" href={routeHref({ section: 'beanstalk', environmentName: name })}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="actions-cell">
        <span className="row-actions">
          <button
            type="button"
            className="button button-small"
            aria-label={`Deploy ${version.versionLabel} to…`}
            onClick={() => onAction({ kind: 'deploy', version })}
          >
            Deploy to…
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            aria-label={`Delete ${version.versionLabel}…`}
            // EB refuses to delete a version an environment runs; say so rather than fail in the review.
            disabled={running}
            title={
              running ? `Running on ${version.deployedTo.join(', ')}: deploy another version there first` : undefined
            }
            onClick={() => onAction({ kind: 'delete', version })}
          >
            Delete…
          </button>
        </span>
      </td>
    </tr>
  );
}

function VersionsTable({ data, onAction }: { data: ApplicationVersions; onAction: (a: Action) => void }) {
  const rows = useMemo(() => newestFirst(data.versions), [data.versions]);
  if (rows.length === 0) return <p className="empty">{data.applicationName} has no application versions.</p>;
  return (
    <table className="grid deploy-grid" aria-label="Application versions">
      <thead>
        <tr>
          <th scope="col">Version label</th>
          <th scope="col">Created</th>
          <th scope="col">Description</th>
          <th scope="col">Source</th>
          <th scope="col">Size</th>
          <th scope="col">Running on</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((version) => (
          <VersionRow key={version.versionLabel} version={version} onAction={onAction} />
        ))}
      </tbody>
    </table>
  );
}

function VersionsPage({ target, applicationName }: { target: Target; applicationName: string }) {
  const versions = useDeploy((s) => s.versions[applicationName]);
  const [action, setAction] = useState<Action>(null);
  const data = dataOf(versions);
  const reload = () => void useDeploy.getState().loadVersions(target, applicationName);
  const firstEnvironment = data?.environments[0]?.name;

  useEffect(() => {
    useDeploy.getState().ensureVersions(target, applicationName);
  }, [target, applicationName]);

  return (
    <div className="view beanstalk-view deploy-view">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routeHref({ section: 'beanstalk' })}>Elastic Beanstalk</a>
        <span aria-hidden="true"> › </span>
        <span className="muted">{applicationName}</span>
      </nav>
      <div className="view-header">
        <h1>Application versions of {applicationName}</h1>
        {data && <span className="muted">{data.versions.length} versions</span>}
        <span className="spacer" />
        <RefreshButton busy={versions?.status === 'loading'} onRefresh={reload} />
        <button
          type="button"
          className="button button-primary"
          disabled={!firstEnvironment}
          onClick={() => firstEnvironment && useDeploy.getState().openDeploy(target, applicationName, firstEnvironment)}
        >
          Deploy…
        </button>
      </div>
      {versions?.status === 'error' && (
        <ErrorNotice
          error={versions.error}
          title={
            data ? 'Refresh failed; showing the previous versions' : `Could not list the versions of ${applicationName}`
          }
          onRetry={reload}
        />
      )}
      {data ? (
        <>
          <section className="panel deploy-panel" aria-label="Environments">
            <h2>Environments</h2>
            <Environments data={data} />
          </section>
          <section
            className="panel deploy-panel"
            aria-label="Versions"
            aria-busy={versions?.status === 'loading' || undefined}
          >
            <h2>Versions</h2>
            <VersionsTable data={data} onAction={setAction} />
          </section>
        </>
      ) : (
        versions?.status !== 'error' && <p className="loading">Loading the versions of {applicationName}…</p>
      )}
      {action?.kind === 'deploy' && data && (
        <DeployVersionDialog
          target={target}
          version={action.version}
          environments={data.environments}
          onClose={() => setAction(null)}
        />
      )}
      {action?.kind === 'delete' && (
        <DeleteVersionDialog target={target} version={action.version} onClose={() => setAction(null)} />
      )}
    </div>
  );
}

export function ApplicationVersionsView({ applicationName }: { applicationName: string }) {
  const target = useSession((s) => s.target);
  const profile = useSession(currentProfile);
  const profilesStatus = useSession((s) => s.profiles.status);
  const problem = profile?.problem;
  if (!target || problem) {
    return (
      <ProfileNotReady
        viewClass="beanstalk-view"
        title="Application versions"
        loading={!target}
        noProfileText={profilesStatus === 'error' ? 'Versions appear here once a profile is selected.' : undefined}
        profileName={profile?.name}
        problem={problem}
        hint
      />
    );
  }
  return <VersionsPage key={applicationName} target={target} applicationName={applicationName} />;
}
