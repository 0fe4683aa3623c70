import { useEffect, useState } from 'react';
import type { ApplicationVersion, EnvironmentSummary, Target } from '../../../../shared/contract';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { problemAsError } from '../../model/panelProblem';
import { routeHref } from '../../model/route';
import { formatSize } from '../../model/size';
import { formatDateTime } from '../../model/time';
import { useBeanstalk, versionKey } from '../../stores/beanstalk';
import { useDeploy } from '../../stores/deploy';

const FIRST_ENTRIES = 200;

interface Props {
  target: Target;
  env: EnvironmentSummary;
}

type Bundle = NonNullable<ApplicationVersion['bundle']>;

function Check({ ok, label, nested, file }: { ok: boolean; label: string; nested: string[]; file: string }) {
  return (
    <li className={ok ? 'check check-pass' : 'check check-fail'}>
      <span className="check-mark" aria-hidden="true">
        {ok ? '✓' : '✗'}
      </span>
      <span className="check-word">{ok ? 'Pass' : 'Fail'}</span>
      <div className="check-text">
        <span className="strong">{label}</span>
        {!ok && (
          <p>
            {nested.length > 0 ? (
              <>
                Found at{' '}
                {nested.map((p, i) => (
                  <span key={p}>
                    {i > 0 && ', '}
                    <code>{p}</code>
                  </span>
                ))}{' '}
                instead.{' '}
              </>
            ) : (
              <>Not found anywhere in the bundle. </>
            )}
            Elastic Beanstalk looks for <code>{file}</code> at the root of the zip, not inside a folder.
          </p>
        )}
      </div>
    </li>
  );
}

function RootFolders({ bundle, onRebundle }: { bundle: Bundle; onRebundle: () => void }) {
  if (bundle.rootFolders.length === 0) return null;
  const nestedApp = bundle.nestedApplicationPy[0];
  const folder = nestedApp?.includes('/')
    ? nestedApp.slice(0, nestedApp.indexOf('/'))
    : bundle.rootFolders[0]!.replace(/\/$/, '');
  const misplaced = !bundle.hasApplicationPy || !bundle.hasRequirementsTxt;
  return (
    <div className={misplaced ? 'notice notice-warning' : 'note'}>
      <div className="notice-body">
        <p className="notice-title">
          Top-level folders:{' '}
          {bundle.rootFolders.map((f, i) => (
            <span key={f}>
              {i > 0 && ', '}
              <code>{f.endsWith('/') ? f : `${f}/`}</code>
            </span>
          ))}
        </p>
        {misplaced && (
          <>
            <p>
              The app looks zipped inside a folder. Either point WSGIPath at the file that exists
              {nestedApp && (
                <>
                  {' '}
                  (<code>{nestedApp}</code>)
                </>
              )}
              , or re-bundle from inside the folder so the files sit at the root:
            </p>
            <pre className="code code-wrap rebundle">
              <code>cd {folder} && zip -r ../deploy-app.zip .</code>
            </pre>
            <p className="eb-version-links">
              <button type="button" className="button button-primary" onClick={onRebundle}>
                Re-bundle and deploy…
              </button>{' '}
              <span className="muted">Trellis moves the files to the root and previews the deploy.</span>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

function Contents({ bundle }: { bundle: Bundle }) {
  const [all, setAll] = useState(false);
  const shown = all ? bundle.entries : bundle.entries.slice(0, FIRST_ENTRIES);
  return (
    <section className="detail-section">
      <h3>Bundle contents ({bundle.entries.length})</h3>
      <ul className="bundle-list" aria-label="Bundle contents">
        {shown.map((e) => (
          <li key={e.path}>
            <code>{e.path}</code>
            <span className="muted">{e.path.endsWith('/') ? 'folder' : formatSize(e.size)}</span>
          </li>
        ))}
      </ul>
      {bundle.entries.length > FIRST_ENTRIES && (
        <button type="button" className="button button-small" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST_ENTRIES}` : `Show all ${bundle.entries.length}`}
        </button>
      )}
    </section>
  );
}

function VersionDetails({ version, onRebundle }: { version: ApplicationVersion; onRebundle: () => void }) {
  const source = version.sourceBundle ? `s3://${version.sourceBundle.bucket}/${version.sourceBundle.key}` : undefined;
  const bundle = version.bundle;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Version label</dt>
          <dd className="strong">{version.versionLabel}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{version.status ?? '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(version.dateCreated)}</dd>
        </div>
        {version.description && (
          <div className="facts-wide">
            <dt>Description</dt>
            <dd>{version.description}</dd>
          </div>
        )}
        <div className="facts-wide">
          <dt>Source bundle</dt>
          <dd className="arn-row">
            {source ? (
              <>
                <code className="arn">{source}</code>
                <CopyButton text={source} what="source bundle location" />
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      {version.bundleProblem && (
        <ErrorNotice error={problemAsError(version.bundleProblem)} title="Could not read the source bundle" />
      )}
      {bundle && (
        <>
          <section className="detail-section">
            <h3>Checks</h3>
            <ul className="checks" aria-label="Bundle checks">
              <Check
                ok={bundle.hasApplicationPy}
                label="application.py at the bundle root"
                nested={bundle.nestedApplicationPy}
                file="application.py"
              />
              <Check
                ok={bundle.hasRequirementsTxt}
                label="requirements.txt at the bundle root"
                nested={bundle.nestedRequirementsTxt}
                file="requirements.txt"
              />
            </ul>
          </section>
          <RootFolders bundle={bundle} onRebundle={onRebundle} />
          <Contents bundle={bundle} />
        </>
      )}
    </>
  );
}

export function VersionPanel({ target, env }: Props) {
  const label = env.versionLabel;
  const k = label ? versionKey(env.applicationName, label) : '';
  const version = useBeanstalk((s) => (k ? s.versions[k] : undefined));
  const data = dataOf(version);

  useEffect(() => {
    if (label && !useBeanstalk.getState().versions[versionKey(env.applicationName, label)])
      void useBeanstalk.getState().loadVersion(target, env.applicationName, label);
  }, [target, env.applicationName, label]);

  const allVersions = (
    <p className="eb-version-links">
      <a href={routeHref({ section: 'beanstalk', applicationName: env.applicationName })}>
        All versions of {env.applicationName}
      </a>{' '}
      <span className="muted">(roll back, deploy, delete)</span>
    </p>
  );
  if (!label) {
    return (
      <>
        <p className="empty">No application version is deployed to this environment.</p>
        {allVersions}
      </>
    );
  }
  const reload = () => void useBeanstalk.getState().loadVersion(target, env.applicationName, label);

  return (
    <section
      className="eb-version"
      aria-label="Application version"
      aria-busy={version?.status === 'loading' || undefined}
    >
      {allVersions}
      {version?.status === 'error' && (
        <ErrorNotice error={version.error} title={`Could not read version ${label}`} onRetry={reload} />
      )}
      {data ? (
        <VersionDetails
          version={data}
          onRebundle={() => {
            const deploy = useDeploy.getState();
            deploy.openDeploy(target, env.applicationName, env.name);
            void deploy.rebundle();
          }}
        />
      ) : (
        version?.status !== 'error' && <p className="loading">Loading version {label}…</p>
      )}
    </section>
  );
}
