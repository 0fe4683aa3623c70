/**
 * OpenSearch / Elasticsearch domains. One list serves both APIs (the 2021
 * OpenSearch paths and the legacy 2015 `es` paths), as in AWS, where they are
 * two views of the same domains.
 */
import { z } from 'zod';
import { timestamp } from './schemaParts';

const domain = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{2,27}$/, 'must be 3-28 lower-case letters, digits and hyphens'),
    /** The random part of the endpoint host, fixed at creation. */
    endpointId: z.string().regex(/^[a-z0-9]{26}$/),
    region: z.string(),
    /** `OpenSearch_2.11` or `Elasticsearch_7.10`, as the OpenSearch API names it. */
    engineVersion: z.string().regex(/^(OpenSearch|Elasticsearch)_\d+\.\d+$/),
    createDate: timestamp,
    updateDate: timestamp,
    /** Bumped on every configuration change; DescribeDomainConfig reports it per option. */
    updateVersion: z.number().int().min(1),
    cluster: z
      .object({
        instanceType: z.string(),
        instanceCount: z.number().int().min(1),
        dedicatedMasterEnabled: z.boolean(),
        zoneAwarenessEnabled: z.boolean(),
      })
      .strict(),
    ebs: z
      .object({ enabled: z.boolean(), volumeType: z.string().optional(), volumeSize: z.number().int().optional() })
      .strict(),
    /** Kept as the exact text the caller sent; AWS hands it back unchanged. */
    accessPolicies: z.string(),
    vpc: z
      .object({
        vpcId: z.string(),
        subnetIds: z.array(z.string()),
        securityGroupIds: z.array(z.string()),
        availabilityZones: z.array(z.string()),
      })
      .strict()
      .optional(),
    advancedSecurity: z
      .object({ enabled: z.boolean(), internalUserDatabaseEnabled: z.boolean(), masterUserName: z.string().optional() })
      .strict(),
  })
  .strict();

export const searchStateSchema = z.object({ domains: z.array(domain) }).strict();

export type SearchState = z.infer<typeof searchStateSchema>;
export type SearchDomainState = SearchState['domains'][number];
