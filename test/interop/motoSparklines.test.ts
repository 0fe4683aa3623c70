/**
 * The environment list's sparklines against moto: one environment with
 * health put into CloudWatch and one with nothing. moto answers the metric
 * math of the 5xx share with no points, and the rows say "No data" for what
 * is absent, with no error.
 */
import { describe, expect, it } from 'vitest';
import { errorsSummary, healthSummary } from '../../src/renderer/src/views/beanstalk/sparklines';
import { motoConsole } from '../support/motoConsole';
import { putEnvironmentHealth } from '../support/motoMetrics';

const WITH_HEALTH = 'inventory-blue';
const SILENT = 'inventory-green';
const HEALTH = [0, 15, 25];

const { dispatch, target } = motoConsole('sparklines', (endpoint) =>
  putEnvironmentHealth(endpoint, WITH_HEALTH, HEALTH),
);

describe('monitoring.environmentList against moto', () => {
  it('draws the health moto holds and says No data for the rest, in one call', async () => {
    const result = await dispatch('monitoring.environmentList', {
      target,
      environmentNames: [WITH_HEALTH, SILENT],
    });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    const list = result.data;
    expect(list).toMatchObject({ calls: 1, queries: 8, errorsAs: 'percent' });
    const [blue, green] = list.environments;
    expect(blue!.health.map((p) => p.v)).toEqual(HEALTH);
    expect(healthSummary(blue!.health).label).toBe('Health, last hour: Severe now, worst Severe');
    expect(errorsSummary(blue!, list.errorsAs).label).toBe('5xx, last hour: No data');
    expect(green).toEqual({ environmentName: SILENT, health: [], errors: [], requests: [] });
    expect(healthSummary(green!.health)).toMatchObject({ label: 'Health, last hour: No data', gap: 'No data' });
    expect(errorsSummary(green!, list.errorsAs)).toMatchObject({ label: '5xx, last hour: No data', gap: 'No data' });
  });
});
