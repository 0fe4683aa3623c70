/**
 * What the sandbox's CloudWatch answers from: metrics derived from the
 * account's state on the sandbox clock (issue 15). The simulation provides a
 * MetricSource; the CloudWatch service only lists, aggregates and applies
 * statistics and metric math to what it returns.
 */

export interface MetricDimension {
  readonly name: string;
  readonly value: string;
}

/** One metric as ListMetrics names it: namespace, name and its full set of dimensions. */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  /** Sorted by name, so two ids of one metric compare equal. */
  readonly dimensions: readonly MetricDimension[];
}

/**
 * The raw one-minute samples of one metric that fall in one period. Every
 * statistic, extended ones (p99, tm90…) included, is computed from `values`.
 */
export interface PeriodSamples {
  /** Start of the period. */
  readonly timestamp: Date;
  /** One value per minute the metric was published in the period; never empty (periods with none are omitted). */
  readonly values: readonly number[];
  /** CloudWatch unit, e.g. 'Count', 'Percent', 'Seconds', 'None'. */
  readonly unit: string;
}

export interface MetricSource {
  /** Every metric with data in the two weeks before `now` (ListMetrics' window), optionally of one namespace. */
  list(now: Date, namespace?: string): MetricId[];
  /**
   * The samples of `id` grouped by period over [start, end), oldest first, periods aligned to
   * `periodSeconds` from the epoch; periods with no sample are left out. Nothing after `now`.
   */
  samples(id: MetricId, start: Date, end: Date, periodSeconds: number, now: Date): PeriodSamples[];
}
