/**
 * STS over awsQuery: who am I, AssumeRole and GetSessionToken. The sessions
 * they issue are resolved by the router like any other key (identity.ts).
 */
import { createAwsQueryService, type QueryAction } from '../../protocols/awsQuery';
import type { ServiceModule } from '../../serviceModule';
import { assumeRole } from './assumeRole';
import { getSessionToken } from './sessionToken';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';

/** Needs no permission in AWS either: anyone can ask who they are. */
const getCallerIdentity: QueryAction = (_params, { principal }) => ({
  Arn: principal.arn,
  UserId: principal.userId,
  Account: principal.accountId,
});

export const stsService: ServiceModule = createAwsQueryService({
  signingName: 'sts',
  xmlns: STS_XMLNS,
  version: STS_VERSION,
  actions: new Map([
    ['GetCallerIdentity', getCallerIdentity],
    ['AssumeRole', assumeRole],
    ['GetSessionToken', getSessionToken],
  ]),
});
