/**
 * DomainStatus and DomainConfig as each API spells them: the 2021 OpenSearch
 * API says EngineVersion / ClusterConfig, the legacy 2015 `es` API says
 * ElasticsearchVersion / ElasticsearchClusterConfig, over the same domain.
 */
import { epochSeconds } from '../../protocols/restJson';
import type { SearchDomainState } from '../../state/searchState';
import { partitionOf } from '../../../shared/aws/partitions';

export type Dialect = 'opensearch' | 'elasticsearch';

export function domainArn(domain: SearchDomainState, accountId: string): string {
  return `arn:${partitionOf(domain.region)}:es:${domain.region}:${accountId}:domain/${domain.name}`;
}

export function engineType(domain: SearchDomainState): 'OpenSearch' | 'Elasticsearch' {
  return domain.engineVersion.startsWith('OpenSearch_') ? 'OpenSearch' : 'Elasticsearch';
}

/** The legacy API names Elasticsearch versions bare (`7.10`) and OpenSearch ones in full. */
function versionFor(domain: SearchDomainState, dialect: Dialect): string {
  if (dialect === 'opensearch') return domain.engineVersion;
  return domain.engineVersion.replace(/^Elasticsearch_/, '');
}

function host(domain: SearchDomainState): string {
  const prefix = domain.vpc ? 'vpc' : 'search';
  return `${prefix}-${domain.name}-${domain.endpointId}.${domain.region}.es.amazonaws.com`;
}

function clusterConfig(domain: SearchDomainState): Record<string, unknown> {
  const { cluster } = domain;
  return {
    InstanceType: cluster.instanceType,
    InstanceCount: cluster.instanceCount,
    DedicatedMasterEnabled: cluster.dedicatedMasterEnabled,
    ZoneAwarenessEnabled: cluster.zoneAwarenessEnabled,
  };
}

function ebsOptions(domain: SearchDomainState): Record<string, unknown> {
  return {
    EBSEnabled: domain.ebs.enabled,
    ...(domain.ebs.volumeType ? { VolumeType: domain.ebs.volumeType } : {}),
    ...(domain.ebs.volumeSize ? { VolumeSize: domain.ebs.volumeSize } : {}),
  };
}

function vpcOptions(domain: SearchDomainState): Record<string, unknown> | undefined {
  if (!domain.vpc) return undefined;
  return {
    VPCId: domain.vpc.vpcId,
    SubnetIds: domain.vpc.subnetIds,
    SecurityGroupIds: domain.vpc.securityGroupIds,
    AvailabilityZones: domain.vpc.availabilityZones,
  };
}

function advancedSecurity(domain: SearchDomainState): Record<string, unknown> {
  return {
    Enabled: domain.advancedSecurity.enabled,
    InternalUserDatabaseEnabled: domain.advancedSecurity.internalUserDatabaseEnabled,
  };
}

export function renderDomainStatus(
  domain: SearchDomainState,
  accountId: string,
  dialect: Dialect,
  state: { processing?: boolean; deleted?: boolean } = {},
): Record<string, unknown> {
  const vpc = vpcOptions(domain);
  return {
    DomainId: `${accountId}/${domain.name}`,
    DomainName: domain.name,
    ARN: domainArn(domain, accountId),
    Created: true,
    Deleted: state.deleted ?? false,
    ...(vpc ? { Endpoints: { vpc: host(domain) }, VPCOptions: vpc } : { Endpoint: host(domain) }),
    Processing: state.processing ?? false,
    UpgradeProcessing: false,
    ...(dialect === 'opensearch'
      ? { EngineVersion: versionFor(domain, dialect), ClusterConfig: clusterConfig(domain) }
      : {
          ElasticsearchVersion: versionFor(domain, dialect),
          ElasticsearchClusterConfig: clusterConfig(domain),
        }),
    EBSOptions: ebsOptions(domain),
    AccessPolicies: domain.accessPolicies,
    SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
    AdvancedOptions: { 'rest.action.multi.allow_explicit_index': 'true' },
    EncryptionAtRestOptions: { Enabled: domain.advancedSecurity.enabled },
    NodeToNodeEncryptionOptions: { Enabled: domain.advancedSecurity.enabled },
    AdvancedSecurityOptions: advancedSecurity(domain),
    ...(dialect === 'opensearch' ? { DomainProcessingStatus: state.deleted ? 'Deleting' : 'Active' } : {}),
  };
}

/** Every option the same Status: the sandbox applies a whole configuration at once. */
export function renderDomainConfig(domain: SearchDomainState, dialect: Dialect): Record<string, unknown> {
  const status = {
    CreationDate: epochSeconds(domain.createDate),
    UpdateDate: epochSeconds(domain.updateDate),
    UpdateVersion: domain.updateVersion,
    State: 'Active',
    PendingDeletion: false,
  };
  const entry = (options: unknown) => ({ Options: options, Status: status });
  const vpc = vpcOptions(domain);
  return {
    ...(dialect === 'opensearch'
      ? {
          EngineVersion: entry(versionFor(domain, dialect)),
          ClusterConfig: entry(clusterConfig(domain)),
        }
      : {
          ElasticsearchVersion: entry(versionFor(domain, dialect)),
          ElasticsearchClusterConfig: entry(clusterConfig(domain)),
        }),
    EBSOptions: entry(ebsOptions(domain)),
    AccessPolicies: entry(domain.accessPolicies),
    SnapshotOptions: entry({ AutomatedSnapshotStartHour: 0 }),
    ...(vpc ? { VPCOptions: entry(vpc) } : {}),
    AdvancedOptions: entry({ 'rest.action.multi.allow_explicit_index': 'true' }),
    AdvancedSecurityOptions: entry(advancedSecurity(domain)),
  };
}
