import type { DiffRow, OptionSetting } from '../../../shared/contract';
import { PROPERTIES_NAMESPACE } from '../../services/beanstalkConfiguration';
import { fingerprint, isSecretName } from '../../services/secretNames';
import { cliCommand, type CliTarget } from '../cliCommand';

export interface OptionRef {
  namespace: string;
  optionName: string;
  resourceName?: string;
}
export interface OptionAssignment extends OptionRef {
  value: string;
}

/** What an updateOptions intent actually changes, worked out against the current configuration. */
export interface OptionChange {
  diff: DiffRow[];
  /** Real values, only for options whose value changes. */
  set: OptionAssignment[];
  remove: OptionRef[];
  /** The exact inverse, with real values: old values back, added options removed. */
  undo: { set: OptionAssignment[]; remove: OptionRef[] };
  /** Why the intent cannot be applied as asked (removing what is not set, contradictions). */
  problems: string[];
}

export const optionKey = (o: OptionRef): string => `${o.namespace}\u0000${o.optionName}\u0000${o.resourceName ?? ''}`;

export function optionLabel(o: OptionRef): string {
  return `${o.namespace}: ${o.optionName}${o.resourceName ? ` (${o.resourceName})` : ''}`;
}

/** Environment properties whose names look like credentials; their values are never shown or stored. */
export function isSecretOption(o: OptionRef): boolean {
  return o.namespace === PROPERTIES_NAMESPACE && isSecretName(o.optionName);
}

/** A value as it may be displayed or journalled. */
export function displayValue(o: OptionRef, value: string): string {
  return isSecretOption(o) ? fingerprint(value) : value;
}

const ref = (o: OptionRef): OptionRef => ({
  namespace: o.namespace,
  optionName: o.optionName,
  ...(o.resourceName ? { resourceName: o.resourceName } : {}),
});

/**
 * Pure: the diff, the effective request and its exact inverse. An option is
 * "set" when the configuration lists it with a value (EB lists defaults too,
 * so undoing a change to a default puts the default back explicitly).
 */
export function computeOptionChange(
  current: OptionSetting[],
  set: OptionAssignment[],
  remove: OptionRef[],
): OptionChange {
  const now = new Map<string, string>();
  for (const o of current) if (o.value !== undefined) now.set(optionKey(o), o.value);
  const out: OptionChange = { diff: [], set: [], remove: [], undo: { set: [], remove: [] }, problems: [] };
  const removing = new Set(remove.map(optionKey));
  const seen = new Set<string>();

  for (const o of set) {
    const key = optionKey(o);
    if (seen.has(key)) {
      out.problems.push(`${optionLabel(o)} is set twice in one change.`);
      continue;
    }
    seen.add(key);
    if (removing.has(key)) {
      out.problems.push(`${optionLabel(o)} is both set and removed in one change.`);
      continue;
    }
    const before = now.get(key);
    if (before === o.value) continue;
    out.set.push({ ...ref(o), value: o.value });
    if (before === undefined) {
      out.diff.push({ change: 'add', label: optionLabel(o), after: displayValue(o, o.value) });
      out.undo.remove.push(ref(o));
    } else {
      out.diff.push({
        change: 'modify',
        label: optionLabel(o),
        before: displayValue(o, before),
        after: displayValue(o, o.value),
      });
      out.undo.set.push({ ...ref(o), value: before });
    }
  }
  for (const o of remove) {
    const key = optionKey(o);
    if (seen.has(key)) continue;
    seen.add(key);
    const before = now.get(key);
    if (before === undefined) {
      out.problems.push(`${optionLabel(o)} is not set, so it cannot be removed.`);
      continue;
    }
    out.remove.push(ref(o));
    out.diff.push({ change: 'remove', label: optionLabel(o), before: displayValue(o, before) });
    out.undo.set.push({ ...ref(o), value: before });
  }
  return out;
}

/** UpdateEnvironment's request as shown in the preview and the journal: secrets as fingerprints. */
export function displayedRequest(environmentName: string, set: OptionAssignment[], remove: OptionRef[]) {
  const setting = (o: OptionAssignment) => ({
    Namespace: o.namespace,
    OptionName: o.optionName,
    ...(o.resourceName ? { ResourceName: o.resourceName } : {}),
    Value: displayValue(o, o.value),
  });
  const key = (o: OptionRef) => ({
    Namespace: o.namespace,
    OptionName: o.optionName,
    ...(o.resourceName ? { ResourceName: o.resourceName } : {}),
  });
  return {
    EnvironmentName: environmentName,
    ...(set.length ? { OptionSettings: set.map(setting) } : {}),
    ...(remove.length ? { OptionsToRemove: remove.map(key) } : {}),
  };
}

/** The CLI's shorthand wants a value with commas or quotes in double quotes. */
function shorthandValue(value: string): string {
  return /[,"\\\s=]/.test(value) ? `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"` : value;
}

function shorthand(o: OptionRef, value?: string): string {
  const parts = [`Namespace=${o.namespace}`, `OptionName=${o.optionName}`];
  if (o.resourceName) parts.push(`ResourceName=${shorthandValue(o.resourceName)}`);
  if (value !== undefined) parts.push(`Value=${isSecretOption(o) ? '<value>' : shorthandValue(value)}`);
  // Always quoted: shorthand values carry characters (<, spaces, quotes) a shell would act on.
  return `'${parts.join(',').replace(/'/g, `'\\''`)}'`;
}

/**
 * The `--option-settings` / `--options-to-remove` arguments in CLI
 * shorthand, one quoted entry per option; a secret is a `<value>`
 * placeholder the user fills in, never the value.
 */
export function optionCliArgs(set: OptionAssignment[], remove: OptionRef[]): string {
  const parts: string[] = [];
  if (set.length) parts.push('--option-settings', ...set.map((o) => shorthand(o, o.value)));
  if (remove.length) parts.push('--options-to-remove', ...remove.map((o) => shorthand(o)));
  return parts.join(' ');
}

/**
 * `aws elasticbeanstalk <command> --environment-name X [extra]` for the
 * target; extra arguments go before the profile/region/endpoint tail so the
 * command reads in the usual order.
 */
export function ebCli(target: CliTarget, command: string, environmentName: string, extra = ''): string {
  const withName = cliCommand(target, 'elasticbeanstalk', command, { 'environment-name': environmentName });
  if (!extra) return withName;
  const head = `${target.envPrefix ? `${target.envPrefix} ` : ''}aws elasticbeanstalk ${command}`;
  const tail = cliCommand(target, 'elasticbeanstalk', command, {}).slice(head.length);
  return `${withName.slice(0, withName.length - tail.length)} ${extra}${tail}`;
}
