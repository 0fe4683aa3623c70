import { z } from 'zod';
import { appErrorSchema } from './result';
import { iamNameSchema, isoDateSchema, targetSchema } from './common';
import { managedPolicyArnSchema, principalRefSchema } from './iam';
import { applicationNameSchema, environmentNameSchema, optionKeySchema, optionValueSchema } from './beanstalk';
import { accessPolicyTextSchema, searchDomainNameSchema } from './searchDomains';
import { deleteParameterIntentSchema, putParameterIntentSchema, restoreVersionIntentSchema } from './ssm';
import { authorizeIngressIntentSchema, revokeIngressIntentSchema } from './databases';
import {
  bundleFileSchema,
  createVersionIntentSchema,
  deleteVersionIntentSchema,
  deployBundleIntentSchema,
  deployVersionIntentSchema,
  preflightCheckSchema,
  rebundleDeployIntentSchema,
} from './deployments';
import { addSsoProfileIntentSchema, removeProfileIntentSchema } from './ssoDirectory';
import { createAlarmIntentSchema, deleteAlarmIntentSchema, restoreAlarmIntentSchema } from './alarms';
import { urlEncodedPolicy, urlEncodingMessage } from '../policyLint/encoding';
import { policySize } from '../policyLint/size';

const inlinePolicyNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+=,.@-]+$/, 'policy names use letters, digits and +=,.@_-');

// CreateEnvironment's own rule, stricter than the names EB lists: no hyphen at either end.
const newEnvironmentNameSchema = z
  .string()
  .min(4)
  .max(40)
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    'environment names use letters, digits and hyphens, and cannot start or end with a hyphen',
  );

const accessKeyIdSchema = z.string().regex(/^[A-Z0-9]{16,128}$/, 'not an access key ID');

const atomicIntentOptions = [
  z.object({ kind: z.literal('iam.attachPolicy'), principal: principalRefSchema, policyArn: managedPolicyArnSchema }),
  z.object({ kind: z.literal('iam.detachPolicy'), principal: principalRefSchema, policyArn: managedPolicyArnSchema }),
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
  z.object({
    kind: z.literal('iam.putInlinePolicy'),
    principal: principalRefSchema,
    policyName: inlinePolicyNameSchema,
    /** JSON text, kept as written so an undo can put back exactly the bytes that were there. */
    document: z.string().min(1).max(131072),
  }),
  z.object({
    kind: z.literal('iam.deleteInlinePolicy'),
    principal: principalRefSchema,
    policyName: inlinePolicyNameSchema,
  }),
  z.object({
    kind: z.literal('iam.updateAssumeRolePolicy'),
    roleName: iamNameSchema,
    /** The trust policy as JSON text, kept as written so an undo puts back exactly the bytes that were there. */
    document: z.string().min(1).max(131072),
  }),
  z.object({
    kind: z.literal('iam.updateAccessKey'),
    userName: iamNameSchema,
    accessKeyId: accessKeyIdSchema,
    status: z.enum(['Active', 'Inactive']),
  }),
  z.object({ kind: z.literal('iam.deleteAccessKey'), userName: iamNameSchema, accessKeyId: accessKeyIdSchema }),
  z
    .object({
      kind: z.literal('iam.createEnvironmentRole'),
      purpose: z.enum(['instance', 'service']),
      roleName: iamNameSchema,
      /** Instance roles only; defaults to the role's name, as the EB console does. */
      instanceProfileName: iamNameSchema.optional(),
    })
    .refine((i) => i.purpose === 'instance' || i.instanceProfileName === undefined, {
      message: 'only an instance role has an instance profile',
      path: ['instanceProfileName'],
    }),
  z.object({
    kind: z.literal('iam.deleteEnvironmentRole'),
    roleName: iamNameSchema,
    instanceProfileName: iamNameSchema.optional(),
  }),
  z
    .object({
      kind: z.literal('beanstalk.createEnvironment'),
      applicationName: applicationNameSchema,
      environmentName: newEnvironmentNameSchema,
      versionLabel: z.string().min(1).max(100),
      solutionStackName: z.string().min(1).max(200).optional(),
      platformArn: z.string().startsWith('arn:').max(1024).optional(),
      cnamePrefix: z
        .string()
        .min(4)
        .max(63)
        .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'CNAME prefixes use letters, digits and hyphens')
        .optional(),
      description: z.string().max(200).optional(),
      optionSettings: z.array(optionValueSchema).max(200).default([]),
      /** The environment this one is meant to replace; shown in the preview, never acted on. */
      replaces: environmentNameSchema.optional(),
    })
    .refine((i) => (i.solutionStackName === undefined) !== (i.platformArn === undefined), {
      message: 'give exactly one of solutionStackName or platformArn',
      path: ['solutionStackName'],
    }),
  z.object({ kind: z.literal('beanstalk.terminateEnvironment'), environmentName: environmentNameSchema }),
  deployBundleIntentSchema,
  deployVersionIntentSchema,
  deleteVersionIntentSchema,
  createVersionIntentSchema,
  rebundleDeployIntentSchema,
  addSsoProfileIntentSchema,
  removeProfileIntentSchema,
  createAlarmIntentSchema,
  deleteAlarmIntentSchema,
  restoreAlarmIntentSchema,
] as const;

/** Every intent that maps to one planner; a composite is made of these and never of other composites. */
export const atomicChangeIntentSchema = z.discriminatedUnion('kind', [...atomicIntentOptions]);
export type AtomicChangeIntent = z.infer<typeof atomicChangeIntentSchema>;

export const compositeIntentSchema = z.object({
  kind: z.literal('composite'),
  title: z.string().min(1).max(200),
  parts: z.array(atomicChangeIntentSchema).min(1).max(20),
});
export type CompositeIntent = z.infer<typeof compositeIntentSchema>;

/**
 * What the user wants, as data. Planners turn an intent into a Plan; undo is
 * expressed as another intent, so an undo gets the same preview as every other write.
 */
export const changeIntentSchema = z.discriminatedUnion('kind', [...atomicIntentOptions, compositeIntentSchema]);
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
  /** A deploy's bundle: the files at the zip root and the pre-flight checks, listed in the preview. */
  bundle: z
    .object({
      origin: z.string(),
      sizeBytes: z.number().int().min(0),
      fileCount: z.number().int().min(0),
      files: z.array(bundleFileSchema),
      checks: z.array(preflightCheckSchema),
    })
    .optional(),
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

/** How one applied step fared when a stopped plan was rolled back; `step` counts from 1, as shown. */
export const rollbackStepSchema = z.object({
  step: z.number().int().min(1),
  operation: z.string(),
  /** `not-reversible`: the step has no automatic inverse, so it was left as it is. */
  status: z.enum(['rolled-back', 'failed', 'not-reversible']),
  error: appErrorSchema.optional(),
});
export type RollbackStep = z.infer<typeof rollbackStepSchema>;

/** A row of the preview whose prior value did not come back: what it was before the change, and what re-reading found. */
export const rollbackDifferenceSchema = z.object({ label: z.string(), expected: z.string(), found: z.string() });
export type RollbackDifference = z.infer<typeof rollbackDifferenceSchema>;

export const rollbackSchema = z.object({
  at: isoDateSchema,
  /** `incomplete` when a step could not be taken back; the steps say which. */
  status: z.enum(['rolled-back', 'incomplete']),
  steps: z.array(rollbackStepSchema),
  /** The plan built again from the same intent: its `before` values must be the original preview's. */
  verification: verificationSchema.extend({ differences: z.array(rollbackDifferenceSchema) }),
});
export type Rollback = z.infer<typeof rollbackSchema>;

export const journalEntrySchema = z.object({
  id: z.string(),
  at: isoDateSchema,
  target: targetSchema,
  account: z.string().optional(),
  title: z.string(),
  intent: changeIntentSchema,
  /**
   * `partial`: a step failed after earlier ones were applied; the plan stopped and those stay applied
   * until rolled back. `rolled-back` is only in entries written before rollback was offered instead of automatic.
   */
  status: z.enum(['applied', 'partial', 'failed', 'rolled-back']),
  steps: z.array(stepOutcomeSchema.extend({ input: z.record(z.string(), z.unknown()) })),
  verification: verificationSchema.optional(),
  /** The AWS CLI equivalent of the whole plan, kept so a stopped plan can be finished or taken back by hand. */
  cli: z.array(z.string()).optional(),
  undoOf: z.string().optional(),
  undoneBy: z.string().optional(),
  /** Set from a later journal record when the applied steps of a `partial` entry were rolled back. */
  rollback: rollbackSchema.optional(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const applyOutcomeSchema = z.object({
  entry: journalEntrySchema,
  /** False when the change succeeded but re-reading did not show it, or when it failed. */
  undoAvailable: z.boolean(),
});
export type ApplyOutcome = z.infer<typeof applyOutcomeSchema>;

const TRUST_POLICY_MAX = 8_192;

/** Every Elastic Beanstalk option namespace is aws:…; EB refuses any other, so say so before the call. */
const EB_NAMESPACE = /^aws:[A-Za-z0-9:._-]+$/;
const NAMESPACE_MESSAGE =
  'not an Elastic Beanstalk namespace: namespaces look like aws:elasticbeanstalk:application:environment';

function optionLists(intent: AtomicChangeIntent): [string, readonly { namespace: string }[]][] {
  if (intent.kind === 'beanstalk.updateOptions') {
    return [
      ['set', intent.set],
      ['remove', intent.remove],
    ];
  }
  return intent.kind === 'beanstalk.createEnvironment' ? [['optionSettings', intent.optionSettings]] : [];
}

/** A policy the user wrote that IAM or OpenSearch would refuse for its encoding or size, said before any call. */
function policyTextProblem(intent: AtomicChangeIntent): string | undefined {
  if (intent.kind !== 'iam.putInlinePolicy' && intent.kind !== 'iam.updateAssumeRolePolicy') {
    if (intent.kind !== 'search.updateAccessPolicy') return undefined;
    const encoded = urlEncodedPolicy(intent.policy);
    return encoded ? urlEncodingMessage(encoded) : undefined;
  }
  const encoded = urlEncodedPolicy(intent.document);
  if (encoded) return urlEncodingMessage(encoded);
  // An inline policy's limit is on all of the principal's inline policies together, which only the
  // planner can add up (it blocks the preview naming the total); a trust policy stands alone.
  if (intent.kind !== 'iam.updateAssumeRolePolicy') return undefined;
  const size = policySize(intent.document);
  const [limit, what] = [TRUST_POLICY_MAX, 'a role trust policy (the most any account can have it raised to)'];
  if (size <= limit) return undefined;
  return `the document has ${size.toLocaleString('en-US')} characters not counting whitespace; IAM allows at most ${limit.toLocaleString('en-US')} for ${what}`;
}

/**
 * Checked on what the renderer sends only: journalled intents were checked when planned, and an
 * undo built from what AWS holds must stay readable whatever the checks become.
 */
const plannedIntentSchema = changeIntentSchema.superRefine((intent, ctx) => {
  const parts =
    intent.kind === 'composite' ? intent.parts.map((p, i) => ({ p, at: ['parts', i] })) : [{ p: intent, at: [] }];
  for (const { p, at } of parts) {
    const problem = policyTextProblem(p);
    const field = p.kind === 'search.updateAccessPolicy' ? 'policy' : 'document';
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [...at, field] });
    for (const [list, options] of optionLists(p)) {
      options.forEach((o, i) => {
        if (!EB_NAMESPACE.test(o.namespace)) {
          ctx.addIssue({ code: 'custom', message: NAMESPACE_MESSAGE, path: [...at, list, i, 'namespace'] });
        }
      });
    }
  }
});

export const changeInputs = {
  plan: z.object({ target: targetSchema, intent: plannedIntentSchema }),
  apply: z.object({ planId: z.string().uuid() }),
  discard: z.object({ planId: z.string().uuid() }),
  journalList: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  planUndo: z.object({ entryId: z.string().uuid() }),
  /** Takes back the applied steps of a plan that stopped at a failure (a `partial` journal entry). */
  rollback: z.object({ entryId: z.string().uuid() }),
};

/** "step 1" or "steps 1–3": the applied prefix of a stopped plan, as main's messages and the outcome name it. */
export function appliedStepsLabel(count: number): string {
  return count === 1 ? 'step 1' : `steps 1–${count}`;
}
