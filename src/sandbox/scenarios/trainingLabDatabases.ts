/**
 * The training lab's databases, in `edx-build-aws-vpc`:
 * - `edx-photos-db` (seed 004, exercise 7): MySQL on 3306 behind
 *   `rds-launch-wizard`, which admits only the Cloud9 IDE and `web-server-sg`,
 *   not any Beanstalk environment, so the app cannot reach it (catalogue F5);
 * - `flask-db-instance-1` of Aurora PostgreSQL cluster `flask-db` (seed 002)
 *   on 5432, whose group admits the healthy environment's instance group.
 *
 * Ids come from the seed where it names them, and are fixed otherwise, so
 * tests and learners' notes can rely on them.
 */
import type { StateDocument } from '../state/document';
import { allTrafficOut } from './network';
import { daysBefore } from './dates';
import { EDX_SUBNETS, EDX_VPC_ID, FLASK_INSTANCE_SG_ID, WEB_SERVER_SG_ID } from './trainingLabNetwork';

export const CLOUD9_SG_ID = 'sg-0d9149b51c7ed7186';
export const RDS_LAUNCH_WIZARD_SG_ID = 'sg-0965722cdbe774e58';
export const FLASK_DB_SG_ID = 'sg-0e5d4c3b2a1f00103';
export const EDX_DB_SUBNET_GROUP = 'edx-db-private-subnets';

export function addTrainingLabDatabases(doc: StateDocument, now: Date): void {
  doc.ec2.securityGroups.push(
    {
      id: CLOUD9_SG_ID,
      name: 'aws-cloud9-EdXWeek5Cloud9-5b3f0c1e9a7d4f28-InstanceSecurityGroup-1KQ7ZP2W9XJ4H',
      description: 'Security group for AWS Cloud9 environment aws-cloud9-EdXWeek5Cloud9-5b3f0c1e9a7d4f28',
      vpcId: EDX_VPC_ID,
      ingress: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          ipRanges: [{ cidrIp: '35.172.155.192/27' }, { cidrIp: '35.172.155.96/27' }],
          userIdGroupPairs: [],
        },
        // Seed 004, exercise 5: the Flask dev server opened to the world on 5000.
        { ipProtocol: 'tcp', fromPort: 5000, toPort: 5000, ipRanges: [{ cidrIp: '0.0.0.0/0' }], userIdGroupPairs: [] },
      ],
      egress: [allTrafficOut()],
      tags: [{ key: 'Name', value: 'aws-cloud9-EdXWeek5Cloud9' }],
    },
    {
      id: RDS_LAUNCH_WIZARD_SG_ID,
      name: 'rds-launch-wizard',
      description: 'Created from the RDS Management Console: 2018/07/11 18:02:41',
      vpcId: EDX_VPC_ID,
      ingress: [
        {
          ipProtocol: 'tcp',
          fromPort: 3306,
          toPort: 3306,
          ipRanges: [],
          userIdGroupPairs: [
            { groupId: CLOUD9_SG_ID, description: 'Cloud9 EdXWeek5Cloud9' },
            { groupId: WEB_SERVER_SG_ID, description: 'Photos web servers' },
          ],
        },
      ],
      egress: [allTrafficOut()],
      tags: [],
    },
    {
      id: FLASK_DB_SG_ID,
      name: 'flask-db-sg',
      description: 'Aurora PostgreSQL for the Flask app',
      vpcId: EDX_VPC_ID,
      ingress: [
        {
          ipProtocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          ipRanges: [],
          userIdGroupPairs: [{ groupId: FLASK_INSTANCE_SG_ID, description: 'flask-ssm-demo-prod instances' }],
        },
      ],
      egress: [allTrafficOut()],
      tags: [{ key: 'Name', value: 'flask-db-sg' }],
    },
  );
  doc.rds.subnetGroups.push({
    name: EDX_DB_SUBNET_GROUP,
    description: 'Private subnets of edx-build-aws-vpc',
    vpcId: EDX_VPC_ID,
    subnetIds: [EDX_SUBNETS.privateA, EDX_SUBNETS.privateB],
  });
  doc.rds.instances.push(
    {
      id: 'edx-photos-db',
      engine: 'mysql',
      engineVersion: '8.0.35',
      instanceClass: 'db.t3.micro',
      status: 'available',
      port: 3306,
      // The label from the endpoint in seed 004.
      endpointLabel: 'ccd69a3vcffc',
      subnetGroupName: EDX_DB_SUBNET_GROUP,
      vpcSecurityGroupIds: [RDS_LAUNCH_WIZARD_SG_ID],
      publiclyAccessible: false,
      masterUsername: 'master',
      dbName: 'Photos',
      availabilityZone: 'us-east-1a',
      createTime: '2018-07-11T18:05:13Z',
    },
    {
      id: 'flask-db-instance-1',
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      instanceClass: 'db.t4g.medium',
      status: 'available',
      port: 5432,
      endpointLabel: 'c8x2kq4mzt1p',
      subnetGroupName: EDX_DB_SUBNET_GROUP,
      vpcSecurityGroupIds: [FLASK_DB_SG_ID],
      publiclyAccessible: false,
      clusterId: 'flask-db',
      masterUsername: 'postgres',
      availabilityZone: 'us-east-1b',
      createTime: daysBefore(now, 8, 120),
    },
  );
}
