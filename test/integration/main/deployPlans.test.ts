import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateApplicationVersionCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  RestartAppServerCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput, ChangeIntent, StagedBundle } from '../../../src/shared/contract';
import { deployConsole, type DeployConsole } from '../../support/deployConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';
import { fixLearnerOutsideBeanstalk } from '../../support/trainingLabFixes';

// Deploying through the whole main process against the training lab: stage,
// pre-flight, plan, apply, verify, undo, roll back and delete, with state read
// back through SDK clients of the test's own.
let d: DeployConsole;
const target = { profile: 'sandbox', region: 'us-east-1' };
const LEARNER = TRAINING_LAB.learnerEnvironment.environmentName;
const APP = TRAINING_LAB.learnerEnvironment.applicationName;
const BUCKET = TRAINING_LAB.bundleBucket;
const PROPS = 'aws:elasticbeanstalk:application:environment';

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(d.ctx.router, channel, input);
const plan = (intent: ChangeIntent) => call('changes.plan', { target, intent });
const journal = () => readFileSync(join(d.ctx.dataDir, 'journal.jsonl'), 'utf8');

async function environment(name: string) {
  const out = await d.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [name] }));
  return out.Environments![0]!;
}

async function settle(name: string): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    if ((await environment(name)).Status === 'Ready') return;
    d.ctx.sandbox!.advanceClock(30_000);
  }
  throw new Error(`${name} never became Ready`);
}

async function labels(): Promise<string[]> {
  const out = await d.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: APP }));
  return (out.ApplicationVersions ?? []).map((v) => v.VersionLabel ?? '');
}

async function keys(prefix: string): Promise<string[]> {
  const out = await d.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function stageFolder(name: string, files: Record<string, string>): Promise<StagedBundle> {
  d.choose(writeTree(join(d.dir, name), files));
  const staged = await call('deploy.chooseSource', { kind: 'folder' });
  if (!staged) throw new Error('staging returned nothing');
  return staged;
}

const FLASK_APP = {
  'application.py': 'from flask import Flask\napplication = Flask(__name__)\n',
  'requirements.txt': 'Flask==1.0.2\n',
};

function deployIntent(bundle: StagedBundle, versionLabel: string, extra: Partial<ChangeIntent> = {}): ChangeIntent {
  return {
    kind: 'beanstalk.deployBundle',
    environmentName: LEARNER,
    bundleId: bundle.id,
    sha256: bundle.sha256,
    versionLabel,
    ...extra,
  } as ChangeIntent;
}

beforeAll(async () => {
  d = await deployConsole();
});
afterAll(() => d?.close());

describe("the lab's Bbruceeb2-env bundle (legacy Python, zipped with its folders)", () => {
  it('fails pre-flight on zip-root, wsgi-path and requirements, and the deploy is blocked without an override', async () => {
    const object = await d.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: TRAINING_LAB.bundleKeys.learner }));
    const zip = join(d.dir, 'deploy-app.zip');
    writeFileSync(zip, await object.Body!.transformToByteArray());
    d.choose(zip);
    const bundle = (await call('deploy.chooseSource', { kind: 'zip' }))!;
    expect(bundle).toMatchObject({ kind: 'zip', origin: 'deploy-app.zip', fileCount: 6 });

    const pre = await call('deploy.preflight', { target, environmentName: LEARNER, bundleId: bundle.id });
    expect(pre).toMatchObject({ applicationName: APP, generation: 'legacy', blocking: true });
    expect(Object.fromEntries(pre.checks.map((c) => [c.id, c.status]))).toEqual({
      'environment-ready': 'pass',
      'not-empty': 'pass',
      'size-limit': 'pass',
      'zip-root': 'fail',
      'wsgi-path': 'fail',
      requirements: 'fail',
    });
    expect(pre.checks.find((c) => c.id === 'zip-root')?.detail).toMatch(/^The app is inside FlaskApp\//);
    expect(pre.suggestedLabel).toMatch(/^deploy-app-\d{8}-\d{6}$/);

    const blocked = await plan(deployIntent(bundle, pre.suggestedLabel));
    expect(blocked.blocked).toBe(
      'Pre-flight checks failed: App is zipped one folder down; WSGIPath names nothing in the bundle; No requirements.txt at the root. Fix the bundle, or deploy anyway with a reason.',
    );
    expect(blocked.bundle?.checks.filter((c) => c.status === 'fail')).toHaveLength(3);
    const refused = await dispatch(d.ctx.router, 'changes.apply', { planId: blocked.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: blocked.blocked } });
    expect(await labels()).not.toContain(pre.suggestedLabel);

    const duplicate = await plan(deployIntent(bundle, 'deploy-app-v1'));
    expect(duplicate.blocked).toBe('Application Version deploy-app-v1 already exists.');
    await call('changes.discard', { planId: duplicate.id });
  });
});

describe('one-click re-bundle of Bbruceeb2-env, deployed, verified Green, and undone', () => {
  let rebundled: StagedBundle;
  let label: string;

  beforeAll(async () => {
    // Everything else Bbruceeb2-env lacks (database ingress, role, region and secret) is fixed first.
    await fixLearnerOutsideBeanstalk(d.config);
    await d.eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: LEARNER,
        OptionSettings: [
          { Namespace: PROPS, OptionName: 'AWS_DEFAULT_REGION', Value: 'us-east-1' },
          { Namespace: PROPS, OptionName: 'FLASK_SECRET', Value: 'dev-secret' },
        ],
      }),
    );
    await settle(LEARNER);
    expect((await environment(LEARNER)).Health).toBe('Red');
  });

  it('rebuilds the deployed version with FlaskApp/ at the root and lists the entries before and after', async () => {
    rebundled = await call('deploy.rebundle', { target, environmentName: LEARNER });
    expect(rebundled).toMatchObject({ kind: 'rebundle', origin: 'deploy-app-v1 with FlaskApp/ moved to the root' });
    expect(rebundled.files.map((f) => f.path)).toEqual([
      'application.py',
      'config.py',
      'requirements.txt',
      'templates/index.html',
    ]);
    expect(rebundled.before?.map((f) => f.path)).toEqual([
      'Deploy/app.ini',
      'Deploy/photos.conf',
      'FlaskApp/application.py',
      'FlaskApp/config.py',
      'FlaskApp/requirements.txt',
      'FlaskApp/templates/index.html',
    ]);
    expect(rebundled.ignored).toEqual([
      'Deploy/app.ini (left out: outside FlaskApp/)',
      'Deploy/photos.conf (left out: outside FlaskApp/)',
    ]);
    const pre = await call('deploy.preflight', { target, environmentName: LEARNER, bundleId: rebundled.id });
    expect(pre.blocking).toBe(false);
    expect(pre.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(pre.suggestedLabel).toMatch(/^deploy-app-v1-rebundled-\d{8}-\d{6}$/);
    label = pre.suggestedLabel;
  });

  it('previews the upload, registration and deploy with their CLI equivalents, then verifies Green', async () => {
    const p = await plan(deployIntent(rebundled, label));
    expect(p.blocked).toBeUndefined();
    const key = `${APP}/${label}-${rebundled.sha256.slice(0, 8)}.zip`;
    // The lab's bucket exists, so no CreateStorageLocation.
    expect(p.steps.map((s) => s.operation)).toEqual(['PutObject', 'CreateApplicationVersion', 'UpdateEnvironment']);
    expect(p.steps[0]!.input).toEqual({
      Bucket: BUCKET,
      Key: key,
      ContentLength: rebundled.sizeBytes,
      sha256: rebundled.sha256,
    });
    const tail = String.raw` --region us-east-1 --endpoint-url http://127\.0\.0\.1:\d+$`;
    const env = 'AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox ';
    expect(p.cli[0]).toMatch(
      new RegExp(
        `^${env}aws s3 cp \\S+/bundles/${rebundled.id}\\.zip s3://${BUCKET}/${key.replace(/\./g, '\\.')}${tail}`,
      ),
    );
    expect(p.cli[1]).toMatch(
      new RegExp(
        `^${env}aws elasticbeanstalk create-application-version --application-name ${APP} --version-label ${label} --source-bundle S3Bucket=${BUCKET},S3Key=${key.replace(/\./g, '\\.')}${tail}`,
      ),
    );
    expect(p.cli[2]).toMatch(
      new RegExp(
        `^${env}aws elasticbeanstalk update-environment --environment-name ${LEARNER} --version-label ${label}${tail}`,
      ),
    );
    expect(p.bundle).toMatchObject({ origin: rebundled.origin, fileCount: 4 });
    expect(p.undo?.summary).toBe(`Deploy deploy-app-v1 to ${LEARNER} again`);
    expect(p.diff[0]).toEqual({
      change: 'modify',
      label: 'Application version',
      before: 'deploy-app-v1',
      after: label,
    });

    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('applied');
    expect(out.entry.verification).toEqual({
      verified: true,
      detail: `Verified: ${LEARNER} runs ${label}; Ready, health Green.`,
    });
    expect(await environment(LEARNER)).toMatchObject({
      VersionLabel: label,
      Status: 'Ready',
      Health: 'Green',
      HealthStatus: 'Ok',
    });
    const head = await d.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(rebundled.sizeBytes);
    // The journal names what was uploaded by key, size and hash, never its bytes.
    const line = journal()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { entry?: { id: string; steps: { input: Record<string, unknown> }[] } })
      .find((r) => r.entry?.id === out.entry.id)!.entry!;
    expect(Object.keys(line.steps[0]!.input).sort()).toEqual(['Bucket', 'ContentLength', 'Key', 'sha256']);

    const undo = await call('journal.planUndo', { entryId: out.entry.id });
    expect(undo.intent).toEqual({
      kind: 'beanstalk.deployVersion',
      environmentName: LEARNER,
      versionLabel: 'deploy-app-v1',
    });
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.status).toBe('applied');
    // The old layout is back, and so is its failure: deployed, but plainly not healthy.
    expect(undone.entry.verification?.verified).toBe(false);
    expect(undone.entry.verification?.detail).toMatch(
      new RegExp(
        `^${LEARNER} runs deploy-app-v1 and is Ready, health Red, so the app is deployed but not healthy\\. Causes: Command failed on all instances\\.$`,
      ),
    );
    expect((await environment(LEARNER)).VersionLabel).toBe('deploy-app-v1');
  });

  it('rolls back to any earlier label through the same plan, and refuses a label it already runs', async () => {
    const p = await plan({ kind: 'beanstalk.deployVersion', environmentName: LEARNER, versionLabel: label });
    expect(p.steps).toEqual([
      {
        service: 'elasticbeanstalk',
        operation: 'UpdateEnvironment',
        input: { EnvironmentName: LEARNER, VersionLabel: label },
        summary: `Deploy ${label} to ${LEARNER}`,
      },
    ]);
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.verification?.detail).toBe(`Verified: ${LEARNER} runs ${label}; Ready, health Green.`);
    const same = await plan({ kind: 'beanstalk.deployVersion', environmentName: LEARNER, versionLabel: label });
    expect(same.blocked).toBe(`${LEARNER} already runs ${label}.`);
    const none = await plan({ kind: 'beanstalk.deployVersion', environmentName: LEARNER, versionLabel: 'no-such' });
    expect(none.blocked).toBe("No Application Version named 'no-such' found.");
    for (const planId of [same.id, none.id]) await call('changes.discard', { planId });
  });

  it('deletes an old version while keeping its object (undo registers it again), or with it (no undo)', async () => {
    const running = await plan({
      kind: 'beanstalk.deleteVersion',
      applicationName: APP,
      versionLabel: label,
      deleteSourceBundle: false,
    });
    expect(running.blocked).toBe(
      `Version ${label} is deployed to ${LEARNER}; deploy another version there before deleting it.`,
    );
    await call('changes.discard', { planId: running.id });
    await expect(
      d.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: APP, VersionLabel: label })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: `Unable to delete application version ${label} because it is deployed to environment(s): ${LEARNER}.`,
    });

    const keep = await plan({
      kind: 'beanstalk.deleteVersion',
      applicationName: APP,
      versionLabel: 'deploy-app-v1',
      deleteSourceBundle: false,
    });
    expect(keep.risk.level).toBe('low');
    const kept = await call('changes.apply', { planId: keep.id });
    expect(kept.entry.verification).toEqual({
      verified: true,
      detail: `Verified: version deploy-app-v1 is gone; s3://${BUCKET}/${TRAINING_LAB.bundleKeys.learner} is kept.`,
    });
    expect(await labels()).not.toContain('deploy-app-v1');
    const restore = await call('journal.planUndo', { entryId: kept.entry.id });
    expect(restore.intent).toMatchObject({
      kind: 'beanstalk.createVersion',
      versionLabel: 'deploy-app-v1',
      sourceBundle: { bucket: BUCKET, key: TRAINING_LAB.bundleKeys.learner },
    });
    await call('changes.apply', { planId: restore.id });
    expect(await labels()).toContain('deploy-app-v1');

    await d.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'bbruceeb2/old.zip',
        Body: readFileSync(join(d.dir, 'deploy-app.zip')),
      }),
    );
    await d.eb.send(
      new CreateApplicationVersionCommand({
        ApplicationName: APP,
        VersionLabel: 'old-v0',
        SourceBundle: { S3Bucket: BUCKET, S3Key: 'bbruceeb2/old.zip' },
      }),
    );
    const drop = await plan({
      kind: 'beanstalk.deleteVersion',
      applicationName: APP,
      versionLabel: 'old-v0',
      deleteSourceBundle: true,
    });
    expect(drop.risk.level).toBe('high');
    expect(drop.undo).toBeNull();
    expect(drop.cli[0]).toMatch(
      /delete-application-version --application-name bbruceeb2 --version-label old-v0 --delete-source-bundle /,
    );
    const dropped = await call('changes.apply', { planId: drop.id });
    expect(dropped.entry.verification).toEqual({
      verified: true,
      detail: `Verified: version old-v0 and s3://${BUCKET}/bbruceeb2/old.zip are gone.`,
    });
    expect(await keys('bbruceeb2/old.zip')).toEqual([]);
    expect(await labels()).not.toContain('old-v0');
  });

  it('lists versions with their size, source and where each runs', async () => {
    const list = await call('deploy.listVersions', { target, applicationName: APP });
    const row = list.versions.find((v) => v.versionLabel === label)!;
    expect(row).toMatchObject({
      sizeBytes: rebundled.sizeBytes,
      deployedTo: [LEARNER],
      sourceBundle: { bucket: BUCKET, key: `${APP}/${label}-${rebundled.sha256.slice(0, 8)}.zip` },
    });
    expect(list.versions.find((v) => v.versionLabel === 'deploy-app-v1')).toMatchObject({
      deployedTo: [],
      sizeBytes: expect.any(Number),
    });
    expect(list.versions.find((v) => v.versionLabel === 'deploy-app-v2')?.deployedTo).toEqual(['Bbruceeb1-env']);
    expect(list.environments.map((e) => e.name).sort()).toEqual(['Bbruceeb1-env', LEARNER].sort());
    expect(list.apiCalls).toBe(2 + list.versions.length);
  });
});

describe('bad input leaves nothing half-done', () => {
  it('a failed CreateApplicationVersion stops the deploy, and its rollback removes the object it uploaded', async () => {
    const bundle = await stageFolder('race', FLASK_APP);
    const p = await plan(deployIntent(bundle, 'race-v1'));
    expect(p.blocked).toBeUndefined();
    // Someone takes the label between preview and apply.
    await d.eb.send(new CreateApplicationVersionCommand({ ApplicationName: APP, VersionLabel: 'race-v1' }));
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => [s.operation, s.status])).toEqual([
      ['PutObject', 'ok'],
      ['CreateApplicationVersion', 'failed'],
      ['UpdateEnvironment', 'skipped'],
    ]);
    expect(out.entry.steps[1]!.error?.message).toBe('Application Version race-v1 already exists.');
    expect(await keys(`${APP}/race-v1-`)).toHaveLength(1);
    const rolled = await call('changes.rollback', { entryId: out.entry.id });
    expect(rolled.entry.rollback?.steps.map((s) => [s.operation, s.status])).toEqual([['PutObject', 'rolled-back']]);
    expect(await keys(`${APP}/race-v1-`)).toEqual([]);
  });

  it('a failed UpdateEnvironment stops the deploy, and its rollback removes the new version and its object', async () => {
    const bundle = await stageFolder('busy', FLASK_APP);
    const p = await plan(deployIntent(bundle, 'busy-v1'));
    expect(p.blocked).toBeUndefined();
    await d.eb.send(new RestartAppServerCommand({ EnvironmentName: LEARNER }));
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('partial');
    expect(out.entry.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'failed']);
    expect(out.entry.steps[2]!.error?.message).toBe(
      `Environment named ${LEARNER} is in an invalid state for this operation. Must be Ready.`,
    );
    expect(await labels()).toContain('busy-v1');
    const rolled = await call('changes.rollback', { entryId: out.entry.id });
    expect(rolled.entry.rollback?.steps.map((s) => s.status)).toEqual(['rolled-back', 'rolled-back']);
    expect(rolled.entry.rollback?.verification).toMatchObject({ verified: true, differences: [] });
    expect(await labels()).not.toContain('busy-v1');
    expect(await keys(`${APP}/busy-v1-`)).toEqual([]);

    const notReady = await plan(deployIntent(bundle, 'busy-v2'));
    expect(notReady.blocked).toBe(`Environment ${LEARNER} is Updating; wait until it is Ready.`);
    await call('changes.discard', { planId: notReady.id });
    await settle(LEARNER);
  });

  it('a bundle discarded after the preview uploads nothing and registers no version', async () => {
    const bundle = await stageFolder('gone', FLASK_APP);
    const p = await plan(deployIntent(bundle, 'gone-v1'));
    expect(await call('deploy.discardBundle', { bundleId: bundle.id })).toEqual({ discarded: true });
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.status).toBe('failed');
    expect(out.entry.steps[0]!.error?.message).toBe(
      `The staged bundle ${bundle.id} is gone: it was discarded, or is older than 24 hours. Choose the source again.`,
    );
    expect(await labels()).not.toContain('gone-v1');
    expect(await keys(`${APP}/gone-v1-`)).toEqual([]);
  });

  it('refuses a bundle whose hash differs from the preview', async () => {
    const bundle = await stageFolder('hash', FLASK_APP);
    const p = await plan(deployIntent(bundle, 'hash-v1', { sha256: 'f'.repeat(64) }));
    expect(p.blocked).toMatch(
      /^The staged bundle changed since it was checked: its sha-256 is now [0-9a-f]{12}…, not ffffffffffff…\. Stage it again\.$/,
    );
    await call('changes.discard', { planId: p.id });
  });

  it('deploys despite failing checks only with a reason, which the journal keeps', async () => {
    const bundle = await stageFolder('nested', { 'FlaskApp/application.py': 'application = 1\n' });
    const reason = 'Testing how the platform reports a missing WSGI file';
    const p = await plan({
      kind: 'beanstalk.deployBundle',
      environmentName: 'Bbruceeb1-env',
      bundleId: bundle.id,
      sha256: bundle.sha256,
      versionLabel: 'nested-override',
      override: { reason },
    });
    expect(p.blocked).toBeUndefined();
    expect(p.risk.level).toBe('high');
    expect(p.diff).toContainEqual({
      change: 'add',
      label: 'Pre-flight override',
      after: `App is zipped one folder down; WSGIPath names nothing in the bundle; No requirements.txt at the root: ${reason}`,
    });
    const out = await call('changes.apply', { planId: p.id });
    expect(out.entry.intent).toMatchObject({ override: { reason } });
    expect(out.entry.verification?.verified).toBe(false);
    expect(journal()).toContain(reason);
  });
});
