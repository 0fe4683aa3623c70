/**
 * The Doctor's one-click re-bundle as an intent of its own: planning it
 * stages the corrected bundle, and the plan (and so the journal) is the
 * deploy of exactly that bundle. An app already at the zip root gets a clear
 * refusal, not a pointless deploy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../../src/shared/contract';
import { deployConsole, type DeployConsole } from '../../support/deployConsole';
import { dispatch, mustCall } from '../../support/rpc';
import { TRAINING_LAB } from '../../support/sandbox';

let d: DeployConsole;
const target = { profile: 'sandbox', region: 'us-east-1' };
const LEARNER = TRAINING_LAB.learnerEnvironment.environmentName;
const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => mustCall(d.ctx.router, channel, input);

beforeAll(async () => {
  d = await deployConsole();
});
afterAll(() => d.close());

describe('beanstalk.rebundleDeploy', () => {
  it('plans the deploy of a freshly staged, corrected bundle and journals it as that deploy', async () => {
    const plan = await call('changes.plan', {
      target,
      intent: { kind: 'beanstalk.rebundleDeploy', environmentName: LEARNER },
    });
    expect(plan.blocked).toBeUndefined();
    expect(plan.title).toMatch(
      new RegExp(`^Re-bundle and deploy deploy-app-v1-rebundled-\\d{8}-\\d{6} to ${LEARNER}$`),
    );
    expect(plan.intent).toMatchObject({ kind: 'beanstalk.deployBundle', environmentName: LEARNER });
    expect(plan.bundle?.files.map((f) => f.path)).toContain('application.py');
    expect(plan.bundle?.checks.find((c) => c.id === 'zip-root')?.status).toBe('pass');

    const out = await call('changes.apply', { planId: plan.id });
    expect(out.entry.status).toBe('applied');
    expect(out.entry.intent).toEqual(plan.intent);
    const undo = await call('journal.planUndo', { entryId: out.entry.id });
    expect(undo.intent).toEqual({
      kind: 'beanstalk.deployVersion',
      environmentName: LEARNER,
      versionLabel: 'deploy-app-v1',
    });
  });

  it('refuses an environment whose app already sits at the zip root', async () => {
    const result = await dispatch(d.ctx.router, 'changes.plan', {
      target,
      intent: { kind: 'beanstalk.rebundleDeploy', environmentName: TRAINING_LAB.demoEnvironment.environmentName },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('conflict');
    expect(result.error.message).toMatch(/already has the app at the zip root.*there is no folder to move\.$/);
  });
});
