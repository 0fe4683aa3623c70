/** The metric math of GetMetricData: precedence, parentheses, unary minus, and what a series op drops. */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { evaluate, parseExpression, references, type Series } from '../../../src/sandbox/services/cloudwatch/math';

const series = (entries: Array<[number, number]>): Series => new Map(entries);
const SERIES: Record<string, Series> = {
  a: series([
    [1, 10],
    [2, 20],
    [3, 0],
  ]),
  b: series([
    [1, 5],
    [3, 4],
  ]),
};
const run = (expression: string) => evaluate(parseExpression(expression), (id) => SERIES[id] ?? series([]));

describe('metric math', () => {
  it('honours precedence, parentheses and unary minus on numbers', () => {
    expect(run('1+2*3')).toBe(7);
    expect(run('(1+2)*3')).toBe(9);
    expect(run('-2*-3 - 4/8')).toBe(5.5);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('1.5e2 / 3')).toBe(50);
  });

  it('combines series by timestamp, keeps only shared ones, and drops a division by zero', () => {
    expect([...(run('100*(b/a)') as Series)]).toEqual([[1, 50]]);
    expect([...(run('a/b') as Series)]).toEqual([
      [1, 2],
      [3, 0],
    ]);
    expect([...(run('a - 1') as Series)]).toEqual([
      [1, 9],
      [2, 19],
      [3, -1],
    ]);
  });

  it('lists the query ids an expression refers to', () => {
    expect(references(parseExpression('100*(m5xx/(mTotal + m_other))'))).toEqual(['m5xx', 'mTotal', 'm_other']);
  });

  it.each(['1 +', '(a*2', 'a b', 'a $ b', 'Upper*2', ''])('refuses %j with InvalidParameterValue', (expression) => {
    let error: unknown;
    try {
      parseExpression(expression);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('InvalidParameterValue');
  });
});
