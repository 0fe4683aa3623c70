/**
 * F3: the WSGIPath of a Python environment does not reach a WSGI app. The
 * finding names the module that creates the app, found by reading the
 * bundle's code (any file name, any depth), and offers what the platform
 * generation accepts: a legacy file path whose module binds `application`,
 * or a gunicorn `module:callable` (`module:create_app()` for a factory). When
 * the project was zipped one folder down, the re-bundle comes first. When no
 * WSGIPath value can serve the app, the finding says what code to add and
 * offers no setting that would still fail.
 */
import type { Evidence, ManualFix } from '../../../shared/contract';
import type { WsgiApp } from '../../../shared/diagnostics/wsgiApps';
import { catalogueRef, findingId } from '../findings';
import type { FindingDraft, FixDraft } from '../types';
import { causeEvidence, eitherTest, eventEvidence, hasKind, logEvidence } from '../beanstalk/eventText';
import { metricEvidence } from '../beanstalk/metricEvidence';
import { NS } from '../beanstalk/options';
import { defaultWsgiPath, type PlatformInfo } from '../beanstalk/platform';
import { rebundleFixDraft, rebundleSteps, shellWord } from '../beanstalk/rebundle';
import { GUNICORN_LOAD_FAILURE, LEGACY_CALLABLE, type WsgiResolution } from '../beanstalk/wsgi';
import {
  type BundleContext,
  environmentResource,
  rebundleInput,
  topLevelEvidence,
  versionResource,
} from './bundleContext';

export const wsgiText = eitherTest(hasKind('wsgi-path-missing', 'web-not-running'), (message) =>
  GUNICORN_LOAD_FAILURE.test(message),
);

function wsgiSettingEvidence(resolution: WsgiResolution, platform: PlatformInfo): Evidence {
  return {
    source: 'setting',
    label: `${NS.python} WSGIPath`,
    text: resolution.configured
      ? resolution.value
      : `(not set; the platform default is ${defaultWsgiPath(platform.generation)})`,
  };
}

function appText(app: WsgiApp): string {
  return `${app.file}:${app.line} ${app.via}`;
}

/** Where the app really is, for a summary: `app/__init__.py (app = Flask(__name__))`. */
function appPlace(app: WsgiApp): string {
  return `${app.file} (${app.via})`;
}

function setWsgiCommand(envName: string, value: string, region: string): string {
  return (
    `aws elasticbeanstalk update-environment --environment-name ${shellWord(envName)}` +
    ` --option-settings ${shellWord(`Namespace=${NS.python},OptionName=WSGIPath,Value=${value}`)} --region ${shellWord(region)}`
  );
}

function expected(c: BundleContext): string {
  const r = c.resolution;
  const files = [...new Set(r.expectedFiles)];
  if (c.platform.generation === 'legacy') return `file ${files[0] ?? r.value}`;
  return `module ${r.value.split(':')[0] ?? r.value} (${files.join(' or ') || 'no file'})`;
}

export function wsgiSummary(c: BundleContext): string {
  const r = c.resolution;
  const env = c.env.name;
  const label = c.version.versionLabel;
  if (r.found && r.invalidCallable) {
    return `${env}: WSGIPath "${r.value}" has a callable part "${r.callable ?? ''}" that is not a Python name`;
  }
  const problem = r.callableProblem;
  const first = problem?.apps[0];
  if (problem?.kind === 'missing') {
    const binds = first ? `; the app there is "${first.name}" (${first.via})` : '';
    return c.platform.generation === 'legacy'
      ? `${env}: ${problem.file} binds no "${LEGACY_CALLABLE}", the name mod_wsgi calls${binds}`
      : `${env}: WSGIPath "${r.value}" finds module ${problem.file}, which binds no "${problem.name}"${binds}`;
  }
  if (problem?.kind === 'not-called') {
    return `${env}: WSGIPath "${r.value}" names the factory ${problem.name} without calling it, so gunicorn would serve the function itself`;
  }
  if (problem?.kind === 'called-object') {
    return `${env}: WSGIPath "${r.value}" calls ${problem.name}, which is an app object, not a factory`;
  }
  if (problem?.kind === 'factory-on-legacy') {
    return `${env}: ${problem.file} makes "${LEGACY_CALLABLE}" a factory, but mod_wsgi calls it as the app itself`;
  }
  const best = r.apps?.[0];
  const where = r.apps
    ? best
      ? `; the app is created in ${appPlace(best)}`
      : '; no module in it creates a WSGI app'
    : r.candidates[0]
      ? ` (found ${r.candidates[0]})`
      : '';
  return `${env}: WSGIPath "${r.value}" names ${expected(c)}, which is not in version ${label}${where}`;
}

/** The line that makes an app servable by mod_wsgi, which looks only for a top-level `application`. */
function legacyLine(app: WsgiApp): string {
  return app.kind === 'factory' ? `${LEGACY_CALLABLE} = ${app.name}()` : `${LEGACY_CALLABLE} = ${app.name}`;
}

/** What to do when no WSGIPath value can serve the app as the code stands. */
function codeSteps(c: BundleContext): ManualFix {
  const r = c.resolution;
  const env = c.env.name;
  const label = c.version.versionLabel;
  const check = `WSGIPath of ${env} reaches a module of the deployed version that serves a WSGI app.`;
  const app = r.callableProblem?.apps[0] ?? r.apps?.[0];
  if (app && c.platform.generation === 'legacy') {
    return {
      summary: `Add "${legacyLine(app)}" to ${app.file}, then point WSGIPath at it.`,
      steps: [
        {
          text: `mod_wsgi calls the top-level name "${LEGACY_CALLABLE}". In ${app.file}, below line ${app.line} (${app.via}), add: ${legacyLine(app)}. Deploy the new version.`,
        },
        ...(app.file !== r.found
          ? [{ text: `Set WSGIPath to ${app.file}.`, command: setWsgiCommand(env, app.file, c.ctx.region) }]
          : []),
      ],
      check,
    };
  }
  if (app) {
    return {
      summary: `Make ${app.file} importable as a module, or re-bundle so it is.`,
      steps: [
        {
          text: `${appPlace(app)} creates the app, but its path is not a Python module name (a folder with "-" or a dot in it). Rename the folder to a Python name, or zip that folder's contents as the bundle, then set WSGIPath to module:${app.name}${app.kind === 'factory' ? '()' : ''}.`,
        },
      ],
      check,
    };
  }
  const wanted = [...new Set(r.expectedFiles)].join(' or ') || r.value;
  const missing = r.apps
    ? `No module in version ${label} creates a WSGI app (Flask(...), get_wsgi_application(), a create_app() factory), and ${wanted} is not in it.`
    : `${wanted} is not in version ${label}.`;
  return {
    summary: `Add the module that creates the WSGI app to the bundle, or point WSGIPath at it.`,
    steps: [
      {
        text:
          c.platform.generation === 'legacy'
            ? `${missing} Add a file that binds the app as "${LEGACY_CALLABLE}" at top level, or set WSGIPath to such a file's path from the zip root.`
            : `${missing} Add a module that creates the app, or set WSGIPath to the module:callable that does (module:create_app() for a factory).`,
        command: setWsgiCommand(env, c.platform.generation === 'legacy' ? '<path>' : '<module:callable>', c.ctx.region),
      },
    ],
    check,
  };
}

function explanation(c: BundleContext, requirementsAlsoMissing: boolean): string {
  const r = c.resolution;
  const suggestion = r.suggestions[0];
  const gen =
    c.platform.generation === 'legacy'
      ? 'This legacy Python platform reads WSGIPath as a file path from the zip root and calls that file’s top-level "application"'
      : 'This Amazon Linux 2/2023 platform reads WSGIPath as module:callable and gunicorn imports the module from the zip root';
  const layout =
    c.layout.appFolder !== '' ? ` The app sits inside ${c.layout.appFolder}/ instead of at the zip root.` : '';
  const advice = requirementsAlsoMissing
    ? ' The bundle also lacks a root requirements.txt, so re-bundling the app folder is the better fix: it repairs both; setting WSGIPath alone starts the app without its dependencies.'
    : suggestion
      ? ` Setting WSGIPath to ${suggestion.value} points it at ${suggestion.app ? appPlace(suggestion.app) : suggestion.file}.`
      : r.apps && r.apps.length === 0
        ? ' Nothing in the bundle creates a WSGI app, so no WSGIPath value can fix it: the code must.'
        : '';
  return `${gen}, so the web app cannot start.${layout}${advice}`;
}

export function wsgiFinding(c: BundleContext, requirementsAlsoMissing: boolean): FindingDraft {
  const { env, resolution: r, platform } = c;
  const resource = environmentResource(env);
  const suggestion = r.suggestions[0];
  const evidence: Evidence[] = [
    ...eventEvidence(c.facts.events, wsgiText),
    ...causeEvidence(env, wsgiText),
    ...logEvidence(c.facts.logs, wsgiText),
    ...metricEvidence(c.facts.metrics, c.facts.events),
    wsgiSettingEvidence(r, platform),
    ...(r.apps
      ? [
          {
            source: 'bundle' as const,
            label: 'WSGI apps in the code',
            text: r.apps.slice(0, 3).map(appText).join('\n') || '(none: no module creates a WSGI app)',
          },
        ]
      : []),
    topLevelEvidence(c.version, c.listing),
  ];
  const folder = c.layout.appFolder;
  // The re-bundle is the better fix when it repairs F15 too, or when no WSGIPath value would reach the app.
  const oneClick =
    folder !== '' ? rebundleFixDraft(rebundleInput(c, folder), requirementsAlsoMissing || !suggestion) : undefined;
  const fixes: FixDraft[] = [];
  if (suggestion) {
    const others = r.suggestions.slice(1).map((s) => s.value);
    const packageCaveat =
      platform.generation === 'legacy' && suggestion.file.endsWith('__init__.py')
        ? ' mod_wsgi loads it as a plain script, so relative imports inside it ("from . import …") fail; if they do, add a root application.py that imports the app instead.'
        : '';
    fixes.push({
      id: 'set-wsgi-path',
      label: `Set WSGIPath to ${suggestion.value}`,
      description:
        `Points ${NS.python} WSGIPath at ${suggestion.app ? appPlace(suggestion.app) : suggestion.file}, which is in version ${c.version.versionLabel}.` +
        (others.length > 0 ? ` Other candidates: ${others.join(', ')}.` : '') +
        packageCaveat +
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
  const check = `WSGIPath of ${env.name} reaches a module of the deployed version that serves a WSGI app.`;
  const manual: ManualFix =
    folder !== ''
      ? {
          summary: `Re-bundle with the contents of ${folder}/ at the zip root, then deploy the new version.`,
          steps: rebundleSteps(rebundleInput(c, folder)),
          check,
        }
      : suggestion
        ? {
            summary: `Set WSGIPath to ${suggestion.value}.`,
            steps: [
              {
                text: `Set WSGIPath to ${suggestion.value}.`,
                command: setWsgiCommand(env.name, suggestion.value, c.ctx.region),
              },
            ],
            check,
          }
        : codeSteps(c);
  return {
    id: findingId('F3', resource),
    rule: 'F3',
    severity: 'critical',
    summary: wsgiSummary(c),
    resource,
    environmentName: env.name,
    related: [versionResource(env, c.version)],
    evidence,
    explanation: explanation(c, requirementsAlsoMissing),
    catalogue: catalogueRef('F3'),
    fixes,
    manual,
  };
}

/** The check's words when F3 passes. */
export function wsgiPassDetail(c: BundleContext): string {
  const r = c.resolution;
  const label = c.version.versionLabel;
  if (r.procfile)
    return `A Procfile at the zip root of version ${label} starts the app; Elastic Beanstalk ignores WSGIPath.`;
  const name = c.platform.generation === 'legacy' ? LEGACY_CALLABLE : (r.callable ?? '').replace(/\(.*\)$/, '');
  const app = r.apps?.find((a) => a.file === r.found && a.name === name);
  const served = app ? ` (${app.via})` : '';
  if (c.platform.generation === 'legacy') return `WSGIPath ${r.value}: file found in version ${label}${served}.`;
  return app
    ? `WSGIPath ${r.value}: module ${r.found ?? ''} binds ${r.callable ?? ''} in version ${label}${served}.`
    : `WSGIPath ${r.value}: module found (${r.found ?? ''}) in version ${label}; the callable ${r.callable ?? ''} cannot be checked from a listing.`;
}
