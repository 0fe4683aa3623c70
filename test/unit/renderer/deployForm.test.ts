/**
 * The Deploy dialog's form and the versions view's order: a label is checked
 * the way EB checks it (and against the labels the application has), a
 * failing pre-flight check needs an override with a reason, and the intent
 * carries exactly the staged bundle that was checked.
 */
import { describe, expect, it } from 'vitest';
import type { ApplicationVersionRow, Preflight, StagedBundle } from '../../../src/shared/contract';
import { parseRoute, routeHref } from '../../../src/renderer/src/model/route';
import { formatSize } from '../../../src/renderer/src/model/size';
import { checkCounts, validateDeploy, type DeployForm } from '../../../src/renderer/src/views/deploy/deployForm';
import { newestFirst, sourceUri } from '../../../src/renderer/src/views/deploy/versions';

const bundle: StagedBundle = {
  id: '0b7e6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b',
  origin: 'folder FlaskApp',
  kind: 'folder',
  sizeBytes: 2048,
  sha256: 'a'.repeat(64),
  fileCount: 2,
  files: [
    { path: 'application.py', size: 1500 },
    { path: 'requirements.txt', size: 548 },
  ],
  ignored: ['venv/'],
  createdAt: '2026-11-22T10:00:00Z',
};

function preflight(blocking: boolean): Preflight {
  return {
    environmentName: 'Bbruceeb1-env',
    applicationName: 'bbruceeb2',
    platform: 'Python 3.6 running on 64bit Amazon Linux',
    generation: 'legacy',
    checks: [
      { id: 'zip-root', status: 'pass', title: 'Files at the zip root', detail: '' },
      { id: 'wsgi-path', status: blocking ? 'fail' : 'pass', title: 'WSGIPath names a file', detail: '' },
      { id: 'requirements', status: 'warn', title: 'requirements.txt', detail: '' },
    ],
    blocking,
    suggestedLabel: 'folder-FlaskApp-20261122-1000',
  };
}

const context = (blocking = false, existingLabels: string[] = ['deploy-app-v1', 'deploy-app-v2']) => ({
  applicationName: 'bbruceeb2',
  environmentName: 'Bbruceeb1-env',
  bundle,
  preflight: preflight(blocking),
  existingLabels,
});

const form = (patch: Partial<DeployForm> = {}): DeployForm => ({
  versionLabel: 'v3',
  description: '',
  override: false,
  reason: '',
  ...patch,
});

describe('validateDeploy', () => {
  it('builds the deploy intent for the checked bundle, trimming what was typed', () => {
    const result = validateDeploy(form({ versionLabel: '  v3 ', description: ' fixed the zip ' }), context());
    expect(result).toEqual({
      ok: true,
      intent: {
        kind: 'beanstalk.deployBundle',
        environmentName: 'Bbruceeb1-env',
        bundleId: bundle.id,
        sha256: bundle.sha256,
        versionLabel: 'v3',
        description: 'fixed the zip',
      },
    });
  });

  it('leaves the description and override out when there is none to give', () => {
    const result = validateDeploy(form({ override: true, reason: 'not needed' }), context());
    expect(result.ok && result.intent).not.toHaveProperty('description');
    expect(result.ok && result.intent).not.toHaveProperty('override');
  });

  it('checks the label as EB does, and against the labels the application has', () => {
    const errorFor = (versionLabel: string) => {
      const result = validateDeploy(form({ versionLabel }), context());
      return result.ok ? undefined : result.errors.versionLabel;
    };
    expect(errorFor('   ')).toBe('Enter a version label.');
    expect(errorFor('release/3')).toBe('A version label cannot contain a slash (/).');
    expect(errorFor('x'.repeat(101))).toBe('A version label has at most 100 characters; this one has 101.');
    expect(errorFor('deploy-app-v2')).toBe('bbruceeb2 already has a version labelled deploy-app-v2; choose another.');
    expect(errorFor('x'.repeat(100))).toBeUndefined();
  });

  it('limits the description to what EB takes', () => {
    const result = validateDeploy(form({ description: 'd'.repeat(201) }), context());
    expect(result.ok ? undefined : result.errors.description).toMatch(/at most 200 characters; this one has 201/);
  });

  it('blocks a failing pre-flight check until the override is ticked with a reason', () => {
    const blocked = validateDeploy(form(), context(true));
    expect(blocked.ok ? undefined : blocked.errors.override).toMatch(/tick “Deploy anyway” and give a reason/);

    const noReason = validateDeploy(form({ override: true, reason: ' ok ' }), context(true));
    expect(noReason.ok ? undefined : noReason.errors).toEqual({
      reason: 'Give a reason of at least 3 characters; it is kept in the journal.',
    });

    const overridden = validateDeploy(
      form({ override: true, reason: ' WSGIPath is changed right after ' }),
      context(true),
    );
    expect(overridden.ok && overridden.intent.override).toEqual({ reason: 'WSGIPath is changed right after' });
  });

  it('reports every wrong field at once', () => {
    const result = validateDeploy(form({ versionLabel: '', description: 'd'.repeat(300) }), context(true));
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['description', 'override', 'versionLabel']);
  });
});

describe('check counts and sizes', () => {
  it('counts checks by outcome', () => {
    expect(checkCounts(preflight(true).checks)).toBe('1 passed, 1 warning, 1 failed');
    expect(checkCounts(preflight(false).checks)).toBe('2 passed, 1 warning');
  });

  it('writes sizes in B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(3.5 * 1024 * 1024)).toBe('3.5 MB');
    expect(formatSize(500 * 1024 * 1024)).toBe('500 MB');
  });
});

describe('application versions', () => {
  const row = (versionLabel: string, dateCreated?: string): ApplicationVersionRow => ({
    applicationName: 'bbruceeb2',
    versionLabel,
    dateCreated,
    deployedTo: [],
    sourceBundle: { bucket: 'elasticbeanstalk-us-east-1-123456789012', key: `2026/${versionLabel}.zip` },
  });

  it('lists the newest first by instant, undated last', () => {
    const rows = [
      row('v1', '2026-11-20T10:00:00Z'),
      row('undated'),
      row('v3', '2026-11-22T10:00:00.000Z'),
      row('v2', '2026-11-21T09:00:00+00:00'),
    ];
    expect(newestFirst(rows).map((r) => r.versionLabel)).toEqual(['v3', 'v2', 'v1', 'undated']);
  });

  it('writes the source as an s3:// URI', () => {
    expect(sourceUri(row('v1'))).toBe('s3://elasticbeanstalk-us-east-1-123456789012/2026/v1.zip');
    expect(sourceUri({ ...row('v1'), sourceBundle: undefined })).toBeUndefined();
  });

  it('routes to an application’s versions and back', () => {
    const route = { section: 'beanstalk' as const, applicationName: 'my app/2' };
    expect(routeHref(route)).toBe('#/beanstalk/app/my%20app%2F2/versions');
    expect(parseRoute(routeHref(route))).toEqual(route);
    // An environment page is unchanged.
    expect(parseRoute('#/beanstalk/Bbruceeb2-env')).toEqual({ section: 'beanstalk', environmentName: 'Bbruceeb2-env' });
  });
});
