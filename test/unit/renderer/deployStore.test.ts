/**
 * The deploy store with a scripted api and a recording upload: a web upload
 * goes beginUpload → one PUT per file → finishUpload → pre-flight for the
 * chosen environment; every staged bundle it stops using is discarded in main
 * (cancel, a new source, a bundle that arrives after the dialog closed);
 * a refused source keeps the dialog open with main's message; an applied
 * deploy re-reads the versions and the environment.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApplyOutcome, Plan, Preflight, StagedBundle, Target } from '../../../src/shared/contract';
import type { PutRequest } from '../../../src/renderer/src/api/upload';
import { answer, calls, pending } from './scriptedApi';

vi.mock('../../../src/renderer/src/api', async () => (await import('./scriptedApi')).scriptedApiModule());

/** PUTs wait here until the test lets them through, like the api's pending calls. */
const puts: { request: PutRequest; finish: (status?: number) => void }[] = [];
vi.mock('../../../src/renderer/src/api/upload', async (original) => ({
  ...(await original<typeof import('../../../src/renderer/src/api/upload')>()),
  sessionToken: () => 'c0ffee',
  browserPut: (request: PutRequest) =>
    new Promise((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(new Error('aborted')));
      puts.push({
        request,
        finish: (status = 200) => {
          request.onBytes(request.body.size);
          resolve({ status, text: '' });
        },
      });
    }),
}));

const { useDeploy } = await import('../../../src/renderer/src/stores/deploy');
const { useChanges } = await import('../../../src/renderer/src/stores/changes');
const { useBeanstalk } = await import('../../../src/renderer/src/stores/beanstalk');

const sandbox: Target = { profile: 'sandbox', region: 'us-east-1' };
const APP = 'bbruceeb2';
const ENV = 'Bbruceeb1-env';
const UPLOAD_ID = '6a1f0c1e-9a7d-4f28-8b3f-0c1e9a7d4f28';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

function staged(id: string): StagedBundle {
  return {
    id,
    origin: 'folder FlaskApp',
    kind: 'folder',
    sizeBytes: 10,
    sha256: 'b'.repeat(64),
    fileCount: 2,
    files: [{ path: 'application.py', size: 6 }],
    ignored: [],
    createdAt: '2026-11-22T10:00:00Z',
  };
}
const BUNDLE = staged('11111111-1111-4111-8111-111111111111');
const OTHER = staged('22222222-2222-4222-8222-222222222222');

const preflight = (environmentName: string): Preflight => ({
  environmentName,
  applicationName: APP,
  platform: 'Python 3.6',
  generation: 'legacy',
  checks: [],
  blocking: false,
  suggestedLabel: 'folder-FlaskApp-1',
});

const items = [
  { path: 'application.py', body: new Blob(['print(1)']) },
  { path: 'templates/index.html', body: new Blob(['<p>hi</p>']) },
];

const session = () => useDeploy.getState().session;
const versions = { applicationName: APP, versions: [], environments: [], apiCalls: 1 };

/** Opens the dialog and stages BUNDLE through a web upload, answering everything. */
async function stageByUpload(bundle = BUNDLE) {
  void useDeploy.getState().uploadFiles('folder', 'FlaskApp', items);
  answer('deploy.beginUpload', { ok: true, data: { uploadId: UPLOAD_ID, maxBytes: 1000, maxFiles: 10 } });
  await flush();
  while (puts.length > 0) puts.shift()!.finish();
  await flush();
  answer('deploy.finishUpload', { ok: true, data: bundle });
  await flush();
}

beforeEach(() => {
  pending.length = 0;
  calls.length = 0;
  puts.length = 0;
  useChanges.getState().close();
  useDeploy.getState().closeDeploy();
  useDeploy.setState({ key: null, versions: {} });
  useBeanstalk.setState({ key: null });
  useBeanstalk.getState().resetFor('sandbox|us-east-1');
  useDeploy.getState().openDeploy(sandbox, APP, ENV);
  // Opening loads the application's labels, so a taken one can be refused before any plan.
  expect(answer('deploy.listVersions', { ok: true, data: versions }).input).toEqual({
    target: sandbox,
    applicationName: APP,
  });
  pending.length = 0;
  calls.length = 0;
});

describe('deploy store: staging', () => {
  it('uploads each file with the token, then stages the bundle and checks it against the environment', async () => {
    void useDeploy.getState().uploadFiles('folder', 'FlaskApp', items);
    expect(session()).toMatchObject({ phase: 'uploading', source: 'folder FlaskApp' });
    const begun = answer('deploy.beginUpload', {
      ok: true,
      data: { uploadId: UPLOAD_ID, maxBytes: 1000, maxFiles: 10 },
    });
    expect(begun.input).toEqual({ kind: 'folder', name: 'FlaskApp' });
    await flush();

    // Both files go at once, each with the token; finishing waits for both.
    expect(puts.map((p) => p.request.url)).toEqual([
      `/upload/${UPLOAD_ID}?path=application.py`,
      `/upload/${UPLOAD_ID}?path=templates%2Findex.html`,
    ]);
    expect(puts.every((p) => p.request.headers['x-trellis-token'] === 'c0ffee')).toBe(true);
    puts.shift()!.finish();
    await flush();
    expect(session()?.phase).toBe('uploading');
    expect(calls).not.toContain('deploy.finishUpload');
    puts.shift()!.finish();
    await flush();
    expect(session()?.progress).toEqual({ sentBytes: 17, totalBytes: 17, sentFiles: 2, totalFiles: 2 });

    expect(session()?.phase).toBe('staging');
    expect(answer('deploy.finishUpload', { ok: true, data: BUNDLE }).input).toEqual({ uploadId: UPLOAD_ID });
    await flush();
    expect(session()).toMatchObject({ phase: 'staged', bundle: BUNDLE });
    const check = answer('deploy.preflight', { ok: true, data: preflight(ENV) });
    expect(check.input).toEqual({ target: sandbox, environmentName: ENV, bundleId: BUNDLE.id });
    await flush();
    expect(session()?.preflight).toEqual({ status: 'ready', data: preflight(ENV) });
  });

  it('keeps the dialog open with main’s message when the source is refused', async () => {
    void useDeploy.getState().uploadFiles('zip', 'notes.zip', [{ path: 'notes.zip', body: new Blob(['hello']) }]);
    answer('deploy.beginUpload', { ok: true, data: { uploadId: UPLOAD_ID, maxBytes: 1000, maxFiles: 10 } });
    await flush();
    puts.shift()!.finish();
    await flush();
    const message = 'notes.zip is not a zip file: it does not start with a zip header.';
    answer('deploy.finishUpload', { ok: false, error: { code: 'validation', message, retryable: false } });
    await flush();
    expect(session()).toMatchObject({ phase: 'choose', stageError: { message } });
    expect(session()?.bundle).toBeUndefined();
    expect(calls).not.toContain('deploy.preflight');
  });

  it('refuses a source over the limits before sending a byte', async () => {
    void useDeploy.getState().uploadFiles('folder', 'FlaskApp', items);
    answer('deploy.beginUpload', { ok: true, data: { uploadId: UPLOAD_ID, maxBytes: 10, maxFiles: 10 } });
    await flush();
    expect(puts).toHaveLength(0);
    expect(session()?.stageError?.message).toMatch(/at most 10 B/);
    expect(calls).not.toContain('deploy.finishUpload');
  });

  it('discards the staged bundle on cancel, and the old one when another source is chosen', async () => {
    await stageByUpload(BUNDLE);
    await stageByUpload(OTHER);
    const discarded = pending.filter((p) => p.channel === 'deploy.discardBundle').map((p) => p.input.bundleId);
    expect(discarded).toEqual([BUNDLE.id]);
    useDeploy.getState().closeDeploy();
    const after = pending.filter((p) => p.channel === 'deploy.discardBundle').map((p) => p.input.bundleId);
    expect(after).toEqual([BUNDLE.id, OTHER.id]);
    expect(session()).toBeNull();
  });

  it('stops the upload when the dialog closes, and never finishes it', async () => {
    void useDeploy.getState().uploadFiles('folder', 'FlaskApp', items);
    answer('deploy.beginUpload', { ok: true, data: { uploadId: UPLOAD_ID, maxBytes: 1000, maxFiles: 10 } });
    await flush();
    expect(puts).toHaveLength(2);
    useDeploy.getState().closeDeploy();
    await flush();
    expect(puts.every((p) => p.request.signal.aborted)).toBe(true);
    expect(calls).not.toContain('deploy.finishUpload');
  });

  it('discards a bundle main staged after the dialog was closed (desktop open dialog)', async () => {
    void useDeploy.getState().chooseSource('zip');
    expect(session()?.phase).toBe('choosing');
    useDeploy.getState().closeDeploy();
    answer('deploy.chooseSource', { ok: true, data: BUNDLE });
    await flush();
    expect(answer('deploy.discardBundle', { ok: true, data: true }).input).toEqual({ bundleId: BUNDLE.id });
    expect(session()).toBeNull();
  });

  it('goes back to choosing when the desktop open dialog is cancelled', async () => {
    void useDeploy.getState().chooseSource('folder');
    answer('deploy.chooseSource', { ok: true, data: null });
    await flush();
    expect(session()).toMatchObject({ phase: 'choose' });
    expect(session()?.stageError).toBeUndefined();
  });

  it('re-bundles what the chosen environment runs, replacing a staged bundle', async () => {
    await stageByUpload(BUNDLE);
    const rebundled = { ...OTHER, kind: 'rebundle' as const, before: [{ path: 'FlaskApp/application.py', size: 6 }] };
    void useDeploy.getState().rebundle();
    expect(session()).toMatchObject({ phase: 'staging', source: `what ${ENV} runs` });
    expect(answer('deploy.discardBundle', { ok: true, data: true }).input).toEqual({ bundleId: BUNDLE.id });
    expect(answer('deploy.rebundle', { ok: true, data: rebundled }).input).toEqual({
      target: sandbox,
      environmentName: ENV,
    });
    await flush();
    expect(session()).toMatchObject({ phase: 'staged', bundle: rebundled });
    const checks = pending.filter((p) => p.channel === 'deploy.preflight').map((p) => p.input.bundleId);
    expect(checks).toContain(rebundled.id);
  });

  it('checks again for another environment and drops the old environment’s late answer', async () => {
    await stageByUpload();
    useDeploy.getState().setEnvironment('Bbruceeb2-env');
    const late = pending.find((p) => p.channel === 'deploy.preflight' && p.input.environmentName === ENV)!;
    const fresh = pending.find((p) => p.channel === 'deploy.preflight' && p.input.environmentName === 'Bbruceeb2-env');
    expect(fresh).toBeDefined();
    late.resolve({ ok: true, data: preflight(ENV) });
    await flush();
    expect(session()?.preflight.status).toBe('loading');
    fresh!.resolve({ ok: true, data: preflight('Bbruceeb2-env') });
    await flush();
    expect(session()?.preflight).toEqual({ status: 'ready', data: preflight('Bbruceeb2-env') });
  });
});

describe('deploy store: versions and applied changes', () => {
  it('drops a version list that arrives after the target changed', async () => {
    void useDeploy.getState().loadVersions(sandbox, APP);
    useDeploy.getState().resetFor('work|eu-west-1');
    answer('deploy.listVersions', { ok: true, data: versions });
    await flush();
    expect(useDeploy.getState().versions).toEqual({});
  });

  it('after an applied deploy of the staged bundle: marks it deployed, re-reads versions and the environment', async () => {
    await stageByUpload();
    calls.length = 0;

    const intent = {
      kind: 'beanstalk.deployBundle' as const,
      environmentName: ENV,
      bundleId: BUNDLE.id,
      sha256: BUNDLE.sha256,
      versionLabel: 'v3',
    };
    const plan = { id: '00000000-0000-4000-8000-000000000009', target: sandbox, intent } as Plan;
    const outcome = { entry: { status: 'applied' }, undoAvailable: true } as ApplyOutcome;
    useChanges.setState({ phase: 'review', plan });
    useChanges.setState({ phase: 'done', plan, outcome });

    expect(session()?.deployed).toBe(true);
    expect(calls).toContain('deploy.listVersions');
    expect(calls).toContain('beanstalk.listEnvironments');
    expect(pending.find((p) => p.channel === 'beanstalk.health')?.input).toMatchObject({ environmentName: ENV });
  });

  it('does not mark the session deployed when the deploy failed', async () => {
    await stageByUpload();
    const intent = {
      kind: 'beanstalk.deployBundle' as const,
      environmentName: ENV,
      bundleId: BUNDLE.id,
      sha256: BUNDLE.sha256,
      versionLabel: 'v3',
    };
    const plan = { id: '00000000-0000-4000-8000-000000000009', target: sandbox, intent } as Plan;
    useChanges.setState({ phase: 'review', plan });
    useChanges.setState({ phase: 'done', plan, outcome: { entry: { status: 'failed' } } as ApplyOutcome });
    expect(session()?.deployed).toBe(false);
  });
});
