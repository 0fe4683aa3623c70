/** Configuration as operators read it: key settings first, then one group per namespace; property validation. */
import type { OptionSetting } from '../../../shared/contract';

export const PROPERTIES_NAMESPACE = 'aws:elasticbeanstalk:application:environment';
export const SECRETS_NAMESPACE = 'aws:elasticbeanstalk:application:environmentsecrets';

/** The settings an operator checks first when an environment is unhealthy. */
const keySettings: ReadonlySet<string> = new Set([
  'aws:elasticbeanstalk:container:python|WSGIPath',
  'aws:autoscaling:launchconfiguration|IamInstanceProfile',
  'aws:elasticbeanstalk:environment|ServiceRole',
  'aws:autoscaling:launchconfiguration|SecurityGroups',
  'aws:ec2:vpc|VPCId',
  'aws:ec2:vpc|Subnets',
  'aws:ec2:vpc|ELBSubnets',
  'aws:ec2:vpc|AssociatePublicIpAddress',
]);

export function optionId(option: { namespace: string; optionName: string; resourceName?: string }): string {
  return `${option.namespace}|${option.optionName}${option.resourceName ? `|${option.resourceName}` : ''}`;
}

function isKeySetting(option: OptionSetting): boolean {
  return !option.resourceName && keySettings.has(`${option.namespace}|${option.optionName}`);
}

export interface OptionGroup {
  /** "Key settings", or the namespace. */
  title: string;
  namespace?: string;
  options: OptionSetting[];
}

/**
 * "Key settings" first, in the order the contract gives them, then one group
 * per namespace in order of first appearance. Properties and secrets have
 * their own tables (and masked values), so they are left out here.
 */
export function groupOptions(options: readonly OptionSetting[]): OptionGroup[] {
  const key: OptionSetting[] = [];
  const byNamespace = new Map<string, OptionSetting[]>();
  for (const option of options) {
    if (option.namespace === PROPERTIES_NAMESPACE || option.namespace === SECRETS_NAMESPACE) continue;
    if (isKeySetting(option)) {
      key.push(option);
      continue;
    }
    const list = byNamespace.get(option.namespace);
    if (list) list.push(option);
    else byNamespace.set(option.namespace, [option]);
  }
  const groups: OptionGroup[] = [];
  if (key.length) groups.push({ title: 'Key settings', options: key });
  for (const [namespace, list] of byNamespace) groups.push({ title: namespace, namespace, options: list });
  return groups;
}

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PropertyErrors {
  name?: string;
  value?: string;
}

/**
 * Checks a property before anything is planned. `existing` are the names
 * already set; `editing` is the name being edited (it may keep its own name).
 */
export function validateProperty(
  name: string,
  value: string,
  existing: readonly string[],
  editing?: string,
): PropertyErrors {
  const errors: PropertyErrors = {};
  const trimmed = name.trim();
  if (!trimmed) errors.name = 'Enter a name.';
  else if (/^\d/.test(trimmed)) errors.name = 'A property name cannot start with a digit.';
  else if (!PROPERTY_NAME.test(trimmed))
    errors.name = 'Use only letters, digits and underscores (for example DATABASE_HOST).';
  else if (trimmed !== editing && existing.includes(trimmed))
    errors.name = `${trimmed} is already set; edit it instead.`;
  if (value === '') errors.value = 'Enter a value; to unset a property, remove it.';
  else if (value.length > 4096) errors.value = 'A value can be at most 4096 characters.';
  return errors;
}

export function optionValueError(value: string): string | undefined {
  if (value.trim() === '') return 'Enter a value; to go back to the default, remove the setting.';
  if (value.length > 4096) return 'A value can be at most 4096 characters.';
  return undefined;
}

export function hasErrors(errors: PropertyErrors): boolean {
  return errors.name !== undefined || errors.value !== undefined;
}

export interface PendingSetting {
  namespace: string;
  optionName: string;
  resourceName?: string;
  /** Deployed value (undefined when not set). */
  before?: string;
  /** Pending value (undefined when it goes back to the default). */
  after?: string;
}

/**
 * The draft settings that differ from what is deployed. EB's draft is the
 * whole set, so listing it as-is would hide the one change among dozens.
 * Masked properties carry no value on either side, so only their removal is reported.
 */
export function pendingChanges(
  options: readonly OptionSetting[],
  properties: readonly { name: string; value?: string; masked: boolean }[],
  draft: readonly OptionSetting[] | undefined,
  secrets: readonly { name: string; arn: string }[] = [],
): PendingSetting[] {
  if (!draft?.length) return [];
  const deployed = new Map<string, string | undefined>();
  for (const o of options) deployed.set(optionId(o), o.value);
  for (const s of secrets) deployed.set(optionId({ namespace: SECRETS_NAMESPACE, optionName: s.name }), s.arn);
  const masked = new Set<string>();
  for (const p of properties) {
    const id = optionId({ namespace: PROPERTIES_NAMESPACE, optionName: p.name });
    if (p.masked) masked.add(id);
    else deployed.set(id, p.value);
  }
  const changes: PendingSetting[] = [];
  for (const d of draft) {
    const id = optionId(d);
    if (masked.has(id)) continue;
    const before = deployed.get(id);
    if (before === d.value) continue;
    changes.push({
      ...(d.resourceName ? { resourceName: d.resourceName } : {}),
      namespace: d.namespace,
      optionName: d.optionName,
      before,
      after: d.value,
    });
  }
  // The draft is the whole set: a property or secret it no longer names is being removed.
  // (Options are not checked this way; a draft may leave defaults out.)
  const inDraft = new Set(draft.map(optionId));
  const named = [
    ...properties.map((p) => ({ namespace: PROPERTIES_NAMESPACE, optionName: p.name, before: p.value })),
    ...secrets.map((x) => ({ namespace: SECRETS_NAMESPACE, optionName: x.name, before: x.arn })),
  ];
  for (const n of named) if (!inDraft.has(optionId(n))) changes.push({ ...n, after: undefined });
  return changes;
}
