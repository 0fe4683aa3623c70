/**
 * Brings older state files up to the current version, so a learner's saved
 * sandbox survives an upgrade. Version 1 knew only IAM; it gains the account's
 * default VPC and empty S3 and Elastic Beanstalk sections.
 */
import { defaultNetwork } from '../scenarios/network';

const SANDBOX_REGION = 'us-east-1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function migrateStateDocument(raw: unknown): unknown {
  if (!isRecord(raw) || raw['version'] !== 1) return raw;
  return {
    ...raw,
    version: 2,
    ec2: defaultNetwork(SANDBOX_REGION),
    s3: { buckets: [] },
    elasticbeanstalk: { applications: [], applicationVersions: [], environments: [], events: [] },
  };
}
