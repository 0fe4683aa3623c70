/**
 * OpenSearch / Elasticsearch domains and their access policies, through the
 * OpenSearch API (which also answers for Elasticsearch domains). Listing takes
 * one ListDomainNames and one DescribeDomains per five domains. Where a
 * read-only policy allows only the 2015 API's Describe calls (ViewOnlyAccess
 * has es:DescribeElasticsearchDomains but not es:DescribeDomains), the same
 * domains are described through it.
 */
import {
  DescribeElasticsearchDomainCommand,
  DescribeElasticsearchDomainsCommand,
  type ElasticsearchDomainStatus,
} from '@aws-sdk/client-elasticsearch-service';
import {
  DescribeDomainCommand,
  DescribeDomainConfigCommand,
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  type DomainStatus,
} from '@aws-sdk/client-opensearch';
import type { SearchDomainDetail, SearchDomainSummary, Target } from '../../shared/contract';
import { classifyPolicy, exposureOf, parseJson, prettyPolicyText } from '../../shared/search';
import type { ClientFactory } from '../aws/clientFactory';
import { isAccessDenied } from './deniedPermission';

const DESCRIBE_BATCH = 5;

function engineOf(version: string | undefined): { engine: SearchDomainSummary['engine']; version: string } {
  const v = version ?? '';
  if (v.startsWith('OpenSearch_')) return { engine: 'OpenSearch', version: v.slice('OpenSearch_'.length) };
  return { engine: 'Elasticsearch', version: v.replace(/^Elasticsearch_/, '') };
}

/** What the access policy is up against: a VPC-only endpoint and fine-grained access control both narrow "anyone". */
export function exposureContext(status: DomainStatus): { vpc: boolean; fineGrained: boolean } {
  return {
    vpc: Boolean(status.VPCOptions?.VPCId || status.VPCOptions?.SubnetIds?.length || status.Endpoints?.['vpc']),
    fineGrained: status.AdvancedSecurityOptions?.Enabled === true,
  };
}

function summaryOf(status: DomainStatus): SearchDomainSummary {
  const context = exposureContext(status);
  const vpcEndpoint = status.Endpoints?.['vpc'];
  return {
    name: status.DomainName ?? '',
    arn: status.ARN ?? '',
    ...engineOf(status.EngineVersion),
    endpoint: status.Endpoint ?? vpcEndpoint,
    vpc: context.vpc ? { vpcId: status.VPCOptions?.VPCId, subnetIds: status.VPCOptions?.SubnetIds ?? [] } : undefined,
    fineGrainedAccessControl: context.fineGrained,
    processing: status.Processing === true,
    exposure: exposureOf(classifyPolicy(status.AccessPolicies ?? '', context)),
  };
}

export async function listDomains(aws: ClientFactory, target: Target): Promise<SearchDomainSummary[]> {
  const names = await aws.call(target, 'opensearch', 'ListDomainNames', async (client) => {
    const out = await client.send(new ListDomainNamesCommand({}));
    return (out.DomainNames ?? []).map((d) => d.DomainName ?? '').filter((n) => n !== '');
  });
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += DESCRIBE_BATCH) batches.push(names.slice(i, i + DESCRIBE_BATCH));
  const describe = (batch: string[]): Promise<DomainStatus[]> =>
    aws.call(target, 'opensearch', 'DescribeDomains', async (client) => {
      const out = await client.send(new DescribeDomainsCommand({ DomainNames: batch }));
      return out.DomainStatusList ?? [];
    });
  const describeLegacy = (batch: string[]): Promise<DomainStatus[]> =>
    aws.call(target, 'elasticsearch', 'DescribeElasticsearchDomains', async (client) => {
      const out = await client.send(new DescribeElasticsearchDomainsCommand({ DomainNames: batch }));
      return (out.DomainStatusList ?? []).map(fromLegacyStatus);
    });
  const [first, ...rest] = batches;
  let legacy = false;
  // The first batch decides which API the rest use, so a denied account costs one refused call, not one per batch.
  const head = first
    ? await describe(first).catch(async (err: unknown) => {
        if (!isAccessDenied(err)) throw err;
        legacy = true;
        // Still refused: the first denial names the call the views expect, so report that one.
        return describeLegacy(first).catch(() => Promise.reject(err));
      })
    : [];
  const described = [head, ...(await Promise.all(rest.map((b) => (legacy ? describeLegacy(b) : describe(b)))))];
  return described
    .flat()
    .map(summaryOf)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The 2015 API's status as the OpenSearch API gives it: the same fields, the version under another name. */
function fromLegacyStatus(status: ElasticsearchDomainStatus): DomainStatus {
  const { ElasticsearchVersion, ElasticsearchClusterConfig, ...same } = status;
  const version = ElasticsearchVersion ?? '';
  return {
    ...(same as unknown as DomainStatus),
    EngineVersion: version.startsWith('OpenSearch_') ? version : `Elasticsearch_${version}`,
    ...(ElasticsearchClusterConfig
      ? { ClusterConfig: ElasticsearchClusterConfig as DomainStatus['ClusterConfig'] }
      : {}),
  };
}

export async function describeDomain(aws: ClientFactory, target: Target, domainName: string): Promise<DomainStatus> {
  return aws.call(target, 'opensearch', 'DescribeDomain', async (client) => {
    const out = await client.send(new DescribeDomainCommand({ DomainName: domainName }));
    if (!out.DomainStatus) throw new Error(`DescribeDomain returned no DomainStatus for ${domainName}.`);
    return out.DomainStatus;
  });
}

/** DescribeDomain, or the 2015 API's DescribeElasticsearchDomain where only that is allowed. */
async function describeDomainAnyApi(aws: ClientFactory, target: Target, domainName: string): Promise<DomainStatus> {
  return describeDomain(aws, target, domainName).catch(async (err: unknown) => {
    if (!isAccessDenied(err)) throw err;
    const legacy = await aws
      .call(target, 'elasticsearch', 'DescribeElasticsearchDomain', async (client) => {
        const out = await client.send(new DescribeElasticsearchDomainCommand({ DomainName: domainName }));
        return out.DomainStatus;
      })
      .catch(() => Promise.reject(err));
    if (!legacy) throw err;
    return fromLegacyStatus(legacy);
  });
}

export interface StoredAccessPolicy {
  /** Exactly the text the service returned, so an undo can put back the same bytes. */
  text: string;
  /** Absent where the endpoint reports no Status (moto). */
  state?: string;
  updatedAt?: string;
}

export async function readAccessPolicy(
  aws: ClientFactory,
  target: Target,
  domainName: string,
): Promise<StoredAccessPolicy> {
  return aws.call(target, 'opensearch', 'DescribeDomainConfig', async (client) => {
    const out = await client.send(new DescribeDomainConfigCommand({ DomainName: domainName }));
    const option = out.DomainConfig?.AccessPolicies;
    return {
      text: option?.Options ?? '',
      state: option?.Status?.State,
      updatedAt: option?.Status?.UpdateDate?.toISOString(),
    };
  });
}

export async function getDomain(aws: ClientFactory, target: Target, domainName: string): Promise<SearchDomainDetail> {
  const [status, policy] = await Promise.all([
    describeDomainAnyApi(aws, target, domainName),
    // The domain's status carries the same policy text; only its state and date need DescribeDomainConfig.
    readAccessPolicy(aws, target, domainName).catch((err: unknown) => {
      if (!isAccessDenied(err)) throw err;
      const unknownState: StoredAccessPolicy = { text: '' };
      return unknownState;
    }),
  ]);
  const text = policy.text || status.AccessPolicies || '';
  const parsed = text.trim() === '' ? undefined : parseJson(text);
  return {
    ...summaryOf({ ...status, AccessPolicies: text }),
    domainId: status.DomainId ?? '',
    instanceType: status.ClusterConfig?.InstanceType,
    instanceCount: status.ClusterConfig?.InstanceCount,
    securityGroupIds: status.VPCOptions?.SecurityGroupIds ?? [],
    accessPolicy: prettyPolicyText(text),
    accessPolicyParseError: parsed && !parsed.ok ? parsed.message : undefined,
    statements: classifyPolicy(text, exposureContext(status)),
    policyState: policy.state,
    policyUpdatedAt: policy.updatedAt,
  };
}
