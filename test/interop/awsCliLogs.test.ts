/**
 * The real AWS CLI (botocore) reading instance logs from the sandbox:
 * `request-environment-info` / `retrieve-environment-info` with the URL it
 * returns fetched as any browser would, and `aws logs` on an environment that
 * streams to CloudWatch Logs.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from '../support/awsCli';
import { TRAINING_LAB } from '../support/sandbox';
import { advanceSandboxClock } from '../support/trainingLabFixes';

const cli = sandboxCli('[default]\ns3 =\n  addressing_style = path\n');
const { aws, awsJson } = cli;
const LEARNER = TRAINING_LAB.learnerEnvironment;

interface EnvironmentInfo {
  EnvironmentInfo: Array<{ InfoType: string; Ec2InstanceId: string; SampleTimestamp: string; Message: string }>;
}

describe('AWS CLI: instance logs against the sandbox', () => {
  it('request-environment-info, then retrieve-environment-info after the delay, then the URL shows the WSGI error', async () => {
    const requested = await aws([
      'elasticbeanstalk',
      'request-environment-info',
      '--environment-name',
      LEARNER.environmentName,
      '--info-type',
      'tail',
    ]);
    expect(requested).toMatchObject({ code: 0, stderr: '' });
    const early = await awsJson<EnvironmentInfo>([
      'elasticbeanstalk',
      'retrieve-environment-info',
      '--environment-name',
      LEARNER.environmentName,
      '--info-type',
      'tail',
    ]);
    expect(early.EnvironmentInfo).toEqual([]);
    await advanceSandboxClock(cli.sandbox.endpoint, 5_000);
    const events = await awsJson<{ Events: Array<{ Message: string }> }>([
      'elasticbeanstalk',
      'describe-events',
      '--environment-name',
      LEARNER.environmentName,
      '--max-items',
      '2',
    ]);
    expect(events.Events.map((e) => e.Message)).toEqual([
      'Pulled logs for environment instances.',
      'requestEnvironmentInfo is starting.',
    ]);
    const info = await awsJson<EnvironmentInfo>([
      'elasticbeanstalk',
      'retrieve-environment-info',
      '--environment-name',
      LEARNER.environmentName,
      '--info-type',
      'tail',
    ]);
    expect(info.EnvironmentInfo).toHaveLength(1);
    const [entry] = info.EnvironmentInfo;
    expect(entry).toMatchObject({ InfoType: 'tail', Ec2InstanceId: LEARNER.instanceId });
    const response = await fetch(entry?.Message ?? '');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      'Target WSGI script not found or unable to stat: /opt/python/current/app/application.py',
    );
  });

  it('logs describe-log-groups and filter-log-events on an environment that streams', async () => {
    const updated = await aws([
      'elasticbeanstalk',
      'update-environment',
      '--environment-name',
      'Bbruceeb1-env',
      '--option-settings',
      'Namespace=aws:elasticbeanstalk:cloudwatch:logs,OptionName=StreamLogs,Value=true',
    ]);
    expect(updated.code).toBe(0);
    await advanceSandboxClock(cli.sandbox.endpoint, 15_000 + 120_000);
    const groups = await awsJson<{ logGroups: Array<{ logGroupName: string }> }>([
      'logs',
      'describe-log-groups',
      '--log-group-name-prefix',
      '/aws/elasticbeanstalk/Bbruceeb1-env/',
    ]);
    expect(groups.logGroups.map((g) => g.logGroupName)).toEqual([
      '/aws/elasticbeanstalk/Bbruceeb1-env/var/log/eb-activity.log',
      '/aws/elasticbeanstalk/Bbruceeb1-env/var/log/httpd/access_log',
      '/aws/elasticbeanstalk/Bbruceeb1-env/var/log/httpd/error_log',
    ]);
    const filtered = await awsJson<{
      events: Array<{ logStreamName: string; message: string; eventId: string }>;
    }>([
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/elasticbeanstalk/Bbruceeb1-env/var/log/httpd/error_log',
      '--filter-pattern',
      '"Can\'t connect to MySQL server"',
    ]);
    expect(filtered.events.length).toBeGreaterThan(0);
    for (const event of filtered.events) {
      expect(event.logStreamName).toBe('i-0d5b7e9f1a3c68b24');
      expect(event.message).toMatch(
        /\[:error\] \[pid \d+\] \[remote [\d.]+:\d+\] mysql\.connector\.errors\.InterfaceError: 2003: Can't connect to MySQL server on 'edx-photos-db\.ccd69a3vcffc\.us-east-1\.rds\.amazonaws\.com:3306' \(110 Connection timed out\)$/,
      );
    }
    const missing = await aws([
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/elasticbeanstalk/nope/var/log/x',
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    expect(missing.stderr).toContain('The specified log group does not exist.');
  });
});
