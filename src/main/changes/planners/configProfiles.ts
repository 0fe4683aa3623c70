/**
 * Profiles written to the shared config file by the SSO account picker. The
 * file is the user's, shared with the AWS CLI and every SDK, so the change is
 * previewed like an AWS write: the section shown is the section written, the
 * journal records it, and the undo removes it only while it is unchanged.
 */
import type { AddSsoProfileIntent, RemoveProfileIntent, Target } from '../../../shared/contract';
import {
  appendProfileSection,
  profileSectionLines,
  readConfigText,
  removeProfileSection,
  writeConfigText,
  type ProfileValues,
} from '../../aws/configFileEdits';
import { TrellisError } from '../../aws/errors';
import { parseIni, profileSections, readIniFile, type IniSection } from '../../aws/sharedConfig';
import { ssoSettings } from '../../aws/sso/ssoProfile';
import { shellQuote } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';

/** Settings that say where a profile's calls go; a profile made from an SSO profile reaches AWS the same way. */
const CARRIED_OVER = ['endpoint_url', 'services', 'ignore_configured_endpoint_urls', 'ca_bundle'] as const;

const RISK_NOTE =
  'Changes only your AWS config file, which the AWS CLI and SDKs share; nothing changes in AWS. The rest of the file is kept as it is.';

function files(ctx: PlannerContext) {
  if (!ctx.configFiles) {
    throw new TrellisError({
      code: 'internal',
      message: 'This window cannot edit the AWS config file.',
      retryable: false,
    });
  }
  return ctx.configFiles;
}

function configSection(text: string, path: string, name: string): IniSection | undefined {
  return profileSections(parseIni(text, path, 'config')).get(name);
}

/** Where a profile name is already in use, across both shared files, or undefined when it is free. */
function takenAt(paths: { config: string; credentials: string }, name: string): string | undefined {
  for (const [path, flavour] of [
    [paths.config, 'config'],
    [paths.credentials, 'credentials'],
  ] as const) {
    const section = profileSections(readIniFile(path, flavour)).get(name);
    if (section) return `${path} line ${section.line}`;
  }
  return undefined;
}

function cliFor(name: string, values: ProfileValues): string[] {
  return Object.entries(values).map(
    ([key, value]) => `aws configure set ${key} ${shellQuote(value)} --profile ${shellQuote(name)}`,
  );
}

function sameValues(section: IniSection | undefined, expected: ProfileValues): boolean {
  if (!section) return false;
  const actual = section.values;
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => actual[k] === expected[k]) && Object.keys(section.sub).length === 0;
}

function fileStep(
  summary: string,
  operation: string,
  input: Record<string, unknown>,
  run: () => void,
  afterWrite: () => void,
): ExecutableStep {
  return {
    service: 'config-file',
    operation,
    input,
    summary,
    run: async () => {
      run();
      afterWrite();
      return {};
    },
  };
}

export async function planAddSsoProfile(
  ctx: PlannerContext,
  _target: Target,
  intent: AddSsoProfileIntent,
): Promise<BuiltPlan> {
  const access = files(ctx);
  const paths = access.paths();
  const { profileName: name, fromProfile, accountId, roleName, region } = intent;
  const text = readConfigText(paths.config);
  const parsed = parseIni(text, paths.config, 'config');
  const source = profileSections(parsed).get(fromProfile);
  const sessions = new Map(
    parsed.sections.filter((s) => s.kind === 'sso-session').map((s) => [s.name, { ...s.values }] as const),
  );
  const sso = source ? ssoSettings(fromProfile, source.values, sessions) : undefined;
  if (!source || !sso || 'problem' in sso) {
    throw new TrellisError({
      code: 'validation',
      message: `Profile '${fromProfile}' in ${paths.config} is not a working IAM Identity Center profile${sso && 'problem' in sso ? ` (${sso.problem})` : ''}, so no profile can be made from its sign-in.`,
      retryable: false,
    });
  }
  const { config } = sso;
  const values: ProfileValues = {
    ...(config.sessionName
      ? { sso_session: config.sessionName }
      : { sso_start_url: config.startUrl, sso_region: config.region }),
    sso_account_id: accountId,
    sso_role_name: roleName,
    ...(region ? { region } : {}),
  };
  for (const key of CARRIED_OVER) {
    const value = source.values[key];
    if (value !== undefined) values[key] = value;
  }

  const taken = takenAt(paths, name);
  const expected = { ...values };
  return {
    title: `Add profile ${name} (${roleName} in ${accountId})`,
    resource: { service: 'config-file', type: 'profile', name },
    diff: profileSectionLines(name, values).map((line, i) =>
      i === 0 ? { change: 'add', label: paths.config, after: line } : { change: 'add', label: name, after: line },
    ),
    steps: [
      fileStep(
        `Append [profile ${name}] to ${paths.config}`,
        'AddProfileSection',
        { file: paths.config, profile: name, settings: values },
        () => {
          // Re-checked at apply: the file may have been edited since the preview.
          const now = readConfigText(paths.config);
          if (configSection(now, paths.config, name) || takenAt(paths, name)) {
            throw new TrellisError({
              code: 'conflict',
              message: `A profile named '${name}' appeared in the shared files after the preview; nothing was written.`,
              retryable: false,
            });
          }
          writeConfigText(paths.config, appendProfileSection(now, name, values));
        },
        access.changed,
      ),
    ],
    cli: cliFor(name, values),
    permissions: [],
    risk: { level: 'low', note: RISK_NOTE },
    undo: {
      intent: { kind: 'config.removeProfile', profileName: name, expected },
      summary: `Remove [profile ${name}] from ${paths.config} while it still holds these settings`,
      cli: [],
    },
    ...(taken ? { blocked: `A profile named '${name}' already exists (${taken}); choose another name.` } : {}),
    verify: async () => {
      const section = configSection(readConfigText(paths.config), paths.config, name);
      return sameValues(section, expected)
        ? { verified: true, detail: `${paths.config} now has [profile ${name}] with the settings shown.` }
        : { verified: false, detail: `${paths.config} does not hold [profile ${name}] as written.` };
    },
  };
}

export async function planRemoveProfile(
  ctx: PlannerContext,
  _target: Target,
  intent: RemoveProfileIntent,
): Promise<BuiltPlan> {
  const access = files(ctx);
  const { config: path } = access.paths();
  const { profileName: name, expected } = intent;
  const text = readConfigText(path);
  const section = configSection(text, path, name);
  const removal = removeProfileSection(text, name);
  const blocked = !section
    ? `${path} has no [profile ${name}] any more; there is nothing to remove.`
    : !sameValues(section, expected)
      ? `[profile ${name}] in ${path} was edited after Trellis wrote it; remove it yourself if you still want it gone.`
      : !removal.ok
        ? `Cannot remove [profile ${name}]: ${removal.reason}.`
        : undefined;
  return {
    title: `Remove profile ${name}`,
    resource: { service: 'config-file', type: 'profile', name },
    diff: profileSectionLines(name, section?.values ?? expected).map((line) => ({
      change: 'remove',
      label: name,
      before: line,
    })),
    steps: [
      fileStep(
        `Remove [profile ${name}] from ${path}`,
        'RemoveProfileSection',
        { file: path, profile: name },
        () => {
          const now = readConfigText(path);
          const again = removeProfileSection(now, name);
          if (!sameValues(configSection(now, path, name), expected) || !again.ok) {
            throw new TrellisError({
              code: 'conflict',
              message: `[profile ${name}] in ${path} changed after the preview; nothing was removed.`,
              retryable: false,
            });
          }
          writeConfigText(path, again.text);
        },
        access.changed,
      ),
    ],
    cli: [],
    permissions: [],
    risk: { level: 'low', note: RISK_NOTE },
    undo: null,
    ...(blocked ? { blocked, ...(section ? {} : { unchanged: true }) } : {}),
    verify: async () =>
      configSection(readConfigText(path), path, name)
        ? { verified: false, detail: `${path} still has [profile ${name}].` }
        : { verified: true, detail: `${path} no longer has [profile ${name}].` },
  };
}
