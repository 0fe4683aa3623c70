/**
 * A deployed version's zip listing, reduced to what the bundle rules ask:
 * which files exist (folders are implied by their files) and what sits at the
 * top level, which is where Elastic Beanstalk unpacks the app from.
 */
import type { ApplicationVersion } from '../../../shared/contract';

export type BundleListing = NonNullable<ApplicationVersion['bundle']>;

/** File paths without folder entries, `./` prefixes removed, as a set for lookups. */
export function bundleFiles(listing: BundleListing): Set<string> {
  const files = new Set<string>();
  for (const entry of listing.entries) {
    const path = entry.path.replace(/^(?:\.\/)+/, '');
    if (path !== '' && !path.endsWith('/')) files.add(path);
  }
  return files;
}

/** `Deploy/, FlaskApp/` or `application.py, requirements.txt, templates/`: the zip root as a person would list it. */
export function topLevelEntries(listing: BundleListing): string[] {
  const top = new Set<string>();
  for (const entry of listing.entries) {
    const path = entry.path.replace(/^(?:\.\/)+/, '');
    if (path === '') continue;
    const slash = path.indexOf('/');
    top.add(slash === -1 ? path : path.slice(0, slash + 1));
  }
  return [...top].sort((a, b) => a.localeCompare(b));
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function depth(path: string): number {
  return path.split('/').length - 1;
}

/** Shallowest first, then alphabetical: the likeliest app folder is the one nearest the root. */
export function byDepth(a: string, b: string): number {
  return depth(a) - depth(b) || a.localeCompare(b);
}

/** requirements.txt files below the root, from the listing's own summary and the entries. */
export function nestedRequirements(listing: BundleListing): string[] {
  const found = new Set(listing.nestedRequirementsTxt);
  for (const file of bundleFiles(listing)) {
    if (file.includes('/') && baseName(file) === 'requirements.txt') found.add(file);
  }
  return [...found].sort(byDepth);
}

export function hasRootRequirements(listing: BundleListing): boolean {
  return listing.hasRequirementsTxt || bundleFiles(listing).has('requirements.txt');
}
