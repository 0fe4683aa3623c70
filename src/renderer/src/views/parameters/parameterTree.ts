/**
 * Parameter names as the tree the view shows: folders by `/`-separated path,
 * in natural order, filtered by text and type, and flattened to the rows that
 * are visible, which is all the virtualised tree renders. Pure functions, so
 * a keystroke costs one pass over the listing and nothing else.
 */
import type { ParameterSummary, ParameterType } from '../../../../shared/contract';
import { compareNatural, sortNatural } from '../../model/naturalSort';

export interface ParameterFolder {
  /** Full path with a trailing slash, e.g. `/flaskapp/flaskenv/`; `/` for the root. */
  path: string;
  /** The last segment, shown as the folder's heading. */
  label: string;
  folders: ParameterFolder[];
  parameters: ParameterSummary[];
  /** `parameters[i].name` in lower case, computed once per listing so filtering folds no case. */
  keys: string[];
  /** Parameters in this folder and every folder below it. */
  total: number;
}

/** Natural order, as an operator reads names: KEY_2 < KEY_10 < KEY_280 < KEY_1120 (the one renderer-wide order). */
export const compareNames: (a: string, b: string) => number = compareNatural;

export function buildParameterTree(parameters: readonly ParameterSummary[]): ParameterFolder {
  const root = emptyFolder('/', '/');
  // By path, so a listing of 20,000 names finds each folder in constant time.
  const folders = new Map<string, ParameterFolder>([['/', root]]);
  for (const parameter of parameters) {
    folderFor(parameter.name, folders).parameters.push(parameter);
  }
  finish(root);
  return root;
}

function emptyFolder(path: string, label: string): ParameterFolder {
  return { path, label, folders: [], parameters: [], keys: [], total: 0 };
}

function folderFor(name: string, folders: Map<string, ParameterFolder>): ParameterFolder {
  // Names without a leading slash are not hierarchical in SSM; they sit at the root.
  const end = name.startsWith('/') ? name.lastIndexOf('/') : 0;
  const path = end <= 0 ? '/' : name.slice(0, end + 1);
  const known = folders.get(path);
  if (known) return known;
  const parent = folderFor(path.slice(0, -1), folders);
  const folder = emptyFolder(path, path.slice(parent.path.length, -1));
  parent.folders.push(folder);
  folders.set(path, folder);
  return folder;
}

function finish(folder: ParameterFolder): number {
  // Keys computed once per name: the collator alone costs a few hundred milliseconds at 20,000 names.
  folder.folders = sortNatural(folder.folders, (f) => f.label);
  folder.parameters = sortNatural(folder.parameters, (p) => p.name);
  folder.keys = folder.parameters.map((p) => p.name.toLowerCase());
  folder.total = folder.parameters.length;
  for (const child of folder.folders) folder.total += finish(child);
  return folder.total;
}

/** The last path segment: what a row shows, since the folder already says where it is. */
export function leafName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Every folder path below the root, parents first: what "Expand all" opens. */
export function folderPaths(root: ParameterFolder): string[] {
  const paths: string[] = [];
  const walk = (folder: ParameterFolder) => {
    for (const child of folder.folders) {
      paths.push(child.path);
      walk(child);
    }
  };
  walk(root);
  return paths;
}

/** The folders that hold `name`, outermost first: what must be open for its row to show. */
export function ancestorPaths(name: string): string[] {
  if (!name.startsWith('/')) return [];
  const paths: string[] = [];
  for (let i = name.indexOf('/', 1); i > 0; i = name.indexOf('/', i + 1)) paths.push(name.slice(0, i + 1));
  return paths;
}

export interface ParameterFilter {
  /** Matched against the whole name, so a path (`/app/prod`) and a leaf (`password`) both find rows. */
  text: string;
  type: ParameterType | 'any';
}

export interface FolderMatches {
  /** Matches at or below the folder. */
  count: number;
  /** The folder's own parameters that match, in order. */
  parameters: ParameterSummary[];
}

export interface FilterMatches {
  /** Every folder with a match at or below it; a folder absent here has none. */
  inFolder: ReadonlyMap<string, FolderMatches>;
  count: number;
}

export function isFiltering(filter: ParameterFilter): boolean {
  return filter.text.trim() !== '' || filter.type !== 'any';
}

/** One pass over the tree; null when the filter lets everything through. */
export function filterTree(root: ParameterFolder, filter: ParameterFilter): FilterMatches | null {
  if (!isFiltering(filter)) return null;
  const needle = filter.text.trim().toLowerCase();
  const inFolder = new Map<string, FolderMatches>();
  const walk = (folder: ParameterFolder): number => {
    let count = 0;
    for (const child of folder.folders) count += walk(child);
    const parameters: ParameterSummary[] = [];
    for (let i = 0; i < folder.parameters.length; i++) {
      const parameter = folder.parameters[i]!;
      if (filter.type !== 'any' && parameter.type !== filter.type) continue;
      if (needle && !folder.keys[i]!.includes(needle)) continue;
      parameters.push(parameter);
    }
    count += parameters.length;
    if (count > 0) inFolder.set(folder.path, { count, parameters });
    return count;
  };
  return { inFolder, count: walk(root) };
}

interface RowPosition {
  /** 1 for the root's children, as aria-level counts. */
  level: number;
  /** Among the visible siblings, as aria-setsize and aria-posinset count (the DOM holds only a window of rows). */
  setSize: number;
  posInSet: number;
}

export type TreeRow =
  | (RowPosition & { kind: 'folder'; id: string; folder: ParameterFolder; open: boolean; count: number })
  | (RowPosition & { kind: 'parameter'; id: string; parameter: ParameterSummary });

/**
 * The rows on screen, in order: each folder's subfolders, then its
 * parameters, descending only into open folders. With a filter, only
 * matches and the folders that lead to them remain, and `count` is the
 * folder's matches rather than its size.
 */
export function visibleRows(
  root: ParameterFolder,
  isOpen: (path: string) => boolean,
  matches: FilterMatches | null,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (folder: ParameterFolder, level: number) => {
    const folders = matches ? folder.folders.filter((f) => matches.inFolder.has(f.path)) : folder.folders;
    const parameters = matches ? (matches.inFolder.get(folder.path)?.parameters ?? []) : folder.parameters;
    const setSize = folders.length + parameters.length;
    let posInSet = 0;
    for (const child of folders) {
      const open = isOpen(child.path);
      const count = matches ? (matches.inFolder.get(child.path)?.count ?? 0) : child.total;
      rows.push({ kind: 'folder', id: child.path, folder: child, open, count, level, setSize, posInSet: ++posInSet });
      if (open) walk(child, level + 1);
    }
    for (const parameter of parameters) {
      rows.push({ kind: 'parameter', id: parameter.name, parameter, level, setSize, posInSet: ++posInSet });
    }
  };
  walk(root, 1);
  return rows;
}

/** The index of the row's parent folder: the nearest row above it one level out; -1 at the top level. */
export function parentRowIndex(rows: readonly TreeRow[], index: number): number {
  const level = rows[index]?.level ?? 1;
  for (let i = index - 1; i >= 0; i--) if (rows[i]!.level < level) return i;
  return -1;
}

export const MASK = '••••••';

// One formatter for every count: toLocaleString builds a new one per call, which shows in a keystroke's profile.
const counts = new Intl.NumberFormat('en-US');
/** 20000 → "20,000". */
export const formatCount = (n: number): string => counts.format(n);
