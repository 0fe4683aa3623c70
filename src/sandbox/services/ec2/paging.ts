/**
 * EC2's `MaxResults`/`NextToken` paging for the describe calls that have it,
 * with EC2's own errors. Without `MaxResults` EC2 answers with every item at
 * once (the documented default), so a caller that never asks for pages is
 * unaffected. Pages run in id order and the token names the last id sent,
 * so a page stays right when items before it are created or deleted between
 * calls.
 */
import { AwsError } from '../../errors';
import type { QueryParams } from '../../protocols/queryParams';

export const MIN_RESULTS = 5;
export const MAX_RESULTS = 1000;

/** How one operation words its errors (EC2's wording and casing differ between operations). */
export interface PagingRules {
  /** The wire name of the id list that `MaxResults` may not be combined with, e.g. `securityGroupIdSet`. */
  readonly idSet: string;
  readonly hasIds: boolean;
}

export interface Ec2Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

function encodeToken(id: string): string {
  return Buffer.from(`v1|${id}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  // base64url decoding never throws; a token we did not issue fails the round trip or lacks the prefix.
  if (!text.startsWith('v1|') || text.length === 3 || encodeToken(text.slice(3)) !== token) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${token} ) for parameter NextToken is invalid. The token is invalid.`,
      400,
    );
  }
  return text.slice(3);
}

/** `MaxResults`, checked as EC2 checks it for DescribeSecurityGroups; undefined when absent. */
export function maxResultsOf(params: QueryParams, rules: PagingRules): number | undefined {
  const raw = params.raw('MaxResults');
  if (raw === undefined) return undefined;
  if (rules.hasIds) {
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameter ${rules.idSet} cannot be used with the parameter maxResults`,
      400,
    );
  }
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new AwsError('InvalidParameterValue', `Value ( ${raw} ) for parameter maxResults is invalid.`, 400);
  }
  if (value < MIN_RESULTS) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value greater than ${MIN_RESULTS}.`,
      400,
    );
  }
  if (value > MAX_RESULTS) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value smaller than ${MAX_RESULTS}.`,
      400,
    );
  }
  return value;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One page of `items` (already filtered): all of them when neither
 * `MaxResults` nor `NextToken` was sent, as EC2 does, else up to `maxResults`
 * after the token's id.
 */
export function pageOf<T extends { id: string }>(
  items: readonly T[],
  params: QueryParams,
  maxResults: number | undefined,
): Ec2Page<T> {
  const token = params.raw('NextToken');
  if (maxResults === undefined && (token === undefined || token === '')) return { items: [...items] };
  const after = token === undefined || token === '' ? undefined : decodeToken(token);
  const sorted = [...items].sort(byId);
  const start = after === undefined ? 0 : sorted.findIndex((item) => item.id > after);
  const from = start === -1 ? sorted.length : start;
  const page = sorted.slice(from, maxResults === undefined ? undefined : from + maxResults);
  const last = page[page.length - 1];
  return from + page.length < sorted.length && last
    ? { items: page, nextToken: encodeToken(last.id) }
    : { items: page };
}
