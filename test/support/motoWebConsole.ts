/**
 * The built web console over a fresh moto holding one Elastic Beanstalk
 * environment, for the browser tests' "against moto" cases: moto keeps only
 * what was put, so the console shows an account that publishes nothing but
 * the health the test puts.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { motoProfile } from './appConsole';
import { startMoto, type RunningMoto } from './moto';
import { createMotoEnvironment, putEnvironmentHealth } from './motoMetrics';
import { sharedConsole } from './webConsole';

/**
 * Registers the `beforeAll`/`afterAll` that start moto with `inventory/<environmentName>` (and its
 * EnvironmentHealth, when `health` is given), the console over it, and stop both. `page()` opens a page
 * already on the `moto` profile.
 */
export function motoEnvironmentConsole(
  environmentName: string,
  health: readonly number[] = [],
): { page(): Promise<Page> } {
  let moto: RunningMoto | undefined;
  const shared = sharedConsole(() => {
    if (!moto) throw new Error('motoEnvironmentConsole: moto is not running');
    return motoProfile(moto.endpoint);
  });
  beforeAll(async () => {
    moto = await startMoto();
    await createMotoEnvironment(moto.endpoint, 'inventory', environmentName);
    if (health.length > 0) await putEnvironmentHealth(moto.endpoint, environmentName, health);
    await shared.start();
  }, 60_000);
  afterAll(async () => {
    await shared.stop();
    await moto?.stop();
  });
  return {
    async page(): Promise<Page> {
      const page = await shared.page();
      await page.getByRole('combobox', { name: 'Profile' }).selectOption('moto');
      return page;
    },
  };
}
