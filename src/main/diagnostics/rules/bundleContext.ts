/**
 * What F3 and F15 share about one environment's deployed bundle: the facts,
 * the layout judgement, the evidence both quote, and the re-bundle both offer.
 */
import type { ApplicationVersion, Evidence, FindingResource, ManualFix, OptionSetting } from '../../../shared/contract';
import type { EnvironmentFacts, EnvironmentMetricFacts, EventFact, LogLineFact } from '../facts';
import type { EvaluationContext } from '../types';
import { type BundleListing, topLevelEntries } from '../beanstalk/bundleListing';
import type { BundleLayout } from '../beanstalk/bundleLayout';
import type { PlatformInfo } from '../beanstalk/platform';
import type { RebundleInput } from '../beanstalk/rebundle';
import { moduleName, type WsgiResolution, wsgiPathAfterRebundle } from '../beanstalk/wsgi';

export interface BundleEnvironmentFacts {
  environment: EnvironmentFacts;
  options: OptionSetting[];
  /** Newest first. */
  events: EventFact[];
  /** The deployed version with its listing; absent when it could not be read (a scan problem says why). */
  version?: ApplicationVersion;
  /** The instances' latest log lines, when the scan read them. */
  logs: LogLineFact[];
  /** Health and 5xx over the last hours, when read. */
  metrics?: EnvironmentMetricFacts;
}

export interface BundleContext {
  env: EnvironmentFacts;
  facts: BundleEnvironmentFacts;
  version: ApplicationVersion;
  listing: BundleListing;
  platform: PlatformInfo;
  resolution: WsgiResolution;
  layout: BundleLayout;
  ctx: EvaluationContext;
}

export function environmentResource(env: EnvironmentFacts): FindingResource {
  return { type: 'environment', name: env.name };
}

export function versionResource(env: EnvironmentFacts, version: ApplicationVersion): FindingResource {
  return { type: 'application-version', name: `${env.applicationName}/${version.versionLabel}` };
}

export function topLevelEvidence(version: ApplicationVersion, listing: BundleListing): Evidence {
  const where = version.sourceBundle ? ` (s3://${version.sourceBundle.bucket}/${version.sourceBundle.key})` : '';
  return {
    source: 'bundle',
    label: `Top level of version ${version.versionLabel}${where}`,
    text: topLevelEntries(listing).join(', ') || '(empty archive)',
  };
}

/** The value that reaches `file` once `folder` is the zip root, keeping a gunicorn callable. */
function valueAtRoot(platform: PlatformInfo, file: string, folder: string, callable: string | undefined): string {
  const relative = file.slice(folder.length + 1);
  if (platform.generation === 'legacy') return relative;
  return `${moduleName(relative) ?? relative.replace(/\.py$/, '')}:${callable ?? 'application'}`;
}

/** `application`, `application:application` and `application.py` name one gunicorn target. */
function sameTarget(platform: PlatformInfo, a: string, b: string): boolean {
  if (platform.generation === 'legacy') return a.replace(/^\.?\//, '') === b.replace(/^\.?\//, '');
  const norm = (v: string): string => {
    const [module = '', callable = 'application'] = v.trim().split(':');
    return `${module.replace(/\.py$/, '').replace(/\//g, '.')}:${callable}`;
  };
  return norm(a) === norm(b);
}

export function rebundleInput(c: BundleContext, folder: string, before?: ManualFix['steps']): RebundleInput {
  // The WSGIPath that works after the re-bundle: unchanged when it already names the root file.
  const target = c.resolution.found ?? c.resolution.suggestions[0]?.file ?? c.resolution.candidates[0];
  const callable = c.resolution.suggestions[0]?.value.split(':')[1] ?? c.resolution.callable;
  let wsgiPathAfter = wsgiPathAfterRebundle(c.platform.generation, c.resolution.value, folder);
  if (wsgiPathAfter === undefined && target !== undefined && folder !== '' && target.startsWith(`${folder}/`)) {
    const atRoot = valueAtRoot(c.platform, target, folder, callable);
    if (!sameTarget(c.platform, atRoot, c.resolution.value)) wsgiPathAfter = atRoot;
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
