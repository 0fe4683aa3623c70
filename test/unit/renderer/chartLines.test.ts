import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../src/shared/contract';
import {
  DRAWN_WHEN_MANY,
  drawnLines,
  MANY_LINES,
} from '../../../src/renderer/src/views/beanstalk/monitoring/chartLines';
import type { ChartLine } from '../../../src/renderer/src/views/beanstalk/monitoring/MetricChart';

function line(id: string, values: number[]): ChartLine {
  const series: MetricSeries = {
    id,
    metricName: 'CPUUser',
    label: id,
    unit: 'Percent',
    points: values.map((v, i) => ({ t: new Date(Date.UTC(2026, 11, 6, 0, i)).toISOString(), v })),
  };
  return { series, color: '#000' };
}

describe('drawnLines', () => {
  it('draws every line of a chart with few lines', () => {
    const lines = Array.from({ length: MANY_LINES }, (_, i) => line(`i${i}`, [i]));
    expect([...drawnLines(lines, false)].sort((a, b) => a - b)).toEqual([...lines.keys()]);
  });

  it('draws only the lines with the highest peak when there are many, until asked for all', () => {
    // Twenty instances; instances 3, 7, 11, 15 and 19 each have one busy minute, the rest idle.
    const busy = new Set([3, 7, 11, 15, 19]);
    const lines = Array.from({ length: 20 }, (_, i) => line(`i${i}`, busy.has(i) ? [5, 90 + i, 5] : [5, 6, 5]));
    const drawn = drawnLines(lines, false);
    expect(drawn.size).toBe(DRAWN_WHEN_MANY);
    expect([...drawn].sort((a, b) => a - b)).toEqual([...busy]);
    expect(drawnLines(lines, true).size).toBe(20);
  });

  it('keeps the first lines when peaks tie, and ranks a line without points last', () => {
    const lines = [line('empty', []), ...Array.from({ length: 9 }, (_, i) => line(`i${i}`, [10]))];
    expect([...drawnLines(lines, false)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
});
