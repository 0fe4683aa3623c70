import { z } from 'zod';
import { iamNameSchema, isoDateSchema, targetSchema } from './common';

export const attachedPolicySchema = z.object({ policyName: z.string(), policyArn: z.string() });
export type AttachedPolicy = z.infer<typeof attachedPolicySchema>;

/** Documents travel as decoded, pretty-printed JSON text; the renderer never sees IAM's URL encoding. */
export const inlinePolicySchema = z.object({ name: z.string(), document: z.string() });
export type InlinePolicy = z.infer<typeof inlinePolicySchema>;

export const instanceProfileRefSchema = z.object({ name: z.string(), arn: z.string() });

export const roleSchema = z.object({
  name: z.string(),
  arn: z.string(),
  id: z.string(),
  path: z.string(),
  createDate: isoDateSchema,
  description: z.string().optional(),
  maxSessionDuration: z.number().int().optional(),
  trustPolicy: z.string(),
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
  instanceProfiles: z.array(instanceProfileRefSchema),
  lastUsed: z.object({ date: isoDateSchema.optional(), region: z.string().optional() }).optional(),
});
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  name: z.string(),
  arn: z.string(),
  id: z.string(),
  path: z.string(),
  createDate: isoDateSchema,
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
  groups: z.array(z.string()),
});
export type User = z.infer<typeof userSchema>;

/** A group's policies apply to every member; a group is never a principal itself. */
export const groupSchema = z.object({
  name: z.string(),
  arn: z.string(),
  id: z.string(),
  path: z.string(),
  createDate: isoDateSchema,
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
});
export type Group = z.infer<typeof groupSchema>;

export const managedPolicySummarySchema = z.object({
  name: z.string(),
  arn: z.string(),
  path: z.string(),
  defaultVersionId: z.string(),
  attachmentCount: z.number().int(),
  awsManaged: z.boolean(),
  description: z.string().optional(),
  /** True when the description was derived from the document (AWS publishes none for that policy in our data). */
  descriptionDerived: z.boolean().optional(),
  updateDate: isoDateSchema.optional(),
});
export type ManagedPolicySummary = z.infer<typeof managedPolicySummarySchema>;

/**
 * A read the identity may not make, and what the view lacks without it, e.g.
 * `iam:GetRolePolicy` → "inline policy documents of roles".
 */
export const deniedReadSchema = z.object({
  /** `service:Action`, as an IAM policy names it. */
  action: z.string(),
  /** The ARN AWS named in the refusal, when it named one. */
  resource: z.string().optional(),
  part: z.string(),
});
export type DeniedRead = z.infer<typeof deniedReadSchema>;

export const iamSnapshotSchema = z.object({
  roles: z.array(roleSchema),
  users: z.array(userSchema),
  /** Absent from snapshots taken before groups were read; treat as none. */
  groups: z.array(groupSchema).default([]),
  localPolicies: z.array(managedPolicySummarySchema),
  fetchedAt: isoDateSchema,
  /** How many calls it took (GetAccountAuthorizationDetails pages, or the List calls); shown so the cost of a refresh is visible. */
  apiCalls: z.number().int(),
  /**
   * `list-calls` when GetAccountAuthorizationDetails was denied and the
   * snapshot was read with ListRoles, ListUsers, ListGroups, ListPolicies and
   * their per-principal calls instead. Absent means GetAccountAuthorizationDetails.
   */
  source: z.enum(['authorization-details', 'list-calls']).optional(),
  /** Calls that were refused, GetAccountAuthorizationDetails first; absent or empty when none was. */
  denied: z.array(deniedReadSchema).optional(),
});
export type IamSnapshot = z.infer<typeof iamSnapshotSchema>;

export const policyDocumentSchema = z.object({
  policyArn: z.string(),
  versionId: z.string(),
  document: z.string(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

export const accessKeySchema = z.object({
  accessKeyId: z.string(),
  status: z.enum(['Active', 'Inactive', 'Expired']),
  createDate: isoDateSchema,
  lastUsedDate: isoDateSchema.optional(),
  lastUsedService: z.string().optional(),
  lastUsedRegion: z.string().optional(),
  /** Set when the last use could not be read, naming the missing permission; the other fields still hold. */
  lastUsedUnknown: z.string().optional(),
});
export type AccessKey = z.infer<typeof accessKeySchema>;

/**
 * IAM's own shapes: a path of printable ASCII between slashes, then a policy name of [\w+=,.@-].
 * Checked here so a mangled ARN is refused with a message instead of reaching IAM.
 */
export const managedPolicyArnSchema = z
  .string()
  // Aborting on length keeps the pattern from ever scanning a megabyte of slashes.
  .max(2048, { message: 'policy ARNs are at most 2048 characters', abort: true })
  .regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/(?:[!-~]*\/)?[\w+=,.@-]+$/, 'not a managed policy ARN');

export const principalRefSchema = z.object({ type: z.enum(['role', 'user']), name: iamNameSchema });
export type PrincipalRef = z.infer<typeof principalRefSchema>;

export const iamInputs = {
  snapshot: z.object({ target: targetSchema }),
  getRole: z.object({ target: targetSchema, roleName: iamNameSchema }),
  getUser: z.object({ target: targetSchema, userName: iamNameSchema }),
  listPolicies: z.object({
    target: targetSchema,
    scope: z.enum(['All', 'AWS', 'Local']).default('All'),
    onlyAttached: z.boolean().default(false),
  }),
  /** Every AWS managed policy (ListPolicies Scope=AWS, all pages), with descriptions for the attach search. */
  listManagedPolicies: z.object({ target: targetSchema }),
  getPolicyDocument: z.object({
    target: targetSchema,
    policyArn: managedPolicyArnSchema,
    versionId: z
      .string()
      .regex(/^v\d+$/)
      .optional(),
  }),
  listAccessKeys: z.object({ target: targetSchema, userName: iamNameSchema }),
};
