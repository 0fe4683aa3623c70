/**
 * Validation of a fault configuration, wherever it comes from (the `--faults`
 * option, the admin route, `RunningSandbox.faults.set`). A rule that could
 * never match or never fire is refused by name rather than silently ignored:
 * a test that believes it is injecting faults and is not proves nothing.
 */
import { z } from 'zod';
import type { FaultConfig, FaultKind, FaultRule } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'http-500',
  'http-503',
  'latency',
  'hang',
  'expired-token',
  'access-denied',
];

export const MAX_LATENCY_MS = 120_000;
const MAX_RULES = 100;

export class FaultConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultConfigError';
  }
}

function ruleSchema(knownServices: readonly string[]) {
  return z
    .strictObject({
      service: z
        .string()
        .refine((name) => knownServices.includes(name), {
          message: `must be one of the sandbox's signing names: ${knownServices.join(', ')}`,
        })
        .optional(),
      operation: z
        .string()
        .regex(/^[A-Z][A-Za-z0-9]{1,127}$/, 'must be an AWS operation name such as DescribeParameters')
        .optional(),
      kind: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]),
      rate: z.number().min(0).max(1).optional(),
      latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
      throttleCode: z.enum(['Throttling', 'ThrottlingException', 'TooManyRequestsException']).optional(),
      count: z.number().int().min(0).optional(),
    })
    .superRefine((rule, context) => {
      if (rule.kind === 'latency' && rule.latencyMs === undefined)
        context.addIssue({ code: 'custom', path: ['latencyMs'], message: 'is required for a latency rule' });
      if (rule.kind !== 'latency' && rule.latencyMs !== undefined)
        context.addIssue({ code: 'custom', path: ['latencyMs'], message: 'applies only to a latency rule' });
      if (rule.kind !== 'throttle' && rule.throttleCode !== undefined)
        context.addIssue({ code: 'custom', path: ['throttleCode'], message: 'applies only to a throttle rule' });
    });
}

function configSchema(knownServices: readonly string[]) {
  return z.strictObject({
    rules: z.array(ruleSchema(knownServices)).max(MAX_RULES),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  });
}

/** Checks a parsed JSON value; the message names the first offending fields (`rules.0.rate: …`). */
export function parseFaultConfig(value: unknown, knownServices: readonly string[]): FaultConfig {
  const parsed = configSchema(knownServices).safeParse(value);
  if (parsed.success) {
    // Rebuilt without undefined members so the config reads back exactly as it was given.
    const rules = parsed.data.rules.map((rule): FaultRule => ({
      ...(rule.service === undefined ? {} : { service: rule.service }),
      ...(rule.operation === undefined ? {} : { operation: rule.operation }),
      kind: rule.kind,
      ...(rule.rate === undefined ? {} : { rate: rule.rate }),
      ...(rule.latencyMs === undefined ? {} : { latencyMs: rule.latencyMs }),
      ...(rule.throttleCode === undefined ? {} : { throttleCode: rule.throttleCode }),
      ...(rule.count === undefined ? {} : { count: rule.count }),
    }));
    return parsed.data.seed === undefined ? { rules } : { rules, seed: parsed.data.seed };
  }
  const issues = parsed.error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  throw new FaultConfigError(`Invalid fault configuration: ${issues.join('; ')}${more}.`);
}

/** The same check for JSON text, with a parse failure worded for a person editing a file. */
export function parseFaultConfigText(text: string, knownServices: readonly string[]): FaultConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaultConfigError(`The fault configuration is not valid JSON (${reason}).`);
  }
  return parseFaultConfig(value, knownServices);
}
