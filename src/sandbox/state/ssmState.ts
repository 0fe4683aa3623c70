/**
 * SSM parameters with every version kept, as GetParameterHistory needs them.
 *
 * A version's value is stored in exactly one of three forms:
 * - `text`: String and StringList values, as they are;
 * - `sealed`: SecureString values written through the API, AES-256-GCM under
 *   the sandbox's KMS key (see services/ssm/kms.ts), so the state file, which
 *   learners open and share, never holds a secret in plain text;
 * - `seeded`: SecureString values of the bundled scenario, as a reference into
 *   the scenario's own table (they are public in the source anyway, and this
 *   way the scenario needs no key before the key file exists).
 */
import { z } from 'zod';
import { timestamp } from './schemaParts';

export const PARAMETER_TYPES = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const parameterVersion = z
  .object({
    version: z.number().int().min(1),
    type: z.enum(PARAMETER_TYPES),
    text: z.string().optional(),
    sealed: z.string().optional(),
    seeded: z.string().optional(),
    keyId: z.string().optional(),
    tier: z.enum(['Standard', 'Advanced']),
    description: z.string().max(1024).optional(),
    allowedPattern: z.string().max(1024).optional(),
    labels: z.array(z.string()),
    lastModifiedDate: timestamp,
    lastModifiedUser: z.string(),
  })
  .strict()
  .refine((v) => [v.text, v.sealed, v.seeded].filter((x) => x !== undefined).length === 1, {
    message: 'a parameter version holds exactly one of text, sealed or seeded',
  })
  .refine((v) => (v.type === 'SecureString') === (v.text === undefined), {
    message: 'SecureString values are sealed or seeded, never text; other types are text',
  });

const parameter = z
  .object({
    name: z.string().min(1).max(2048),
    versions: z.array(parameterVersion).min(1),
  })
  .strict();

/** Optional with a default, so older state files load without a version bump. */
export const ssmStateSchema = z
  .object({ parameters: z.array(parameter) })
  .strict()
  .default({ parameters: [] });

export type SsmState = z.infer<typeof ssmStateSchema>;
export type ParameterState = SsmState['parameters'][number];
export type ParameterVersionState = ParameterState['versions'][number];
