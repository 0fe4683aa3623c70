/**
 * The Doctor against moto, an AWS implementation nobody here wrote: the scan
 * must come back whole when moto stubs or lacks a call (Elastic Beanstalk
 * health, SimulatePrincipalPolicy), report what it could not read as scan
 * problems, and still find and fix what moto's data shows.
 */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateApplicationCommand,
  CreateEnvironmentCommand,
  ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../../src/shared/contract';
import { motoConsole } from '../support/motoConsole';
import { motoClientConfig } from '../support/moto';
import { openDomainPolicy } from '../support/searchPolicies';

let keyId = '';
const ROLE = 'worker-role';
const USER = 'backup-bot';
const DOMAIN = 'catalog-search';

function findingOf(scan: { findings: Finding[] }, id: string): Finding {
  const found = scan.findings.find((f) => f.id === id);
  expect(found, `${id} among ${scan.findings.map((f) => f.id).join(', ')}`).toBeDefined();
  return found as Finding;
}

async function seed(endpoint: string): Promise<void> {
  const config = motoClientConfig(endpoint);
  const iam = new IAMClient(config);
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  const search = new OpenSearchClient(config);
  const eb = new ElasticBeanstalkClient(config);
  try {
    await iam.send(new CreateUserCommand({ UserName: USER }));
    keyId = (await iam.send(new CreateAccessKeyCommand({ UserName: USER }))).AccessKey?.AccessKeyId ?? '';
    await iam.send(
      new CreateRoleCommand({
        RoleName: ROLE,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: ROLE }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: ROLE, RoleName: ROLE }));

    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc?.VpcId ?? '';
    const subnets: string[] = [];
    for (const [cidr, zone] of [
      ['10.60.1.0/24', 'us-east-1a'],
      ['10.60.2.0/24', 'us-east-1b'],
    ] as const) {
      subnets.push(
        (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet
          ?.SubnetId ?? '',
      );
    }
    const group = async (name: string) =>
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }))).GroupId ??
      '';
    const dbGroup = await group('catalog-db');
    const appGroup = await group('catalog-app');
    // A deploy box outside Elastic Beanstalk: its role is the kind of principal F1 looks at.
    await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnets[0],
        SecurityGroupIds: [appGroup],
        IamInstanceProfile: { Arn: profile.InstanceProfile?.Arn },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'catalog-deploy-box' }] }],
      }),
    );
    await rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: 'catalog',
        DBSubnetGroupDescription: 'catalog',
        SubnetIds: subnets,
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'catalog-db',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        Port: 6543,
        AllocatedStorage: 20,
        MasterUsername: 'catalog',
        MasterUserPassword: 'not-a-real-password',
        DBSubnetGroupName: 'catalog',
        VpcSecurityGroupIds: [dbGroup],
      }),
    );
    await search.send(
      new CreateDomainCommand({
        DomainName: DOMAIN,
        EngineVersion: 'OpenSearch_2.11',
        AccessPolicies: openDomainPolicy(`arn:aws:es:us-east-1:123456789012:domain/${DOMAIN}`),
      }),
    );
    await eb.send(new CreateApplicationCommand({ ApplicationName: 'catalog' }));
    await eb.send(
      new CreateEnvironmentCommand({
        ApplicationName: 'catalog',
        EnvironmentName: 'catalog-prod',
        SolutionStackName: '64bit Amazon Linux 2023 v4.0.1 running Python 3.11',
      }),
    );
  } finally {
    for (const client of [iam, ec2, rds, search, eb]) client.destroy();
  }
}

const moto = motoConsole('doctor', seed);
const { call, target } = moto;

describe('the Doctor against moto', () => {
  let scan: ScanResult;

  it('scans without failing and reports moto’s Elastic Beanstalk stubs as problems', async () => {
    scan = await call('diagnostics.scan', { target });
    if (process.env.TRELLIS_PRINT_FINDINGS) {
      for (const f of scan.findings) console.log(`${f.rule}\t${f.id}\t${f.summary}`);
      for (const p of scan.problems) console.log(`problem\t${p.area}\t${p.rules.join(',')}\t${p.error.message}`);
    }
    expect(scan.account).toBe('123456789012');
    expect(scan.environments.map((e) => e.name)).toEqual(['catalog-prod']);
    // moto 5.2 answers DescribeConfigurationSettings with an HTML 500: every environment rule is blind, and says so.
    const blind = scan.problems.filter((p) => p.area.includes('catalog-prod'));
    expect(blind.length).toBeGreaterThan(0);
    for (const problem of blind) expect(problem.error.message).toContain('DescribeConfigurationSettings');
    expect([...new Set(blind.flatMap((p) => p.rules))]).toEqual(
      expect.arrayContaining(['F3', 'F4', 'F5', 'F7', 'F8', 'F11', 'F15', 'F16']),
    );
    // Nothing is invented about the environment it could not read.
    expect(scan.findings.filter((f) => f.environmentName === 'catalog-prod')).toEqual([]);
  });

  it('finds the never-used key, the open domain and the deploy box’s role from moto’s data', () => {
    const f14 = findingOf(scan, `F14:access-key/${keyId}`);
    expect(f14.related).toContainEqual(expect.objectContaining({ type: 'user', name: USER }));
    expect(f14.evidence).toContainEqual(expect.objectContaining({ label: 'Last used', text: 'never used' }));

    const f13 = findingOf(scan, `F13:search-domain/${DOMAIN}@open`);
    expect(f13.severity).toBe('critical');
    expect(f13.resource.arn).toBe(`arn:aws:es:us-east-1:123456789012:domain/${DOMAIN}`);

    const f1 = findingOf(scan, `F1:role/${ROLE}`);
    expect(f1.evidence[0]?.text).toMatch(/^instance i-\w+ \(catalog-deploy-box\), not launched by Elastic Beanstalk/);
    // moto has no SimulatePrincipalPolicy: the decisions are estimated from the attached policies, and say so.
    const decisions = f1.evidence.filter((e) => e.text.startsWith('iam:PassRole'));
    expect(decisions).toEqual([
      expect.objectContaining({
        source: 'policy',
        label: 'Estimated decision (simulation unavailable)',
        text: expect.stringContaining('estimated from the attached policies: SimulatePrincipalPolicy failed'),
      }),
    ]);
    expect(f1.evidence.some((e) => e.source === 'simulation')).toBe(false);
  });

  it('deactivates the key through planFix and apply, and verifies it against moto', async () => {
    const id = `F14:access-key/${keyId}`;
    const plan = await call('diagnostics.planFix', { target, findingId: id, fixId: 'deactivate' });
    expect(plan.intent).toEqual({
      kind: 'iam.updateAccessKey',
      userName: USER,
      accessKeyId: keyId,
      status: 'Inactive',
    });
    expect(plan.cli.join('\n')).toContain(`--endpoint-url ${moto.endpoint}`);
    const applied = await call('changes.apply', { planId: plan.id });
    expect(applied.entry.status).toBe('applied');
    const verified = await call('diagnostics.verify', { target, findingId: id });
    expect(verified.status, verified.reason).toBe('verified');

    const iam = new IAMClient(motoClientConfig(moto.endpoint));
    try {
      const keys = await iam.send(new ListAccessKeysCommand({ UserName: USER }));
      expect(keys.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([[keyId, 'Inactive']]);
    } finally {
      iam.destroy();
    }
  });
});
