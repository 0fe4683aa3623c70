import { z } from 'zod';
import { appErrorSchema } from './result';
import { isoDateSchema, targetSchema } from './common';
import { principalRefSchema } from './iam';
import { environmentNameSchema, optionKeySchema, optionValueSchema } from './beanstalk';
import { accessPolicyTextSchema, searchDomainNameSchema } from './searchDomains';
import { deleteParameterIntentSchema, putParameterIntentSchema, restoreVersionIntentSchema } from './ssm';
import { authorizeIngressIntentSchema, revokeIngressIntentSchema } from './databases';

/**
 * What the user wants, as data. Planners turn an intent into a Plan; undo is
 * expressed as another intent, so an undo gets the same preview as every other write.
 */
export const changeIntentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('iam.attachPolicy'),
    principal: principalRefSchema,
    policyArn: z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/, 'not a managed policy ARN'),
  }),
  z.object({
    kind: z.literal('iam.detachPolicy'),
    principal: principalRefSchema,
    policyArn: z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/, 'not a managed policy ARN'),
  }),
  z.object({
    kind: z.literal('beanstalk.updateOptions'),
    environmentName: environmentNameSchema,
    set: z.array(optionValueSchema).max(200).default([]),
    remove: z.array(optionKeySchema).max(200).default([]),
  }),
  z.object({ kind: z.literal('beanstalk.restartAppServer'), environmentName: environmentNameSchema }),
  z.object({ kind: z.literal('beanstalk.rebuild'), environmentName: environmentNameSchema }),
  z.object({
    kind: z.literal('search.updateAccessPolicy'),
    domainName: searchDomainNameSchema,
    policy: accessPolicyTextSchema,
  }),
  putParameterIntentSchema,
  deleteParameterIntentSchema,
  restoreVersionIntentSchema,
  authorizeIngressIntentSchema,
  revokeIngressIntentSchema,
]);
export type ChangeIntent = z.infer<typeof changeIntentSchema>;

export const planStepSchema = z.object({
  service: z.string(),
  operation: z.string(),
  /** The exact request, with secret values already replaced by fingerprints. */
  input: z.record(z.string(), z.unknown()),
  summary: z.string(),
});
export type PlanStep = z.infer<typeof planStepSchema>;

export const diffRowSchema = z.object({
  change: z.enum(['add', 'remove', 'modify']),
  label: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type DiffRow = z.infer<typeof diffRowSchema>;

export const planSchema = z.object({
  id: z.string(),
  createdAt: isoDateSchema,
  target: targetSchema,
  account: z.string().optional(),
  title: z.string(),
  resource: z.object({ service: z.string(), type: z.string(), name: z.string(), arn: z.string().optional() }),
  intent: changeIntentSchema,
  diff: z.array(diffRowSchema),
  steps: z.array(planStepSchema),
  cli: z.array(z.string()),
  permissions: z.array(z.string()),
  risk: z.object({ level: z.enum(['low', 'medium', 'high']), note: z.string() }),
  undo: z.object({ summary: z.string(), cli: z.array(z.string()) }).nullable(),
  /** Set when the plan cannot be applied as things stand (read-only profile, nothing to change). */
  blocked: z.string().optional(),
  /** When this plan undoes a journal entry. */
  undoOf: z.string().optional(),
});
export type Plan = z.infer<typeof planSchema>;

export const stepOutcomeSchema = z.object({
  operation: z.string(),
  status: z.enum(['ok', 'failed', 'skipped', 'rolled-back']),
  requestId: z.string().optional(),
  error: appErrorSchema.optional(),
});
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

export const verificationSchema = z.object({ verified: z.boolean(), detail: z.string() });
export type Verification = z.infer<typeof verificationSchema>;

export const journalEntrySchema = z.object({
  id: z.string(),
  at: isoDateSchema,
  target: targetSchema,
  account: z.string().optional(),
  title: z.string(),
  intent: changeIntentSchema,
  status: z.enum(['applied', 'failed', 'rolled-back']),
  steps: z.array(stepOutcomeSchema.extend({ input: z.record(z.string(), z.unknown()) })),
  verification: verificationSchema.optional(),
  undoOf: z.string().optional(),
  undoneBy: z.string().optional(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const applyOutcomeSchema = z.object({
  entry: journalEntrySchema,
  /** False when the change succeeded but re-reading did not show it, or when it failed. */
  undoAvailable: z.boolean(),
});
export type ApplyOutcome = z.infer<typeof applyOutcomeSchema>;

export const changeInputs = {
  plan: z.object({ target: targetSchema, intent: changeIntentSchema }),
  apply: z.object({ planId: z.string().uuid() }),
  discard: z.object({ planId: z.string().uuid() }),
  journalList: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  planUndo: z.object({ entryId: z.string().uuid() }),
};
