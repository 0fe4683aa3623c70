/**
 * The verify step of a deploy or roll-back: a deployment takes minutes, so
 * instead of one re-read it waits (bounded) for the environment to be Ready
 * again, then says which version runs and how healthy it is, or plainly that
 * it is not there yet.
 */
import { DescribeEnvironmentHealthCommand } from '@aws-sdk/client-elastic-beanstalk';
import type { Target, Verification } from '../../../shared/contract';
import { describeEnvironments } from '../../services/beanstalkEnvironments';
import type { DeployWaitOptions, PlannerContext } from '../types';

export const DEFAULT_DEPLOY_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_DEPLOY_POLL_MS = 5000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function duration(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 1
    ? `${Number(minutes.toFixed(1))} minute${minutes === 1 ? '' : 's'}`
    : `${Math.round(ms / 1000)} seconds`;
}

/** Causes are worth a second call only when the health is not Green; a failure to read them leaves them out. */
async function causesOf(ctx: PlannerContext, target: Target, environmentName: string): Promise<string[]> {
  try {
    const out = await ctx.aws.call(target, 'elasticbeanstalk', 'DescribeEnvironmentHealth', (c) =>
      c.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: environmentName, AttributeNames: ['Causes'] })),
    );
    return out.Causes ?? [];
  } catch {
    return [];
  }
}

/**
 * Polls until `environmentName` is Ready: verified when it then runs
 * `versionLabel` with health other than Red; otherwise the detail says what
 * it runs and why it is not verified. Gives up after the timeout with a
 * message, never waiting forever.
 */
export async function waitForDeployment(
  ctx: PlannerContext,
  target: Target,
  environmentName: string,
  versionLabel: string,
  wait: DeployWaitOptions = ctx.deployWait ?? {},
): Promise<Verification> {
  const timeoutMs = wait.timeoutMs ?? DEFAULT_DEPLOY_TIMEOUT_MS;
  const pollMs = Math.max(1, wait.pollMs ?? DEFAULT_DEPLOY_POLL_MS);
  const sleep = wait.sleep ?? realSleep;
  const polls = Math.ceil(timeoutMs / pollMs) + 1;
  let last: { status: string; health: string; label?: string } | undefined;
  let sawUpdate = false;
  for (let i = 0; i < polls; i += 1) {
    if (i > 0) await sleep(pollMs);
    const [env] = await describeEnvironments(ctx.aws, target, { environmentNames: [environmentName] });
    if (!env) return { verified: false, detail: `${environmentName} no longer exists.` };
    last = { status: env.Status ?? 'Unknown', health: env.Health ?? 'unknown', label: env.VersionLabel };
    if (last.status !== 'Ready') {
      sawUpdate = true;
      continue;
    }
    // A Ready read before the update has visibly started is not the outcome yet; one more look settles it.
    if (last.label !== versionLabel && !sawUpdate && i === 0) continue;
    const state = `Ready, health ${last.health}`;
    if (last.label !== versionLabel) {
      return {
        verified: false,
        detail: `${environmentName} is Ready but runs ${last.label ?? 'no version'}, not ${versionLabel}: the deployment did not take. Its events say why.`,
      };
    }
    if (last.health === 'Red') {
      const causes = await causesOf(ctx, target, environmentName);
      return {
        verified: false,
        detail: `${environmentName} runs ${versionLabel} and is ${state}, so the app is deployed but not healthy.${causes.length ? ` Causes: ${causes.join(' ')}` : ''}`,
      };
    }
    return { verified: true, detail: `Verified: ${environmentName} runs ${versionLabel}; ${state}.` };
  }
  return {
    verified: false,
    detail: `Stopped waiting after ${duration(timeoutMs)}: ${environmentName} is still ${last?.status ?? 'unknown'} (health ${last?.health ?? 'unknown'}), running ${last?.label ?? 'no version'}. The deployment may still finish; check its events.`,
  };
}
