/** The admin clock route, and loading a version 1 state file saved before EC2, S3 and EB existed. */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { rawRequest } from './rawHttp';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox({ now: () => new Date('2026-11-22T04:00:00Z') });
});

afterEach(async () => {
  await sandbox.dispose();
});

describe('POST /_trellis/clock', () => {
  it('moves the sandbox clock forward and reports the new time', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/clock',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 90_000 }),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, now: '2026-11-22T04:01:30.000Z' });
    sandbox.advanceClock(30_000);
    const again = await rawRequest(sandbox.endpoint, { path: '/_trellis/clock', body: '{"advanceMs":0}' });
    expect(JSON.parse(again.body)).toMatchObject({ now: '2026-11-22T04:02:00.000Z' });
  });

  it('refuses bad bodies, other methods and cross-origin callers', async () => {
    const negative = await rawRequest(sandbox.endpoint, { path: '/_trellis/clock', body: '{"advanceMs":-5}' });
    expect(negative.status).toBe(400);
    const garbage = await rawRequest(sandbox.endpoint, { path: '/_trellis/clock', body: 'soon' });
    expect(garbage.status).toBe(400);
    const get = await rawRequest(sandbox.endpoint, { method: 'GET', path: '/_trellis/clock' });
    expect(get.status).toBe(405);
    const page = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/clock',
      headers: { origin: 'http://evil.example' },
      body: '{"advanceMs":1}',
    });
    expect(page.status).toBe(403);
    expect(() => sandbox.advanceClock(-1)).toThrow(RangeError);
  });
});

describe('state file migration', () => {
  it('loads a version 1 file, keeping its IAM and adding the default VPC and empty EB and S3', async () => {
    await sandbox.close();
    const current = JSON.parse(await readFile(sandbox.stateFile, 'utf8')) as Record<string, unknown>;
    const { ec2: _ec2, s3: _s3, elasticbeanstalk: _eb, ...rest } = current;
    await writeFile(sandbox.stateFile, JSON.stringify({ ...rest, version: 1 }));
    const reopened = await startSandbox({ stateFile: sandbox.stateFile });
    try {
      const health = await rawRequest(reopened.endpoint, { method: 'GET', path: '/_trellis/health' });
      expect(health.status).toBe(200);
    } finally {
      await reopened.close();
    }
    const migrated = JSON.parse(await readFile(sandbox.stateFile, 'utf8')) as {
      version: number;
      iam: { roles: unknown[] };
      ec2: { vpcs: Array<{ isDefault: boolean }> };
      elasticbeanstalk: { environments: unknown[] };
    };
    expect(migrated.version).toBe(2);
    expect(migrated.iam.roles.length).toBeGreaterThan(0);
    expect(migrated.ec2.vpcs.filter((v) => v.isDefault)).toHaveLength(1);
    expect(migrated.elasticbeanstalk.environments).toEqual([]);
  });
});
