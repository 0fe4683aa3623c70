import { z } from 'zod';
import { isoDateSchema, targetSchema } from './common';

/**
 * SSM's own name rules (PutParameter): letters, digits and `_.-/`, at most
 * 2048 characters, and no `aws`/`ssm` prefix, which AWS reserves. Checked
 * here so a bad name is refused with a clear message before any AWS call.
 */
export const parameterNameSchema = z
  .string()
  .min(1, 'a parameter name is required')
  .max(2048, 'parameter names are at most 2048 characters')
  .regex(/^\/?[a-zA-Z0-9_.\-/]+$/, 'parameter names use letters, digits and _ . - /')
  .refine((name) => !/^\/?(aws|ssm)/i.test(name), { message: 'parameter names cannot begin with "aws" or "ssm"' })
  .refine((name) => !name.includes('//'), { message: 'parameter names cannot contain an empty path segment (//)' });

export const parameterPathSchema = z
  .string()
  .max(2048, 'parameter paths are at most 2048 characters')
  .regex(/^\/[a-zA-Z0-9_.\-/]*$/, 'a path starts with / and uses letters, digits and _ . - /')
  .refine((path) => !path.includes('//'), { message: 'a path cannot contain an empty segment (//)' });

export const parameterTypeSchema = z.enum(['String', 'StringList', 'SecureString']);
export type ParameterType = z.infer<typeof parameterTypeSchema>;
export const parameterTierSchema = z.enum(['Standard', 'Advanced']);
export type ParameterTier = z.infer<typeof parameterTierSchema>;

/** Standard parameters hold up to 4 KB, advanced ones 8 KB (counted in characters, as SSM does). */
export const PARAMETER_VALUE_LIMITS: Readonly<Record<ParameterTier, number>> = { Standard: 4096, Advanced: 8192 };

export const parameterSummarySchema = z.object({
  name: z.string(),
  arn: z.string().optional(),
  type: parameterTypeSchema,
  version: z.number().int(),
  lastModified: isoDateSchema.optional(),
  lastModifiedUser: z.string().optional(),
  tier: z.string().optional(),
  keyId: z.string().optional(),
  description: z.string().optional(),
  dataType: z.string().optional(),
});
export type ParameterSummary = z.infer<typeof parameterSummarySchema>;

export const parameterListSchema = z.object({
  parameters: z.array(parameterSummarySchema),
  /** DescribeParameters pages it took (50 a page), so the cost of a refresh is visible. */
  apiCalls: z.number().int(),
});
export type ParameterList = z.infer<typeof parameterListSchema>;

/** Values of String and StringList parameters only; SecureString names come back in `secure` without a value. */
export const parameterValuesSchema = z.object({
  values: z.array(z.object({ name: z.string(), value: z.string(), version: z.number().int() })),
  secure: z.array(z.string()),
  missing: z.array(z.string()),
  apiCalls: z.number().int(),
});
export type ParameterValues = z.infer<typeof parameterValuesSchema>;

export const revealedParameterSchema = z.object({ value: z.string(), version: z.number().int() });
export type RevealedParameter = z.infer<typeof revealedParameterSchema>;

export const parameterVersionSchema = z.object({
  version: z.number().int(),
  type: parameterTypeSchema,
  lastModified: isoDateSchema.optional(),
  user: z.string().optional(),
  description: z.string().optional(),
  labels: z.array(z.string()),
  /** Present for String and StringList versions only; a SecureString history never carries values. */
  value: z.string().optional(),
});
export type ParameterVersion = z.infer<typeof parameterVersionSchema>;

export const ssmInputs = {
  listParameters: z.object({
    target: targetSchema,
    path: parameterPathSchema.optional(),
    recursive: z.boolean().default(true),
  }),
  getValues: z.object({ target: targetSchema, names: z.array(parameterNameSchema).min(1).max(50) }),
  revealParameter: z.object({ target: targetSchema, name: parameterNameSchema }),
  parameterHistory: z.object({ target: targetSchema, name: parameterNameSchema }),
};

/** The intents' shapes, used by changes.ts; the value limit depends on the tier, so it is checked as a whole. */
export const putParameterIntentSchema = z
  .object({
    kind: z.literal('ssm.putParameter'),
    name: parameterNameSchema,
    type: parameterTypeSchema,
    value: z.string().min(1, 'a parameter value cannot be empty'),
    overwrite: z.boolean(),
    description: z.string().max(1024).optional(),
    tier: parameterTierSchema.optional(),
  })
  .refine((intent) => intent.value.length <= PARAMETER_VALUE_LIMITS[intent.tier ?? 'Standard'], {
    message: 'the value is too long for its tier: Standard parameters hold 4096 characters, Advanced 8192',
    path: ['value'],
  });
export const deleteParameterIntentSchema = z.object({
  kind: z.literal('ssm.deleteParameter'),
  name: parameterNameSchema,
});
export const restoreVersionIntentSchema = z.object({
  kind: z.literal('ssm.restoreVersion'),
  name: parameterNameSchema,
  version: z.number().int().min(1),
});
