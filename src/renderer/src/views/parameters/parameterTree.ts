/** Turns flat parameter names into the folder tree the view shows, by `/`-separated path. */
import type { ParameterSummary } from '../../../../shared/contract';

export interface ParameterFolder {
  /** Full path with a trailing slash, e.g. `/flaskapp/flaskenv/`; `/` for the root. */
  path: string;
  /** The last segment, shown as the folder's heading. */
  label: string;
  folders: ParameterFolder[];
  parameters: ParameterSummary[];
}

export function buildParameterTree(parameters: readonly ParameterSummary[]): ParameterFolder {
  const root: ParameterFolder = { path: '/', label: '/', folders: [], parameters: [] };
  for (const parameter of parameters) {
    // Names without a leading slash are not hierarchical in SSM; they sit at the root.
    const segments = parameter.name.startsWith('/') ? parameter.name.slice(1).split('/').slice(0, -1) : [];
    let folder = root;
    for (const segment of segments) {
      const path = `${folder.path}${segment}/`;
      let next = folder.folders.find((f) => f.path === path);
      if (!next) {
        next = { path, label: segment, folders: [], parameters: [] };
        folder.folders.push(next);
      }
      folder = next;
    }
    folder.parameters.push(parameter);
  }
  sortFolder(root);
  return root;
}

function sortFolder(folder: ParameterFolder): void {
  folder.folders.sort((a, b) => a.label.localeCompare(b.label));
  folder.parameters.sort((a, b) => a.name.localeCompare(b.name));
  folder.folders.forEach(sortFolder);
}

/** The last path segment: what a row shows, since the folder already says where it is. */
export function leafName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export const MASK = '••••••';
