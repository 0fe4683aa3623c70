/**
 * The one judgement of a Python bundle's layout (catalogue F3 and F15): does
 * WSGIPath reach a file, is requirements.txt at the root, and which folder
 * holds the app when the project was zipped one folder down. The Doctor
 * judges the deployed version with it, the deploy pre-flight judges a staged
 * bundle with it, and the one-click re-bundle moves the folder it names, so
 * the three can never disagree.
 */
import { type BundleListing, bundleFiles, folderOf, hasRootRequirements, nestedRequirements } from './bundleListing';
import type { PythonGeneration } from './platform';
import { resolveWsgi, type WsgiResolution, wsgiSatisfied } from './wsgi';

export interface BundleLayout {
  resolution: WsgiResolution;
  /** WSGIPath reaches a file (or a Procfile starts the app); whether that file binds the callable is `callableOk`. */
  wsgiOk: boolean;
  /** False only when the code was read and the target module does not serve the name the server looks up. */
  callableOk: boolean;
  requirementsOk: boolean;
  /** requirements.txt files below the root, shallowest first. */
  nestedRequirements: string[];
  /** The file the app starts from: the WSGI target when it resolves, else the likeliest candidate. */
  appFile?: string;
  /**
   * The folder whose contents belong at the zip root, '' when the root is the
   * project's already. A folder is the project only when the root has no
   * requirements.txt: then it is the app file's nearest folder that has one,
   * or (with none anywhere) the app file's own folder unless that is a
   * package the app imports as such.
   */
  appFolder: string;
  /** The app was zipped one folder down: it lives in `appFolder` and no requirements.txt is at the root. */
  zippedInFolder: boolean;
}

function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let folder = folderOf(file); folder !== ''; folder = folderOf(folder)) out.push(folder);
  return out;
}

function projectFolder(appFile: string | undefined, nested: readonly string[], files: ReadonlySet<string>): string {
  if (appFile === undefined) return nested[0] !== undefined ? folderOf(nested[0]) : '';
  const withRequirements = ancestors(appFile).find((f) => files.has(`${f}/requirements.txt`));
  if (withRequirements !== undefined) return withRequirements;
  const own = folderOf(appFile);
  // A package (`app/__init__.py`) is imported by name from the root; moving its contents up would break its imports.
  if (own === '' || files.has(`${own}/__init__.py`)) return '';
  return [...files].some((f) => !f.includes('/') && f.endsWith('.py')) ? '' : own;
}

export function judgeBundleLayout(
  generation: PythonGeneration,
  wsgiPath: string | undefined,
  listing: BundleListing,
): BundleLayout {
  const files = bundleFiles(listing);
  const resolution = resolveWsgi(generation, wsgiPath, files, listing.pythonDefinitions);
  const nested = nestedRequirements(listing);
  const appFile = resolution.found ?? resolution.candidates[0];
  const requirementsOk = hasRootRequirements(listing);
  const appFolder = requirementsOk ? '' : projectFolder(appFile, nested, files);
  return {
    resolution,
    wsgiOk: wsgiSatisfied(resolution),
    callableOk: resolution.callableProblem === undefined,
    requirementsOk,
    nestedRequirements: nested,
    ...(appFile !== undefined ? { appFile } : {}),
    appFolder,
    zippedInFolder: appFolder !== '' && !requirementsOk,
  };
}
