import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIn } from '../../support/appConsole';
import { type AppContext } from '../../../src/main/context';
import type { Channel, ChannelInput, OptionSetting } from '../../../src/shared/contract';
import { mustCall } from '../../support/rpc';

// Elastic Beanstalk through the whole main process (router → services →
// real SDK clients) against the practice sandbox's training lab.
let ctx: AppContext;
const target = { profile: 'sandbox', region: 'us-east-1' };
const BROKEN = 'Bbruceeb2-env';
// Red at start: its instance role cannot read its SSM secrets (catalogue F10).
const DEMO = 'flask-ssm-demo-prod';
const PYTHON = 'aws:elasticbeanstalk:container:python';
const PROPS = 'aws:elasticbeanstalk:application:environment';

const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(ctx.router, channel, input);

/** Moves the sandbox's simulated clock on, so operations in flight complete. */
function advance(ms: number): void {
  if (!ctx.sandbox) throw new Error('the practice sandbox did not start');
  ctx.sandbox.advanceClock(ms);
}

async function untilReady(environmentName: string): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    const env = (await call('beanstalk.listEnvironments', { target })).find((e) => e.name === environmentName);
    if (env?.status === 'Ready') return;
    advance(60_000);
  }
  throw new Error(`${environmentName} never became Ready`);
}

const optionValue = (options: OptionSetting[], namespace: string, optionName: string) =>
  options.find((o) => o.namespace === namespace && o.optionName === optionName)?.value;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-eb-'));
  ctx = await consoleIn(dir, { sandbox: true, dataDir: join(dir, 'data') });
});
afterAll(() => ctx?.close());

describe('Elastic Beanstalk reads through the router against the training lab', () => {
  it('lists environments with their causes', async () => {
    const list = await call('beanstalk.listEnvironments', { target });
    const broken = list.find((e) => e.name === BROKEN);
    const demo = list.find((e) => e.name === DEMO);
    expect(broken).toMatchObject({ applicationName: 'bbruceeb2', status: 'Ready' });
    expect(broken!.health).not.toBe('Green');
    expect(broken!.platform).toMatch(/Python/);
    expect(broken!.causesProblem).toBeUndefined();
    expect(broken!.causes.length).toBeGreaterThan(0);
    expect(demo).toMatchObject({ health: 'Red', causes: ['Command failed on all instances.'] });
    expect(demo!.causesProblem).toBeUndefined();
    expect(list.every((e) => e.status !== 'Terminated')).toBe(true);
  });

  it('reads enhanced health with the instances', async () => {
    const h = await call('beanstalk.health', { target, environmentName: DEMO });
    expect(h.problem).toBeUndefined();
    expect(h.instancesProblem).toBeUndefined();
    expect(h.color).toBe('Red');
    expect(h.instances.length).toBeGreaterThan(0);
    expect(h.instances[0]!.instanceId).toMatch(/^i-[0-9a-f]+$/);
    const counted = Object.values(h.instanceCounts).reduce((a, b) => a + b, 0);
    expect(counted).toBe(h.instances.length);
  });

  it('pages events with nextToken, newest first, and filters by severity', async () => {
    const first = await call('beanstalk.describeEvents', { target, environmentName: BROKEN, maxRecords: 2 });
    expect(first.events).toHaveLength(2);
    expect(first.apiCalls).toBe(1);
    expect(first.nextToken).toBeTruthy();
    expect(first.events[0]!.date >= first.events[1]!.date).toBe(true);
    const second = await call('beanstalk.describeEvents', {
      target,
      environmentName: BROKEN,
      maxRecords: 2,
      nextToken: first.nextToken,
    });
    expect(second.events.length).toBeGreaterThan(0);
    expect(second.events[0]!.date <= first.events[1]!.date).toBe(true);
    expect(second.events.map((e) => e.message + e.date)).not.toContain(
      first.events[0]!.message + first.events[0]!.date,
    );

    const errors = await call('beanstalk.describeEvents', {
      target,
      environmentName: BROKEN,
      severity: 'ERROR',
      maxRecords: 100,
    });
    expect(errors.events.every((e) => e.severity === 'ERROR' || e.severity === 'FATAL')).toBe(true);
    expect(errors.events.map((e) => e.message)).toContain('Your WSGIPath refers to a file that does not exist.');
  });

  it('shows the configuration operator-first with DATABASE_PASSWORD masked, and reveals it on request', async () => {
    const config = await call('beanstalk.configuration', { target, environmentName: BROKEN });
    expect(config.applicationName).toBe('bbruceeb2');
    expect(config.options[0]).toMatchObject({ namespace: PYTHON, optionName: 'WSGIPath' });
    expect(config.options.some((o) => o.namespace === PROPS)).toBe(false);
    const password = config.properties.find((p) => p.name === 'DATABASE_PASSWORD');
    expect(password).toEqual({ name: 'DATABASE_PASSWORD', masked: true });
    expect(config.properties.find((p) => p.name === 'DATABASE_HOST')).toMatchObject({ masked: false });

    const { value } = await call('beanstalk.revealProperty', {
      target,
      environmentName: BROKEN,
      name: 'DATABASE_PASSWORD',
    });
    expect(value.length).toBeGreaterThan(0);
    expect(JSON.stringify(config)).not.toContain(value);
  });

  it('lists the deployed bundle and flags the app zipped inside folders', async () => {
    const env = (await call('beanstalk.listEnvironments', { target })).find((e) => e.name === BROKEN)!;
    const version = await call('beanstalk.applicationVersion', {
      target,
      applicationName: 'bbruceeb2',
      versionLabel: env.versionLabel!,
    });
    expect(version.bundleProblem).toBeUndefined();
    expect(version.bundle?.rootFolders).toEqual(expect.arrayContaining(['Deploy', 'FlaskApp']));
    expect(version.bundle?.hasApplicationPy).toBe(false);
    expect(version.bundle?.nestedApplicationPy).toContain('FlaskApp/application.py');
  });

  it('reads the environment resources with the instances network facts', async () => {
    const res = await call('beanstalk.resources', { target, environmentName: DEMO });
    expect(res.instancesProblem).toBeUndefined();
    expect(res.autoScalingGroups.length).toBeGreaterThan(0);
    const [instance] = res.instances;
    expect(instance?.privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(instance?.vpcId).toMatch(/^vpc-/);
    expect(instance?.securityGroups[0]?.id).toMatch(/^sg-/);
    expect(instance?.securityGroups[0]?.name).toBeTruthy();
  });
});

describe('Elastic Beanstalk changes through the router', () => {
  it('fixes WSGIPath through a plan, verifies it, and its undo restores the previous value exactly', async () => {
    const before = await call('beanstalk.configuration', { target, environmentName: BROKEN });
    const oldPath = optionValue(before.options, PYTHON, 'WSGIPath');
    expect(oldPath).toBeDefined();
    expect(oldPath).not.toBe('FlaskApp/application.py');

    const plan = await call('changes.plan', {
      target,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: BROKEN,
        set: [{ namespace: PYTHON, optionName: 'WSGIPath', value: 'FlaskApp/application.py' }],
      },
    });
    expect(plan.blocked).toBeUndefined();
    expect(plan.diff).toEqual([
      { change: 'modify', label: `${PYTHON}: WSGIPath`, before: oldPath, after: 'FlaskApp/application.py' },
    ]);
    expect(plan.cli[0]).toContain(
      `aws elasticbeanstalk update-environment --environment-name ${BROKEN} --option-settings 'Namespace=${PYTHON},OptionName=WSGIPath,Value=FlaskApp/application.py'`,
    );
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification).toMatchObject({ verified: true });
    expect(applied.entry.verification?.detail).toMatch(
      /^Verified: WSGIPath is FlaskApp\/application\.py; environment is \w+\.$/,
    );

    // While EB works, the new value is the draft beside the still-deployed old one.
    const during = await call('beanstalk.configuration', { target, environmentName: BROKEN });
    expect(optionValue(during.options, PYTHON, 'WSGIPath')).toBe(oldPath);
    expect(optionValue(during.draft ?? [], PYTHON, 'WSGIPath')).toBe('FlaskApp/application.py');

    await untilReady(BROKEN);
    const news = await call('beanstalk.describeEvents', {
      target,
      environmentName: BROKEN,
      since: applied.entry.at,
      maxRecords: 100,
    });
    expect(news.events.length).toBeGreaterThan(0);
    expect(news.events.every((e) => e.date >= applied.entry.at.slice(0, 19))).toBe(true);
    const fixed = await call('beanstalk.configuration', { target, environmentName: BROKEN });
    expect(optionValue(fixed.options, PYTHON, 'WSGIPath')).toBe('FlaskApp/application.py');

    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    expect(undo.blocked).toBeUndefined();
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification).toMatchObject({ verified: true });
    await untilReady(BROKEN);
    const after = await call('beanstalk.configuration', { target, environmentName: BROKEN });
    expect(after.options).toEqual(before.options);
    expect(after.properties).toEqual(before.properties);
  });

  it('never writes a secret property set through a plan to the journal', async () => {
    await untilReady(DEMO);
    const secret = `Zq-${Date.now()}-s3cr3t&o`;
    const plan = await call('changes.plan', {
      target,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: DEMO,
        set: [{ namespace: PROPS, optionName: 'API_TOKEN', value: secret }],
      },
    });
    expect(plan.blocked).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain(secret);
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.verification).toMatchObject({ verified: true });
    expect(JSON.stringify(applied)).not.toContain(secret);
    // It did reach AWS; revealing reads the deployed set, so wait for the update to finish.
    await untilReady(DEMO);
    const { value } = await call('beanstalk.revealProperty', { target, environmentName: DEMO, name: 'API_TOKEN' });
    expect(value).toBe(secret);
    const journal = readFileSync(join(ctx.dataDir, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('API_TOKEN');
    expect(journal).not.toContain(secret);
    expect(journal).not.toContain(`Zq-`);
  });

  it('restarts the app server with no undo, verified by re-reading the status, and blocks while Updating', async () => {
    await untilReady(DEMO);
    const plan = await call('changes.plan', {
      target,
      intent: { kind: 'beanstalk.restartAppServer', environmentName: DEMO },
    });
    expect(plan).toMatchObject({ blocked: undefined, undo: null, risk: { level: 'low' } });
    expect(plan.cli[0]).toContain(`aws elasticbeanstalk restart-app-server --environment-name ${DEMO}`);
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.undoAvailable).toBe(false);
    expect(applied.entry.verification?.verified).toBe(true);
    expect(applied.entry.verification?.detail).toMatch(
      /^Verified: RestartAppServer was accepted; flask-ssm-demo-prod is (Updating|Ready)/,
    );

    const events = await call('beanstalk.describeEvents', { target, environmentName: DEMO, maxRecords: 5 });
    expect(events.events[0]?.message).toMatch(/restartAppServer/i);

    const env = (await call('beanstalk.listEnvironments', { target })).find((e) => e.name === DEMO)!;
    expect(env.status).toBe('Updating');
    const early = await call('changes.plan', {
      target,
      intent: { kind: 'beanstalk.rebuild', environmentName: DEMO },
    });
    expect(early.blocked).toBe(`Environment ${DEMO} is Updating; wait until it is Ready.`);
    await untilReady(DEMO);
    const rebuild = await call('changes.plan', {
      target,
      intent: { kind: 'beanstalk.rebuild', environmentName: DEMO },
    });
    expect(rebuild).toMatchObject({ blocked: undefined, undo: null, risk: { level: 'high' } });
  });
});
