/**
 * RDS speaks awsQuery, but unlike IAM its lists name their entries after the
 * shape (`<DBInstances><DBInstance>…`, `<Subnets><Subnet>…`), and the SDK
 * parses by those names. This writer adds that one thing on top of the shared
 * escaping; envelopes and errors reuse the awsQuery module.
 */
import { partitionOf } from '../../../shared/aws/partitions';
import { AwsError, internalFailure } from '../../errors';
import { queryResponse, readQueryParams, renderQueryError } from '../../protocols/awsQuery';
import type { QueryParams } from '../../protocols/queryParams';
import { escapeAttribute, escapeXml } from '../../protocols/xml';
import type { RequestContext, ServiceModule } from '../../serviceModule';

export const RDS_XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';

/** A list whose entries are each wrapped in `<item>` named element. */
export class NamedList {
  constructor(
    readonly item: string,
    readonly entries: readonly RdsValue[],
  ) {}
}

export type RdsValue = string | number | boolean | undefined | NamedList | RdsNode;
export interface RdsNode {
  readonly [element: string]: RdsValue;
}

export function renderRds(name: string, value: RdsValue): string {
  if (value === undefined) return '';
  let content: string;
  if (typeof value === 'string') content = escapeXml(value);
  else if (typeof value === 'number') content = String(value);
  else if (typeof value === 'boolean') content = value ? 'true' : 'false';
  else if (value instanceof NamedList) content = value.entries.map((entry) => renderRds(value.item, entry)).join('');
  else
    content = Object.entries(value)
      .map(([child, v]) => renderRds(child, v))
      .join('');
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

export type RdsAction = (params: QueryParams, context: RequestContext) => RdsNode;

export function createRdsService(actions: ReadonlyMap<string, RdsAction>): ServiceModule {
  const errorResponse = (error: AwsError, requestId: string) =>
    queryResponse(error.status, renderQueryError(error, RDS_XMLNS, requestId), requestId);
  return {
    signingName: 'rds',
    renderError: errorResponse,
    handle(request, context) {
      try {
        const params = readQueryParams(request);
        const action = params.raw('Action');
        if (action === undefined || action === '') throw new AwsError('MissingAction', 'Missing Action', 400);
        const handler = actions.get(action);
        if (!handler)
          throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2014-10-31`, 400);
        // A request about one DB instance is judged on its ARN, so a policy scoped to `db:orders-*` holds.
        const instance = params.raw('DBInstanceIdentifier');
        context.authorize(
          `rds:${action}`,
          instance === undefined || instance === ''
            ? undefined
            : [
                `arn:${partitionOf(context.region)}:rds:${context.region}:${context.store.document.account.id}:db:${instance}`,
              ],
        );
        const result = renderRds(`${action}Result`, handler(params, context));
        const metadata = renderRds('ResponseMetadata', { RequestId: context.requestId });
        const body = `<${action}Response xmlns="${escapeAttribute(RDS_XMLNS)}">${result}${metadata}</${action}Response>`;
        return queryResponse(200, body, context.requestId);
      } catch (error: unknown) {
        if (error instanceof AwsError) return errorResponse(error, context.requestId);
        console.error('[sandbox] rds handler failed:', error);
        return errorResponse(internalFailure('An internal error has occurred.'), context.requestId);
      }
    },
  };
}

/** `Name.Member.N` lists as RDS sends them, e.g. `VpcSecurityGroupIds.VpcSecurityGroupId.1`. */
export function namedParamList(params: QueryParams, list: string, member: string): string[] {
  const prefix = `${list}.${member}.`;
  return params
    .names()
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map((name) => params.raw(name) ?? '');
}

export interface RdsFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** `Filters.Filter.N.Name` with `Filters.Filter.N.Values.Value.M`. */
export function rdsFilters(params: QueryParams): RdsFilter[] {
  return params
    .names()
    .map((name) => /^Filters\.Filter\.(\d+)\.Name$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((match) => ({
      name: params.raw(match[0]) ?? '',
      values: namedParamList(params, `Filters.Filter.${match[1] ?? ''}.Values`, 'Value'),
    }));
}

export function rdsError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, status);
}
