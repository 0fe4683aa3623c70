/**
 * The one-click fix for F3/F15: the environment's deployed version, rebuilt
 * in main with the app folder's contents at the zip root. Which folder is the
 * Doctor's own judgement (judgeBundleLayout); the result is staged like any
 * other bundle and deployed under a new label, so the old version stays for
 * undo.
 *
 * What the new root holds: everything under the app folder, plus what the
 * old root held as files and the `.ebextensions/` and `.platform/` folders
 * EB reads from the root (unless the app folder has its own). Other folders
 * beside the app (`Deploy/` in the lab) are left out and listed as such.
 */
import type { StagedBundle, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import { judgeBundleLayout } from '../diagnostics/beanstalk/bundleLayout';
import { pythonPlatform } from '../diagnostics/beanstalk/platform';
import { downloadBundle } from '../services/sourceBundles';
import { readTargetEnvironment, findVersion } from './applicationVersions';
import { EB_BUNDLE_LIMIT_BYTES } from './bundleLimits';
import { BundleWriter } from './bundleWriter';
import { listingOfZip } from './preflight';
import type { StagedBundleStore } from './stagedBundles';
import { inspectZip, type InspectedFile } from './zipInspection';

const ROOT_CONFIG_FOLDERS = ['.ebextensions/', '.platform/'];

function refuse(message: string, code: 'validation' | 'conflict' | 'not-found' = 'validation'): TrellisError {
  return new TrellisError({ code, message, retryable: false });
}

export interface MovedLayout {
  files: { path: string; data: Uint8Array }[];
  /** Old paths that are not in the new bundle, with why. */
  dropped: string[];
}

/** Pure: the new entries once `folder`'s contents are the root. */
export function moveToRoot(files: readonly InspectedFile[], folder: string): MovedLayout {
  const prefix = `${folder}/`;
  const moved = new Map<string, Uint8Array>();
  for (const f of files) if (f.path.startsWith(prefix)) moved.set(f.path.slice(prefix.length), f.data!);
  const fromFolder = new Set(moved.keys());
  // Root configuration is kept only when the app folder brings none of its own.
  const keptConfig = ROOT_CONFIG_FOLDERS.filter((c) => ![...fromFolder].some((p) => p.startsWith(c)));
  const dropped: string[] = [];
  for (const f of files) {
    if (f.path.startsWith(prefix)) continue;
    const kept = !f.path.includes('/') || keptConfig.some((c) => f.path.startsWith(c));
    if (kept && fromFolder.has(f.path)) dropped.push(`${f.path} (left out: replaced by ${prefix}${f.path})`);
    else if (kept) moved.set(f.path, f.data!);
    else dropped.push(`${f.path} (left out: outside ${prefix})`);
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...moved.entries()].map(([path, data]) => ({ path, data })).sort((a, b) => order(a.path, b.path)),
    dropped: dropped.sort(order),
  };
}

export async function rebundleDeployed(
  aws: ClientFactory,
  target: Target,
  environmentName: string,
  store: StagedBundleStore,
): Promise<StagedBundle> {
  const { environment: env, wsgiPath } = await readTargetEnvironment(aws, target, environmentName);
  const label = env.VersionLabel;
  const applicationName = env.ApplicationName ?? '';
  if (!label) throw refuse(`${environmentName} runs no application version to re-bundle.`, 'not-found');
  const platform = pythonPlatform(env.SolutionStackName, env.PlatformArn);
  if (!platform.python) {
    throw refuse(
      `${environmentName} is not on a Python platform (${platform.description || 'unknown'}); the re-bundle fixes Python app layouts only.`,
    );
  }
  const version = await findVersion(aws, target, applicationName, label);
  const bucket = version?.SourceBundle?.S3Bucket;
  const key = version?.SourceBundle?.S3Key;
  if (!bucket || !key) throw refuse(`Version ${label} of ${applicationName} has no S3 source bundle.`, 'not-found');

  const bytes = await downloadBundle(aws, target, bucket, key, EB_BUNDLE_LIMIT_BYTES);
  if (!(bytes instanceof Uint8Array)) throw refuse(bytes.message);
  const source = `s3://${bucket}/${key}`;
  const inspected = inspectZip(bytes, source, { keepData: true });
  const layout = judgeBundleLayout(platform.generation, wsgiPath, listingOfZip(bytes));
  if (layout.appFolder === '') {
    throw refuse(
      `Version ${label} already has the app at the zip root${layout.requirementsOk ? '' : ' (it lacks a requirements.txt, which a re-bundle cannot create)'}; there is no folder to move.`,
      'conflict',
    );
  }
  const folder = layout.appFolder;
  const moved = moveToRoot(inspected.files, folder);

  const partial = store.partialPath();
  const writer = await BundleWriter.create(partial, `The re-bundled ${label}`);
  try {
    for (const f of moved.files) await writer.add(f.path, f.data);
    const written = await writer.finish();
    return await store.commit(partial, {
      origin: `${label} with ${folder}/ moved to the root`,
      kind: 'rebundle',
      stem: `${label}-rebundled`,
      ...written,
      files: moved.files.map((f) => ({ path: f.path, size: f.data.byteLength })),
      ignored: moved.dropped,
      before: inspected.files.map((f) => ({ path: f.path, size: f.size })),
    });
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
