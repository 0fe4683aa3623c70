/**
 * Pre-flight checks of a staged bundle against the environment it is meant
 * for, before anything is uploaded. The layout checks (zip root, WSGIPath,
 * requirements.txt) are the Doctor's F3/F15 judgement (judgeBundleLayout) on
 * the staged zip, with the TARGET environment's platform generation: a
 * WSGIPath is a file path on the legacy platform and `module:callable` on
 * Amazon Linux 2/2023.
 */
import type { EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import { listZipEntries } from '../../shared/zip';
import type { Preflight, PreflightCheck, StagedBundle, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { type BundleListing, topLevelEntries } from '../diagnostics/beanstalk/bundleListing';
import { judgeBundleLayout } from '../diagnostics/beanstalk/bundleLayout';
import { pythonPlatform } from '../diagnostics/beanstalk/platform';
import { readBundleCode } from '../services/bundleCode';
import { platformName } from '../services/beanstalkEnvironments';
import { summariseBundle } from '../services/sourceBundles';
import { readTargetEnvironment } from './applicationVersions';
import { EB_BUNDLE_LIMIT_BYTES, megabytes } from './bundleLimits';

/** The staged zip as the bundle rules read a deployed one: its listing and the names its modules define. */
export function listingOfZip(bytes: Uint8Array): BundleListing {
  const entries = listZipEntries(bytes);
  return { ...summariseBundle(entries), pythonDefinitions: readBundleCode(bytes, entries).definitions };
}

export interface PreflightFacts {
  environment: EnvironmentDescription;
  /** aws:elasticbeanstalk:container:python WSGIPath as configured, undefined when unset. */
  wsgiPath: string | undefined;
  bundle: StagedBundle;
  listing: BundleListing;
}

type Check = PreflightCheck;
const pass = (id: Check['id'], title: string, detail: string): Check => ({ id, status: 'pass', title, detail });
const fail = (id: Check['id'], title: string, detail: string): Check => ({ id, status: 'fail', title, detail });

function readyCheck(env: EnvironmentDescription): Check {
  const name = env.EnvironmentName ?? 'The environment';
  const status = env.Status ?? 'in an unknown state';
  return env.Status === 'Ready'
    ? pass('environment-ready', 'Environment is Ready', `${name} is Ready (health ${env.Health ?? 'unknown'}).`)
    : fail(
        'environment-ready',
        'Environment is not Ready',
        `${name} is ${status}; Elastic Beanstalk refuses a deploy until it is Ready. Wait for the current operation to finish.`,
      );
}

function basicChecks(bundle: StagedBundle): Check[] {
  const ignored = bundle.ignored.length
    ? ` (${bundle.ignored.length} path(s) were left out by .ebignore or the defaults)`
    : '';
  return [
    bundle.fileCount > 0
      ? pass('not-empty', 'Bundle has files', `${bundle.fileCount} file(s).`)
      : fail('not-empty', 'Bundle is empty', `There is nothing to deploy: the bundle has no files${ignored}.`),
    bundle.sizeBytes <= EB_BUNDLE_LIMIT_BYTES
      ? pass('size-limit', 'Within the 500 MB limit', `${megabytes(bundle.sizeBytes)} zipped.`)
      : fail(
          'size-limit',
          'Over the 500 MB limit',
          `${megabytes(bundle.sizeBytes)} zipped; Elastic Beanstalk accepts source bundles of at most ${megabytes(EB_BUNDLE_LIMIT_BYTES)}.`,
        ),
  ];
}

function otherPlatformChecks(facts: PreflightFacts, description: string): Check[] {
  const top = topLevelEntries(facts.listing);
  const only = top.length === 1 && top[0]!.endsWith('/') ? top[0] : undefined;
  const na = `Not a Python platform (${description || 'platform unknown'}): not applicable.`;
  return [
    only
      ? {
          id: 'zip-root',
          status: 'warn',
          title: 'Everything is inside one folder',
          detail: `The zip root holds only ${only}; most platforms expect the app's files at the root.`,
        }
      : pass('zip-root', 'Files at the zip root', `Top level: ${top.join(', ') || '(empty)'}.`),
    pass('wsgi-path', 'WSGIPath', na),
    pass('requirements', 'requirements.txt', na),
  ];
}

function pythonChecks(facts: PreflightFacts, generation: 'legacy' | 'gunicorn'): Check[] {
  const layout = judgeBundleLayout(generation, facts.wsgiPath, facts.listing);
  const r = layout.resolution;
  const top = topLevelEntries(facts.listing).join(', ') || '(empty)';
  const zipRoot = layout.zippedInFolder
    ? fail(
        'zip-root',
        'App is zipped one folder down',
        `The app is inside ${layout.appFolder}/ (top level: ${top}). Elastic Beanstalk runs the app from the zip root, so it finds neither the app nor requirements.txt there. Zip the folder's contents, not the folder: deploying the folder itself does that.`,
      )
    : pass('zip-root', 'App at the zip root', `Top level: ${top}.`);

  const shown = r.configured ? `WSGIPath "${r.value}"` : `WSGIPath (not set; the platform default is ${r.value})`;
  const kind = generation === 'legacy' ? 'file' : 'module';
  let wsgi: Check;
  const callable = r.callableProblem;
  if (layout.wsgiOk && callable) {
    const app = callable.apps[0];
    const has = app ? ` It creates ${app.name}${app.kind === 'factory' ? '()' : ''} instead.` : '';
    const why: Record<typeof callable.kind, string> = {
      missing: `${callable.file} does not define ${callable.name}, the name the server looks up.${has}`,
      'not-called': `${callable.name} in ${callable.file} is an app factory; WSGIPath must call it: ${callable.name}().`,
      'called-object': `${callable.name} in ${callable.file} is an app object, not a factory; WSGIPath must not call it.`,
      'factory-on-legacy': `${callable.file} binds ${callable.name} to a factory; mod_wsgi needs the app itself (application = ${callable.name}()).`,
    };
    wsgi = fail(
      'wsgi-path',
      'WSGIPath reaches a module that does not serve the app',
      `${shown}: ${why[callable.kind]}`,
    );
  } else if (layout.wsgiOk) {
    wsgi = pass(
      'wsgi-path',
      'WSGIPath reaches the app',
      generation === 'legacy'
        ? `${shown}: ${r.found ?? ''} is in the bundle.`
        : `${shown}: module ${r.found ?? ''} is in the bundle; whether it defines ${r.callable ?? 'application'} shows only when the app starts.`,
    );
  } else if (r.found && r.invalidCallable) {
    wsgi = fail(
      'wsgi-path',
      'WSGIPath callable is not a Python name',
      `${shown} has a callable part "${r.callable ?? ''}" that no module can define.`,
    );
  } else {
    const seen = r.candidates[0] ? ` (the bundle has ${r.candidates[0]})` : '';
    const fix = layout.zippedInFolder
      ? ' Zipping the contents of the app folder fixes it.'
      : r.suggestions[0]
        ? ` Set WSGIPath to ${r.suggestions[0].value} to reach it.`
        : '';
    wsgi = fail(
      'wsgi-path',
      'WSGIPath names nothing in the bundle',
      `${shown} names ${kind} ${r.expectedFiles[0] ?? r.value}, which is not in this bundle${seen}; the app would not start.${fix}`,
    );
  }

  const nested = layout.nestedRequirements;
  const requirements = layout.requirementsOk
    ? pass('requirements', 'requirements.txt at the root', 'Dependencies are installed from requirements.txt.')
    : fail(
        'requirements',
        'No requirements.txt at the root',
        `Elastic Beanstalk installs Python packages only from a requirements.txt at the zip root${nested.length ? `; this bundle has only ${nested.join(', ')}` : ', and this bundle has none'}. Imports such as flask would fail on the instance.`,
      );
  return [zipRoot, wsgi, requirements];
}

/** Pure: the checks, from what was read. `suggestedLabel` is filled in by the caller, which can ask EB what exists. */
export function preflightChecks(facts: PreflightFacts): Omit<Preflight, 'suggestedLabel'> {
  const env = facts.environment;
  const platform = pythonPlatform(env.SolutionStackName, env.PlatformArn);
  const generation = platform.python ? platform.generation : 'other';
  const checks = [
    readyCheck(env),
    ...basicChecks(facts.bundle),
    ...(generation === 'other' ? otherPlatformChecks(facts, platform.description) : pythonChecks(facts, generation)),
  ];
  return {
    environmentName: env.EnvironmentName ?? '',
    applicationName: env.ApplicationName ?? '',
    platform: platformName(env.SolutionStackName, env.PlatformArn),
    generation,
    checks,
    blocking: checks.some((c) => c.status === 'fail'),
  };
}

/** Reads the target environment and judges the staged bundle against it; the deploy planner re-runs this at plan time. */
export async function checkBundleFor(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  bundle: StagedBundle,
  bytes: Uint8Array,
): Promise<{ result: Omit<Preflight, 'suggestedLabel'>; environment: EnvironmentDescription }> {
  const { environment, wsgiPath } = await readTargetEnvironment(aws, target, environmentName);
  return { result: preflightChecks({ environment, wsgiPath, bundle, listing: listingOfZip(bytes) }), environment };
}
