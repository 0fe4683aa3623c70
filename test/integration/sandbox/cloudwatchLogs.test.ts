/**
 * CloudWatch Logs through the real SDK: the groups Elastic Beanstalk creates
 * for environments that stream (`aws:elasticbeanstalk:cloudwatch:logs`
 * StreamLogs), one stream per instance, fed by the same derived lines as the
 * instance logs, and read with AWS's paging and filter semantics.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilteredLogEvent,
  GetLogEventsCommand,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateEnvironmentCommand,
  DescribeEventsCommand,
  ElasticBeanstalkClient,
  RequestEnvironmentInfoCommand,
  RetrieveEnvironmentInfoCommand,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError } from './awsErrors';
import { rawRequest } from './rawHttp';

const LEARNER = 'Bbruceeb2-env';
const LEGACY_GROUP = (file: string): string => `/aws/elasticbeanstalk/${LEARNER}/var/log/${file}`;
const AL2023_GROUP = (file: string): string => `/aws/elasticbeanstalk/photos-stream/var/log/${file}`;
const STREAMING = 'aws:elasticbeanstalk:cloudwatch:logs';

let sandbox: TestSandbox;
let eb: ElasticBeanstalkClient;
let logs: CloudWatchLogsClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  eb = new ElasticBeanstalkClient(sandbox.clientConfig());
  logs = new CloudWatchLogsClient(sandbox.clientConfig());
});

afterEach(async () => {
  eb.destroy();
  logs.destroy();
  await sandbox.dispose();
});

/** Turns streaming on for the learner's legacy environment; returns when that update started. */
async function streamLearner(): Promise<number> {
  await eb.send(
    new UpdateEnvironmentCommand({
      EnvironmentName: LEARNER,
      OptionSettings: [{ Namespace: STREAMING, OptionName: 'StreamLogs', Value: 'true' }],
    }),
  );
  sandbox.advanceClock(15_000);
  const events = await eb.send(new DescribeEventsCommand({ EnvironmentName: LEARNER, MaxRecords: 5 }));
  // The deployment still fails (its WSGIPath), but the configuration, streaming included, is in place.
  expect(events.Events?.[0]?.Message).toMatch(/^Environment health has transitioned|Failed to deploy configuration\.$/);
  const started = events.Events?.find((e) => e.Message === 'Environment update is starting.');
  if (!started?.EventDate) throw new Error('update did not start');
  return started.EventDate.getTime();
}

/** An AL2023 environment of the photos app with two instances, streaming from its creation, 30-day retention. */
async function launchStreaming(): Promise<void> {
  await eb.send(
    new CreateEnvironmentCommand({
      ApplicationName: 'bbruceeb2',
      EnvironmentName: 'photos-stream',
      VersionLabel: 'deploy-app-v2',
      SolutionStackName: '64bit Amazon Linux 2023 v4.3.0 running Python 3.11',
      OptionSettings: [
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' },
        { Namespace: STREAMING, OptionName: 'StreamLogs', Value: 'true' },
        { Namespace: STREAMING, OptionName: 'RetentionInDays', Value: '30' },
      ],
    }),
  );
  sandbox.advanceClock(30_000 + 120_000);
}

async function allEvents(group: string, stream: string): Promise<OutputLogEvent[]> {
  const out = await logs.send(
    new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }),
  );
  return out.events ?? [];
}

describe('CloudWatch Logs for Elastic Beanstalk', () => {
  it('DescribeLogGroups: the groups of the platform generation, only once an environment streams', async () => {
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    await streamLearner();
    await launchStreaming();
    const learner = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/elasticbeanstalk/${LEARNER}/` }),
    );
    expect(learner.logGroups?.map((g) => g.logGroupName)).toEqual([
      LEGACY_GROUP('eb-activity.log'),
      LEGACY_GROUP('httpd/access_log'),
      LEGACY_GROUP('httpd/error_log'),
    ]);
    expect(learner.logGroups?.[0]).toMatchObject({
      retentionInDays: 7,
      arn: `arn:aws:logs:us-east-1:570589970431:log-group:${LEGACY_GROUP('eb-activity.log')}:*`,
    });
    const names: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const out = await logs.send(new DescribeLogGroupsCommand({ limit: 3, nextToken: token }));
      expect(out.logGroups?.length).toBeLessThanOrEqual(3);
      names.push(...(out.logGroups ?? []).map((g) => g.logGroupName ?? ''));
      token = out.nextToken;
      if (!token) break;
    }
    // Byte order: `Bbruceeb2-env` sorts before `photos-stream`.
    expect(names).toEqual([
      ...(learner.logGroups ?? []).map((g) => g.logGroupName ?? ''),
      AL2023_GROUP('eb-engine.log'),
      AL2023_GROUP('nginx/access.log'),
      AL2023_GROUP('nginx/error.log'),
      AL2023_GROUP('web.stdout.log'),
    ]);
    const photos = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: AL2023_GROUP('web') }));
    expect(photos.logGroups?.[0]?.retentionInDays).toBe(30);
  });

  it('DescribeLogStreams: one stream per instance, ordered and paged as CloudWatch does', async () => {
    await launchStreaming();
    const group = AL2023_GROUP('nginx/access.log');
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    const names = byName.logStreams?.map((s) => s.logStreamName ?? '') ?? [];
    expect(names).toHaveLength(2);
    expect(names.every((n) => /^i-[0-9a-f]{17}$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
    const first = byName.logStreams?.[0];
    expect(first?.firstEventTimestamp).toBeLessThan(first?.lastEventTimestamp ?? 0);
    expect(first?.arn).toBe(`arn:aws:logs:us-east-1:570589970431:log-group:${group}:log-stream:${names[0]}`);
    const page1 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, descending: true, limit: 1 }));
    expect(page1.logStreams?.map((s) => s.logStreamName)).toEqual([names[1]]);
    const page2 = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: group, descending: true, limit: 1, nextToken: page1.nextToken }),
    );
    expect(page2.logStreams?.map((s) => s.logStreamName)).toEqual([names[0]]);
    expect(page2.nextToken).toBeUndefined();
    const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime' }));
    const times = byTime.logStreams?.map((s) => s.lastEventTimestamp ?? 0) ?? [];
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const both = await awsError(
      logs.send(
        new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', logStreamNamePrefix: 'i-' }),
      ),
    );
    expect(both).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(
      await awsError(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/elasticbeanstalk/nope' }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  it('GetLogEvents: newest by default, oldest from the head, forward paging until the token stops moving', async () => {
    await launchStreaming();
    const group = AL2023_GROUP('web.stdout.log');
    const stream =
      (await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams?.[0]?.logStreamName ?? '';
    const everything = await allEvents(group, stream);
    expect(everything.length).toBeGreaterThan(20);
    expect(everything[0]?.message).toMatch(/web\[\d+\]: \[.*\] \[INFO\] Starting gunicorn/);
    const newest = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 3 }));
    expect(newest.events).toEqual(everything.slice(-3));
    const paged: OutputLogEvent[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const out = await logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          startFromHead: true,
          limit: 7,
          nextToken: token,
        }),
      );
      expect(out.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
      expect(out.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
      paged.push(...(out.events ?? []));
      if (out.nextForwardToken === token) break;
      token = out.nextForwardToken;
    }
    expect(paged).toEqual(everything);
    const back = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        limit: 3,
        nextToken: newest.nextBackwardToken,
      }),
    );
    expect(back.events).toEqual(everything.slice(-6, -3));
    const start = everything[10]?.timestamp ?? 0;
    const end = everything[20]?.timestamp ?? 0;
    const window = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        startTime: start,
        endTime: end,
      }),
    );
    expect(window.events?.every((e) => (e.timestamp ?? 0) >= start && (e.timestamp ?? 0) < end)).toBe(true);
    expect(window.events?.length).toBeGreaterThan(0);
    expect(
      await awsError(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'i-0000000000000000' }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
  });

  it('streams from when StreamLogs turned on; new lines arrive as the clock moves and earlier ones never change', async () => {
    const since = await streamLearner();
    sandbox.advanceClock(60_000);
    const group = LEGACY_GROUP('httpd/error_log');
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    const events = first.events ?? [];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => (e.timestamp ?? 0) >= since)).toBe(true);
    expect(events.every((e) => e.message?.includes('Target WSGI script not found or unable to stat'))).toBe(true);
    sandbox.advanceClock(60_000);
    const later = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    const again = later.events ?? [];
    expect(again.length).toBeGreaterThan(events.length);
    expect(again.slice(0, events.length)).toEqual(events);
  });

  it('FilterLogEvents: interleaves the instances by time, filters by pattern, pages with a token', async () => {
    await launchStreaming();
    const group = AL2023_GROUP('web.stdout.log');
    const all = (await logs.send(new FilterLogEventsCommand({ logGroupName: group }))).events ?? [];
    expect(new Set(all.map((e) => e.logStreamName)).size).toBe(2);
    const times = all.map((e) => e.timestamp ?? 0);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(all.every((e) => /^\d{56}$/.test(e.eventId ?? '') && (e.ingestionTime ?? 0) > (e.timestamp ?? 0))).toBe(
      true,
    );
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);

    const keyErrors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"KeyError: \'DATABASE_HOST\'"' }),
    );
    expect(keyErrors.events?.length).toBeGreaterThan(0);
    expect(keyErrors.events?.every((e) => e.message?.endsWith("KeyError: 'DATABASE_HOST'"))).toBe(true);
    const either = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '?Booting ?KeyError' }),
    );
    expect(either.events?.some((e) => e.message?.includes('Booting worker'))).toBe(true);
    expect(either.events?.some((e) => e.message?.includes('KeyError'))).toBe(true);

    const one = all[0]?.logStreamName ?? '';
    const only = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: [one] }));
    expect(only.events?.every((e) => e.logStreamName === one)).toBe(true);

    const paged: FilteredLogEvent[] = [];
    let token: string | undefined;
    for (let page = 0; page < 200; page += 1) {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 25, nextToken: token }));
      paged.push(...(out.events ?? []));
      token = out.nextToken;
      if (!token) break;
    }
    expect(paged).toEqual(all);
    expect(
      await awsError(
        logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "ERROR" }' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('the streamed lines are the instance logs’ own lines', async () => {
    await launchStreaming();
    await eb.send(new RequestEnvironmentInfoCommand({ EnvironmentName: 'photos-stream', InfoType: 'tail' }));
    sandbox.advanceClock(5_000);
    const entries =
      (await eb.send(new RetrieveEnvironmentInfoCommand({ EnvironmentName: 'photos-stream', InfoType: 'tail' })))
        .EnvironmentInfo ?? [];
    const entry = entries[0];
    const tail = await (await fetch(entry?.Message ?? '')).text();
    const streamed = await allEvents(AL2023_GROUP('nginx/access.log'), entry?.Ec2InstanceId ?? '');
    expect(streamed.length).toBeGreaterThan(0);
    for (const event of streamed.slice(-5)) expect(tail).toContain(`${event.message}\n`);
  });

  it('errors come in the awsJson envelope with AWS’s codes', async () => {
    const headers = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIARAWHTTPTEST00001/20261122/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00',
      'content-type': 'application/x-amz-json-1.1',
    };
    const missing = await rawRequest(sandbox.endpoint, {
      headers: { ...headers, 'x-amz-target': 'Logs_20140328.GetLogEvents' },
      body: JSON.stringify({ logGroupName: '/aws/elasticbeanstalk/nope/var/log/eb-engine.log', logStreamName: 'i-1' }),
    });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    const unknown = await rawRequest(sandbox.endpoint, {
      headers: { ...headers, 'x-amz-target': 'Logs_20140328.PutLogEvents' },
      body: '{}',
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
