/**
 * SSM parameter ARNs as environmentsecrets and error texts carry them. A
 * hierarchical name `/app/env/X` has the ARN `…:parameter/app/env/X` (one
 * slash), so the name is recovered by matching against what SSM lists.
 */
import { parameterArn } from '../beanstalk/parameters';
import type { ParameterFact } from '../facts';

const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]*:\d{12}:parameter\/.+$/;

export function isParameterArn(value: string): boolean {
  return PARAMETER_ARN.test(value.trim());
}

/** The two names an ARN can stand for: `a/b` is only valid as `/a/b`; `x` may be `x` or `/x`. */
export function parameterNamesOfArn(arn: string): string[] {
  const rest = arn.slice(arn.indexOf(':parameter/') + ':parameter/'.length);
  return rest.includes('/') ? [`/${rest}`] : [rest, `/${rest}`];
}

export function findParameter(parameters: readonly ParameterFact[], arn: string): ParameterFact | undefined {
  const names = parameterNamesOfArn(arn);
  return parameters.find((p) => p.arn === arn || names.includes(p.name));
}

/** The ARN prefix of a declared path such as `/flaskapp/flaskenv/`, for "is this ARN under it". */
export function parameterPathArn(ctx: { partition: string; region: string; account: string }, path: string): string {
  const withSlashes = `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
  return parameterArn(ctx, withSlashes);
}
