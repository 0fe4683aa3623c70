/**
 * The one judgement of a Python bundle's layout (catalogue F3 and F15): does
 * WSGIPath reach a file, is requirements.txt at the root, and which folder
 * holds the app when it sits one folder down. The Doctor judges the deployed
 * version with it, the deploy pre-flight judges a staged bundle with it, and
 * the one-click re-bundle moves the folder it names, so the three can never
 * disagree.
 */
import { type BundleListing, bundleFiles, folderOf, hasRootRequirements, nestedRequirements } from './bundleListing';
import type { PythonGeneration } from './platform';
import { resolveWsgi, type WsgiResolution, wsgiSatisfied } from './wsgi';

export interface BundleLayout {
  resolution: WsgiResolution;
  wsgiOk: boolean;
  requirementsOk: boolean;
  /** requirements.txt files below the root, shallowest first. */
  nestedRequirements: string[];
  /** The file the app starts from: the WSGI target when it resolves, else the likeliest candidate. */
  appFile?: string;
  /**
   * The folder whose contents belong at the zip root: the app file's folder,
   * or (with no app file in sight) the shallowest requirements.txt's; '' when
   * the app is at the root already.
   */
  appFolder: string;
  /** The app was zipped one folder down: it lives in `appFolder` and no requirements.txt is at the root. */
  zippedInFolder: boolean;
}

export function judgeBundleLayout(
  generation: PythonGeneration,
  wsgiPath: string | undefined,
  listing: BundleListing,
): BundleLayout {
  const resolution = resolveWsgi(generation, wsgiPath, bundleFiles(listing), listing.pythonDefinitions ?? []);
  const nested = nestedRequirements(listing);
  const appFile = resolution.found ?? resolution.candidates[0];
  const appFolder = appFile !== undefined ? folderOf(appFile) : nested[0] !== undefined ? folderOf(nested[0]) : '';
  const requirementsOk = hasRootRequirements(listing);
  return {
    resolution,
    wsgiOk: wsgiSatisfied(resolution),
    requirementsOk,
    nestedRequirements: nested,
    ...(appFile !== undefined ? { appFile } : {}),
    appFolder,
    zippedInFolder: appFolder !== '' && !requirementsOk,
  };
}
