import { z } from 'zod';
import { isoDateSchema, targetSchema } from './common';

/** OpenSearch's own domain-name rule: 3-28 characters, a lower-case letter first. */
export const searchDomainNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{2,27}$/,
    'domain names are 3-28 lower-case letters, digits and hyphens, starting with a letter',
  );

/** An access policy as text; its JSON and shape are checked in main, with line and column, before any call. */
export const accessPolicyTextSchema = z.string().max(100_000, 'access policies are at most 100,000 characters');

export const searchExposureSchema = z.enum(['public', 'ip-restricted', 'restricted', 'no-policy']);

export const searchDomainSummarySchema = z.object({
  name: z.string(),
  arn: z.string(),
  engine: z.enum(['OpenSearch', 'Elasticsearch']),
  /** The version number alone, e.g. `2.11` or `7.10`. */
  version: z.string(),
  endpoint: z.string().optional(),
  vpc: z.object({ vpcId: z.string().optional(), subnetIds: z.array(z.string()) }).optional(),
  fineGrainedAccessControl: z.boolean(),
  processing: z.boolean(),
  exposure: searchExposureSchema,
});
export type SearchDomainSummary = z.infer<typeof searchDomainSummarySchema>;

export const classifiedStatementSchema = z.object({
  index: z.number().int(),
  sid: z.string().optional(),
  effect: z.string(),
  principals: z.array(z.string()),
  actions: z.array(z.string()),
  notAction: z.boolean(),
  resources: z.array(z.string()),
  conditions: z.array(z.object({ operator: z.string(), key: z.string(), values: z.array(z.string()) })),
  sourceRanges: z.array(z.object({ cidr: z.string(), negated: z.boolean(), open: z.boolean() })),
  classification: z.enum([
    'public',
    'ip-restricted',
    'iam-principals',
    'account-wide',
    'open-but-guarded',
    'conditional',
    'deny',
  ]),
  explanation: z.string(),
});

export const searchDomainDetailSchema = searchDomainSummarySchema.extend({
  domainId: z.string(),
  instanceType: z.string().optional(),
  instanceCount: z.number().int().optional(),
  securityGroupIds: z.array(z.string()),
  /** Pretty-printed; `accessPolicyParseError` says why when the stored text does not parse. */
  accessPolicy: z.string(),
  accessPolicyParseError: z.string().optional(),
  statements: z.array(classifiedStatementSchema),
  /** DescribeDomainConfig's state of the AccessPolicies option (absent where the endpoint does not report one, e.g. moto). */
  policyState: z.string().optional(),
  policyUpdatedAt: isoDateSchema.optional(),
});
export type SearchDomainDetail = z.infer<typeof searchDomainDetailSchema>;

export const searchInputs = {
  listDomains: z.object({ target: targetSchema }),
  getDomain: z.object({ target: targetSchema, domainName: searchDomainNameSchema }),
};
