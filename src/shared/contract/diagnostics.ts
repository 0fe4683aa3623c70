import { z } from 'zod';
import { appErrorSchema } from './result';
import { isoDateSchema, targetSchema } from './common';
import { environmentNameSchema, healthColorSchema } from './beanstalk';
import { principalRefSchema } from './iam';
import { metricSeriesSchema } from './monitoring';

/** The catalogue in shared/failures.md: one rule id per entry. */
export const RULE_IDS = [
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'F12',
  'F13',
  'F14',
  'F15',
  'F16',
] as const;
export const ruleIdSchema = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof ruleIdSchema>;

/** critical: the environment or data is broken or exposed now; high: it will fail or leak; medium: risky; low: hygiene. */
export const findingSeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

export const findingResourceSchema = z.object({
  type: z.enum([
    'environment',
    'application-version',
    'role',
    'user',
    'access-key',
    'instance-profile',
    'db-instance',
    'security-group',
    'search-domain',
    'ssm-parameter',
    'account',
  ]),
  name: z.string(),
  arn: z.string().optional(),
});
export type FindingResource = z.infer<typeof findingResourceSchema>;

export const evidenceSchema = z.object({
  /** Where the fact comes from, so the UI can say "event", "setting", "simulation"... */
  source: z.enum([
    'event',
    'health',
    'setting',
    'bundle',
    'policy',
    'simulation',
    'security-group',
    'state',
    'text',
    'log',
    'metric',
  ]),
  label: z.string(),
  /** The exact text: the event message, the option value, the missing rule, the simulated decision. */
  text: z.string(),
  at: isoDateSchema.optional(),
  /** Set for `metric` evidence: the series the text reads, so the finding can draw it. */
  metric: z
    .object({
      series: metricSeriesSchema,
      /** Seconds per point. */
      period: z.number().int().positive(),
      /** The deploy or configuration change the text relates the metric to, drawn as a marker. */
      change: z.object({ at: isoDateSchema, label: z.string() }).optional(),
    })
    .optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** A fix the console can plan. The intent itself stays in main (it may hold secret values); the renderer asks for its plan by id. */
export const fixOptionSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  recommended: z.boolean(),
  /** The inline policy the fix puts (a least-privilege proposal), so the user can edit it before it is applied. */
  policy: z.object({ principal: principalRefSchema, policyName: z.string(), document: z.string() }).optional(),
});
export type FixOption = z.infer<typeof fixOptionSchema>;

export const manualStepSchema = z.object({ text: z.string(), command: z.string().optional() });
export const manualFixSchema = z.object({
  summary: z.string(),
  steps: z.array(manualStepSchema),
  /** What the re-check looks for, in words; the check turns green when the finding is gone. */
  check: z.string(),
});
export type ManualFix = z.infer<typeof manualFixSchema>;

export const catalogueRefSchema = z.object({
  rule: ruleIdSchema,
  title: z.string(),
  /** Where the training notes ran into it, e.g. "seed 004: the WSGIPath error after eb create". */
  seenIn: z.string().optional(),
});

export const findingSchema = z.object({
  /** Stable across scans: rule, resource and qualifier, so a finding can be re-checked after a fix. */
  id: z.string(),
  rule: ruleIdSchema,
  severity: findingSeveritySchema,
  /** One line naming the resource and what is wrong. */
  summary: z.string(),
  resource: findingResourceSchema,
  /** The environment this finding belongs to, for grouping; absent for account-wide findings. */
  environmentName: z.string().optional(),
  related: z.array(findingResourceSchema),
  evidence: z.array(evidenceSchema),
  explanation: z.string(),
  catalogue: catalogueRefSchema,
  fixes: z.array(fixOptionSchema),
  manual: manualFixSchema.optional(),
  accepted: z.object({ note: z.string(), at: isoDateSchema }).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** One thing a rule looked at. Passing checks are what turn a Lab checklist item or a manual fix green. */
export const checkSchema = z.object({
  /** Same id as the finding it would raise. */
  id: z.string(),
  rule: ruleIdSchema,
  subject: findingResourceSchema,
  environmentName: z.string().optional(),
  passed: z.boolean(),
  detail: z.string(),
});
export type Check = z.infer<typeof checkSchema>;

export const scanProblemSchema = z.object({
  /** What could not be read, e.g. "IAM authorization details" or "events of Bbruceeb2-env". */
  area: z.string(),
  rules: z.array(ruleIdSchema),
  error: appErrorSchema,
});
export type ScanProblem = z.infer<typeof scanProblemSchema>;

export const scannedEnvironmentSchema = z.object({
  name: z.string(),
  applicationName: z.string(),
  status: z.string(),
  health: healthColorSchema,
});

export const scanResultSchema = z.object({
  target: targetSchema,
  account: z.string().optional(),
  scannedAt: isoDateSchema,
  environmentName: z.string().optional(),
  environments: z.array(scannedEnvironmentSchema),
  findings: z.array(findingSchema),
  checks: z.array(checkSchema),
  problems: z.array(scanProblemSchema),
  /** AWS calls the scan made, so its cost is visible. */
  apiCalls: z.number().int(),
  durationMs: z.number().int(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;

/**
 * After a fix of a finding backed by the health metric: whether the newest EnvironmentHealth datapoint
 * is OK again. The metric lags the health colour by minutes, so the renderer keeps asking while `waiting`.
 */
export const metricRecoverySchema = z.object({
  state: z.enum(['recovered', 'waiting', 'unavailable']),
  /** In words, e.g. "Health metric OK 3 min 10 s after the change (…)". */
  text: z.string(),
  /** The newest EnvironmentHealth datapoint read. */
  newest: z.object({ t: isoDateSchema, v: z.number() }).optional(),
  /** From the change's event to the first OK datapoint, on the endpoint's clock. */
  tookSeconds: z.number().int().min(0).optional(),
});
export type MetricRecovery = z.infer<typeof metricRecoverySchema>;

export const verificationResultSchema = z.object({
  findingId: z.string(),
  status: z.enum(['verified', 'not-yet']),
  reason: z.string(),
  finding: findingSchema.optional(),
  checkedAt: isoDateSchema,
  metric: metricRecoverySchema.optional(),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

export const parsedTextSchema = z.object({
  kind: z.string(),
  rule: ruleIdSchema,
  /** The matched passage, verbatim. */
  match: z.string(),
  /** Named parts the pattern pulled out: principal, action, host, port, role... */
  fields: z.record(z.string(), z.string()),
  meaning: z.string(),
});
export type ParsedTextMatch = z.infer<typeof parsedTextSchema>;

/** What the user declares once per account and region: who deploys, and what each environment's app needs. */
export const diagnosticsSettingsSchema = z.object({
  deployers: z.array(principalRefSchema).max(50),
  requiredProperties: z.record(z.string(), z.array(z.string().min(1).max(128)).max(200)),
  parameterPaths: z.record(z.string(), z.string().max(1011)),
});
export type DiagnosticsSettings = z.infer<typeof diagnosticsSettingsSchema>;

/**
 * Settings as the renderer may send them: keyed by real environment names and nothing else, so no
 * `__proto__`, empty or megabyte key is ever written to the file. (Files already saved are read with
 * the looser schema above, so a stricter rule here never makes one unreadable.)
 */
const settingsInputSchema = z
  .object({
    deployers: z.array(principalRefSchema.strict()).max(50),
    requiredProperties: z.record(environmentNameSchema, z.array(z.string().min(1).max(128)).max(200)),
    parameterPaths: z.record(environmentNameSchema, z.string().max(1011)),
  })
  .strict();

export const connectivityNodeSchema = z.object({
  id: z.string(),
  kind: z.enum([
    'environment',
    'instance',
    'security-group',
    'vpc',
    'subnet',
    'database',
    'search-domain',
    'ssm-parameter',
    'role',
    'internet',
  ]),
  label: z.string(),
  detail: z.string().optional(),
  /** Containment for drawing: an instance sits in a subnet, a subnet in a VPC. */
  parent: z.string().optional(),
});
export const connectivityEdgeSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  label: z.string(),
  status: z.enum(['allowed', 'broken', 'unknown']),
  reason: z.string(),
  findingId: z.string().optional(),
});
export const connectivityMapSchema = z.object({
  environmentName: z.string(),
  nodes: z.array(connectivityNodeSchema),
  edges: z.array(connectivityEdgeSchema),
  problems: z.array(scanProblemSchema),
});
export type ConnectivityMap = z.infer<typeof connectivityMapSchema>;
export type ConnectivityNode = z.infer<typeof connectivityNodeSchema>;
export type ConnectivityEdge = z.infer<typeof connectivityEdgeSchema>;

export const labItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['done', 'todo', 'unknown']),
  explanation: z.string(),
  /** The findings that keep this item open; their fixes are the item's fixes. */
  findings: z.array(findingSchema),
  checks: z.array(checkSchema),
});
export const labChecklistSchema = z.object({
  environmentName: z.string().optional(),
  items: z.array(labItemSchema),
  scannedAt: isoDateSchema,
});
export type LabChecklist = z.infer<typeof labChecklistSchema>;
export type LabItem = z.infer<typeof labItemSchema>;

const findingIdSchema = z.string().min(1).max(500);

export const diagnosticsInputs = {
  scan: z.object({
    target: targetSchema,
    environmentName: environmentNameSchema.optional(),
    /** Also request and read every instance's latest logs (a RequestEnvironmentInfo and a wait per environment). */
    readLogs: z.boolean().default(false),
  }),
  verify: z.object({ target: targetSchema, findingId: findingIdSchema }),
  planFix: z.object({ target: targetSchema, findingId: findingIdSchema, fixId: z.string().min(1).max(100) }),
  accept: z.object({
    target: targetSchema,
    findingId: findingIdSchema,
    /** null takes the acceptance back. */
    note: z.string().trim().min(1, 'say why the finding is accepted').max(500).nullable(),
  }),
  // Pasted log text can be long; the web transport's 1 MiB body limit is the real bound.
  explainText: z.object({ target: targetSchema, text: z.string().min(1).max(500_000) }),
  getSettings: z.object({ target: targetSchema }),
  saveSettings: z.object({ target: targetSchema, settings: settingsInputSchema }),
  connectivity: z.object({ target: targetSchema, environmentName: environmentNameSchema }),
  labChecklist: z.object({ target: targetSchema, environmentName: environmentNameSchema.optional() }),
};

export const explainTextResultSchema = z.object({
  matches: z.array(parsedTextSchema),
  /** Findings the text leads to, re-checked against live state (e.g. a simulated AccessDenied). */
  findings: z.array(findingSchema),
});
export type ExplainTextResult = z.infer<typeof explainTextResultSchema>;
