/** RDS (awsQuery with RDS's list names) through the real SDK: instances, subnet groups, filters, paging and errors. */
import {
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  DeleteDBInstanceCommand,
  DeleteDBSubnetGroupCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { awsError } from './awsErrors';

const EDX_VPC = 'vpc-0e5d4c3b2a1f09876';
const PRIVATE_A = 'subnet-0e5d4c3b2a1f00021';
const PRIVATE_B = 'subnet-0e5d4c3b2a1f00022';
const WEB_SG = 'sg-0e5d4c3b2a1f00101';

let sandbox: TestSandbox;
let rds: RDSClient;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  rds = new RDSClient(sandbox.clientConfig());
});

afterEach(async () => {
  rds.destroy();
  await sandbox.dispose();
});

describe('RDS in the sandbox', () => {
  it('describes the training lab databases with endpoint, groups, subnet group and cluster', async () => {
    const out = await rds.send(new DescribeDBInstancesCommand({}));
    expect(out.DBInstances?.map((db) => db.DBInstanceIdentifier)).toEqual(['edx-photos-db', 'flask-db-instance-1']);
    expect(out.Marker).toBeUndefined();
    const photos = out.DBInstances?.[0];
    expect(photos).toMatchObject({
      Engine: 'mysql',
      DBInstanceStatus: 'available',
      PubliclyAccessible: false,
      Endpoint: { Address: 'edx-photos-db.ccd69a3vcffc.us-east-1.rds.amazonaws.com', Port: 3306 },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0965722cdbe774e58', Status: 'active' }],
      DBSubnetGroup: { VpcId: EDX_VPC, DBSubnetGroupName: 'edx-db-private-subnets' },
      DBInstanceArn: 'arn:aws:rds:us-east-1:570589970431:db:edx-photos-db',
    });
    expect(photos?.DBSubnetGroup?.Subnets?.map((s) => s.SubnetIdentifier)).toEqual([PRIVATE_A, PRIVATE_B]);
    expect(out.DBInstances?.[1]).toMatchObject({
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: 'flask-db',
      Endpoint: { Port: 5432 },
    });
  });

  it('filters by cluster and engine, and reports a missing instance as DBInstanceNotFound 404', async () => {
    const byCluster = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['flask-db'] }] }),
    );
    expect(byCluster.DBInstances?.map((db) => db.DBInstanceIdentifier)).toEqual(['flask-db-instance-1']);
    const byEngine = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'engine', Values: ['mysql', 'postgres'] }] }),
    );
    expect(byEngine.DBInstances?.map((db) => db.DBInstanceIdentifier)).toEqual(['edx-photos-db']);
    const missing = await awsError(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope-db' })));
    expect(missing).toMatchObject({ name: 'DBInstanceNotFoundFault', code: 'DBInstanceNotFound', status: 404 });
    expect(missing.message).toBe('DBInstance nope-db not found.');
    const badFilter = await awsError(
      rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    );
    expect(badFilter.message).toBe('Unrecognized filter name: colour');
  });

  it('creates an instance honouring Port and engine defaults, pages with Marker, and deletes', async () => {
    const created = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'pg-custom',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        Port: 5433,
        DBSubnetGroupName: 'edx-db-private-subnets',
        VpcSecurityGroupIds: [WEB_SG],
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-real-secret',
      }),
    );
    expect(created.DBInstance).toMatchObject({ DBInstanceStatus: 'creating', Endpoint: { Port: 5433 } });
    expect(created.DBInstance?.Endpoint?.Address).toMatch(/^pg-custom\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
    const mysql = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'my-default',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'mysql',
      }),
    );
    expect(mysql.DBInstance?.Endpoint?.Port).toBe(3306);
    for (let i = 0; i < 20; i += 1) {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: `bulk-${String(i).padStart(2, '0')}`,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'mysql',
        }),
      );
    }
    const first = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
    expect(first.DBInstances).toHaveLength(20);
    expect(first.Marker).toBeDefined();
    const second = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: first.Marker }));
    const all = [...(first.DBInstances ?? []), ...(second.DBInstances ?? [])].map((db) => db.DBInstanceIdentifier);
    expect(all).toHaveLength(24);
    expect(new Set(all).size).toBe(24);
    expect(second.Marker).toBeUndefined();

    const duplicate = await awsError(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: 'pg-custom',
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
        }),
      ),
    );
    expect(duplicate.code).toBe('DBInstanceAlreadyExists');
    const wrongVpc = await awsError(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: 'wrong-vpc',
          DBInstanceClass: 'db.t3.micro',
          Engine: 'mysql',
          VpcSecurityGroupIds: [WEB_SG],
        }),
      ),
    );
    expect(wrongVpc.message).toContain('different VPCs');

    const needsSnapshot = await awsError(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'pg-custom' })));
    expect(needsSnapshot.code).toBe('InvalidParameterCombination');
    const deleted = await rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'pg-custom', SkipFinalSnapshot: true }),
    );
    expect(deleted.DBInstance?.DBInstanceStatus).toBe('deleting');
    const gone = await awsError(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'pg-custom' })));
    expect(gone.code).toBe('DBInstanceNotFound');
  });

  it('creates, describes and deletes subnet groups, refusing duplicates, single-AZ groups and groups in use', async () => {
    const listed = await rds.send(new DescribeDBSubnetGroupsCommand({}));
    expect(listed.DBSubnetGroups?.map((g) => g.DBSubnetGroupName)).toEqual(['edx-db-private-subnets']);
    const created = await rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: 'lab-group',
        DBSubnetGroupDescription: 'for the test',
        SubnetIds: [PRIVATE_A, PRIVATE_B],
      }),
    );
    expect(created.DBSubnetGroup).toMatchObject({ VpcId: EDX_VPC, SubnetGroupStatus: 'Complete' });
    expect(created.DBSubnetGroup?.Subnets?.map((s) => s.SubnetAvailabilityZone?.Name)).toEqual([
      'us-east-1a',
      'us-east-1b',
    ]);
    const one = await rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'lab-group' }));
    expect(one.DBSubnetGroups?.[0]?.DBSubnetGroupDescription).toBe('for the test');

    const duplicate = await awsError(
      rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'lab-group',
          DBSubnetGroupDescription: 'x',
          SubnetIds: [PRIVATE_A, PRIVATE_B],
        }),
      ),
    );
    expect(duplicate.code).toBe('DBSubnetGroupAlreadyExists');
    const oneZone = await awsError(
      rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'one-az',
          DBSubnetGroupDescription: 'x',
          SubnetIds: [PRIVATE_A],
        }),
      ),
    );
    expect(oneZone.code).toBe('DBSubnetGroupDoesNotCoverEnoughAZs');
    const inUse = await awsError(
      rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: 'edx-db-private-subnets' })),
    );
    expect(inUse.message).toContain('edx-photos-db');

    await rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: 'lab-group' }));
    const gone = await awsError(rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'lab-group' })));
    expect(gone).toMatchObject({ code: 'DBSubnetGroupNotFoundFault', status: 404 });
  });
});
