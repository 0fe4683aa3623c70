import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { motoClientConfig } from '../support/moto';
import { motoConsole } from '../support/motoConsole';

// The databases service layer and the ingress plans against moto, a second
// implementation of RDS and EC2, so nothing here leans on the sandbox's quirks.
let dbGroup = '';
let appGroup = '';
let vpcId = '';

const { call, target } = motoConsole('db', async (endpoint) => {
  const config = motoClientConfig(endpoint);
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId ?? '';
  const subnets: string[] = [];
  for (const [cidr, zone] of [
    ['10.20.1.0/24', 'us-east-1a'],
    ['10.20.2.0/24', 'us-east-1b'],
  ] as const) {
    const out = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }));
    subnets.push(out.Subnet?.SubnetId ?? '');
  }
  dbGroup = (
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'orders-db', Description: 'db', VpcId: vpcId }))
  ).GroupId!;
  appGroup = (
    await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'orders-app',
        Description: 'app',
        VpcId: vpcId,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [{ Key: 'elasticbeanstalk:environment-name', Value: 'orders-prod' }],
          },
        ],
      }),
    )
  ).GroupId!;
  await rds.send(
    new CreateDBSubnetGroupCommand({
      DBSubnetGroupName: 'orders',
      DBSubnetGroupDescription: 'orders',
      SubnetIds: subnets,
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'orders-db',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      Port: 5433,
      AllocatedStorage: 20,
      MasterUsername: 'orders',
      MasterUserPassword: 'not-a-real-password',
      DBSubnetGroupName: 'orders',
      VpcSecurityGroupIds: [dbGroup],
    }),
  );
  ec2.destroy();
  rds.destroy();
});

describe('Databases service layer against moto', () => {
  it('lists the database with its port, VPC and group', async () => {
    const dbs = await call('rds.listDatabases', { target });
    const db = dbs.find((d) => d.id === 'orders-db');
    expect(db).toMatchObject({ engine: 'postgres', vpcId, subnetGroup: 'orders', securityGroupIds: [dbGroup] });
    expect(db?.endpoint?.port).toBe(5433);
  });

  it('authorizes the app group on the DB port through a plan, shows it resolved, and revokes it through the undo', async () => {
    const intent = {
      kind: 'ec2.authorizeIngress' as const,
      groupId: dbGroup,
      protocol: 'tcp' as const,
      fromPort: 5433,
      toPort: 5433,
      source: { groupId: appGroup },
      description: 'orders-prod instances',
    };
    const plan = await call('changes.plan', { target, intent });
    expect(plan.blocked).toBeUndefined();
    const applied = await call('changes.apply', { planId: plan.id });

    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification?.verified).toBe(true);

    const [group] = await call('ec2.securityGroups', { target, groupIds: [dbGroup], dbPort: 5433 });
    expect(group?.ingress).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        fromPort: 5433,
        admitsDbPort: true,
        description: 'orders-prod instances',
        source: { kind: 'group', groupId: appGroup, groupName: 'orders-app', environmentName: 'orders-prod' },
      }),
    ]);
    const again = await call('changes.plan', { target, intent });
    expect(again.blocked).toMatch(/orders-db already allows tcp 5433/);

    const undo = await call('journal.planUndo', { entryId: applied.entry.id });
    const undone = await call('changes.apply', { planId: undo.id });
    expect(undone.entry.verification?.verified).toBe(true);
    const [after] = await call('ec2.securityGroups', { target, groupIds: [dbGroup] });
    expect(after?.ingress).toEqual([]);
  });

  it('adds and revokes a CIDR rule', async () => {
    const intent = {
      kind: 'ec2.authorizeIngress' as const,
      groupId: dbGroup,
      protocol: 'tcp' as const,
      fromPort: 5433,
      toPort: 5433,
      source: { cidr: '10.20.0.0/16' },
    };
    await call('changes.apply', { planId: (await call('changes.plan', { target, intent })).id });
    const [group] = await call('ec2.securityGroups', { target, groupIds: [dbGroup], dbPort: 5433 });
    expect(group?.ingress.map((r) => r.source)).toEqual([{ kind: 'cidr', cidr: '10.20.0.0/16' }]);
    const revoke = await call('changes.plan', { target, intent: { ...intent, kind: 'ec2.revokeIngress' } });
    const out = await call('changes.apply', { planId: revoke.id });
    expect(out.entry.verification?.verified).toBe(true);
  });
});
