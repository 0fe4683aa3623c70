/**
 * Instance logs through the whole main process (router → log service → real
 * SDK clients and node fetch) against the practice sandbox: the lab's
 * Bbruceeb2-env tail shows mod_wsgi's missing-script error once the sandbox
 * clock passes the delivery delay; the full-logs bundle unzips into the
 * instance's files; neither answer carries a URL, a signature or AWS's
 * request id; a sandbox whose clock never moves ends the wait with the
 * timeout message; and a streaming environment's live tail reads CloudWatch Logs.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/context';
import { SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { Channel, ChannelInput, LogRetrieval, Target } from '../../../src/shared/contract';
import { consoleIn } from '../../support/appConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { startTestSandbox, TRAINING_LAB, type TestSandbox } from '../../support/sandbox';

const target: Target = { profile: 'sandbox', region: SANDBOX_REGION };
const BROKEN = TRAINING_LAB.learnerEnvironment.environmentName;
const INSTANCE = TRAINING_LAB.learnerEnvironment.instanceId;
const DEMO = TRAINING_LAB.demoEnvironment.environmentName;

let ctx: AppContext;
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

/** Polls as the renderer does, moving the sandbox clock on between polls; bounded. */
async function retrieveWhenReady(
  requestId: string,
  stepMs: number,
): Promise<Extract<LogRetrieval, { state: 'ready' }>> {
  for (let i = 0; i < 20; i++) {
    const result = await call('beanstalk.retrieveLogs', { target, requestId });
    if (result.state === 'ready') return result;
    ctx.sandbox!.advanceClock(stepMs);
  }
  throw new Error('the logs never became ready');
}

function fileOf(logs: Extract<LogRetrieval, { state: 'ready' }>, instanceId: string, path: string) {
  return logs.instances.find((i) => i.instanceId === instanceId)?.files.find((f) => f.path === path);
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-logs-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
});
afterAll(() => ctx?.close());

describe('instance logs through the router against the training lab', () => {
  it('requests the last 100 lines, waits for EB, and shows the WSGI error in the Apache error log', async () => {
    const request = await call('beanstalk.requestLogs', {
      target,
      environmentName: BROKEN,
      infoType: 'tail',
      waitLimitSeconds: 120,
    });
    expect(request).toMatchObject({ environmentName: BROKEN, infoType: 'tail', instanceIds: [INSTANCE] });
    const first = await call('beanstalk.retrieveLogs', { target, requestId: request.requestId });
    expect(first).toMatchObject({ state: 'pending', progress: 'requestEnvironmentInfo is starting.' });

    ctx.sandbox!.advanceClock(6_000);
    const logs = await retrieveWhenReady(request.requestId, 2_000);
    expect(logs.instances.map((i) => i.instanceId)).toEqual([INSTANCE]);
    expect(logs.instances[0]!.problem).toBeUndefined();
    const errorLog = fileOf(logs, INSTANCE, '/var/log/httpd/error_log');
    expect(errorLog?.text).toMatch(/Target WSGI script not found or unable to stat/);
    expect(errorLog!.lineCount).toBeGreaterThan(0);
    expect(errorLog!.lineCount).toBeLessThanOrEqual(100);
    expect(logs.totalBytes).toBe(logs.instances[0]!.files.reduce((n, f) => n + f.bytes, 0));
    // The renderer's answer holds text only: no presigned URL, no signature, no AWS request id.
    const wire = JSON.stringify(logs);
    expect(wire).not.toMatch(/https?:\/\/|X-Amz-|Signature=|resources\/environments\/logs/);
    expect(wire).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('unzips the full-logs bundle into the instance’s files', async () => {
    const request = await call('beanstalk.requestLogs', {
      target,
      environmentName: BROKEN,
      infoType: 'bundle',
      waitLimitSeconds: 120,
    });
    ctx.sandbox!.advanceClock(11_000);
    const logs = await retrieveWhenReady(request.requestId, 2_000);
    expect(logs.infoType).toBe('bundle');
    const paths = logs.instances[0]!.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['/var/log/httpd/error_log', '/var/log/eb-activity.log']));
    expect(paths.every((p) => p.startsWith('/var/log/'))).toBe(true);
    const errorLog = fileOf(logs, INSTANCE, '/var/log/httpd/error_log');
    expect(errorLog?.text).toMatch(/Target WSGI script not found or unable to stat/);
    // A bundle holds whole files, so at least as much as the tail of the same file.
    expect(errorLog!.lineCount).toBeGreaterThanOrEqual(1);
  });

  it('does not know a request id it did not hand out', async () => {
    const result = await dispatch(ctx.router, 'beanstalk.retrieveLogs', { target, requestId: 'not-a-request' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('rejects a wait limit outside 1–900 s before calling AWS', async () => {
    const result = await dispatch(ctx.router, 'beanstalk.requestLogs', {
      target,
      environmentName: BROKEN,
      infoType: 'tail',
      waitLimitSeconds: 0,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('tails CloudWatch Logs once streaming is turned on through a previewed option change', async () => {
    const before = await call('beanstalk.logStreaming', { target, environmentName: DEMO });
    expect(before).toMatchObject({ enabled: false, logGroups: [] });
    const plan = await call('changes.plan', {
      target,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: DEMO,
        set: [{ namespace: 'aws:elasticbeanstalk:cloudwatch:logs', optionName: 'StreamLogs', value: 'true' }],
        remove: [],
      },
    });
    expect(plan.blocked).toBeFalsy();
    await call('changes.apply', { planId: plan.id });
    ctx.sandbox!.advanceClock(5 * 60_000);

    const after = await call('beanstalk.logStreaming', { target, environmentName: DEMO });
    expect(after.enabled).toBe(true);
    expect(after.logGroups.length).toBeGreaterThan(0);
    expect(after.logGroups.every((g) => g.startsWith(`/aws/elasticbeanstalk/${DEMO}/var/log/`))).toBe(true);

    const since = new Date(0).toISOString();
    const page = await call('beanstalk.tailLiveLogs', {
      target,
      environmentName: DEMO,
      since,
      logGroups: after.logGroups,
    });
    expect(page.events.length).toBeGreaterThan(0);
    expect(new Set(page.events.map((e) => e.id)).size).toBe(page.events.length);
    const times = page.events.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(page.nextSince).toBe(page.events.at(-1)!.timestamp);
    expect(page.events.every((e) => after.logGroups.includes(`/aws/elasticbeanstalk/${DEMO}${e.file}`))).toBe(true);

    // Polling again from nextSince brings back at most the overlap, never new copies of old lines.
    const again = await call('beanstalk.tailLiveLogs', {
      target,
      environmentName: DEMO,
      since: page.nextSince,
      logGroups: after.logGroups,
    });
    const seen = new Set(page.events.map((e) => e.id));
    expect(again.events.every((e) => seen.has(e.id) || Date.parse(e.timestamp) >= Date.parse(page.nextSince))).toBe(
      true,
    );
  });
});

describe('logs that never arrive', () => {
  let frozen: TestSandbox;
  let frozenCtx: AppContext;

  beforeAll(async () => {
    // The sandbox's clock stands still, so its delivery delay never passes; main's own clock still runs.
    const instant = new Date();
    frozen = await startTestSandbox({ now: () => instant });
    const dir = mkdtempSync(join(tmpdir(), 'trellis-logs-frozen-'));
    writeFileSync(
      join(dir, 'config'),
      `[profile frozen]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${frozen.endpoint}\n`,
    );
    writeFileSync(
      join(dir, 'credentials'),
      `[frozen]\naws_access_key_id = ${SANDBOX_ADMIN_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${SANDBOX_ADMIN_CREDENTIALS.secretAccessKey}\n`,
    );
    frozenCtx = await consoleIn(dir, { sandbox: false });
  });
  afterAll(async () => {
    await frozenCtx?.close();
    await frozen?.dispose();
  });

  it('ends the wait with a message that says what to check', async () => {
    const frozenTarget = { profile: 'frozen', region: SANDBOX_REGION };
    const request = await mustCall(frozenCtx.router, 'beanstalk.requestLogs', {
      target: frozenTarget,
      environmentName: BROKEN,
      infoType: 'tail',
      waitLimitSeconds: 1,
    });
    const first = await mustCall(frozenCtx.router, 'beanstalk.retrieveLogs', {
      target: frozenTarget,
      requestId: request.requestId,
    });
    expect(first.state).toBe('pending');
    // Wait on the answer changing, not on a fixed sleep; main's 1 s limit bounds it.
    await expect
      .poll(
        async () =>
          (
            await dispatch(frozenCtx.router, 'beanstalk.retrieveLogs', {
              target: frozenTarget,
              requestId: request.requestId,
            })
          ).ok,
        { timeout: 5_000, interval: 200 },
      )
      .toBe(false);
    const ended = await dispatch(frozenCtx.router, 'beanstalk.retrieveLogs', {
      target: frozenTarget,
      requestId: request.requestId,
    });
    expect(ended).toMatchObject({
      ok: false,
      error: {
        code: 'timeout',
        message: `No logs arrived from ${BROKEN} within 1 s. Its instances may be stopped, or the instance profile may not be allowed to write to the ${TRAINING_LAB.bundleBucket} bucket.`,
      },
    });
  });
});
