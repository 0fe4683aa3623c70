/**
 * The log service against a scripted EB and CloudWatch Logs: a request is
 * tracked on main's clock, a retrieval stays pending until EB's "Pulled logs"
 * event for that request id, then downloads every instance's newest entry;
 * the wait ends with a message that says what to check; handles are not
 * shared across targets; the URL never comes back. The live tail merges
 * groups by time and eventId and resumes where a truncated group stopped.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Fetcher } from '../../../src/main/services/logs/download';
import { BeanstalkLogService } from '../../../src/main/services/beanstalkLogs';
import { toAppError } from '../../../src/main/aws/errors';
import { scriptedFactory } from './beanstalkFakes';

const target = { profile: 'sandbox', region: 'us-east-1' };
const ENV = 'Bbruceeb2-env';
const DASHES = '-'.repeat(40);
const TAIL = `${DASHES}\n/var/log/httpd/error_log\n${DASHES}\n[Sun Nov 22 10:00:00 2026] [error] [client 10.0.0.1] Target WSGI script not found or unable to stat: /opt/python/current/app/application.py\n\n`;
const SIGNED =
  'https://elasticbeanstalk-us-east-1-570589970431.s3.amazonaws.com/resources/environments/logs/tail/e-1/i-1/x.txt?X-Amz-Signature=secret';

interface World {
  events: { Message: string; Severity?: string; EventDate: Date }[];
  info: { InfoType: string; Ec2InstanceId: string; SampleTimestamp: Date; Message: string }[];
  instances: { InstanceId: string; State: { Name: string } }[];
}

function setup(world: World, fetcher: Fetcher, clock = { now: 1_000_000 }) {
  const scripted = scriptedFactory({
    DescribeEnvironmentResourcesCommand: () => ({
      EnvironmentResources: { Instances: world.instances.map((i) => ({ Id: i.InstanceId })) },
    }),
    DescribeInstancesCommand: () => ({ Reservations: [{ Instances: world.instances }] }),
    RequestEnvironmentInfoCommand: () => ({ $metadata: { requestId: 'aws-req-1' } }),
    DescribeEventsCommand: () => ({ Events: world.events }),
    RetrieveEnvironmentInfoCommand: () => ({ EnvironmentInfo: world.info }),
    GetCallerIdentityCommand: () => ({ Account: '570589970431' }),
  });
  const service = new BeanstalkLogService(scripted.aws, { now: () => clock.now, fetch: fetcher });
  return { service, calls: scripted.calls, clock };
}

const running = (id: string) => ({ InstanceId: id, State: { Name: 'running' } });
const textFetcher = (body: string | Uint8Array, seen: string[] = []): Fetcher => {
  return async (url) => {
    seen.push(url);
    return new Response(typeof body === 'string' ? body : new Blob([new Uint8Array(body)]));
  };
};

describe('requesting and retrieving instance logs', () => {
  it('waits for the Pulled logs event, then returns each running instance’s newest logs as text', async () => {
    const world: World = {
      events: [{ Message: 'requestEnvironmentInfo is starting.', EventDate: new Date(1) }],
      info: [],
      instances: [running('i-1'), { InstanceId: 'i-stopped', State: { Name: 'stopped' } }],
    };
    const seen: string[] = [];
    const { service, calls, clock } = setup(world, textFetcher(TAIL, seen));
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    expect(request).toMatchObject({
      environmentName: ENV,
      infoType: 'tail',
      instanceIds: ['i-1'],
      waitLimitSeconds: 120,
    });
    expect(request.requestId).not.toBe('aws-req-1');
    expect(request.requestedAt).toBe(new Date(1_000_000).toISOString());

    clock.now += 3_000;
    const pending = await service.retrieveLogs(target, request.requestId);
    expect(pending).toEqual({ state: 'pending', waitedMs: 3_000, progress: 'requestEnvironmentInfo is starting.' });
    expect(calls.find((c) => c.command === 'DescribeEventsCommand')?.input).toMatchObject({
      EnvironmentName: ENV,
      RequestId: 'aws-req-1',
    });
    expect(calls.some((c) => c.command === 'RetrieveEnvironmentInfoCommand')).toBe(false);

    world.events.unshift({ Message: 'Pulled logs for environment instances.', EventDate: new Date(2) });
    world.info = [
      { InfoType: 'tail', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(10), Message: 'https://old.example/x' },
      { InfoType: 'tail', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(20), Message: SIGNED },
      { InfoType: 'bundle', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(30), Message: 'https://bundle.example/x' },
    ];
    clock.now += 2_000;
    const ready = await service.retrieveLogs(target, request.requestId);
    expect(ready.state).toBe('ready');
    if (ready.state !== 'ready') return;
    expect(seen).toEqual([SIGNED]);
    expect(ready.waitedMs).toBe(5_000);
    expect(ready.instances).toHaveLength(1);
    expect(ready.instances[0]).toMatchObject({ instanceId: 'i-1', sampledAt: new Date(20).toISOString() });
    expect(ready.instances[0]!.files[0]).toMatchObject({ path: '/var/log/httpd/error_log', lineCount: 1 });
    expect(ready.totalBytes).toBe(ready.instances[0]!.files[0]!.bytes);
    expect(ready.apiCalls).toBe(calls.length);
    // The presigned URL and AWS's request id stay in main.
    expect(JSON.stringify(ready)).not.toMatch(/X-Amz-Signature|amazonaws|aws-req-1/);
  });

  it('unpacks a full-logs bundle, and names an instance that sent nothing', async () => {
    const zip = zipSync({ 'var/log/nginx/error.log': strToU8('2026/11/22 [error] 1#1: upstream failed\n') });
    const world: World = {
      events: [{ Message: 'Pulled logs for environment instances.', EventDate: new Date(2) }],
      info: [{ InfoType: 'bundle', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(20), Message: SIGNED }],
      instances: [running('i-1'), running('i-2')],
    };
    const { service } = setup(world, textFetcher(zip));
    const request = await service.requestLogs(target, ENV, 'bundle', 120);
    const ready = await service.retrieveLogs(target, request.requestId);
    if (ready.state !== 'ready') throw new Error('expected ready');
    expect(ready.instances.map((i) => i.instanceId)).toEqual(['i-1', 'i-2']);
    expect(ready.instances[0]!.files.map((f) => f.path)).toEqual(['/var/log/nginx/error.log']);
    expect(ready.instances[1]).toMatchObject({ files: [], problem: { code: 'not-found' } });
    expect(ready.instances[1]!.problem!.message).toMatch(/i-2 sent no logs/);
  });

  it('ends the wait with a message that says what to check, on main’s clock', async () => {
    const world: World = { events: [], info: [], instances: [running('i-1')] };
    const { service, clock } = setup(world, textFetcher(''));
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    clock.now += 119_000;
    expect((await service.retrieveLogs(target, request.requestId)).state).toBe('pending');
    clock.now += 2_000;
    const error = await service.retrieveLogs(target, request.requestId).then(
      () => undefined,
      (err: unknown) => toAppError(err),
    );
    expect(error).toMatchObject({ code: 'timeout' });
    expect(error!.message).toBe(
      'No logs arrived from Bbruceeb2-env within 120 s. Its instances may be stopped, or the instance profile may not be allowed to write to the elasticbeanstalk-us-east-1-570589970431 bucket.',
    );
  });

  it('reports EB’s own failure event instead of waiting it out', async () => {
    const world: World = {
      events: [{ Message: 'Failed to pull logs from instance i-1.', Severity: 'ERROR', EventDate: new Date(2) }],
      info: [],
      instances: [running('i-1')],
    };
    const { service } = setup(world, textFetcher(''));
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    await expect(service.retrieveLogs(target, request.requestId)).rejects.toMatchObject({
      appError: { code: 'aws', message: expect.stringMatching(/could not collect the logs.*Failed to pull logs/) },
    });
  });

  it('knows no handle it did not issue, nor one issued for another profile', async () => {
    const { service } = setup({ events: [], info: [], instances: [] }, textFetcher(''));
    await expect(service.retrieveLogs(target, 'nope')).rejects.toMatchObject({ appError: { code: 'not-found' } });
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    await expect(
      service.retrieveLogs({ profile: 'work', region: 'us-east-1' }, request.requestId),
    ).rejects.toMatchObject({ appError: { code: 'not-found' } });
  });

  it('refuses to send the URL anywhere but https or this machine, and keeps it out of the problem', async () => {
    const leaky = 'http://169.254.169.254/resources/environments/logs/tail?X-Amz-Signature=secret';
    const world: World = {
      events: [{ Message: 'Pulled logs for environment instances.', EventDate: new Date(2) }],
      info: [{ InfoType: 'tail', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(20), Message: leaky }],
      instances: [running('i-1')],
    };
    const seen: string[] = [];
    const { service } = setup(world, textFetcher(TAIL, seen));
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    const ready = await service.retrieveLogs(target, request.requestId);
    expect(seen).toEqual([]);
    if (ready.state !== 'ready') throw new Error('expected ready');
    expect(ready.instances[0]!.problem?.message).toMatch(/plain http/);
    expect(JSON.stringify(ready)).not.toContain('X-Amz-Signature');
  });

  it('shares one download between overlapping polls', async () => {
    const world: World = {
      events: [{ Message: 'Pulled logs for environment instances.', EventDate: new Date(2) }],
      info: [{ InfoType: 'tail', Ec2InstanceId: 'i-1', SampleTimestamp: new Date(20), Message: SIGNED }],
      instances: [running('i-1')],
    };
    const seen: string[] = [];
    const { service } = setup(world, textFetcher(TAIL, seen));
    const request = await service.requestLogs(target, ENV, 'tail', 120);
    const [a, b] = await Promise.all([
      service.retrieveLogs(target, request.requestId),
      service.retrieveLogs(target, request.requestId),
    ]);
    expect(a).toBe(b);
    expect(seen).toHaveLength(1);
  });
});

describe('streaming to CloudWatch Logs', () => {
  const settings = (stream: string) => ({
    DescribeEnvironmentsCommand: () => ({ Environments: [{ EnvironmentName: ENV, ApplicationName: 'bbruceeb2' }] }),
    DescribeConfigurationSettingsCommand: () => ({
      ConfigurationSettings: [
        {
          DeploymentStatus: 'deployed',
          OptionSettings: [
            { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'StreamLogs', Value: stream },
            { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'RetentionInDays', Value: '7' },
            { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'DeleteOnTerminate', Value: 'false' },
          ],
        },
      ],
    }),
    DescribeLogGroupsCommand: (input: Record<string, unknown>) => ({
      logGroups: [{ logGroupName: `${String(input.logGroupNamePrefix)}var/log/web.stdout.log` }],
    }),
  });

  it('reads the option and lists the groups EB made only when streaming is on', async () => {
    const on = scriptedFactory(settings('true'));
    expect(await new BeanstalkLogService(on.aws).logStreaming(target, ENV)).toEqual({
      environmentName: ENV,
      enabled: true,
      retentionInDays: 7,
      deleteOnTerminate: false,
      logGroups: ['/aws/elasticbeanstalk/Bbruceeb2-env/var/log/web.stdout.log'],
    });
    expect(on.calls.find((c) => c.command === 'DescribeLogGroupsCommand')?.input).toMatchObject({
      logGroupNamePrefix: '/aws/elasticbeanstalk/Bbruceeb2-env/',
    });
    const off = scriptedFactory(settings('false'));
    expect(await new BeanstalkLogService(off.aws).logStreaming(target, ENV)).toMatchObject({
      enabled: false,
      logGroups: [],
    });
    expect(off.calls.some((c) => c.command === 'DescribeLogGroupsCommand')).toBe(false);
  });

  const G1 = '/aws/elasticbeanstalk/Bbruceeb2-env/var/log/web.stdout.log';
  const G2 = '/aws/elasticbeanstalk/Bbruceeb2-env/var/log/nginx/error.log';
  const ev = (id: string, at: number, message: string) => ({
    eventId: id,
    timestamp: at,
    logStreamName: 'i-1',
    message: `${message}\n`,
  });

  it('merges groups by time, one line per eventId, and resumes from the newest line', async () => {
    const pages: Record<string, ReturnType<typeof ev>[]> = {
      [G1]: [ev('a', 1_000, 'first'), ev('c', 3_000, 'third'), ev('c', 3_000, 'third')],
      [G2]: [ev('b', 2_000, '[error] second')],
    };
    const { aws, calls } = scriptedFactory({
      FilterLogEventsCommand: (input) => ({ events: pages[String(input.logGroupName)] }),
    });
    const page = await new BeanstalkLogService(aws).tailLiveLogs(target, ENV, {
      since: new Date(500).toISOString(),
      logGroups: [G1, G2],
    });
    expect(page.events.map((e) => [e.id, e.file, e.message])).toEqual([
      ['a', '/var/log/web.stdout.log', 'first'],
      ['b', '/var/log/nginx/error.log', '[error] second'],
      ['c', '/var/log/web.stdout.log', 'third'],
    ]);
    expect(page.events[0]!.instanceId).toBe('i-1');
    expect(page.nextSince).toBe(new Date(3_000).toISOString());
    expect(page.apiCalls).toBe(2);
    expect(calls[0]!.input).toMatchObject({ startTime: 500, interleaved: true });
  });

  it('reads a bounded number of pages and resumes from where a truncated group stopped', async () => {
    let served = 0;
    const { aws } = scriptedFactory({
      FilterLogEventsCommand: (input) => {
        if (input.logGroupName === G2) return { events: [ev('late', 90_000, 'late')] };
        served++;
        return { events: [ev(`p${served}`, served * 1_000, 'page')], nextToken: 'more' };
      },
    });
    const page = await new BeanstalkLogService(aws).tailLiveLogs(target, ENV, {
      since: new Date(0).toISOString(),
      logGroups: [G1, G2],
    });
    expect(served).toBe(5);
    expect(page.nextSince).toBe(new Date(5_000).toISOString());
    expect(page.events.at(-1)!.id).toBe('late');
  });

  it('says when nothing new came, and refuses groups of another environment', async () => {
    const { aws } = scriptedFactory({ FilterLogEventsCommand: () => ({ events: [] }) });
    const service = new BeanstalkLogService(aws);
    const since = new Date(7_000).toISOString();
    expect(await service.tailLiveLogs(target, ENV, { since, logGroups: [G1] })).toMatchObject({
      events: [],
      nextSince: since,
    });
    await expect(
      service.tailLiveLogs(target, ENV, { since, logGroups: ['/aws/elasticbeanstalk/other-env/var/log/x'] }),
    ).rejects.toMatchObject({ appError: { code: 'validation' } });
  });
});
