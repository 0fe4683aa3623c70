/**
 * Which folders of the parameter tree are open, remembered per target
 * (profile and region) in localStorage, so the tree looks the same after a
 * view switch or a reload. Like the last target (stores/session.ts), losing
 * it is harmless: the tree falls back to its default.
 */
import { folderPaths, type ParameterFolder } from './parameterTree';

const PREFIX = 'trellis.parameters.openFolders:';
/** Up to this many parameters, every folder starts open; past it, only the top level, so the tree stays navigable. */
const OPEN_ALL_UP_TO = 500;

export function recallOpenFolders(targetKey: string): Set<string> | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(PREFIX + targetKey) ?? 'null');
    if (Array.isArray(value)) return new Set(value.filter((p): p is string => typeof p === 'string'));
  } catch {
    // A corrupt entry is replaced by the next change.
  }
  return null;
}

export function rememberOpenFolders(targetKey: string, open: ReadonlySet<string>): void {
  try {
    window.localStorage.setItem(PREFIX + targetKey, JSON.stringify([...open]));
  } catch {
    // Storage full or unavailable: the tree still works, it just will not be remembered.
  }
}

/** The tree's first look at a target nothing was remembered for; while the listing streams, its size is not known yet. */
export function defaultOpenFolders(root: ParameterFolder, complete = true): Set<string> {
  return new Set(complete && root.total <= OPEN_ALL_UP_TO ? folderPaths(root) : root.folders.map((f) => f.path));
}
