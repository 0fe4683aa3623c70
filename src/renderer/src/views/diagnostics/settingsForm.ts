/**
 * The Settings form edits text (comma lists, one path per environment); this
 * turns it into DiagnosticsSettings and back, and says which field is wrong
 * without throwing the user's typing away.
 */
import { diagnosticsSettingsSchema, type DiagnosticsSettings } from '../../../../shared/contract';

export interface DeployerRow {
  type: 'role' | 'user';
  name: string;
}

export interface SettingsForm {
  deployers: DeployerRow[];
  /** Environment name → "DB_HOST, DB_USER". */
  requiredProperties: Record<string, string>;
  /** Environment name → "/edx/app". */
  parameterPaths: Record<string, string>;
}

/** Field key → message. Keys: `deployers.<i>.name`, `requiredProperties.<env>`, `parameterPaths.<env>`, `form`. */
export type SettingsErrors = Record<string, string>;

export type FormResult = { ok: true; settings: DiagnosticsSettings } | { ok: false; errors: SettingsErrors };

export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every known environment gets a row, plus any environment the saved settings name. */
export function toForm(settings: DiagnosticsSettings, environments: readonly string[]): SettingsForm {
  const names = [
    ...new Set([...environments, ...Object.keys(settings.requiredProperties), ...Object.keys(settings.parameterPaths)]),
  ].sort((a, b) => a.localeCompare(b));
  const requiredProperties: Record<string, string> = {};
  const parameterPaths: Record<string, string> = {};
  for (const name of names) {
    requiredProperties[name] = (settings.requiredProperties[name] ?? []).join(', ');
    parameterPaths[name] = settings.parameterPaths[name] ?? '';
  }
  return {
    deployers: settings.deployers.map((d) => ({ type: d.type, name: d.name })),
    requiredProperties,
    parameterPaths,
  };
}

export function fromForm(form: SettingsForm): FormResult {
  const errors: SettingsErrors = {};
  const requiredProperties: Record<string, string[]> = {};
  const parameterPaths: Record<string, string> = {};
  for (const [env, text] of Object.entries(form.requiredProperties)) {
    const names = splitList(text);
    if (names.length === 0) continue;
    const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(n));
    if (bad) errors[`requiredProperties.${env}`] = `“${bad}” is not a property name (letters, digits and _ . -)`;
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) errors[`requiredProperties.${env}`] = `“${repeated}” is listed twice`;
    requiredProperties[env] = names;
  }
  for (const [env, text] of Object.entries(form.parameterPaths)) {
    const path = text.trim();
    if (!path) continue;
    // GetParametersByPath only takes a hierarchy, which always starts with a slash.
    if (!path.startsWith('/')) errors[`parameterPaths.${env}`] = 'a parameter path starts with /, e.g. /myapp/prod';
    parameterPaths[env] = path;
  }
  const deployers = form.deployers
    .map((d, index) => ({ ...d, name: d.name.trim(), index }))
    .filter((d) => d.name !== '');
  const settings = {
    deployers: deployers.map(({ type, name }) => ({ type, name })),
    requiredProperties,
    parameterPaths,
  };
  const parsed = diagnosticsSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [area, second, third] = issue.path;
      const key =
        area === 'deployers' && typeof second === 'number'
          ? `deployers.${deployers[second]?.index ?? second}.${String(third ?? 'name')}`
          : area === 'deployers'
            ? 'deployers'
            : typeof area === 'string' && typeof second === 'string'
              ? `${area}.${second}`
              : 'form';
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) {
    return { ok: false, errors: Object.keys(errors).length > 0 ? errors : { form: 'The settings are not valid' } };
  }
  return { ok: true, settings: parsed.data };
}
