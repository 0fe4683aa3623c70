/**
 * The real AWS CLI (v1, botocore) against the sandbox's OpenSearch service:
 * both `aws opensearch` and the legacy `aws es` commands parse its restJson
 * answers, errors arrive as the CLI expects them, and the command a Trellis
 * plan shows for a policy change does the same change when pasted into a shell.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropStatement } from '../../src/shared/search';
import { consoleIn } from '../support/appConsole';
import { mustCall } from '../support/rpc';
import { CLI_TIMEOUT_MS, isolatedCliEnv, runAws, runAwsJson, type CliResult } from '../support/awsCli';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let env: NodeJS.ProcessEnv;

const aws = (args: readonly string[]) => runAws(sandbox.endpoint, env, args);
const awsJson = <T>(args: readonly string[]) => runAwsJson<T>(sandbox.endpoint, env, args);

beforeEach(async () => {
  sandbox = await startTestSandbox();
  env = await isolatedCliEnv(sandbox.dir, '[default]\n');
});

afterEach(async () => {
  await sandbox.dispose();
});

interface DomainStatusOutput {
  DomainStatus: {
    DomainName: string;
    ARN: string;
    EngineVersion?: string;
    ElasticsearchVersion?: string;
    AccessPolicies: string;
  };
}

describe('AWS CLI against the sandbox OpenSearch service', () => {
  it('lists, describes and reads the config of the lab domains', async () => {
    const names = await awsJson<{ DomainNames: { DomainName: string; EngineType: string }[] }>([
      'opensearch',
      'list-domain-names',
    ]);
    expect(names.DomainNames.map((d) => d.DomainName)).toEqual(['elastic', 'test-domain', 'secure-search']);

    const elastic = await awsJson<DomainStatusOutput>(['opensearch', 'describe-domain', '--domain-name', 'elastic']);
    expect(elastic.DomainStatus.EngineVersion).toBe('Elasticsearch_6.0');
    expect(JSON.parse(elastic.DomainStatus.AccessPolicies).Statement).toHaveLength(2);

    const config = await awsJson<{
      DomainConfig: { AccessPolicies: { Options: string; Status: { State: string; UpdateVersion: number } } };
    }>(['opensearch', 'describe-domain-config', '--domain-name', 'elastic']);
    expect(config.DomainConfig.AccessPolicies.Options).toBe(elastic.DomainStatus.AccessPolicies);
    expect(config.DomainConfig.AccessPolicies.Status).toMatchObject({ State: 'Active', UpdateVersion: 1 });

    const legacy = await awsJson<DomainStatusOutput>([
      'es',
      'describe-elasticsearch-domain',
      '--domain-name',
      'elastic',
    ]);
    expect(legacy.DomainStatus.ElasticsearchVersion).toBe('6.0');
    expect(legacy.DomainStatus.ARN).toBe(elastic.DomainStatus.ARN);
  });

  it('updates the access policy with --access-policies and reports a missing domain as AWS does', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::570589970431:role/EC2_Can_Use_Services' },
          Action: 'es:ESHttp*',
          Resource: 'arn:aws:es:us-east-1:570589970431:domain/test-domain/*',
        },
      ],
    });
    const updated = await awsJson<{ DomainConfig: { AccessPolicies: { Options: string } } }>([
      'opensearch',
      'update-domain-config',
      '--domain-name',
      'test-domain',
      '--access-policies',
      policy,
    ]);
    expect(updated.DomainConfig.AccessPolicies.Options).toBe(policy);
    const after = await awsJson<DomainStatusOutput>([
      'es',
      'describe-elasticsearch-domain',
      '--domain-name',
      'test-domain',
    ]);
    expect(after.DomainStatus.AccessPolicies).toBe(policy);

    const missing = await aws(['opensearch', 'describe-domain', '--domain-name', 'no-such-domain']);
    // AWS CLI v1 exits 255 on a service error.
    expect(missing.code).toBe(255);
    expect(missing.stderr).toMatch(/ResourceNotFoundException.*Domain not found: no-such-domain/);

    const bad = await aws([
      'opensearch',
      'update-domain-config',
      '--domain-name',
      'test-domain',
      '--access-policies',
      '{"Version":',
    ]);
    expect(bad.code).toBe(255);
    expect(bad.stderr).toMatch(/ValidationException/);
  });

  it('runs the CLI command a policy plan shows, pasted into a shell as is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-search-'));
    const ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
    try {
      const target = { profile: 'sandbox', region: 'us-east-1' };
      const detail = await mustCall(ctx.router, 'search.getDomain', { target, domainName: 'elastic' });
      const policy = dropStatement(detail.accessPolicy, 1);
      const plan = await mustCall(ctx.router, 'changes.plan', {
        target,
        intent: { kind: 'search.updateAccessPolicy', domainName: 'elastic', policy },
      });
      await mustCall(ctx.router, 'changes.discard', { planId: plan.id });
      const shell = await new Promise<CliResult>((resolve) => {
        execFile('sh', ['-c', plan.cli[0]!], { timeout: CLI_TIMEOUT_MS, env }, (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
        );
      });
      expect(shell.stderr).toBe('');
      expect(shell.code).toBe(0);
      const after = await mustCall(ctx.router, 'search.getDomain', { target, domainName: 'elastic' });
      expect(after.statements.map((s) => s.classification)).toEqual(['account-wide']);
    } finally {
      await ctx.close();
    }
  });
});
