/**
 * OpenSearch / Elasticsearch domains and their access policies, through the
 * OpenSearch API (which also answers for Elasticsearch domains). Listing takes
 * one ListDomainNames and one DescribeDomains per five domains.
 */
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
  const described = await Promise.all(
    batches.map((batch) =>
      aws.call(target, 'opensearch', 'DescribeDomains', async (client) => {
        const out = await client.send(new DescribeDomainsCommand({ DomainNames: batch }));
        return out.DomainStatusList ?? [];
      }),
    ),
  );
  return described
    .flat()
    .map(summaryOf)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeDomain(aws: ClientFactory, target: Target, domainName: string): Promise<DomainStatus> {
  return aws.call(target, 'opensearch', 'DescribeDomain', async (client) => {
    const out = await client.send(new DescribeDomainCommand({ DomainName: domainName }));
    if (!out.DomainStatus) throw new Error(`DescribeDomain returned no DomainStatus for ${domainName}.`);
    return out.DomainStatus;
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
    describeDomain(aws, target, domainName),
    readAccessPolicy(aws, target, domainName),
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
