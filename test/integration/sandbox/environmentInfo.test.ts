/**
 * RequestEnvironmentInfo and RetrieveEnvironmentInfo through the real SDK, as
 * EB runs them: the request answers at once, the instances deliver after a
 * delay on the sandbox clock, each entry carries a presigned S3 URL that a
 * plain GET can fetch, and entries and objects are gone after 15 minutes.
 */
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateEnvironmentCommand,
  DescribeEventsCommand,
  ElasticBeanstalkClient,
  type EnvironmentInfoDescription,
  type EnvironmentInfoType,
  RequestEnvironmentInfoCommand,
  RetrieveEnvironmentInfoCommand,
  TerminateEnvironmentCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';

const LEARNER = TRAINING_LAB.learnerEnvironment;
const BUCKET = TRAINING_LAB.bundleBucket;

let sandbox: TestSandbox;
let eb: ElasticBeanstalkClient;
let s3: S3Client;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  eb = new ElasticBeanstalkClient(sandbox.clientConfig());
  s3 = new S3Client({ ...sandbox.clientConfig(), forcePathStyle: true });
});

afterEach(async () => {
  eb.destroy();
  s3.destroy();
  await sandbox.dispose();
});

async function request(name: string, infoType: EnvironmentInfoType): Promise<string> {
  const out = await eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: name, InfoType: infoType }));
  const requestId = out.$metadata.requestId;
  if (requestId === undefined) throw new Error('no request id');
  return requestId;
}

async function retrieve(name: string, infoType: EnvironmentInfoType): Promise<EnvironmentInfoDescription[]> {
  return (
    (await eb.send(new RetrieveEnvironmentInfoCommand({ EnvironmentName: name, InfoType: infoType })))
      .EnvironmentInfo ?? []
  );
}

async function eventsOf(requestId: string): Promise<Array<{ message?: string; severity?: string }>> {
  const out = await eb.send(new DescribeEventsCommand({ RequestId: requestId }));
  return (out.Events ?? []).map((e) => ({ message: e.Message, severity: e.Severity })).reverse();
}

function urlOf(entry: EnvironmentInfoDescription | undefined): string {
  if (!entry?.Message) throw new Error('entry without a URL');
  return entry.Message;
}

describe('RequestEnvironmentInfo and RetrieveEnvironmentInfo', () => {
  it('tail: answers at once, delivers after 5 s with the events the EB CLI waits for, and the URL needs no credentials', async () => {
    const requestId = await request(LEARNER.environmentName, 'tail');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await eventsOf(requestId)).toEqual([{ message: 'requestEnvironmentInfo is starting.', severity: 'INFO' }]);
    expect(await retrieve(LEARNER.environmentName, 'tail')).toEqual([]);
    sandbox.advanceClock(4_000);
    expect(await retrieve(LEARNER.environmentName, 'tail')).toEqual([]);
    sandbox.advanceClock(1_000);
    const entries = await retrieve(LEARNER.environmentName, 'tail');
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ InfoType: 'tail', Ec2InstanceId: LEARNER.instanceId });
    const url = urlOf(entry);
    const key = `resources/environments/logs/tail/${LEARNER.environmentId}/${LEARNER.instanceId}/TailLogs-(\\d{13})\\.out`;
    const match = new RegExp(
      `^${sandbox.endpoint}/${BUCKET}/${key}\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[A-Z0-9]+%2F\\d{8}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=\\d{8}T\\d{6}Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$`,
    ).exec(url);
    expect(match).not.toBeNull();
    expect(Math.floor(Number(match?.[1]) / 1000)).toBe(Math.floor((entry?.SampleTimestamp?.getTime() ?? 0) / 1000));
    expect(await eventsOf(requestId)).toEqual([
      { message: 'requestEnvironmentInfo is starting.', severity: 'INFO' },
      { message: 'Pulled logs for environment instances.', severity: 'INFO' },
    ]);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    const text = await response.text();
    expect(text.startsWith(`${'-'.repeat(40)}\n/var/log/eb-activity.log\n${'-'.repeat(40)}\n`)).toBe(true);
    expect(text).toContain('/var/log/httpd/error_log');
    expect(text).toContain('Your WSGIPath refers to a file that does not exist.');
    expect(text).toMatch(
      /\[:error\] \[pid \d+\] \[client [\d.]+:\d+\] Target WSGI script not found or unable to stat: \/opt\/python\/current\/app\/application\.py/,
    );
  });

  it('bundle: a zip of var/log after 10 s, kept apart from the tail entries', async () => {
    await request(LEARNER.environmentName, 'bundle');
    sandbox.advanceClock(5_000);
    expect(await retrieve(LEARNER.environmentName, 'bundle')).toEqual([]);
    sandbox.advanceClock(5_000);
    const [entry, ...more] = await retrieve(LEARNER.environmentName, 'bundle');
    expect(more).toEqual([]);
    expect(await retrieve(LEARNER.environmentName, 'tail')).toEqual([]);
    expect(urlOf(entry)).toMatch(
      /\/resources\/environments\/logs\/bundle\/e-mp3bcgh2vq\/i-0a7f3c9e1b5d24e68\/BundleLogs-\d{13}\.zip\?/,
    );
    const response = await fetch(urlOf(entry));
    expect(response.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual([
      'var/log/eb-activity.log',
      'var/log/httpd/access_log',
      'var/log/httpd/error_log',
    ]);
    const errorLog = new TextDecoder().decode(entries['var/log/httpd/error_log']);
    // The whole file, not the last 100 lines.
    expect(errorLog.trimEnd().split('\n').length).toBeGreaterThan(100);
    expect(errorLog).toContain('Target WSGI script not found or unable to stat');
  });

  it('entries and objects expire after 15 minutes: the URL answers S3’s "Request has expired"', async () => {
    await request(LEARNER.environmentName, 'tail');
    sandbox.advanceClock(5_000);
    const url = urlOf((await retrieve(LEARNER.environmentName, 'tail'))[0]);
    sandbox.advanceClock(14 * 60_000);
    expect((await fetch(url)).status).toBe(200);
    expect(await retrieve(LEARNER.environmentName, 'tail')).toHaveLength(1);
    sandbox.advanceClock(60_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    const body = await expired.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('<Message>Request has expired</Message>');
    expect(body).toContain('<X-Amz-Expires>900</X-Amz-Expires>');
    expect(await retrieve(LEARNER.environmentName, 'tail')).toEqual([]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'resources/environments/logs/' }));
    expect(listed.KeyCount).toBe(0);
  });

  it('each request adds one entry per instance, oldest first, as the EB CLI expects to take the last', async () => {
    await request(LEARNER.environmentName, 'tail');
    sandbox.advanceClock(60_000);
    await request(LEARNER.environmentName, 'tail');
    sandbox.advanceClock(5_000);
    const entries = await retrieve(LEARNER.environmentName, 'tail');
    expect(entries).toHaveLength(2);
    const [older, newer] = entries;
    // Sixty sandbox seconds apart; the wire carries whole seconds and real time runs between the two calls.
    const apart = (newer?.SampleTimestamp?.getTime() ?? 0) - (older?.SampleTimestamp?.getTime() ?? 0);
    expect(Math.abs(apart - 60_000)).toBeLessThanOrEqual(1_000);
    // The later sample holds the later lines.
    const last = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';
    const [a, b] = await Promise.all([older, newer].map(async (e) => (await fetch(urlOf(e))).text()));
    expect(last(a ?? '')).not.toBe(last(b ?? ''));
  });

  it('only running instances deliver: during a launch the request completes with no entries', async () => {
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'bbruceeb2',
        EnvironmentName: 'photos-two',
        VersionLabel: 'deploy-app-v2',
        SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
        OptionSettings: [{ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' }],
      }),
    );
    const during = await request('photos-two', 'tail');
    sandbox.advanceClock(5_000);
    expect(await retrieve('photos-two', 'tail')).toEqual([]);
    expect((await eventsOf(during)).map((e) => e.message)).toContain('Pulled logs for environment instances.');
    sandbox.advanceClock(30_000);
    await request('photos-two', 'tail');
    sandbox.advanceClock(5_000);
    const entries = await retrieve('photos-two', 'tail');
    expect(new Set(entries.map((e) => e.Ec2InstanceId)).size).toBe(2);
  });

  it('answers AWS’s errors for a missing or terminated environment and an InfoType it cannot serve', async () => {
    const missing = await awsError(
      eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: 'no-such-env', InfoType: 'tail' })),
    );
    expect(missing).toMatchObject({
      code: 'InvalidParameterValue',
      status: 400,
      message: "No Environment found for EnvironmentName = 'no-such-env'.",
    });
    expect(
      await awsError(eb.send(new RetrieveEnvironmentInfoCommand({ EnvironmentId: 'e-zzzzzzzzzz', InfoType: 'tail' }))),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: "No Environment found for EnvironmentId = 'e-zzzzzzzzzz'.",
    });
    await eb.send(new TerminateEnvironmentCommand({ EnvironmentName: 'flask-ssm-demo-staging' }));
    sandbox.advanceClock(15_000);
    expect(
      await awsError(
        eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: 'flask-ssm-demo-staging', InfoType: 'tail' })),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    const analyze = await awsError(
      eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: LEARNER.environmentName, InfoType: 'analyze' })),
    );
    expect(analyze).toMatchObject({ code: 'InvalidParameterValue' });
    expect(analyze.message).toContain("'analyze'");
    const unknown = await awsError(
      eb.send(
        new RequestEnvironmentInfoCommand({
          EnvironmentName: LEARNER.environmentName,
          InfoType: 'logs' as EnvironmentInfoType,
        }),
      ),
    );
    expect(unknown).toMatchObject({ code: 'ValidationError' });
    expect(unknown.message).toContain('Member must satisfy enum value set: [tail, bundle, analyze]');
    expect(await awsError(eb.send(new RequestEnvironmentInfoCommand({ InfoType: 'tail' })))).toMatchObject({
      code: 'MissingParameter',
    });
  });

  it('a tail read before StreamLogs turns on still streams the lines of the update that turned it on', async () => {
    // The EB CLI's order: `eb logs` (tail), `eb logs --cloudwatch-logs enable`, then `eb logs` reads eb-activity.log.
    await request(LEARNER.environmentName, 'tail');
    sandbox.advanceClock(5_000);
    expect(await retrieve(LEARNER.environmentName, 'tail')).toHaveLength(1);
    const update = await eb.send(
      new UpdateEnvironmentCommand({
        EnvironmentName: LEARNER.environmentName,
        OptionSettings: [
          { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'StreamLogs', Value: 'true' },
        ],
      }),
    );
    sandbox.advanceClock(15_000);
    const updateEvents = await eb.send(new DescribeEventsCommand({ RequestId: update.$metadata.requestId }));
    const started = updateEvents.Events?.find((e) => e.Message === 'Environment update is starting.')?.EventDate;
    if (!started) throw new Error('update did not start');
    const logs = new CloudWatchLogsClient(sandbox.clientConfig());
    try {
      const activity = await logs.send(
        new GetLogEventsCommand({
          logGroupName: `/aws/elasticbeanstalk/${LEARNER.environmentName}/var/log/eb-activity.log`,
          logStreamName: LEARNER.instanceId,
          startFromHead: true,
        }),
      );
      const events = activity.events ?? [];
      expect(events.every((e) => (e.timestamp ?? 0) >= started.getTime())).toBe(true);
      const messages = events.map((e) => e.message ?? '');
      expect(messages.find((m) => m.includes('] : Starting activity...'))).toMatch(/\[Configuration update [^\]]+\] :/);
      expect(messages.some((m) => m.includes('Your WSGIPath refers to a file that does not exist.'))).toBe(true);
    } finally {
      logs.destroy();
    }
  });

  it('a presigned URL is S3’s to judge: unsigned or over-long ones are refused, a tampered key is not found', async () => {
    await request(LEARNER.environmentName, 'tail');
    sandbox.advanceClock(5_000);
    const url = new URL(urlOf((await retrieve(LEARNER.environmentName, 'tail'))[0]));
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(403);
    const long = new URL(url);
    long.searchParams.set('X-Amz-Expires', '700000');
    const refused = await fetch(long);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>AuthorizationQueryParametersError</Code>');
    const other = new URL(url);
    other.pathname = other.pathname.replace(/TailLogs-\d+/, 'TailLogs-1');
    const notFound = await fetch(other);
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toContain('<Code>NoSuchKey</Code>');
  });
});
