/**
 * The AWS managed policies the sandbox knows. They are static JSON imports so
 * the bundler inlines them: the built CLI runs from out/main and must not read
 * resources from disk at run time.
 */
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

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

const managedPolicyFile = z
  .object({
    PolicyName: z.string().min(1),
    PolicyId: z.string().regex(/^ANPA[A-Z0-9]{17}$/),
    Arn: z.string().startsWith('arn:aws:iam::aws:policy/'),
    Path: z.string().regex(/^\/(?:[\u0021-\u007E]+\/)?$/),
    DefaultVersionId: z.string().regex(/^v[1-9]\d*$/),
    Description: z.string(),
    CreateDate: timestamp,
    UpdateDate: timestamp,
    /** Retired policies stay readable but can no longer be attached, as in AWS. */
    Deprecated: z.boolean().optional(),
    Document: z.object({ Version: z.string(), Statement: z.array(z.unknown()).min(1) }).loose(),
  })
  .strict()
  .refine((p) => p.Arn === `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`, {
    message: 'Arn must be arn:aws:iam::aws:policy + Path + PolicyName',
  });

export interface AwsManagedPolicy {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly description: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly attachable: boolean;
  /** Pretty-printed, as AWS serves its managed policy documents. */
  readonly document: string;
}

function load(source: unknown): AwsManagedPolicy {
  const file = managedPolicyFile.parse(source);
  return {
    name: file.PolicyName,
    id: file.PolicyId,
    arn: file.Arn,
    path: file.Path,
    defaultVersionId: file.DefaultVersionId,
    description: file.Description,
    createDate: file.CreateDate,
    updateDate: file.UpdateDate,
    attachable: file.Deprecated !== true,
    document: JSON.stringify(file.Document, null, 4),
  };
}

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
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
].map(load);

const byArn = new Map(AWS_MANAGED_POLICIES.map((policy) => [policy.arn, policy]));

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}

export const AWS_MANAGED_POLICY_ARNS: ReadonlySet<string> = new Set(byArn.keys());
