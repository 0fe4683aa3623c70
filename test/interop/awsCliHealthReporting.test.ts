/**
 * The real AWS CLI against the sandbox: an environment created without a
 * health reporting ConfigDocument publishes only EnvironmentHealth; after
 * `update-environment` sets one and the clock moves on, `list-metrics` shows
 * the metrics it lists. A document that is not JSON is refused as EB does.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from '../support/awsCli';
import { advanceSandboxClock } from '../support/trainingLabFixes';

const cli = sandboxCli('[default]\n');
const { aws, awsJson } = cli;
const NS = 'aws:elasticbeanstalk:healthreporting:system';
const ENV = 'photos-cli';
const MINUTE = 60_000;

interface Metric {
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
}

async function listed(): Promise<string[]> {
  const out = await awsJson<{ Metrics: Metric[] }>([
    'cloudwatch',
    'list-metrics',
    '--namespace',
    'AWS/ElasticBeanstalk',
    '--dimensions',
    `Name=EnvironmentName,Value=${ENV}`,
  ]);
  return [...new Set(out.Metrics.map((m) => m.MetricName))].sort();
}

const optionSettings = (value: string): string =>
  JSON.stringify([{ Namespace: NS, OptionName: 'ConfigDocument', Value: value }]);

describe('AWS CLI: the health reporting ConfigDocument gates AWS/ElasticBeanstalk metrics', () => {
  it('update-environment with the ConfigDocument, then list-metrics shows the new metric', async () => {
    await awsJson([
      'elasticbeanstalk',
      'create-environment',
      '--application-name',
      'bbruceeb2',
      '--environment-name',
      ENV,
      '--version-label',
      'deploy-app-v2',
      '--solution-stack-name',
      '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
    ]);
    await advanceSandboxClock(cli.sandbox.endpoint, 30_000 + 3 * MINUTE);
    expect(await listed()).toEqual(['EnvironmentHealth']);

    const document = JSON.stringify({
      Version: 1,
      CloudWatchMetrics: { Environment: { ApplicationRequests5xx: 60 }, Instance: { LoadAverage1min: 60 } },
    });
    await awsJson([
      'elasticbeanstalk',
      'update-environment',
      '--environment-name',
      ENV,
      '--option-settings',
      optionSettings(document),
    ]);
    await advanceSandboxClock(cli.sandbox.endpoint, 15_000 + 2 * MINUTE);
    expect(await listed()).toEqual(['ApplicationRequests5xx', 'EnvironmentHealth', 'LoadAverage1min']);

    const settings = await awsJson<{
      ConfigurationSettings: Array<{
        OptionSettings: Array<{ Namespace: string; OptionName: string; Value?: string }>;
      }>;
    }>([
      'elasticbeanstalk',
      'describe-configuration-settings',
      '--application-name',
      'bbruceeb2',
      '--environment-name',
      ENV,
    ]);
    const stored = settings.ConfigurationSettings[0]?.OptionSettings.find(
      (o) => o.Namespace === NS && o.OptionName === 'ConfigDocument',
    );
    expect(stored?.Value).toBe(document);
  });

  it('refuses a ConfigDocument that is not JSON with ConfigurationValidationException', async () => {
    const result = await aws([
      'elasticbeanstalk',
      'update-environment',
      '--environment-name',
      'flask-ssm-demo-prod',
      '--option-settings',
      optionSettings('{"CloudWatchMetrics": {'),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('(ConfigurationValidationException)');
    expect(result.stderr).toContain(
      "Invalid option value: '{\"CloudWatchMetrics\": {' (Namespace: 'aws:elasticbeanstalk:healthreporting:system', OptionName: 'ConfigDocument'): ConfigDocument is not a valid JSON document",
    );
  });
});
