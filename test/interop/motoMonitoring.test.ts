import { describe, expect, it } from 'vitest';
import { motoConsole } from '../support/motoConsole';
import { putEnvironmentHealth } from '../support/motoMetrics';

// moto keeps only what was put: here EnvironmentHealth for one environment and
// no request or latency figures, as an account without enhanced health reporting.
const ENV = 'inventory-blue';
const HEALTH = [0, 15, 25];

const { call, target } = motoConsole('monitoring', (endpoint) => putEnvironmentHealth(endpoint, ENV, HEALTH));

describe('monitoring.environment against moto', () => {
  it('draws what moto returns and answers the unpublished series with no points', async () => {
    const metrics = await call('monitoring.environment', { target, environmentName: ENV, rangeMinutes: 60 });
    expect(metrics.calls).toBe(1);
    const byId = new Map(metrics.series.map((s) => [s.id, s]));
    expect(byId.get('health')?.points.map((p) => p.v)).toEqual(HEALTH);
    for (const id of ['r2xx', 'r3xx', 'r4xx', 'r5xx', 'p50', 'p90', 'p99']) {
      expect(byId.get(id)?.points).toEqual([]);
    }
  });
});
