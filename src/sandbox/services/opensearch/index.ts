/**
 * OpenSearch Service over restJson1, signing name `es`: the 2021 OpenSearch
 * API and the legacy 2015 Elasticsearch API, both over the same domains.
 */
import { AwsError } from '../../errors';
import { jsonResponse, readJsonBody, renderRestJsonError } from '../../protocols/restJson';
import type { RequestContext, SandboxRequest, SandboxResponse, ServiceModule } from '../../serviceModule';
import { checkDomainName, createDomain, deleteDomain, findDomain, updateDomainConfig } from './domains';
import { type Dialect, engineType, renderDomainConfig, renderDomainStatus } from './shapes';
import { partitionOf } from '../../../shared/aws/partitions';

/** `/2021-01-01/opensearch/domain/x/config` → dialect, then what follows `domain`. */
interface ParsedPath {
  readonly dialect: Dialect;
  /** `list` for `/<version>/domain`, `info` for DescribeDomains, else the domain collection. */
  readonly kind: 'list' | 'info' | 'domains';
  readonly name?: string;
  readonly config?: boolean;
}

const PATH =
  /^\/(2021-01-01|2015-01-01)\/(?:(domain)|(?:opensearch|es)\/(domain-info|domain)(?:\/([^/]+)(\/config)?)?)\/?$/;

function parsePath(path: string): ParsedPath | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  const dialect: Dialect = m[1] === '2021-01-01' ? 'opensearch' : 'elasticsearch';
  // The 2021 collection is under /opensearch/, the 2015 one under /es/; the other spelling is not a route.
  if (!m[2] && path.includes(dialect === 'opensearch' ? '/es/' : '/opensearch/')) return undefined;
  if (m[2]) return { dialect, kind: 'list' };
  if (m[3] === 'domain-info') return m[4] ? undefined : { dialect, kind: 'info' };
  return { dialect, kind: 'domains', name: m[4] ? decodeURIComponent(m[4]) : undefined, config: m[5] !== undefined };
}

/** A domain's ARN from its name, whether or not it exists yet: policies are judged before the lookup. */
function arnOfName(context: RequestContext, name: string): string {
  return `arn:${partitionOf(context.region)}:es:${context.region}:${context.store.document.account.id}:domain/${name}`;
}

const notFound = (request: SandboxRequest) =>
  new AwsError('UnknownOperationException', `No operation at ${request.method} ${request.path}.`, 404);

function listDomainNames(request: SandboxRequest, context: RequestContext): SandboxResponse {
  context.authorize('es:ListDomainNames');
  const wanted = request.query.get('engineType');
  if (wanted !== null && wanted !== 'OpenSearch' && wanted !== 'Elasticsearch') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${wanted}' at 'engineType' failed to satisfy constraint: Member must satisfy enum value set: [OpenSearch, Elasticsearch]`,
      400,
    );
  }
  const domains = context.store.document.search.domains
    .filter((d) => d.region === context.region && (wanted === null || engineType(d) === wanted))
    .map((d) => ({ DomainName: d.name, EngineType: engineType(d) }));
  return jsonResponse(200, { DomainNames: domains }, context.requestId);
}

function describeDomains(request: SandboxRequest, parsed: ParsedPath, context: RequestContext): SandboxResponse {
  const names = readJsonBody(request)['DomainNames'];
  if (!Array.isArray(names) || names.length > 5) {
    throw new AwsError('ValidationException', 'DomainNames must be a list of at most 5 domain names.', 400);
  }
  context.authorize(
    parsed.dialect === 'opensearch' ? 'es:DescribeDomains' : 'es:DescribeElasticsearchDomains',
    names.filter((name): name is string => typeof name === 'string').map((name) => arnOfName(context, name)),
  );
  const doc = context.store.document;
  // Names that do not exist are left out of the answer, not an error, as AWS does.
  const list = names
    .map((name) => doc.search.domains.find((d) => d.name === checkDomainName(name) && d.region === context.region))
    .filter((d) => d !== undefined)
    .map((d) => renderDomainStatus(d, doc.account.id, parsed.dialect));
  return jsonResponse(200, { DomainStatusList: list }, context.requestId);
}

function route(request: SandboxRequest, context: RequestContext): SandboxResponse {
  const parsed = parsePath(request.path);
  if (!parsed) throw notFound(request);
  const { method } = request;
  const es = parsed.dialect === 'elasticsearch';
  if (parsed.kind === 'list') {
    if (method !== 'GET') throw notFound(request);
    return listDomainNames(request, context);
  }
  if (parsed.kind === 'info') {
    if (method !== 'POST') throw notFound(request);
    return describeDomains(request, parsed, context);
  }
  const accountId = context.store.document.account.id;
  if (parsed.name === undefined) {
    if (method !== 'POST') throw notFound(request);
    const body = readJsonBody(request);
    const wanted = body['DomainName'];
    context.authorize(
      es ? 'es:CreateElasticsearchDomain' : 'es:CreateDomain',
      typeof wanted === 'string' ? [arnOfName(context, wanted)] : undefined,
    );
    const name = createDomain(body, parsed.dialect, context);
    const domain = findDomain(context.store.document, name);
    // A new domain is still being built; Processing stays true in this first answer, as AWS reports it.
    const status = renderDomainStatus(domain, accountId, parsed.dialect, { processing: true });
    return jsonResponse(200, { DomainStatus: status }, context.requestId);
  }
  const name = checkDomainName(parsed.name);
  if (parsed.config) {
    if (method === 'GET') {
      context.authorize(es ? 'es:DescribeElasticsearchDomainConfig' : 'es:DescribeDomainConfig', [
        arnOfName(context, name),
      ]);
      const config = renderDomainConfig(findDomain(context.store.document, name), parsed.dialect);
      return jsonResponse(200, { DomainConfig: config }, context.requestId);
    }
    if (method === 'POST') {
      context.authorize(es ? 'es:UpdateElasticsearchDomainConfig' : 'es:UpdateDomainConfig', [
        arnOfName(context, name),
      ]);
      updateDomainConfig(name, readJsonBody(request), context);
      const config = renderDomainConfig(findDomain(context.store.document, name), parsed.dialect);
      return jsonResponse(200, { DomainConfig: config }, context.requestId);
    }
    throw notFound(request);
  }
  if (method === 'GET') {
    context.authorize(es ? 'es:DescribeElasticsearchDomain' : 'es:DescribeDomain', [arnOfName(context, name)]);
    const status = renderDomainStatus(findDomain(context.store.document, name), accountId, parsed.dialect);
    return jsonResponse(200, { DomainStatus: status }, context.requestId);
  }
  if (method === 'DELETE') {
    context.authorize(es ? 'es:DeleteElasticsearchDomain' : 'es:DeleteDomain', [arnOfName(context, name)]);
    const removed = deleteDomain(name, context);
    const status = renderDomainStatus(removed, accountId, parsed.dialect, { processing: true, deleted: true });
    return jsonResponse(200, { DomainStatus: status }, context.requestId);
  }
  throw notFound(request);
}

export const openSearchService: ServiceModule = {
  signingName: 'es',
  renderError: (error, requestId) => renderRestJsonError(error, requestId),
  handle(request, context) {
    try {
      return route(request, context);
    } catch (error: unknown) {
      if (error instanceof AwsError) return renderRestJsonError(error, context.requestId);
      throw error;
    }
  },
};
