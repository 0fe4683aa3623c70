/**
 * The real AWS CLI against bundles Trellis staged and uploaded: the object
 * Trellis put in S3 is a source bundle the CLI can register and download
 * byte for byte, and the CLI equivalents a deploy preview shows do the same
 * deploy when pasted into a shell.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput, StagedBundle } from '../../src/shared/contract';
import { CLI_TIMEOUT_MS, isolatedCliEnv, runAwsJson } from '../support/awsCli';
import { deployConsole, type DeployConsole } from '../support/deployConsole';
import { mustCall } from '../support/rpc';

let d: DeployConsole;
let env: NodeJS.ProcessEnv;
const target = { profile: 'sandbox', region: 'us-east-1' };
const BUCKET = 'elasticbeanstalk-us-east-1-570589970431';
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(d.ctx.router, channel, input);
const awsJson = <T>(args: readonly string[]) => runAwsJson<T>(d.ctx.sandbox!.endpoint, env, args);

async function stage(name: string): Promise<StagedBundle> {
  const root = join(d.dir, name);
  mkdirSync(join(root, 'templates'), { recursive: true });
  writeFileSync(join(root, 'application.py'), `from flask import Flask\napplication = Flask("${name}")\n`);
  writeFileSync(join(root, 'requirements.txt'), 'Flask==3.0.3\n');
  writeFileSync(join(root, 'templates', 'index.html'), `<h1>${name}</h1>`);
  d.choose(root);
  return (await call('deploy.chooseSource', { kind: 'folder' }))!;
}

function planDeploy(bundle: StagedBundle, versionLabel: string) {
  return call('changes.plan', {
    target,
    intent: {
      kind: 'beanstalk.deployBundle',
      environmentName: 'Bbruceeb1-env',
      bundleId: bundle.id,
      sha256: bundle.sha256,
      versionLabel,
    },
  });
}

function shell(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { timeout: CLI_TIMEOUT_MS, env }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  d = await deployConsole();
  // No addressing_style: the preview's commands must work with a default CLI configuration.
  env = await isolatedCliEnv(d.dir, '[default]\n');
});
afterAll(() => d?.close());

describe('AWS CLI and bundles Trellis uploaded', () => {
  it('registers the object Trellis uploaded as another version, and downloads it byte for byte', async () => {
    const bundle = await stage('photos');
    const label = 'photos-trellis-1';
    const plan = await planDeploy(bundle, label);
    await call('changes.apply', { planId: plan.id });
    const key = `bbruceeb2/${label}-${bundle.sha256.slice(0, 8)}.zip`;

    const created = await awsJson<{ ApplicationVersion: { VersionLabel: string; SourceBundle: unknown } }>([
      'elasticbeanstalk',
      'create-application-version',
      '--application-name',
      'bbruceeb2',
      '--version-label',
      'photos-from-cli',
      '--source-bundle',
      `S3Bucket=${BUCKET},S3Key=${key}`,
    ]);
    expect(created.ApplicationVersion).toMatchObject({
      VersionLabel: 'photos-from-cli',
      SourceBundle: { S3Bucket: BUCKET, S3Key: key },
    });
    const download = join(d.dir, 'downloaded.zip');
    const cp = await shell(
      `aws --endpoint-url ${d.ctx.sandbox!.endpoint} s3 cp s3://${BUCKET}/${key} ${download} --only-show-errors`,
    );
    expect(cp).toMatchObject({ code: 0, stderr: '' });
    const staged = readFileSync(join(d.ctx.dataDir, 'bundles', `${bundle.id}.zip`));
    expect(readFileSync(download).equals(staged)).toBe(true);

    const versions = await awsJson<{ ApplicationVersions: { VersionLabel: string }[] }>([
      'elasticbeanstalk',
      'describe-application-versions',
      '--application-name',
      'bbruceeb2',
      '--version-labels',
      label,
      'photos-from-cli',
    ]);
    expect(versions.ApplicationVersions.map((v) => v.VersionLabel).sort()).toEqual(['photos-from-cli', label]);
  });

  it("the preview's CLI equivalents, pasted into a shell, upload, register and deploy the same bundle", async () => {
    const bundle = await stage('orders');
    const label = 'orders-by-hand';
    const plan = await planDeploy(bundle, label);
    expect(plan.cli).toHaveLength(3);
    for (const command of plan.cli) {
      const out = await shell(command);
      expect(out.code, `${command}\n${out.stderr}`).toBe(0);
    }
    await call('changes.discard', { planId: plan.id });
    const environment = async () =>
      (
        await awsJson<{ Environments: { VersionLabel: string; Status: string }[] }>([
          'elasticbeanstalk',
          'describe-environments',
          '--environment-names',
          'Bbruceeb1-env',
        ])
      ).Environments[0];
    expect((await environment())?.Status).toBe('Updating');
    d.ctx.sandbox!.advanceClock(60_000);
    expect(await environment()).toMatchObject({ VersionLabel: label, Status: 'Ready' });
    const head = await awsJson<{ ContentLength: number }>([
      's3api',
      'head-object',
      '--bucket',
      BUCKET,
      '--key',
      `bbruceeb2/${label}-${bundle.sha256.slice(0, 8)}.zip`,
    ]);
    expect(head.ContentLength).toBe(bundle.sizeBytes);
  });
});
