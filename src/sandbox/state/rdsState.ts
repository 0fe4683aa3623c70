/**
 * RDS as the sandbox models it: DB instances (including Aurora cluster
 * members) and DB subnet groups. An instance's network is its subnet group's
 * VPC plus its VPC security groups, which live in the EC2 state.
 */
import { z } from 'zod';
import { timestamp } from './schemaParts';

const identifier = z
  .string()
  .regex(/^[a-zA-Z](?:-?[a-zA-Z0-9])*$/, 'must start with a letter and use letters, digits and single hyphens')
  .max(63);

const dbInstance = z
  .object({
    id: identifier,
    engine: z.string().min(1),
    engineVersion: z.string().min(1),
    instanceClass: z.string().min(1),
    status: z.string().min(1),
    port: z.number().int().min(1150).max(65535),
    /** The random label in the endpoint, `<id>.<label>.<region>.rds.amazonaws.com`. */
    endpointLabel: z.string().regex(/^[a-z0-9]{12}$/),
    subnetGroupName: z.string().min(1),
    vpcSecurityGroupIds: z.array(z.string()),
    publiclyAccessible: z.boolean(),
    clusterId: identifier.optional(),
    masterUsername: z.string().optional(),
    dbName: z.string().optional(),
    availabilityZone: z.string().min(1),
    createTime: timestamp,
  })
  .strict();

const dbSubnetGroup = z
  .object({
    name: z.string().min(1).max(255),
    description: z.string(),
    vpcId: z.string(),
    subnetIds: z.array(z.string()).min(1),
  })
  .strict();

export const rdsStateSchema = z
  .object({ instances: z.array(dbInstance), subnetGroups: z.array(dbSubnetGroup) })
  .strict();

export type RdsState = z.infer<typeof rdsStateSchema>;
export type DbInstanceState = RdsState['instances'][number];
export type DbSubnetGroupState = RdsState['subnetGroups'][number];
