/**
 * Parameter names as the tree the view shows: folders by `/`-separated path,
 * in natural order, filtered by text and type, and flattened to the rows that
 * are visible, which is all the virtualised tree renders. Pure functions, so
 * a keystroke costs one pass over the listing and nothing else.
 */
import type { ParameterSummary, ParameterType } from '../../../../shared/contract';
import { compareNatural, compareNaturalKeyed, naturalKey, sortNatural } from '../../model/naturalSort';
import { mergeSorted } from '../../model/pagedLoad';

export interface ParameterFolder {
  /** Full path with a trailing slash, e.g. `/flaskapp/flaskenv/`; `/` for the root. */
  path: string;
  /** The last segment, shown as the folder's heading. */
  label: string;
  folders: ParameterFolder[];
  parameters: ParameterSummary[];
  /** `parameters[i].name` in lower case, computed once per listing so filtering folds no case. */
  keys: string[];
  /** naturalKey(`parameters[i].name`), kept so a page of new names merges in without sorting the folder again. */
  sortKeys: (string | null)[];
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
  return { path, label, folders: [], parameters: [], keys: [], sortKeys: [], total: 0 };
}

/** The path of the folder that holds `name`; names without a leading slash are not hierarchical in SSM, and sit at the root. */
function folderPathOf(name: string): string {
  const end = name.startsWith('/') ? name.lastIndexOf('/') : 0;
  return end <= 0 ? '/' : name.slice(0, end + 1);
}

function folderFor(name: string, folders: Map<string, ParameterFolder>): ParameterFolder {
  const path = folderPathOf(name);
  const known = folders.get(path);
  if (known) return known;
  const parent = folderFor(path.slice(0, -1), folders);
  const folder = emptyFolder(path, path.slice(parent.path.length, -1));
  parent.folders.push(folder);
  folders.set(path, folder);
  return folder;
}

interface Keyed {
  parameter: ParameterSummary;
  key: string | null;
}

const byKey = (x: Keyed, y: Keyed) => compareNaturalKeyed(x.parameter.name, x.key, y.parameter.name, y.key);

/** Parameters in natural order, each with its key computed once: the collator alone costs a few hundred milliseconds at 20,000 names. */
function keyedInOrder(parameters: readonly ParameterSummary[]): Keyed[] {
  return parameters.map((parameter) => ({ parameter, key: naturalKey(parameter.name) })).sort(byKey);
}

function setParameters(folder: ParameterFolder, keyed: readonly Keyed[]): void {
  folder.parameters = keyed.map((k) => k.parameter);
  folder.sortKeys = keyed.map((k) => k.key);
  folder.keys = folder.parameters.map((p) => p.name.toLowerCase());
}

function finish(folder: ParameterFolder): number {
  folder.folders = sortNatural(folder.folders, (f) => f.label);
  setParameters(folder, keyedInOrder(folder.parameters));
  folder.total = folder.parameters.length;
  for (const child of folder.folders) folder.total += finish(child);
  return folder.total;
}

/**
 * The tree of a listing that grew by `added` (the next pages): a new tree in
 * which only the folders that gain parameters, and the folders above them,
 * are new objects; each gains its new names merged into its order, and the
 * rest of the tree is shared. The same tree as building the whole listing.
 */
export function extendParameterTree(root: ParameterFolder, added: readonly ParameterSummary[]): ParameterFolder {
  if (added.length === 0) return root;
  const own = new Map<string, ParameterSummary[]>();
  for (const parameter of added) {
    const path = folderPathOf(parameter.name);
    const list = own.get(path);
    if (list) list.push(parameter);
    else own.set(path, [parameter]);
  }
  // Parent path → the child folder paths below it that gain parameters.
  const touched = new Map<string, Set<string>>();
  for (const path of own.keys()) {
    for (let child = path; child !== '/';) {
      const parent = folderPathOf(child.slice(0, -1));
      const children = touched.get(parent) ?? new Set<string>();
      const seen = children.has(child);
      children.add(child);
      touched.set(parent, children);
      if (seen) break;
      child = parent;
    }
  }
  const grow = (folder: ParameterFolder): ParameterFolder => {
    const next: ParameterFolder = { ...folder };
    const children = touched.get(folder.path);
    if (children) {
      next.folders = [...folder.folders];
      let created = false;
      for (const path of children) {
        const at = next.folders.findIndex((f) => f.path === path);
        if (at >= 0) next.folders[at] = grow(next.folders[at]!);
        else {
          next.folders.push(grow(emptyFolder(path, path.slice(folder.path.length, -1))));
          created = true;
        }
      }
      if (created) next.folders = sortNatural(next.folders, (f) => f.label);
    }
    const mine = own.get(folder.path);
    if (mine) {
      const existing = folder.parameters.map((parameter, i) => ({ parameter, key: folder.sortKeys[i] ?? null }));
      setParameters(next, mergeSorted(existing, keyedInOrder(mine), byKey));
    }
    next.total = next.parameters.length;
    for (const child of next.folders) next.total += child.total;
    return next;
  };
  return grow(root);
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
  /** Their names in lower case, so a narrower filter can test them again without folding case. */
  keys: string[];
}

export interface FilterMatches {
  /** Every folder with a match at or below it; a folder absent here has none. */
  inFolder: ReadonlyMap<string, FolderMatches>;
  count: number;
}

export function isFiltering(filter: ParameterFilter): boolean {
  return filter.text.trim() !== '' || filter.type !== 'any';
}

/** True when whatever `next` matches, `previous` matched too: the same type (or any), and more text. */
function narrows(previous: ParameterFilter, next: ParameterFilter): boolean {
  if (previous.type !== 'any' && previous.type !== next.type) return false;
  return next.text.trim().toLowerCase().includes(previous.text.trim().toLowerCase());
}

/**
 * One pass over the tree; null when the filter lets everything through.
 * Given the previous filter's matches on the same tree, a filter that only
 * narrows it (a letter typed) tests just those. A folder whose parameters
 * all match keeps its own arrays, so a filter that matches nearly
 * everything (a first "/") allocates nearly nothing.
 */
export function filterTree(
  root: ParameterFolder,
  filter: ParameterFilter,
  previous?: { root: ParameterFolder; filter: ParameterFilter; matches: FilterMatches | null },
): FilterMatches | null {
  if (!isFiltering(filter)) return null;
  const needle = filter.text.trim().toLowerCase();
  const from =
    previous && previous.root === root && previous.matches && narrows(previous.filter, filter)
      ? previous.matches.inFolder
      : null;
  const inFolder = new Map<string, FolderMatches>();
  const walk = (folder: ParameterFolder): number => {
    const before = from?.get(folder.path);
    if (from && !before) return 0;
    let count = 0;
    for (const child of folder.folders) count += walk(child);
    const candidates = before ? before.parameters : folder.parameters;
    const keys = before ? before.keys : folder.keys;
    let parameters: ParameterSummary[] | null = null;
    let matchedKeys: string[] | null = null;
    for (let i = 0; i < candidates.length; i++) {
      const parameter = candidates[i]!;
      const match = (filter.type === 'any' || parameter.type === filter.type) && (!needle || keys[i]!.includes(needle));
      if (match) {
        if (parameters) {
          parameters.push(parameter);
          matchedKeys!.push(keys[i]!);
        }
      } else if (!parameters) {
        parameters = candidates.slice(0, i);
        matchedKeys = keys.slice(0, i);
      }
    }
    const own = parameters ?? candidates;
    count += own.length;
    if (count > 0) inFolder.set(folder.path, { count, parameters: own, keys: matchedKeys ?? keys });
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

const everyRowOf = new WeakMap<ParameterFolder, TreeRow[]>();

/**
 * Every row with every folder open, built once per tree: what a filter that
 * matches every parameter shows (a first "/" typed), the same rows
 * visibleRows would build, since each folder's matches are then its size.
 */
export function everyRow(root: ParameterFolder): TreeRow[] {
  let rows = everyRowOf.get(root);
  if (!rows) {
    rows = visibleRows(root, () => true, null);
    everyRowOf.set(root, rows);
  }
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
