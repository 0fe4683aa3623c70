/**
 * F3 (WSGIPath names nothing in the deployed bundle) and F15 (no
 * requirements.txt at the bundle root), judged from the deployed version's
 * zip listing and the platform generation. Both follow AWS, not the
 * sandbox: Elastic Beanstalk installs only a root requirements.txt, so an app
 * whose WSGIPath was pointed into `FlaskApp/` still has F15 open until it is
 * re-bundled. Non-Python platforms pass both checks as not applicable.
 */
import type { Evidence, ManualFix } from '../../../shared/contract';
import { catalogueRef, check, findingId } from '../findings';
import type { EvaluationContext, FindingDraft, RuleOutput } from '../types';
import { runnable } from '../types';
import { judgeBundleLayout } from '../beanstalk/bundleLayout';
import { eventEvidence, hasKind, logEvidence } from '../beanstalk/eventText';
import { metricEvidence } from '../beanstalk/metricEvidence';
import { NS, optionValue, scopedEnvironmentDetails, stateNote } from '../beanstalk/options';
import { pythonPlatform } from '../beanstalk/platform';
import { rebundleFixDraft, rebundleSteps, shellWord } from '../beanstalk/rebundle';
import {
  type BundleContext,
  type BundleEnvironmentFacts,
  environmentResource,
  rebundleInput,
  topLevelEvidence,
  versionResource,
} from './bundleContext';
import { wsgiFinding, wsgiPassDetail, wsgiSummary } from './bundleWsgi';

export type { BundleEnvironmentFacts } from './bundleContext';

const RULES = ['F3', 'F15'] as const;

export interface BundleFacts {
  environments: BundleEnvironmentFacts[];
}

const moduleText = hasKind('module-not-found');

interface RequirementsPlan {
  /** The folder whose contents become the zip root. */
  folder: string;
  /** Steps before zipping: copy a stray requirements.txt next to the app, or create one. */
  before: ManualFix['steps'];
  summary: string;
}

/** Re-bundle the folder that holds the app; bring a requirements.txt into it first when it has none. */
function requirementsPlan(c: BundleContext, nested: readonly string[]): RequirementsPlan {
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

function requirementsFinding(c: BundleContext): FindingDraft {
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
  // The metrics show what the missing dependencies cost, once events prove they are why the app fails.
  if (seenFailing) evidence.push(...metricEvidence(c.facts.metrics, c.facts.events));
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
  const { resolution, requirementsOk } = layout;
  const wsgiOk = layout.wsgiOk && layout.callableOk;
  const c: BundleContext = { env, facts, version, listing, platform, resolution, layout, ctx };

  const wsgiDetail = wsgiOk ? wsgiPassDetail(c) : wsgiSummary(c);
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
      ...(d.metrics ? { metrics: d.metrics } : {}),
    })),
  };
}

export const bundleFamily = runnable<BundleFacts>({
  name: 'bundle',
  rules: RULES,
  collect: collectBundle,
  evaluate: evaluateBundle,
});
