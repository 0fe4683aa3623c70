/**
 * The Deploy dialog's form: version label, description and the override of
 * failing pre-flight checks. This turns what was typed into a deployBundle
 * intent, or says which field is wrong, before anything is planned.
 */
import {
  deployBundleIntentSchema,
  type ChangeIntent,
  type PreflightCheck,
  type Preflight,
  type StagedBundle,
} from '../../../../shared/contract';

export interface DeployForm {
  versionLabel: string;
  description: string;
  override: boolean;
  reason: string;
}

export type DeployField = 'versionLabel' | 'description' | 'reason' | 'override';
export type DeployFormErrors = Partial<Record<DeployField, string>>;

export interface DeployContext {
  applicationName: string;
  environmentName: string;
  bundle: StagedBundle;
  preflight: Preflight;
  /** Labels the application already has, when its versions are known. */
  existingLabels: readonly string[];
}

type DeployBundleIntent = Extract<ChangeIntent, { kind: 'beanstalk.deployBundle' }>;

export type DeployFormResult = { ok: true; intent: DeployBundleIntent } | { ok: false; errors: DeployFormErrors };

const MAX_LABEL = 100;
const MAX_DESCRIPTION = 200;
const MIN_REASON = 3;
const MAX_REASON = 500;

export function labelError(label: string, applicationName: string, existing: readonly string[]): string | undefined {
  if (!label) return 'Enter a version label.';
  if (label.length > MAX_LABEL)
    return `A version label has at most ${MAX_LABEL} characters; this one has ${label.length}.`;
  if (label.includes('/')) return 'A version label cannot contain a slash (/).';
  if (existing.includes(label)) return `${applicationName} already has a version labelled ${label}; choose another.`;
  return undefined;
}

export function validateDeploy(form: DeployForm, context: DeployContext): DeployFormResult {
  const errors: DeployFormErrors = {};
  const versionLabel = form.versionLabel.trim();
  const description = form.description.trim();
  const reason = form.reason.trim();

  const label = labelError(versionLabel, context.applicationName, context.existingLabels);
  if (label) errors.versionLabel = label;
  if (description.length > MAX_DESCRIPTION)
    errors.description = `A description has at most ${MAX_DESCRIPTION} characters; this one has ${description.length}.`;

  const overriding = context.preflight.blocking;
  if (overriding && !form.override) {
    errors.override = 'A pre-flight check failed. Fix the bundle, or tick “Deploy anyway” and give a reason.';
  } else if (overriding && reason.length < MIN_REASON) {
    errors.reason = `Give a reason of at least ${MIN_REASON} characters; it is kept in the journal.`;
  } else if (overriding && reason.length > MAX_REASON) {
    errors.reason = `A reason has at most ${MAX_REASON} characters; this one has ${reason.length}.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const intent = deployBundleIntentSchema.safeParse({
    kind: 'beanstalk.deployBundle',
    environmentName: context.environmentName,
    bundleId: context.bundle.id,
    sha256: context.bundle.sha256,
    versionLabel,
    ...(description ? { description } : {}),
    ...(overriding ? { override: { reason } } : {}),
  });
  if (!intent.success) {
    // The checks above mirror the schema, so this only catches a rule added to the contract later.
    return { ok: false, errors: { versionLabel: intent.error.issues[0]?.message ?? 'This deploy is not valid.' } };
  }
  return { ok: true, intent: intent.data };
}

/** The order a person fixes things in: the first invalid field gets the focus. */
export const fieldOrder: readonly DeployField[] = ['override', 'reason', 'versionLabel', 'description'];

export const checkWords: Record<PreflightCheck['status'], { word: string; mark: string }> = {
  pass: { word: 'Pass', mark: '✓' },
  warn: { word: 'Warning', mark: '!' },
  fail: { word: 'Fail', mark: '✗' },
};

/** "3 passed, 1 failed": the checks at a glance, for headings and the preview. */
export function checkCounts(checks: readonly PreflightCheck[]): string {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const check of checks) counts[check.status] += 1;
  const parts = [`${counts.pass} passed`];
  if (counts.warn) parts.push(`${counts.warn} warning${counts.warn === 1 ? '' : 's'}`);
  if (counts.fail) parts.push(`${counts.fail} failed`);
  return parts.join(', ');
}
