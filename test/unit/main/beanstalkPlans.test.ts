import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeService } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';
import type { ChangeIntent } from '../../../src/shared/contract';
import { FakeBeanstalk } from './beanstalkFakes';

const target = { profile: 'ops', region: 'eu-west-1' };
const ENV_NS = 'aws:elasticbeanstalk:application:environment';
const NODE = 'aws:elasticbeanstalk:container:nodejs';
const ASG = 'aws:autoscaling:asg';
const OLD_SECRET = 'pg-Old&secret%1';
const NEW_SECRET = 'pg-New$secret"2';

function world() {
  const eb = new FakeBeanstalk('orders-api-prod', 'orders', [
    { Namespace: NODE, OptionName: 'NodeCommand', Value: 'node server.js' },
    { Namespace: ASG, OptionName: 'MaxSize', Value: '4' },
    { Namespace: ENV_NS, OptionName: 'PG_PASSWORD', Value: OLD_SECRET },
    { Namespace: ENV_NS, OptionName: 'LOG_LEVEL', Value: 'info' },
  ]);
  const journalFile = join(mkdtempSync(join(tmpdir(), 'eb-plans-')), 'journal.jsonl');
  const journal = new Journal(journalFile);
  const changes = new ChangeService({
    aws: eb.factory(),
    journal,
    cliTarget: (t) => ({ region: t.region, profile: t.profile }),
    isReadOnly: () => false,
    accountOf: async () => '111122223333',
  });
  return { eb, changes, journal, journalFile };
}

const updateOptions = (
  set: { namespace: string; optionName: string; value: string }[],
  remove: { namespace: string; optionName: string }[] = [],
): ChangeIntent => ({ kind: 'beanstalk.updateOptions', environmentName: 'orders-api-prod', set, remove });

describe('beanstalk.updateOptions plans', () => {
  it('previews, applies, verifies and undoes exactly, with secrets never in the plan or the journal', async () => {
    const { eb, changes, journalFile } = world();
    const original = structuredClone(eb.settings);
    const plan = await changes.plan(
      target,
      updateOptions(
        [
          { namespace: NODE, optionName: 'NodeCommand', value: 'node dist/server.js' },
          { namespace: ENV_NS, optionName: 'PG_PASSWORD', value: NEW_SECRET },
          { namespace: ENV_NS, optionName: 'FEATURE_X', value: 'on' },
        ],
        [{ namespace: ENV_NS, optionName: 'LOG_LEVEL' }],
      ),
    );
    expect(plan.blocked).toBeUndefined();
    expect(plan.title).toBe('Update 4 options on orders-api-prod');
    expect(plan.risk.level).toBe('medium');
    expect(plan.diff.map((d) => `${d.change} ${d.label}`)).toEqual([
      `modify ${NODE}: NodeCommand`,
      `modify ${ENV_NS}: PG_PASSWORD`,
      `add ${ENV_NS}: FEATURE_X`,
      `remove ${ENV_NS}: LOG_LEVEL`,
    ]);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]!.operation).toBe('UpdateEnvironment');
    expect(plan.cli[0]).toContain(
      "'Namespace=aws:elasticbeanstalk:application:environment,OptionName=PG_PASSWORD,Value=<value>'",
    );
    expect(plan.cli[0]).toMatch(/ --profile ops --region eu-west-1$/);
    const shown = JSON.stringify(plan);
    expect(shown).not.toContain(NEW_SECRET);
    expect(shown).not.toContain(OLD_SECRET);
    expect(shown).toMatch(/«secret sha256:[0-9a-f]{8}»/);

    const applied = await changes.apply(plan.id);
    expect(applied.entry.status).toBe('applied');
    // The real value went to AWS.
    expect(eb.value(ENV_NS, 'PG_PASSWORD')).toBe(NEW_SECRET);
    expect(eb.value(NODE, 'NodeCommand')).toBe('node dist/server.js');
    expect(eb.value(ENV_NS, 'LOG_LEVEL')).toBeUndefined();
    expect(applied.entry.verification?.verified).toBe(true);
    expect(applied.entry.verification?.detail).toMatch(
      /^Verified: NodeCommand is node dist\/server\.js; PG_PASSWORD is «secret sha256:[0-9a-f]{8}»; FEATURE_X is on; LOG_LEVEL is removed; environment is Updating\.$/,
    );
    expect(applied.undoAvailable).toBe(true);

    // An undo waits for the update to finish.
    const early = await changes.planUndo(applied.entry.id);
    expect(early.blocked).toBe('Environment orders-api-prod is Updating; wait until it is Ready.');
    eb.status = 'Ready';

    const undo = await changes.planUndo(applied.entry.id);
    expect(undo.blocked).toBeUndefined();
    expect(JSON.stringify(undo)).not.toContain(OLD_SECRET);
    expect(undo.diff.map((d) => `${d.change} ${d.label}`)).toEqual([
      `modify ${NODE}: NodeCommand`,
      `modify ${ENV_NS}: PG_PASSWORD`,
      `add ${ENV_NS}: LOG_LEVEL`,
      `remove ${ENV_NS}: FEATURE_X`,
    ]);
    const undone = await changes.apply(undo.id);
    expect(undone.entry.verification?.verified).toBe(true);
    const sortKey = (o: { Namespace?: string; OptionName?: string }) => `${o.Namespace}|${o.OptionName}`;
    const sorted = (list: typeof original) => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(sorted(eb.settings)).toEqual(sorted(original));

    const journalText = readFileSync(journalFile, 'utf8');
    expect(journalText).toContain('PG_PASSWORD');
    expect(journalText).not.toContain(NEW_SECRET);
    expect(journalText).not.toContain(OLD_SECRET);
    // Nor the JSON-escaped form of either.
    expect(journalText).not.toContain(JSON.stringify(NEW_SECRET).slice(1, -1));
  });

  it('blocks a plan that changes nothing, or removes what is not set', async () => {
    const { changes } = world();
    const same = await changes.plan(target, updateOptions([{ namespace: ASG, optionName: 'MaxSize', value: '4' }]));
    expect(same.blocked).toBe('Nothing to change on orders-api-prod: MaxSize already has the requested value.');
    const missing = await changes.plan(target, updateOptions([], [{ namespace: ASG, optionName: 'MinSize' }]));
    expect(missing.blocked).toBe(`${ASG}: MinSize is not set, so it cannot be removed.`);
    await expect(changes.apply(missing.id)).rejects.toThrow(/not set/);
  });

  it('keeps a secret out of the journal when AWS quotes it back in an error', async () => {
    const { eb, changes, journalFile } = world();
    eb.updateError = () =>
      Object.assign(
        new Error(`Invalid option value: '${NEW_SECRET}' (Namespace: '${ENV_NS}', OptionName: 'PG_PASSWORD')`),
        {
          name: 'InvalidParameterValue',
          Code: 'InvalidParameterValue',
          $metadata: { httpStatusCode: 400 },
        },
      );
    const plan = await changes.plan(
      target,
      updateOptions([{ namespace: ENV_NS, optionName: 'PG_PASSWORD', value: NEW_SECRET }]),
    );
    const out = await changes.apply(plan.id);
    expect(out.entry.status).toBe('failed');
    expect(out.entry.steps[0]!.error?.message).toMatch(/^Invalid option value: '«secret sha256:[0-9a-f]{8}»'/);
    expect(readFileSync(journalFile, 'utf8')).not.toContain(NEW_SECRET);
  });

  it('blocks while the environment is not Ready', async () => {
    const { eb, changes } = world();
    eb.status = 'Launching';
    const plan = await changes.plan(target, updateOptions([{ namespace: ASG, optionName: 'MaxSize', value: '2' }]));
    expect(plan.blocked).toBe('Environment orders-api-prod is Launching; wait until it is Ready.');
  });

  it('blocks an undo of a secret whose value this session no longer knows', async () => {
    const { changes } = world();
    const plan = await changes.plan(
      target,
      updateOptions([{ namespace: ENV_NS, optionName: 'PG_PASSWORD', value: '«secret sha256:00000000»' }]),
    );
    expect(plan.blocked).toMatch(/previous value of PG_PASSWORD is not kept on disk/);
  });
});

describe('beanstalk restart and rebuild plans', () => {
  it('restart has no undo and is low risk; rebuild is high risk', async () => {
    const { changes } = world();
    const restart = await changes.plan(target, {
      kind: 'beanstalk.restartAppServer',
      environmentName: 'orders-api-prod',
    });
    expect(restart).toMatchObject({ undo: null, risk: { level: 'low' }, blocked: undefined });
    expect(restart.cli).toEqual([
      'aws elasticbeanstalk restart-app-server --environment-name orders-api-prod --profile ops --region eu-west-1',
    ]);
    const rebuild = await changes.plan(target, { kind: 'beanstalk.rebuild', environmentName: 'orders-api-prod' });
    expect(rebuild).toMatchObject({ undo: null, risk: { level: 'high' } });
    expect(rebuild.risk.note).toMatch(/terminates and replaces every instance/i);
    expect(rebuild.permissions).toContain('elasticbeanstalk:RebuildEnvironment');
  });
});
