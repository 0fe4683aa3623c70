/**
 * What publishing enhanced-health metrics costs: each is a CloudWatch custom
 * metric, once per environment or once per instance. One wording for the
 * console's notice and the plan's risk note, always said as an estimate.
 */

/** CloudWatch's first tier in us-east-1: the first 10,000 custom metrics a month. */
export const DOLLARS_PER_METRIC_MONTH = 0.3;

export interface InstanceBounds {
  readonly min: number;
  readonly max: number;
}

interface OptionLike {
  readonly namespace: string;
  readonly optionName: string;
  readonly value?: string | undefined;
}

const option = (settings: readonly OptionLike[], namespace: string, name: string): string | undefined =>
  settings.find((o) => o.namespace === namespace && o.optionName === name)?.value;

/** How many instances the environment runs: one when single-instance, else its Auto Scaling bounds. */
export function instanceBounds(settings: readonly OptionLike[]): InstanceBounds {
  if (option(settings, 'aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance')
    return { min: 1, max: 1 };
  const read = (name: string, fallback: number): number => {
    const value = Number(option(settings, 'aws:autoscaling:asg', name));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const min = read('MinSize', 1);
  return { min, max: Math.max(min, read('MaxSize', 4)) };
}

const dollars = (n: number): string => `$${n.toFixed(2)}`;
const metrics = (n: number): string => `${n} metric${n === 1 ? '' : 's'}`;

/** The estimate for `environment` new environment metrics and `instance` new metrics per instance. */
export function publishingCost(environment: number, instance: number, bounds: InstanceBounds): string {
  const { min, max } = bounds;
  const low = environment + instance * min;
  const high = environment + instance * max;
  const perInstance =
    instance === 0
      ? ''
      : ` + ${metrics(instance)} per instance × ${min === max ? min : `${min}–${max}`} instance${max === 1 ? '' : 's'}`;
  const total =
    low === high
      ? `${metrics(low)} ≈ ${dollars(low * DOLLARS_PER_METRIC_MONTH)}/month`
      : `${low}–${high} metrics ≈ ${dollars(low * DOLLARS_PER_METRIC_MONTH)}–${dollars(high * DOLLARS_PER_METRIC_MONTH)}/month`;
  return (
    `Cost: each published metric is a CloudWatch custom metric, about ${dollars(DOLLARS_PER_METRIC_MONTH)} per metric ` +
    `per month for the first 10,000 in us-east-1. ${metrics(environment)} for the environment${perInstance} = ${total}. ` +
    'This is an estimate; prices vary by region, and instances replaced during the month add metrics.'
  );
}
