/**
 * The sandbox's whole world as one JSON document. It is versioned and
 * validated on load, because learners will open the state file in an editor;
 * a broken hand edit must produce a clear message, not a crash mid-request.
 *
 * AWS managed policies are not stored here: AWS owns them, so they come from
 * the bundled catalogue and an old state file picks up catalogue updates.
 */
import { z } from 'zod';
import { PARTITIONS } from '../../shared/aws/partitions';
import { beanstalkStateSchema } from './beanstalkState';
import { cloudwatchStateSchema } from './cloudwatchState';
import { ec2StateSchema } from './networkState';
import { rdsStateSchema } from './rdsState';
import { timestamp } from './schemaParts';
import { searchStateSchema } from './searchState';
import { ssmStateSchema } from './ssmState';
import { s3StateSchema } from './storageState';
import { ssoStateSchema } from './ssoState';
import { mfaDevice, stsStateSchema } from './stsState';

/** Version 2 added ec2, s3 and elasticbeanstalk; version 1 files are migrated on load. */
export const STATE_VERSION = 2;
export const SCENARIO_NAMES = ['training-lab', 'empty', 'large-account'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const name = z.string().min(1).max(128);
const iamPath = z.string().regex(/^\/(?:[\u0021-\u007E]+\/)?$/, "must start and end with '/'");
const tag = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }).strict();
/** Documents are kept as the text the caller sent, as IAM keeps them. */
const policyText = z.string().min(1);
const inlinePolicy = z.object({ name, document: policyText }).strict();

const role = z
  .object({
    name,
    id: z.string().min(16),
    path: iamPath,
    createDate: timestamp,
    assumeRolePolicyDocument: policyText,
    description: z.string().max(1000).optional(),
    maxSessionDuration: z.number().int().min(3600).max(43200),
    permissionsBoundaryArn: z.string().optional(),
    tags: z.array(tag),
    attachedPolicyArns: z.array(z.string()),
    inlinePolicies: z.array(inlinePolicy),
    lastUsed: z.object({ date: timestamp, region: z.string() }).strict().optional(),
  })
  .strict();

const user = z
  .object({
    name,
    id: z.string().min(16),
    path: iamPath,
    createDate: timestamp,
    passwordLastUsed: timestamp.optional(),
    permissionsBoundaryArn: z.string().optional(),
    tags: z.array(tag),
    attachedPolicyArns: z.array(z.string()),
    inlinePolicies: z.array(inlinePolicy),
  })
  .strict();

/** Members are kept on the group, as GetGroup lists them; a user's groups are found by looking here. */
const group = z
  .object({
    name,
    id: z.string().min(16),
    path: iamPath,
    createDate: timestamp,
    userNames: z.array(name),
    attachedPolicyArns: z.array(z.string()),
    inlinePolicies: z.array(inlinePolicy),
  })
  .strict();

const instanceProfile = z
  .object({
    name,
    id: z.string().min(16),
    path: iamPath,
    createDate: timestamp,
    roleNames: z.array(name).max(1),
    tags: z.array(tag),
  })
  .strict();

const policyVersion = z
  .object({ versionId: z.string().regex(/^v[1-9]\d*$/), document: policyText, createDate: timestamp })
  .strict();

const customerManagedPolicy = z
  .object({
    name,
    id: z.string().min(16),
    path: iamPath,
    description: z.string().max(1000).optional(),
    createDate: timestamp,
    updateDate: timestamp,
    defaultVersionId: z.string(),
    versions: z.array(policyVersion).min(1),
    tags: z.array(tag),
  })
  .strict();

const accessKey = z
  .object({
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be 16+ upper-case letters and digits'),
    secretAccessKey: z.string().min(1),
    userName: name,
    status: z.enum(['Active', 'Inactive']),
    createDate: timestamp,
    lastUsed: z.object({ date: timestamp, serviceName: z.string(), region: z.string() }).strict().optional(),
  })
  .strict();

export const stateDocumentSchema = z
  .object({
    version: z.literal(STATE_VERSION),
    scenario: z.enum(SCENARIO_NAMES),
    account: z
      .object({
        id: z.string().regex(/^\d{12}$/, 'must be 12 digits'),
        createDate: timestamp,
        // Absent means `aws`; aws-cn and aws-us-gov accounts answer only in their own regions.
        partition: z.enum(PARTITIONS).optional(),
      })
      .strict(),
    iam: z
      .object({
        users: z.array(user),
        roles: z.array(role),
        // Optional with a default, so state files written before IAM groups existed load unchanged.
        groups: z.array(group).default([]),
        instanceProfiles: z.array(instanceProfile),
        policies: z.array(customerManagedPolicy),
        accessKeys: z.array(accessKey),
        // Optional with a default, so state files written before MFA devices existed load unchanged.
        mfaDevices: z.array(mfaDevice).default([]),
        /**
         * Keys deleted through DeleteAccessKey. The sandbox lets a key it never
         * heard of act as the administrator; a deleted one must instead be refused,
         * as AWS refuses it, or rotating a key would quietly escalate it.
         */
        deletedAccessKeyIds: z.array(z.string().min(1)).optional(),
      })
      .strict(),
    ec2: ec2StateSchema,
    s3: s3StateSchema,
    elasticbeanstalk: beanstalkStateSchema,
    // Optional with a default (in ssmState.ts), so state files written before SSM existed load unchanged.
    ssm: ssmStateSchema,
    // Optional with a default, so state files written before OpenSearch existed load unchanged.
    search: searchStateSchema.default({ domains: [] }),
    // Optional with a default, so state files written before RDS existed load unchanged.
    rds: rdsStateSchema.default({ instances: [], subnetGroups: [] }),
    // Optional with a default (in stsState.ts), so state files written before STS sessions existed load unchanged.
    sts: stsStateSchema,
    // Optional with a default (in ssoState.ts), so state files written before SSO existed load unchanged.
    sso: ssoStateSchema,
    // Optional (in cloudwatchState.ts), so state files and scenarios from before CloudWatch alarms load unchanged.
    cloudwatch: cloudwatchStateSchema,
  })
  .strict();

export type StateDocument = z.infer<typeof stateDocumentSchema>;
export type IamState = StateDocument['iam'];
export type RoleState = IamState['roles'][number];
export type UserState = IamState['users'][number];
export type GroupState = IamState['groups'][number];
export type InstanceProfileState = IamState['instanceProfiles'][number];
export type CustomerPolicyState = IamState['policies'][number];
export type PolicyVersionState = CustomerPolicyState['versions'][number];
export type AccessKeyState = IamState['accessKeys'][number];
export type { MfaDeviceState, RoleSessionState, StsSessionState } from './stsState';
export type { SsoClientState, SsoDeviceState, SsoInstanceState, SsoTokenState } from './ssoState';
export type TagState = RoleState['tags'][number];
export type InlinePolicyState = RoleState['inlinePolicies'][number];
