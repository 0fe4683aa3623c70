import { z } from 'zod';

/**
 * Errors cross the process boundary as plain data. Electron's own error
 * serialisation drops every property except `message`, so nothing here may
 * depend on an Error instance surviving IPC.
 */
export const appErrorSchema = z.object({
  code: z.enum([
    'validation',
    'unknown-channel',
    'forbidden-sender',
    'read-only',
    'unknown-profile',
    'profile-config',
    'credentials',
    'access-denied',
    'not-found',
    'conflict',
    'throttled',
    'timeout',
    'network',
    'aws',
    'plan-expired',
    'internal',
  ]),
  message: z.string(),
  service: z.string().optional(),
  operation: z.string().optional(),
  awsCode: z.string().optional(),
  requestId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  retryable: z.boolean(),
  hint: z.string().optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;
export type AppErrorCode = AppError['code'];

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}
