/**
 * Which files of a folder go into its source bundle, and zipping them with
 * the folder's CONTENTS at the zip root (never the folder itself, the
 * learner's mistake in catalogue F3/F15).
 *
 * What is left out follows the EB CLI (`eb deploy`, ebcli/core/fileoperations.py):
 * - with a `.ebignore`: every path it matches (gitignore syntax, via the
 *   `ignore` package), `.ebignore` itself, editor backups ending in `~`, and
 *   any `.elasticbeanstalk` folder. Like the EB CLI, `.git/` is then kept
 *   unless `.ebignore` names it.
 * - without one, the EB CLI ships what git tracks (`git archive`). Trellis
 *   does not run git, so it approximates that by leaving out `.git/` and
 *   `.elasticbeanstalk/` and nothing else; a `.gitignore`d file is shipped.
 *   Add a `.ebignore` to be exact.
 * Symbolic links are never followed: one could point anywhere on the disk
 * (~/.aws/credentials), and whatever it reached would be uploaded.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { bundleProblem, MAX_BUNDLE_FILES, MAX_EXPANDED_BYTES, megabytes } from './bundleLimits';
import { BundleWriter, type WrittenBundle } from './bundleWriter';

export interface FolderFile {
  /** Relative to the folder, forward slashes: the path inside the zip. */
  path: string;
  absolute: string;
  size: number;
}

export interface FolderListing {
  files: FolderFile[];
  /** Paths left out, folders with a trailing slash. */
  ignored: string[];
  usesEbignore: boolean;
}

type Rules = (path: string, isDirectory: boolean) => boolean;

function rulesFor(ebignore: string | undefined): Rules {
  if (ebignore === undefined) {
    return (path, isDirectory) => isDirectory && (path === '.git' || basename(path) === '.elasticbeanstalk');
  }
  const matcher: Ignore = ignore().add(ebignore);
  return (path, isDirectory) =>
    (isDirectory && basename(path) === '.elasticbeanstalk') ||
    path === '.ebignore' ||
    (!isDirectory && path.endsWith('~')) ||
    matcher.ignores(isDirectory ? `${path}/` : path);
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** The folder itself, with the specific reason it cannot be used. */
async function checkRoot(root: string): Promise<void> {
  try {
    // The chosen folder itself may be a link; only links inside it are refused.
    const info = await stat(root);
    if (!info.isDirectory()) {
      throw bundleProblem(`${root} is a file, not a folder. To deploy a .zip, choose it as a .zip instead.`);
    }
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') throw bundleProblem(`The folder ${root} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw bundleProblem(`The folder ${root} cannot be read: permission denied.`);
    throw err;
  }
}

async function readDirectory(root: string, dir: string, rel: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EACCES' || code === 'EPERM') {
      throw bundleProblem(
        rel === ''
          ? `The folder ${root} cannot be read: permission denied.`
          : `${rel}/ inside ${root} cannot be read (permission denied); fix its permissions or add it to .ebignore.`,
      );
    }
    throw err;
  }
}

/** Lists what would be zipped, in a fixed order (code-unit order of the full path), refusing unreadable or oversized folders. */
export async function listFolder(root: string): Promise<FolderListing> {
  await checkRoot(root);
  let ebignore: string | undefined;
  try {
    ebignore = await readFile(join(root, '.ebignore'), 'utf8');
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw bundleProblem(`${join(root, '.ebignore')} cannot be read.`);
  }
  const ignored = rulesFor(ebignore);
  const files: FolderFile[] = [];
  const skipped: string[] = [];
  let total = 0;
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const dir = rel === '' ? root : join(root, rel);
    for (const entry of await readDirectory(root, dir, rel)) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        skipped.push(`${path} (symbolic link, not followed)`);
      } else if (entry.isDirectory()) {
        if (ignored(path, true)) skipped.push(`${path}/`);
        else stack.push(path);
      } else if (!entry.isFile()) {
        skipped.push(`${path} (not a regular file)`);
      } else if (ignored(path, false)) {
        skipped.push(path);
      } else {
        const absolute = join(dir, entry.name);
        const size = (await lstat(absolute)).size;
        total += size;
        files.push({ path, absolute, size });
        if (files.length > MAX_BUNDLE_FILES) {
          throw bundleProblem(
            `${root} has more than ${MAX_BUNDLE_FILES} files to deploy; a virtualenv, .git or node_modules is probably inside. Leave it out with .ebignore.`,
            { tooLarge: true },
          );
        }
        if (total > MAX_EXPANDED_BYTES) {
          throw bundleProblem(
            `${root} holds more than ${megabytes(MAX_EXPANDED_BYTES)} of files to deploy; Elastic Beanstalk accepts source bundles of at most 500 MB. Leave out what the app does not need with .ebignore.`,
            { tooLarge: true },
          );
        }
      }
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort((a, b) => order(a.path, b.path));
  skipped.sort(order);
  return { files, ignored: skipped, usesEbignore: ebignore !== undefined };
}

/** Zips the listed files into `file`; a file that vanishes or turns unreadable midway is named in the error. */
export async function zipFolder(
  root: string,
  listing: FolderListing,
  file: string,
  what: string,
): Promise<WrittenBundle> {
  const writer = await BundleWriter.create(file, what);
  try {
    for (const f of listing.files) {
      try {
        await writer.add(f.path, createReadStream(f.absolute));
      } catch (err) {
        const code = errnoOf(err);
        if (code === 'ENOENT') throw bundleProblem(`${f.path} disappeared from ${root} while it was being zipped.`);
        if (code === 'EACCES' || code === 'EPERM') {
          throw bundleProblem(
            `${f.path} in ${root} cannot be read (permission denied); fix it or add it to .ebignore.`,
          );
        }
        throw err;
      }
    }
    return await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
