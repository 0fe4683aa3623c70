import { z } from 'zod';
import { targetSchema } from './common';
import { INGRESS_PROTOCOLS, ingressRuleProblems } from '../network/ingress';

/** One RDS DB instance (standalone or an Aurora cluster member) as the Databases view lists it. */
export const databaseSummarySchema = z.object({
  id: z.string(),
  engine: z.string(),
  engineVersion: z.string(),
  status: z.string(),
  endpoint: z.object({ address: z.string(), port: z.number().int() }).nullable(),
  vpcId: z.string().nullable(),
  subnetGroup: z.string().nullable(),
  clusterId: z.string().nullable(),
  publiclyAccessible: z.boolean(),
  securityGroupIds: z.array(z.string()),
  arn: z.string().nullable(),
});
export type DatabaseSummary = z.infer<typeof databaseSummarySchema>;

/** Who a rule admits: another group (resolved to its name and Beanstalk environment when known) or a CIDR. */
export const ingressSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('group'),
    groupId: z.string(),
    groupName: z.string().nullable(),
    environmentName: z.string().nullable(),
  }),
  z.object({ kind: z.literal('cidr'), cidr: z.string() }),
]);
export type IngressSource = z.infer<typeof ingressSourceSchema>;

/** One source of one permission: the grain at which EC2 adds and removes rules. */
export const ingressRuleSchema = z.object({
  protocol: z.string(),
  fromPort: z.number().int().nullable(),
  toPort: z.number().int().nullable(),
  source: ingressSourceSchema,
  description: z.string().nullable(),
  /** True when the rule admits TCP on the database port asked about. */
  admitsDbPort: z.boolean(),
});
export type IngressRule = z.infer<typeof ingressRuleSchema>;

export const securityGroupDetailSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  description: z.string(),
  vpcId: z.string().nullable(),
  environmentName: z.string().nullable(),
  ingress: z.array(ingressRuleSchema),
});
export type SecurityGroupDetail = z.infer<typeof securityGroupDetailSchema>;

/** A group that may be picked as a rule's source, with the Beanstalk environment that owns it. */
export const securityGroupChoiceSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  vpcId: z.string().nullable(),
  environmentName: z.string().nullable(),
});
export type SecurityGroupChoice = z.infer<typeof securityGroupChoiceSchema>;

const groupIdSchema = z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'not a security group id (sg- and 8 to 17 hex digits)');

export const databaseInputs = {
  listDatabases: z.object({ target: targetSchema }),
  securityGroups: z.object({
    target: targetSchema,
    groupIds: z.array(groupIdSchema).min(1).max(50),
    /** The database port, so rules admitting it can be marked. */
    dbPort: z.number().int().min(1).max(65535).optional(),
  }),
  securityGroupChoices: z.object({ target: targetSchema }),
};

export const ingressSourceInputSchema = z.union([
  z.object({ groupId: z.string() }).strict(),
  z.object({ cidr: z.string() }).strict(),
]);

const ingressFields = {
  groupId: z.string(),
  protocol: z.enum(INGRESS_PROTOCOLS),
  fromPort: z.number().int(),
  toPort: z.number().int(),
  source: ingressSourceInputSchema,
  description: z.string().optional(),
};

/** The shared checks run inside the schema, so a bad rule is refused with a specific message before any call. */
function refineIngress(rule: z.infer<z.ZodObject<typeof ingressFields>>, ctx: z.RefinementCtx): void {
  for (const [field, message] of Object.entries(ingressRuleProblems(rule))) {
    // The form shows both ports under one label; an error from main names the field that is wrong.
    const path = field === 'ports' ? (message.startsWith('To port') ? 'toPort' : 'fromPort') : field;
    ctx.addIssue({ code: 'custom', message, path: [path] });
  }
}

export const authorizeIngressIntentSchema = z
  .object({ kind: z.literal('ec2.authorizeIngress'), ...ingressFields })
  .superRefine(refineIngress);
export const revokeIngressIntentSchema = z
  .object({ kind: z.literal('ec2.revokeIngress'), ...ingressFields })
  .superRefine(refineIngress);
