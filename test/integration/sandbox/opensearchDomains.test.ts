/**
 * The sandbox's OpenSearch service through the real SDK clients: the 2021
 * OpenSearch API and the legacy Elasticsearch API over the same domains, and
 * AWS's error shapes (including 409 for a missing domain).
 */
import {
  ElasticsearchServiceClient,
  CreateElasticsearchDomainCommand,
  DeleteElasticsearchDomainCommand,
  DescribeElasticsearchDomainCommand,
  DescribeElasticsearchDomainConfigCommand,
  ListDomainNamesCommand as EsListDomainNamesCommand,
  UpdateElasticsearchDomainConfigCommand,
} from '@aws-sdk/client-elasticsearch-service';
import {
  CreateDomainCommand,
  DeleteDomainCommand,
  DescribeDomainCommand,
  DescribeDomainConfigCommand,
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  OpenSearchClient,
  UpdateDomainConfigCommand,
} from '@aws-sdk/client-opensearch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox, TRAINING_LAB } from '../../support/sandbox';
import { awsError } from './awsErrors';

let sandbox: TestSandbox;
let os: OpenSearchClient;
let es: ElasticsearchServiceClient;

const ACCOUNT = TRAINING_LAB.accountId;
const policyFor = (name: string, principal: unknown = { AWS: `arn:aws:iam::${ACCOUNT}:root` }) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'es:*',
        Resource: `arn:aws:es:us-east-1:${ACCOUNT}:domain/${name}/*`,
      },
    ],
  });

beforeEach(async () => {
  sandbox = await startTestSandbox();
  os = new OpenSearchClient(sandbox.clientConfig());
  es = new ElasticsearchServiceClient(sandbox.clientConfig());
});

afterEach(async () => {
  os.destroy();
  es.destroy();
  await sandbox.dispose();
});

describe('OpenSearch API (2021-01-01)', () => {
  it('lists the training lab domains with their engine types, filtered by engine', async () => {
    const all = await os.send(new ListDomainNamesCommand({}));
    expect(all.DomainNames).toEqual([
      { DomainName: 'elastic', EngineType: 'Elasticsearch' },
      { DomainName: 'test-domain', EngineType: 'Elasticsearch' },
      { DomainName: 'secure-search', EngineType: 'OpenSearch' },
    ]);
    const onlyOpenSearch = await os.send(new ListDomainNamesCommand({ EngineType: 'OpenSearch' }));
    expect(onlyOpenSearch.DomainNames?.map((d) => d.DomainName)).toEqual(['secure-search']);
  });

  it('describes a public domain and a VPC domain with fine-grained access control', async () => {
    const elastic = (await os.send(new DescribeDomainCommand({ DomainName: 'elastic' }))).DomainStatus!;
    expect(elastic).toMatchObject({
      DomainId: `${ACCOUNT}/elastic`,
      ARN: `arn:aws:es:us-east-1:${ACCOUNT}:domain/elastic`,
      EngineVersion: 'Elasticsearch_6.0',
      Processing: false,
      ClusterConfig: { InstanceType: 't2.small.elasticsearch', InstanceCount: 1 },
    });
    expect(elastic.Endpoint).toMatch(/^search-elastic-[a-z0-9]{26}\.us-east-1\.es\.amazonaws\.com$/);
    expect(JSON.parse(elastic.AccessPolicies!).Statement[1].Condition.IpAddress['aws:SourceIp']).toBe('8.7.6.5');

    const secure = (await os.send(new DescribeDomainCommand({ DomainName: 'secure-search' }))).DomainStatus!;
    expect(secure.Endpoint).toBeUndefined();
    expect(secure.Endpoints?.['vpc']).toMatch(/^vpc-secure-search-/);
    expect(secure.VPCOptions?.VPCId).toBe(TRAINING_LAB.edxVpcId);
    expect(secure.AdvancedSecurityOptions?.Enabled).toBe(true);
  });

  it('describes several domains at once, leaving out names that do not exist', async () => {
    const out = await os.send(new DescribeDomainsCommand({ DomainNames: ['elastic', 'nope-domain', 'test-domain'] }));
    expect(out.DomainStatusList?.map((d) => d.DomainName)).toEqual(['elastic', 'test-domain']);
  });

  it('creates, reconfigures and deletes a domain; the config reports every option with a Status', async () => {
    const created = await os.send(
      new CreateDomainCommand({
        DomainName: 'logs-prod',
        EngineVersion: 'OpenSearch_2.11',
        ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 2 },
        EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 50 },
        AccessPolicies: policyFor('logs-prod'),
        AdvancedSecurityOptions: {
          Enabled: true,
          InternalUserDatabaseEnabled: true,
          MasterUserOptions: { MasterUserName: 'admin', MasterUserPassword: 'Secret-123' },
        },
      }),
    );
    expect(created.DomainStatus).toMatchObject({ DomainName: 'logs-prod', Processing: true, Created: true });

    const before = (await os.send(new DescribeDomainConfigCommand({ DomainName: 'logs-prod' }))).DomainConfig!;
    expect(before.AccessPolicies?.Options).toBe(policyFor('logs-prod'));
    expect(before.AccessPolicies?.Status).toMatchObject({ State: 'Active', UpdateVersion: 1, PendingDeletion: false });
    expect(before.AccessPolicies?.Status?.CreationDate).toBeInstanceOf(Date);
    expect(before.EngineVersion?.Options).toBe('OpenSearch_2.11');

    const open = policyFor('logs-prod', '*');
    const updated = await os.send(new UpdateDomainConfigCommand({ DomainName: 'logs-prod', AccessPolicies: open }));
    expect(updated.DomainConfig?.AccessPolicies?.Options).toBe(open);
    expect(updated.DomainConfig?.AccessPolicies?.Status?.UpdateVersion).toBe(2);

    const deleted = await os.send(new DeleteDomainCommand({ DomainName: 'logs-prod' }));
    expect(deleted.DomainStatus?.Deleted).toBe(true);
    const gone = await awsError(os.send(new DescribeDomainCommand({ DomainName: 'logs-prod' })));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', status: 409 });
  });

  it('answers AWS error shapes: 409 for a missing domain or a duplicate, 400 for bad policy JSON', async () => {
    expect(await awsError(os.send(new DescribeDomainConfigCommand({ DomainName: 'missing-one' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 409,
      message: 'Domain not found: missing-one',
    });
    expect(
      await awsError(os.send(new CreateDomainCommand({ DomainName: 'elastic', EngineVersion: 'OpenSearch_2.11' }))),
    ).toMatchObject({ name: 'ResourceAlreadyExistsException', status: 409 });
    expect(
      await awsError(os.send(new UpdateDomainConfigCommand({ DomainName: 'elastic', AccessPolicies: '{"Version":' }))),
    ).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(
      await awsError(
        os.send(
          new UpdateDomainConfigCommand({
            DomainName: 'elastic',
            AccessPolicies: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"es:*"}]}',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidTypeException', status: 409 });
    // A refused update leaves the policy as it was.
    const config = await os.send(new DescribeDomainConfigCommand({ DomainName: 'elastic' }));
    expect(config.DomainConfig?.AccessPolicies?.Status?.UpdateVersion).toBe(1);
  });
});

describe('legacy Elasticsearch API (2015-01-01) over the same domains', () => {
  it('lists and describes the same domains with Elasticsearch field names', async () => {
    const names = await es.send(new EsListDomainNamesCommand({}));
    expect(names.DomainNames?.map((d) => d.DomainName)).toEqual(['elastic', 'test-domain', 'secure-search']);
    const status = (await es.send(new DescribeElasticsearchDomainCommand({ DomainName: 'test-domain' }))).DomainStatus!;
    expect(status).toMatchObject({
      DomainName: 'test-domain',
      ElasticsearchVersion: '7.10',
      ElasticsearchClusterConfig: { InstanceType: 't3.small.elasticsearch' },
    });
    const config = await es.send(new DescribeElasticsearchDomainConfigCommand({ DomainName: 'test-domain' }));
    expect(config.DomainConfig?.ElasticsearchVersion?.Options).toBe('7.10');
  });

  it('creates through the legacy API and sees the change through the OpenSearch API, and back', async () => {
    await es.send(
      new CreateElasticsearchDomainCommand({
        DomainName: 'legacy-logs',
        ElasticsearchVersion: '6.8',
        ElasticsearchClusterConfig: { InstanceType: 'm5.large.elasticsearch', InstanceCount: 1 },
        AccessPolicies: policyFor('legacy-logs'),
      }),
    );
    const viaOpenSearch = await os.send(new DescribeDomainCommand({ DomainName: 'legacy-logs' }));
    expect(viaOpenSearch.DomainStatus?.EngineVersion).toBe('Elasticsearch_6.8');

    await os.send(
      new UpdateDomainConfigCommand({ DomainName: 'legacy-logs', AccessPolicies: policyFor('legacy-logs', '*') }),
    );
    const viaLegacy = await es.send(new DescribeElasticsearchDomainConfigCommand({ DomainName: 'legacy-logs' }));
    expect(viaLegacy.DomainConfig?.AccessPolicies?.Options).toBe(policyFor('legacy-logs', '*'));

    await es.send(
      new UpdateElasticsearchDomainConfigCommand({
        DomainName: 'legacy-logs',
        AccessPolicies: policyFor('legacy-logs'),
      }),
    );
    await es.send(new DeleteElasticsearchDomainCommand({ DomainName: 'legacy-logs' }));
    const missing = await awsError(es.send(new DescribeElasticsearchDomainCommand({ DomainName: 'legacy-logs' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 409 });
  });
});
