import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../src/shared/contract';
import {
  alignRows,
  healthColor,
  healthName,
  noDataMessage,
  plotData,
} from '../../../src/renderer/src/views/beanstalk/monitoring/metricRows';
import { periodFor } from '../../../src/main/services/monitoring';
import { monitoringRanges } from '../../../src/shared/contract';

const series = (id: string, points: [string, number][]): MetricSeries => ({
  id,
  metricName: id,
  label: id,
  unit: 'Count',
  points: points.map(([t, v]) => ({ t, v })),
});

describe('monitoring rows', () => {
  it('aligns series on the union of their instants, oldest first, with gaps as null', () => {
    const a = series('a', [
      ['2026-12-06T10:02:00.000Z', 2],
      ['2026-12-06T10:00:00.000Z', 0],
    ]);
    const b = series('b', [['2026-12-06T10:01:00.000Z', 7]]);
    const rows = alignRows([a, b]);
    expect(rows).toEqual([
      { t: '2026-12-06T10:00:00.000Z', ms: Date.parse('2026-12-06T10:00:00Z'), values: [0, null] },
      { t: '2026-12-06T10:01:00.000Z', ms: Date.parse('2026-12-06T10:01:00Z'), values: [null, 7] },
      { t: '2026-12-06T10:02:00.000Z', ms: Date.parse('2026-12-06T10:02:00Z'), values: [2, null] },
    ]);
    const data = plotData(rows, 2);
    expect(data[0]).toEqual([
      Date.parse('2026-12-06T10:00:00Z') / 1000,
      Date.parse('2026-12-06T10:01:00Z') / 1000,
      Date.parse('2026-12-06T10:02:00Z') / 1000,
    ]);
    expect(data[1]).toEqual([0, null, 2]);
    expect(data[2]).toEqual([null, 7, null]);
  });

  it('names the EnvironmentHealth codes as Elastic Beanstalk does, and shows anything else as its number', () => {
    expect([0, 1, 5, 10, 15, 20, 25].map(healthName)).toEqual([
      'OK',
      'Info',
      'Unknown',
      'No data',
      'Warning',
      'Degraded',
      'Severe',
    ]);
    expect(healthName(12.5)).toBe('12.5');
    // The band: Severe and Degraded differ, OK is neither, unknown states are neutral.
    const [ok, info, unknown, noData, warning, degraded, severe] = [0, 1, 5, 10, 15, 20, 25].map(healthColor);
    expect(new Set([ok, warning, degraded, severe]).size).toBe(4);
    expect(info).toBe(ok);
    expect(noData).toBe(unknown);
  });

  it('explains missing enhanced-health series by the option, but not missing health', () => {
    expect(noDataMessage([series('ApplicationRequests2xx', []), series('ApplicationRequests5xx', [])])).toBe(
      'No data for ApplicationRequests2xx, ApplicationRequests5xx in this range. Enhanced health reporting publishes these metrics.',
    );
    expect(noDataMessage([series('EnvironmentHealth', [])])).toBe('No data for EnvironmentHealth in this range.');
  });

  it('chooses a period for every range that keeps a series at or under 1,440 points', () => {
    for (const range of monitoringRanges) {
      expect((range * 60) / periodFor(range)).toBeLessThanOrEqual(1440);
    }
    expect(monitoringRanges.map(periodFor)).toEqual([60, 60, 300, 300, 3600]);
  });
});
