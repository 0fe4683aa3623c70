import { DescribeDBInstancesCommand, type DBInstance } from '@aws-sdk/client-rds';
import type { DatabaseSummary, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';

function summaryOf(db: DBInstance): DatabaseSummary {
  return {
    id: db.DBInstanceIdentifier ?? '',
    engine: db.Engine ?? '',
    engineVersion: db.EngineVersion ?? '',
    status: db.DBInstanceStatus ?? 'unknown',
    // An instance still being created has no endpoint yet.
    endpoint:
      db.Endpoint?.Address && db.Endpoint.Port !== undefined
        ? { address: db.Endpoint.Address, port: db.Endpoint.Port }
        : null,
    vpcId: db.DBSubnetGroup?.VpcId ?? null,
    subnetGroup: db.DBSubnetGroup?.DBSubnetGroupName ?? null,
    clusterId: db.DBClusterIdentifier ?? null,
    publiclyAccessible: db.PubliclyAccessible ?? false,
    securityGroupIds: (db.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean),
    arn: db.DBInstanceArn ?? null,
  };
}

/** Every DB instance in the region, Aurora cluster members included, at 100 a page (RDS's maximum). */
export async function listDatabases(aws: ClientFactory, target: Target): Promise<DatabaseSummary[]> {
  return aws.call(target, 'rds', 'DescribeDBInstances', async (client) => {
    const out: DatabaseSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new DescribeDBInstancesCommand({ MaxRecords: 100, Marker: marker }));
      out.push(...(page.DBInstances ?? []).map(summaryOf));
      marker = page.Marker;
    } while (marker);
    return out.sort((a, b) => a.id.localeCompare(b.id));
  });
}
