import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Watches the shared files' directories (editors replace files, which a file
 * watch would miss), or a directory's parent until the directory exists, and
 * calls back on any event that may concern one of the files.
 */
export class SharedFilesWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(private readonly onEvent: () => void) {}

  /** Brings the watchers in line with `paths`; true when a new watcher was added. */
  sync(paths: readonly string[]): boolean {
    if (this.closed) return false;
    let added = false;
    const wanted = new Map<string, string[]>();
    for (const path of paths) {
      const dir = dirname(path);
      const [watchDir, name] = existsSync(dir) ? [dir, basename(path)] : [dirname(dir), basename(dir)];
      if (existsSync(watchDir)) wanted.set(watchDir, [...(wanted.get(watchDir) ?? []), name]);
    }
    const keyed = new Map(
      [...wanted].map(([dir, names]) => [`${dir}\u0000${names.sort().join('\u0000')}`, { dir, names }]),
    );
    for (const [key, watcher] of this.watchers) {
      if (keyed.has(key)) continue;
      watcher.close();
      this.watchers.delete(key);
    }
    for (const [key, { dir, names }] of keyed) {
      if (this.watchers.has(key)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, file) => {
          if (file === null || names.includes(file.toString())) this.onEvent();
        });
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(key);
          this.onEvent();
        });
        this.watchers.set(key, watcher);
        added = true;
      } catch {
        // An unwatchable directory only costs live reload; the profiles themselves are still read.
      }
    }
    return added;
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
