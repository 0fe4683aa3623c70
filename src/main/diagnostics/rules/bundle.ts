/**
 * F3 (WSGIPath names nothing in the deployed bundle) and F15 (no
 * requirements.txt at the bundle root), judged from the deployed version's
 * zip listing and the platform generation. Both follow AWS, not the
 * sandbox: Elastic Beanstalk installs only a root requirements.txt, so an app
 * whose WSGIPath was pointed into `FlaskApp/` still has F15 open until it is
 * re-bundled. Non-Python platforms pass both checks as not applicable.
 */
import type { ApplicationVersion, Evidence, FindingResource, ManualFix, OptionSetting } from '../../../shared/contract';
import type { EnvironmentFacts, EventFact, LogLineFact } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FindingDraft, FixDraft, RuleOutput } from '../types';
import { runnable } from '../types';
import { type BundleListing, baseName, folderOf, topLevelEntries } from '../beanstalk/bundleListing';
import { type BundleLayout, judgeBundleLayout } from '../beanstalk/bundleLayout';
import { causeEvidence, eitherTest, eventEvidence, hasKind, logEvidence } from '../beanstalk/eventText';
import { NS, optionValue, scopedEnvironmentDetails, stateNote } from '../beanstalk/options';
import { defaultWsgiPath, type PlatformInfo, pythonPlatform } from '../beanstalk/platform';
import { type RebundleInput, rebundleFixDraft, rebundleSteps, shellWord } from '../beanstalk/rebundle';
import { GUNICORN_LOAD_FAILURE, type WsgiResolution, wsgiPathAfterRebundle } from '../beanstalk/wsgi';

const RULES = ['F3', 'F15'] as const;

export interface BundleEnvironmentFacts {
  environment: EnvironmentFacts;
  options: OptionSetting[];
  /** Newest first. */
  events: EventFact[];
  /** The deployed version with its listing; absent when it could not be read (a scan problem says why). */
  version?: ApplicationVersion;
  /** The instances' latest log lines, when the scan read them. */
  logs: LogLineFact[];
}

export interface BundleFacts {
  environments: BundleEnvironmentFacts[];
}

const wsgiText = eitherTest(hasKind('wsgi-path-missing', 'web-not-running'), (message) =>
  GUNICORN_LOAD_FAILURE.test(message),
);
const moduleText = hasKind('module-not-found');

function environmentResource(env: EnvironmentFacts): FindingResource {
  return { type: 'environment', name: env.name };
}

function versionResource(env: EnvironmentFacts, version: ApplicationVersion): FindingResource {
  return { type: 'application-version', name: `${env.applicationName}/${version.versionLabel}` };
}

function topLevelEvidence(version: ApplicationVersion, listing: BundleListing): Evidence {
  const where = version.sourceBundle ? ` (s3://${version.sourceBundle.bucket}/${version.sourceBundle.key})` : '';
  return {
    source: 'bundle',
    label: `Top level of version ${version.versionLabel}${where}`,
    text: topLevelEntries(listing).join(', ') || '(empty archive)',
  };
}

function wsgiSettingEvidence(resolution: WsgiResolution, platform: PlatformInfo): Evidence {
  return {
    source: 'setting',
    label: `${NS.python} WSGIPath`,
    text: resolution.configured
      ? resolution.value
      : `(not set; the platform default is ${defaultWsgiPath(platform.generation)})`,
  };
}

/** The value that reaches `file` once its folder is the zip root, keeping a gunicorn callable. */
function valueAtRoot(platform: PlatformInfo, file: string, callable: string | undefined): string {
  const relative = baseName(file);
  if (platform.generation === 'legacy') return relative;
  return `${relative.replace(/\.py$/, '')}:${callable ?? 'application'}`;
}

interface Context {
  env: EnvironmentFacts;
  facts: BundleEnvironmentFacts;
  version: ApplicationVersion;
  listing: BundleListing;
  platform: PlatformInfo;
  resolution: WsgiResolution;
  layout: BundleLayout;
  ctx: EvaluationContext;
}

function rebundleInput(c: Context, folder: string, before?: ManualFix['steps']): RebundleInput {
  // The WSGIPath that works after the re-bundle: unchanged when it already names the root file.
  const target = c.resolution.found ?? c.resolution.candidates[0];
  let wsgiPathAfter = wsgiPathAfterRebundle(c.platform.generation, c.resolution.value, folder);
  if (wsgiPathAfter === undefined && target !== undefined && folder !== '' && folderOf(target) === folder) {
    const atRoot = valueAtRoot(c.platform, target, c.resolution.callable);
    if (atRoot !== c.resolution.value) wsgiPathAfter = atRoot;
  }
  return {
    applicationName: c.env.applicationName,
    environmentName: c.env.name,
    versionLabel: c.version.versionLabel,
    ...(c.version.sourceBundle ? { sourceBundle: c.version.sourceBundle } : {}),
    folder,
    region: c.ctx.region,
    account: c.ctx.account,
    ...(wsgiPathAfter !== undefined ? { wsgiPathAfter } : {}),
    ...(before ? { before } : {}),
  };
}

function setWsgiCommand(env: EnvironmentFacts, value: string, region: string): string {
  return (
    `aws elasticbeanstalk update-environment --environment-name ${shellWord(env.name)}` +
    ` --option-settings ${shellWord(`Namespace=${NS.python},OptionName=WSGIPath,Value=${value}`)} --region ${shellWord(region)}`
  );
}

function wsgiSummary(c: Context): string {
  const r = c.resolution;
  const label = c.version.versionLabel;
  if (r.found && r.invalidCallable) {
    return `${c.env.name}: WSGIPath "${r.value}" has a callable part "${r.callable ?? ''}" that is not a Python name`;
  }
  const what =
    c.platform.generation === 'legacy'
      ? `file ${r.expectedFiles[0] ?? r.value}`
      : `module ${r.expectedFiles[0] ?? r.value}`;
  const found = r.candidates[0] ? ` (found ${r.candidates[0]})` : '';
  return `${c.env.name}: WSGIPath "${r.value}" names ${what}, which is not in version ${label}${found}`;
}

function wsgiFinding(c: Context, requirementsAlsoMissing: boolean): FindingDraft {
  const { env, resolution: r, platform } = c;
  const resource = environmentResource(env);
  const suggestion = r.suggestions[0];
  const evidence: Evidence[] = [
    ...eventEvidence(c.facts.events, wsgiText),
    ...causeEvidence(env, wsgiText),
    ...logEvidence(c.facts.logs, wsgiText),
    wsgiSettingEvidence(r, platform),
    topLevelEvidence(c.version, c.listing),
  ];
  const candidate = r.candidates[0];
  const nestedFolder = candidate ? folderOf(candidate) : '';
  // The re-bundle is the better fix when it repairs F15 too, or when no WSGIPath value would reach the app.
  const oneClick =
    nestedFolder !== ''
      ? rebundleFixDraft(rebundleInput(c, nestedFolder), requirementsAlsoMissing || !suggestion)
      : undefined;
  const fixes: FixDraft[] = [];
  if (suggestion) {
    const others = r.suggestions.slice(1).map((s) => s.file);
    fixes.push({
      id: 'set-wsgi-path',
      label: `Set WSGIPath to ${suggestion.value}`,
      description:
        `Points ${NS.python} WSGIPath at ${suggestion.file}, the file that exists in version ${c.version.versionLabel}.` +
        (others.length > 0 ? ` Other candidates: ${others.join(', ')}.` : '') +
        (requirementsAlsoMissing
          ? ' This starts the app but leaves requirements.txt below the root, so its dependencies are still not installed (F15); re-bundling fixes both.'
          : ''),
      recommended: !requirementsAlsoMissing,
      intent: {
        kind: 'beanstalk.updateOptions',
        environmentName: env.name,
        set: [{ namespace: NS.python, optionName: 'WSGIPath', value: suggestion.value }],
        remove: [],
      },
    });
  }
  if (oneClick) fixes.splice(oneClick.recommended ? 0 : fixes.length, 0, oneClick);
  const manual: ManualFix =
    nestedFolder !== ''
      ? {
          summary: `Re-bundle with the contents of ${nestedFolder}/ at the zip root, then deploy the new version.`,
          steps: rebundleSteps(rebundleInput(c, nestedFolder)),
          check: `WSGIPath names a file that exists in the deployed version's bundle of ${env.name}.`,
        }
      : {
          summary: suggestion
            ? `Set WSGIPath to ${suggestion.value}.`
            : `Add the WSGI entry point to the bundle, or set WSGIPath to the file that holds the app.`,
          steps: suggestion
            ? [
                {
                  text: `Set WSGIPath to ${suggestion.value}.`,
                  command: setWsgiCommand(env, suggestion.value, c.ctx.region),
                },
              ]
            : [
                {
                  text:
                    platform.generation === 'legacy'
                      ? `No ${baseName(r.value)} or application.py is in version ${c.version.versionLabel}. Add the file that creates the WSGI "application" object, or set WSGIPath to its path relative to the zip root.`
                      : `No module ${r.value.split(':')[0]} or application.py is in version ${c.version.versionLabel}. Add it, or set WSGIPath to the module:callable that holds the app.`,
                  command: setWsgiCommand(env, '<path or module:callable>', c.ctx.region),
                },
              ],
          check: `WSGIPath names a file that exists in the deployed version's bundle of ${env.name}.`,
        };
  const layout = nestedFolder !== '' ? ` The app sits inside ${nestedFolder}/ instead of at the zip root.` : '';
  const gen =
    platform.generation === 'legacy'
      ? 'This legacy Python platform reads WSGIPath as a file path from the zip root'
      : 'This Amazon Linux 2/2023 platform reads WSGIPath as module:callable and gunicorn imports the module from the zip root';
  const advice = requirementsAlsoMissing
    ? ' The bundle also lacks a root requirements.txt, so re-bundling the app folder is the better fix: it repairs both; setting WSGIPath alone starts the app without its dependencies.'
    : suggestion
      ? ` Setting WSGIPath to ${suggestion.value} points it at the file that is there.`
      : '';
  return {
    id: findingId('F3', resource),
    rule: 'F3',
    severity: 'critical',
    summary: wsgiSummary(c),
    resource,
    environmentName: env.name,
    related: [versionResource(env, c.version)],
    evidence,
    explanation: `${gen}, so the web app cannot start.${layout}${advice}`,
    catalogue: catalogueRef('F3'),
    fixes,
    manual,
  };
}

interface RequirementsPlan {
  /** The folder whose contents become the zip root. */
  folder: string;
  /** Steps before zipping: copy a stray requirements.txt next to the app, or create one. */
  before: ManualFix['steps'];
  summary: string;
}

/** Re-bundle the folder that holds the app; bring a requirements.txt into it first when it has none. */
function requirementsPlan(c: Context, nested: readonly string[]): RequirementsPlan {
  const { appFolder } = c.layout;
  const target = appFolder === '' ? 'requirements.txt' : `${appFolder}/requirements.txt`;
  const zipWhat = appFolder === '' ? 'the app folder' : `${appFolder}/`;
  if (appFolder !== '' && nested.includes(target)) {
    return {
      folder: appFolder,
      before: [],
      summary: `Re-bundle with the contents of ${zipWhat} at the zip root, then deploy the new version.`,
    };
  }
  const stray = nested[0];
  const before: ManualFix['steps'] = stray
    ? [
        {
          text: `From the project folder, copy ${stray} next to the app so it lands at the zip root.`,
          command: `cp ${shellWord(stray)} ${shellWord(target)}`,
        },
      ]
    : [
        {
          text: `In the app's virtualenv, from the project folder, write ${target} listing every package the app imports.`,
          command: `pip freeze > ${shellWord(target)}`,
        },
      ];
  return {
    folder: appFolder,
    before,
    summary: `${stray ? 'Copy' : 'Create'} ${target}, re-bundle with the contents of ${zipWhat} at the zip root, and deploy.`,
  };
}

function requirementsFinding(c: Context): FindingDraft {
  const { env } = c;
  const resource = environmentResource(env);
  const nested = c.layout.nestedRequirements;
  const plan = requirementsPlan(c, nested);
  const input = rebundleInput(c, plan.folder, plan.before);
  const oneClick = rebundleFixDraft(input, true);
  const evidence: Evidence[] = [
    ...eventEvidence(c.facts.events, moduleText),
    ...logEvidence(c.facts.logs, moduleText),
    {
      source: 'bundle',
      label: 'requirements.txt below the root',
      text: nested.length > 0 ? nested.join(', ') : '(none anywhere in the bundle)',
    },
    topLevelEvidence(c.version, c.listing),
  ];
  const seenFailing = evidence.some((e) => e.source === 'event');
  const where = nested.length > 0 ? `; it has only ${nested.join(', ')}` : '';
  return {
    id: findingId('F15', resource),
    rule: 'F15',
    severity: seenFailing ? 'critical' : 'high',
    summary: `${env.name}: version ${c.version.versionLabel} has no requirements.txt at the zip root${where}`,
    resource,
    environmentName: env.name,
    related: [versionResource(env, c.version)],
    evidence,
    explanation:
      'Elastic Beanstalk installs Python dependencies only from a requirements.txt at the root of the source bundle; one inside a folder is ignored, so imports such as flask or requests fail on the instance even if they work on your machine.' +
      (nested.length === 0
        ? ' No requirements.txt is in the bundle at all, so create one and re-bundle.'
        : ` Re-bundling the contents of ${plan.folder === '' ? 'the app folder' : `${plan.folder}/`} with requirements.txt in it puts the file at the root.`),
    catalogue: catalogueRef('F15'),
    fixes: oneClick ? [oneClick] : [],
    manual: {
      summary: plan.summary,
      steps: rebundleSteps(input),
      check: `requirements.txt at the zip root of the deployed version of ${env.name}.`,
    },
  };
}

function evaluateEnvironment(facts: BundleEnvironmentFacts, ctx: EvaluationContext, out: RuleOutput): void {
  const env = facts.environment;
  const resource = environmentResource(env);
  const opts = { environmentName: env.name };
  const note = stateNote(env);
  const platform = pythonPlatform(env.solutionStackName, env.platformArn);
  if (!platform.python) {
    const detail = `Not a Python platform (${platform.description || 'platform unknown'}): not applicable.`;
    out.checks.push(check('F3', resource, true, detail, opts), check('F15', resource, true, detail, opts));
    return;
  }
  const version = facts.version;
  const listing = version?.bundle;
  // Without a listing there is nothing to judge; the scan problem for the read says why.
  if (!version || !listing) return;

  // The same judgement the deploy pre-flight and the one-click re-bundle make.
  const layout = judgeBundleLayout(platform.generation, optionValue(facts.options, NS.python, 'WSGIPath'), listing);
  const { resolution, wsgiOk, requirementsOk } = layout;
  const c: Context = { env, facts, version, listing, platform, resolution, layout, ctx };

  const wsgiDetail = wsgiOk
    ? platform.generation === 'legacy'
      ? `WSGIPath ${resolution.value}: file found in version ${version.versionLabel}.`
      : `WSGIPath ${resolution.value}: module found (${resolution.found ?? ''}) in version ${version.versionLabel}; the callable ${resolution.callable ?? ''} cannot be checked from a listing.`
    : wsgiSummary(c);
  out.checks.push(check('F3', resource, wsgiOk, wsgiDetail + note, opts));
  if (!wsgiOk) out.findings.push(wsgiFinding(c, !requirementsOk));

  const requirementsDetail = requirementsOk
    ? `requirements.txt is at the zip root of version ${version.versionLabel}.`
    : `No requirements.txt at the zip root of version ${version.versionLabel}.`;
  out.checks.push(check('F15', resource, requirementsOk, requirementsDetail + note, opts));
  if (!requirementsOk) out.findings.push(requirementsFinding(c));
}

export function evaluateBundle(facts: BundleFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const env of facts.environments) evaluateEnvironment(env, ctx, out);
  return out;
}

export async function collectBundle(
  source: Parameters<typeof scopedEnvironmentDetails>[0],
  ctx: EvaluationContext,
): Promise<BundleFacts> {
  const details = await scopedEnvironmentDetails(source, ctx, RULES);
  return {
    environments: details.map((d) => ({
      environment: d.environment,
      options: d.options,
      events: d.events,
      ...(d.version ? { version: d.version } : {}),
      logs: d.logs,
    })),
  };
}

export const bundleFamily = runnable<BundleFacts>({
  name: 'bundle',
  rules: RULES,
  collect: collectBundle,
  evaluate: evaluateBundle,
});
